# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# sock_diag.sh - the socket monitoring interface (SOCK_DIAG as a module):
# a NETLINK_SOCK_DIAG dump of AF_UNIX sockets (through unix_diag, which
# sock_diag loads on demand) lists a listening socket of the probe's own,
# and a member of the TCP destroy group hears of a TCP socket the probe
# closes: the socket core hands it to sock_diag's broadcast hook, and
# inet_diag and tcp_diag describe it.
MODULES="sock_diag"

exercise() {
	kslim-probe sockdiag
}

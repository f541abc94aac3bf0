# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# sock_diag.sh - the socket monitoring interface (SOCK_DIAG, built in;
# its AF_UNIX and INET handlers unix_diag, inet_diag and tcp_diag are
# modules): a NETLINK_SOCK_DIAG dump of AF_UNIX sockets lists a listening
# socket of the probe's own, with the cookie SO_COOKIE gives it (the
# series moves the cookie generator from sock_diag.c to sock.c: both must
# still draw on the one generator), and a member of the TCP destroy group
# hears of a TCP socket the probe closes: the socket core hands it to
# sock_diag's broadcast hook, and inet_diag and tcp_diag describe it.
# The handlers are unloaded and loaded again between the two runs.
MODULES="unix_diag tcp_diag inet_diag"

exercise() {
	kslim-probe sockdiag
}

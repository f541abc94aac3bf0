# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# ethtool_nl.sh - the ethtool netlink interface (ETHTOOL_NETLINK as a
# module): the "ethtool" generic netlink family resolves, and a
# STRSET_GET request for the global string sets is answered, which reads
# the string tables the module imports from the built-in ethtool core.
MODULES="ethtool_nl"

exercise() {
	# ETHTOOL_MSG_STRSET_GET is 1 (include/uapi/linux/ethtool_netlink.h)
	kslim-probe genl ethtool 1
}

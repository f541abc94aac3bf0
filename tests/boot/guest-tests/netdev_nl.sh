# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# netdev_nl.sh - the "netdev" generic netlink family (NETDEV_NETLINK,
# built in): a DEV_GET dump lists exactly the interfaces sysfs has, and a
# QSTATS_GET dump reports the virtio-net interface, whose base stats go
# through netdev_stat_queue_sum(), which the series moves out of the
# netlink code into the core.
MODULES=""

# include/uapi/linux/netdev.h: NETDEV_CMD_DEV_GET 1, NETDEV_CMD_QSTATS_GET
# 12; NETDEV_A_DEV_IFINDEX and NETDEV_A_QSTATS_IFINDEX are both 1.
exercise() {
	local got want dev
	modprobe virtio_pci 2>/dev/null
	modprobe virtio_net 2>/dev/null
	got=$(kslim-probe genl-dump netdev 1 1 | sort -n | tr '\n' ' ') || return 1
	want=$(cat /sys/class/net/*/ifindex | sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] ||
		{ echo "netdev DEV_GET lists ifindex '$got', sysfs '$want'"; return 1; }
	for dev in /sys/class/net/*; do
		[ "$(basename "$(readlink "$dev/device/driver" 2>/dev/null)")" = virtio_net ] ||
			continue
		got=$(kslim-probe genl-dump netdev 12 1) || return 1
		echo "$got" | grep -qx "$(cat "$dev/ifindex")" ||
			{ echo "netdev QSTATS_GET has no stats for ${dev##*/}: '$got'"; return 1; }
		return 0
	done
	echo "no virtio-net interface to ask for queue stats"
	return 1
}

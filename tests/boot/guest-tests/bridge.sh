# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# bridge.sh - Linux bridge: create a bridge, enslave a tap, read its sysfs
MODULES="bridge"

exercise() {
	ip link add ksbr0 type bridge || return 1
	kslim-probe tap kstap1 || return 1
	ip link set kstap1 master ksbr0 || return 1
	ip link set ksbr0 up || return 1
	[ -e /sys/class/net/ksbr0/brif/kstap1 ] ||
		{ echo "kstap1 is not a port of ksbr0"; return 1; }
	stp=$(cat /sys/class/net/ksbr0/bridge/stp_state) || return 1
	[ "$stp" = 0 ] || { echo "stp_state $stp on a new bridge"; return 1; }
	ip link del ksbr0 || return 1
	kslim-probe tap-del kstap1
}

cleanup() {
	ip link del ksbr0 2>/dev/null
	kslim-probe tap-del kstap1 2>/dev/null
}

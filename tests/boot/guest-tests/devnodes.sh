# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# devnodes.sh - device nodes of built-in drivers on a plain busybox
# userspace (no udev): /dev/ptmx (UNIX98_PTYS), /dev/hpet (HPET) and
# /dev/mcelog (X86_MCELOG_LEGACY) exist from devtmpfs alone, as
# character devices with their fixed numbers, and open: the pty through
# the C library (posix_openpt(), grantpt(), unlockpt(), the slave by
# ptsname()), hpet and mcelog read-only (hpet refuses writers).
#
# /init also makes nodes, from modules.devname, for modules that load on
# first open (kmod's static-nodes); such a node proves nothing about
# devtmpfs.  That loop only makes the nodes modules.devname lists, so a
# node listed there fails the test, as does one /init recorded in
# /tmp/kslim-static-nodes (one node a line, if /init writes that list).
# On the stock kernel and with the series alike these drivers are built
# in; a series that made one modular again would fail here.
MODULES=""

# check_node NAME MAJOR MINOR: /dev/NAME is a node of devtmpfs, MAJOR:MINOR
check_node() {
	local got
	if grep -q "^[^#][^ ]* $1 " "$MODDIR/modules.devname" 2>/dev/null; then
		echo "/dev/$1 is in modules.devname: its driver is a module, and /init's static-nodes loop made the node"
		return 1
	fi
	if [ -r /tmp/kslim-static-nodes ] && grep -qx "$1" /tmp/kslim-static-nodes; then
		echo "/dev/$1 was made by /init's static-nodes loop, not by devtmpfs"
		return 1
	fi
	[ -c "/dev/$1" ] || { echo "no character device /dev/$1"; return 1; }
	got=$(stat -c '%t:%T' "/dev/$1") || return 1
	[ "$got" = "$(printf '%x:%x' "$2" "$3")" ] || {
		echo "/dev/$1 is $((0x${got%:*})):$((0x${got#*:})), not $2:$3"
		return 1
	}
}

exercise() {
	local rc=0
	# include/linux/miscdevice.h: MISC_MCELOG_MINOR 227, HPET_MINOR 228
	{ check_node ptmx 5 2 && kslim-probe openpt; } || rc=1
	{ check_node hpet 10 228 && kslim-probe open /dev/hpet ro; } || rc=1
	{ check_node mcelog 10 227 && kslim-probe open /dev/mcelog ro; } || rc=1
	return "$rc"
}

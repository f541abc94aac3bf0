# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# ethtool_nl.sh - the ethtool netlink interface (ETHTOOL_NETLINK as a
# module): the "ethtool" generic netlink family resolves, and a
# STRSET_GET request for the global string sets is answered, which reads
# the string tables the module imports from the built-in ethtool core.
#
# Busy (the unload_busy suite):
#  - dump_pins_module: a STRSET_GET dump is paused half-way (kslim-probe
#    ethtool-hold); rmmod ethtool_nl must be refused while it is, the
#    dump then reads to its end with every interface in it, and once the
#    socket is closed the module unloads.  This is the regression test
#    of the review's use-after-free: netlink pins the module of a dump
#    (netlink_dump_start() takes a reference on control->module, which
#    genetlink sets to family->module), so without ".module =
#    THIS_MODULE" in ethtool_genl_family nothing is pinned, the rmmod
#    succeeds (this test fails there), and the paused dump keeps
#    pointers to the freed module: resuming it calls
#    ethnl_default_dumpit(), and closing the socket ethnl_default_done(),
#    both in freed memory (an oops, or a KASAN report on the debug
#    kernel).
#  - dimlib_held: dimlib, if ethtool_nl pulls it in (modules.dep), cannot
#    go while ethtool_nl holds it.  ETHTOOL_NETLINK selects DIMLIB, but
#    in 6.12 ethtool_nl uses only its types: then this case is skipped.
#  - stress: 100 unload/load cycles of ethtool_nl (and of the modules it
#    pulls in, once ethtool_nl is their only holder) while kslim-probe
#    ethtool-busy looks the family up (an autoload when it is gone),
#    sends STRSET_GET and dumps LINKINFO_GET without pause: each request
#    is answered or refused with ENOENT/EOPNOTSUPP (the family gone or
#    not yet back) or EPROTONOSUPPORT (a dump started while the module
#    is going: netlink_dump_start() cannot take its reference), none
#    hangs, no splat.
# Fault injection: the load of ethtool_nl with each allocation failing in
# turn; gone() checks that a failed load left no family behind.
MODULES="ethtool_nl"
BUSY="dump_pins_module dimlib_held stress"
FAULT_INJECT="ethtool_nl"
# what ethnl_init() logs on the way out
FAULT_LOG="ethtool: (genetlink family|net device notifier) registration failed"

exercise() {
	# ETHTOOL_MSG_STRSET_GET is 1 (include/uapi/linux/ethtool_netlink.h)
	kslim-probe genl ethtool 1
}

# The fault_inject suite runs this with autoload off: a lookup of the
# family cannot load the module, only find what a failed load left.
gone() {
	if kslim-probe genl ethtool 2>&1; then
		echo "the ethtool genl family still resolves"
		return 1
	fi
	return 0
}

# Interfaces for the dumps to walk: the held dump needs three at least
# (one message, one netlink part, per interface).  Bridges if the bridge
# module is there, else persistent taps.
add_links() {
	local i=0
	while [ "$i" -lt "$1" ]; do
		ip link add "ksnl$i" type bridge 2>/dev/null ||
			kslim-probe tap "ksnl$i" || return 1
		i=$((i + 1))
	done
}

cleanup() {
	local i=0
	hold_release 2>/dev/null
	while [ "$i" -lt 4 ]; do
		ip link del "ksnl$i" 2>/dev/null || kslim-probe tap-del "ksnl$i" 2>/dev/null
		i=$((i + 1))
	done
	modprobe ethtool_nl
}

busy_dump_pins_module() {
	local refcnt got want counts out
	modprobe ethtool_nl || return 1
	add_links 2 || { echo "cannot add interfaces"; return 1; }
	hold_start kslim-probe ethtool-hold || { echo "$WHY"; return 1; }
	read -r refcnt </sys/module/ethtool_nl/refcnt
	if out=$(rmmod ethtool_nl 2>&1); then
		echo "rmmod ethtool_nl succeeded while a dump of its family was paused (refcnt was $refcnt): the family does not pin its module"
		echo "(the paused dump points into the freed module: it stays paused for the rest of the run)"
		hold_abandon
		return 1
	fi
	if ! is_live ethtool_nl; then
		echo "ethtool_nl not live after the refused rmmod"
		hold_release
		return 1
	fi
	if ! hold_release; then
		echo "the held dump failed after the refused rmmod: $(cat "$HOLD_OUT")"
		return 1
	fi
	got=$(awk '$1 ~ /^[0-9]+$/ { print $1 }' "$HOLD_OUT" | sort -n | tr '\n' ' ')
	want=$(cat /sys/class/net/*/ifindex | sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] || {
		echo "the resumed dump lists ifindex '$got', sysfs '$want'"
		return 1
	}
	counts=$(awk '$1 ~ /^[0-9]+$/ { print $2 }' "$HOLD_OUT" | sort -u)
	case "$counts" in
	"" | 0 | *[!0-9]*)
		echo "feature string counts '$counts' in the dump: one count > 0 expected"
		return 1
		;;
	esac
	if ! out=$(rmmod ethtool_nl 2>&1); then
		echo "rmmod ethtool_nl failed after the dump ended: $out"
		return 1
	fi
	echo "rmmod refused while paused (refcnt $refcnt${out:+: $out}), dump resumed: $(grep -c '^[0-9]' "$HOLD_OUT") messages, ifindex $got; rmmod after the close passed"
}

# The modules ethtool_nl needs, from modules.dep (names, one a line)
ethtool_nl_deps() {
	local d
	# shellcheck disable=SC2046 # the file, then one word per dependency
	set -- $(module_file ethtool_nl)
	[ "$#" -ge 1 ] && shift
	for d in "$@"; do
		modname "$d"
	done
}

busy_dimlib_held() {
	local out
	if ! is_module dimlib; then
		if is_builtin dimlib; then
			echo "dimlib is built in"
		else
			echo "no dimlib in this kernel"
		fi
		return 4
	fi
	if ! ethtool_nl_deps | grep -qx dimlib; then
		echo "dimlib does not come with ethtool_nl: ETHTOOL_NETLINK selects DIMLIB, but ethtool_nl.ko uses only its types (modules.dep lists no dependency)"
		return 4
	fi
	modprobe ethtool_nl || return 1
	[ -e /sys/module/dimlib/holders/ethtool_nl ] ||
		{ echo "ethtool_nl is not a holder of dimlib"; return 1; }
	if out=$(rmmod dimlib 2>&1); then
		echo "rmmod dimlib succeeded while ethtool_nl holds it"
		return 1
	fi
	is_live dimlib || { echo "dimlib not live after the refused rmmod"; return 1; }
	echo "rmmod dimlib refused while ethtool_nl holds it ($out)"
}

busy_stress() {
	local pid rc=0 libs="ethtool_nl" d h t0 t1 why=""
	modprobe ethtool_nl || return 1
	add_links 4 || { echo "cannot add interfaces"; return 1; }
	# the modules it pulls in (dimlib, if it uses it) go too, once
	# ethtool_nl is their only holder
	REMOVED=""
	for d in $(ethtool_nl_deps); do
		is_module "$d" || continue
		for h in "/sys/module/$d/holders"/*; do
			[ -e "$h" ] || continue
			[ "${h##*/}" != ethtool_nl ] || continue
			unload_tree "${h##*/}" || { echo "$WHY"; reload_removed; return 1; }
		done
		libs="$libs $d"
	done
	kslim-probe ethtool-busy >/tmp/ethtool-busy.out 2>&1 &
	pid=$!
	t0=$(cut -d' ' -f1 /proc/uptime)
	# shellcheck disable=SC2086 # one argument per module
	cycle_module 100 $libs || { rc=1; why=$WHY; }
	t1=$(cut -d' ' -f1 /proc/uptime)
	kill -0 "$pid" 2>/dev/null || { rc=1; why="$why${why:+; }ethtool-busy ended during the cycles"; }
	bg_stop "$pid" || rc=1
	reload_removed || { rc=1; why="$why${why:+; }$WHY"; }
	[ -z "$why" ] || echo "$why"
	echo "100 cycles of $libs in $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s; $(cat /tmp/ethtool-busy.out)"
	return "$rc"
}

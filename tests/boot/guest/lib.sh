# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034 # REMOVED, WHY, SPLAT are read by callers
# lib.sh - guest-side KTAP writer and module helpers for kslim's boot tests
#
# Usage: . /kslim/lib.sh   (busybox ash inside the test initramfs)
#
# KTAP (Documentation/dev-tools/ktap.rst) goes to fd 3, which kslim-run.sh
# opens on the second serial port (the host parses that stream), and is
# mirrored to the console so console.log reads as one story.  A suite runs
# in a subshell one level deeper (kt_subtest) and reports through its exit
# status: 0 passed, 1 failed, 4 skipped (kselftest's KSFT_SKIP).

KSLIM=/kslim
KT_INDENT=""
kt_n=0
kt_fail=0
REL=$(uname -r)
MODDIR=/lib/modules/$REL

kt_line() {
	printf '%s%s\n' "$KT_INDENT" "$*" >&3
	printf '%s%s\n' "$KT_INDENT" "$*"
}

# kt_diag TEXT...: each line of TEXT becomes a "# " diagnostic line
kt_diag() {
	printf '%s\n' "$@" | while IFS= read -r l; do kt_line "# $l"; done
}

kt_plan() {
	kt_line "1..$1"
}

# kt_result ok|fail|skip NAME [REASON]
kt_result() {
	kt_n=$((kt_n + 1))
	case "$1" in
	ok) kt_line "ok $kt_n $2${3:+ # $3}" ;;
	skip) kt_line "ok $kt_n $2 # SKIP $3" ;;
	*)
		kt_fail=$((kt_fail + 1))
		[ -z "${3:-}" ] || kt_diag "$3"
		kt_line "not ok $kt_n $2"
		;;
	esac
}

# kt_exit: end of a suite subshell
kt_exit() {
	[ "$kt_fail" -eq 0 ] || exit 1
	exit 0
}

# kt_subtest NAME FUNC [ARGS...]: FUNC prints its own plan and results one
# level deeper, in a subshell; its exit status becomes this level's result.
kt_subtest() {
	_name=$1
	shift
	kt_line "    KTAP version 1"
	kt_line "    # Subtest: $_name"
	rm -f /tmp/kt_skip_why
	_rc=0
	(
		KT_INDENT="$KT_INDENT    "
		kt_n=0
		kt_fail=0
		"$@"
		kt_exit
	) || _rc=$?
	case "$_rc" in
	0) kt_result ok "$_name" ;;
	4) kt_result skip "$_name" "$(cat /tmp/kt_skip_why 2>/dev/null)" ;;
	*) kt_result fail "$_name" ;;
	esac
}

# kt_skip_all REASON: inside a kt_subtest, skip the whole subtest
kt_skip_all() {
	echo "$1" >/tmp/kt_skip_why
	kt_line "1..0 # SKIP $1"
	exit 4
}

# splat_check: fail when the kernel log since the last call holds a splat
# (patterns shared with the host: /kslim/splat-patterns).  The ring buffer
# is cleared so each report lands on the test that caused it; the console
# still has everything.
SPLAT=""
splat_check() {
	_log=$(dmesg -c 2>/dev/null || true)
	SPLAT=""
	[ -n "$_log" ] || return 0
	[ -s /tmp/splat-patterns ] ||
		grep -v '^#' "$KSLIM/splat-patterns" >/tmp/splat-patterns
	SPLAT=$(printf '%s\n' "$_log" | grep -E -f /tmp/splat-patterns -A 12 |
		head -n 40)
	[ -z "$SPLAT" ]
}

# Module names as the kernel spells them: "kvm-amd.ko" -> kvm_amd.
modname() {
	_m=${1##*/}
	_m=${_m%.ko*}
	echo "$_m" | tr - _
}

# Every module of this kernel, in modules.order order, one name per line.
all_modules() {
	sed 's,.*/,,; s,\.ko.*,,; s,-,_,g' "$MODDIR/modules.order"
}

is_module() {
	grep -q "/$(echo "$1" | sed 's/_/[-_]/g')\.ko" "$MODDIR/modules.order"
}

is_builtin() {
	grep -q "/$(echo "$1" | sed 's/_/[-_]/g')\.ko" "$MODDIR/modules.builtin" 2>/dev/null
}

is_live() {
	local state=
	[ -r "/sys/module/$1/initstate" ] &&
		read -r state <"/sys/module/$1/initstate"
	[ "$state" = live ]
}

is_permanent() {
	grep -q "^$1 .*\[permanent\]" /proc/modules
}

# unload_tree MODULE: rmmod MODULE and, first, every module holding it.
# Removed modules are prepended to $REMOVED (so reloading in list order
# brings dependencies back before their users).  Returns 0 done, 1 an
# unexpected failure, 2 the module cannot be unloaded; $WHY says why.
REMOVED=""
WHY=""
unload_tree() {
	local m="$1" h out refcnt
	is_live "$m" || return 0
	for h in "/sys/module/$m/holders"/*; do
		[ -e "$h" ] || continue
		unload_tree "${h##*/}" || return $?
	done
	if is_permanent "$m"; then
		WHY="cannot unload: $m has init but no module_exit ([permanent])"
		return 2
	fi
	if [ ! -e "/sys/module/$m/refcnt" ]; then
		WHY="cannot unload: no /sys/module/$m/refcnt (CONFIG_MODULE_UNLOAD=n)"
		return 2
	fi
	read -r refcnt <"/sys/module/$m/refcnt"
	if [ "$refcnt" -ne 0 ]; then
		WHY="cannot unload: $m in use, refcnt $refcnt without module holders"
		return 2
	fi
	if ! out=$(rmmod "$m" 2>&1); then
		WHY="rmmod $m failed: $out"
		return 1
	fi
	if [ -e "/sys/module/$m" ]; then
		WHY="/sys/module/$m still present after rmmod"
		return 1
	fi
	REMOVED="$m $REMOVED"
	return 0
}

# reload_removed: modprobe every module unload_tree took out, check live.
reload_removed() {
	local m out
	for m in $REMOVED; do
		if ! out=$(modprobe "$m" 2>&1); then
			WHY="modprobe $m failed on reload: $out"
			return 1
		fi
		if ! is_live "$m"; then
			WHY="$m not live after reload"
			return 1
		fi
	done
	REMOVED=""
	return 0
}

# expected_noload MODULE: the reason this module may refuse to load here,
# from /kslim/modules.exceptions; empty when it must load.
expected_noload() {
	awk -v m="$1" '$1 == m && $2 == "noload" {
		$1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' \
		"$KSLIM/modules.exceptions"
}

# coldplug_modules: the modules whose MODULE_DEVICE_TABLE matches a device
# present now, from every modalias under /sys/devices and modules.alias.
# (busybox modprobe cannot resolve long aliases such as the x86 cpu one: it
# cuts names at 64 characters, so the globs are matched here, as libkmod
# does for udev.)
coldplug_modules() {
	find /sys/devices -name modalias -type f -exec cat {} + 2>/dev/null |
		sort -u | awk -v aliases="$MODDIR/modules.alias" '
		BEGIN {
			n = 0
			while ((getline l < aliases) > 0) {
				split(l, f, " ")
				if (f[1] != "alias")
					continue
				re = f[2]
				gsub(/[.+^$(){}|\\]/, "\\\\&", re)
				gsub(/\*/, ".*", re)
				gsub(/\?/, ".", re)
				# index by bus ("pci", "cpu", ...): a device is
				# matched only against its own bus
				bus = f[2]
				sub(/:.*/, "", bus)
				pat[n] = "^" re "$"
				mod[n] = f[3]
				bybus[bus] = bybus[bus] " " n
				n++
			}
		}
		{
			bus = $0
			sub(/:.*/, "", bus)
			k = split(bybus[bus], idx, " ")
			for (i = 1; i <= k; i++)
				if ($0 ~ pat[idx[i]])
					print mod[idx[i]]
		}' | sort -u
}

# coldplug: what udev does at boot, without udev: load the modules of every
# device present, again while that makes new devices (virtio behind PCI).
coldplug() {
	local before after i=0 m
	while [ "$i" -lt 4 ]; do
		before=$(wc -l </proc/modules)
		for m in $(coldplug_modules); do
			modprobe -q "$m" 2>/dev/null || true
		done
		after=$(wc -l </proc/modules)
		[ "$after" -ne "$before" ] || break
		i=$((i + 1))
	done
}

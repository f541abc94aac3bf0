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
# (split with parameter expansion: a pipeline would fork for every line)
kt_diag() {
	local a l nl='
'
	for a in "$@"; do
		while :; do
			l=${a%%"$nl"*}
			kt_line "# $l"
			[ "$l" != "$a" ] || break
			a=${a#*"$nl"}
		done
	done
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
	: >/tmp/kt_skip_why
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

# The kernel log watcher: one awk reads /dev/kmsg for the whole run and
# writes, to a FIFO, every record matching splat-patterns (patterns shared
# with the host: /kslim/splat-patterns) with the 12 records after it, and
# each "kslim-mark N" record the runner writes to /dev/kmsg.  A check is
# then a mark and a read up to it: everything the kernel logged before the
# mark precedes it in the log, so each report lands on the test that
# caused it, and no process is started per check (a fork and exec costs
# about 8 ms in a TCG guest, and there are over 100 checks).  The console
# still has the whole log; dmesg is left as it is.
KT_WATCH=/tmp/kslim-kmsg.fifo
KT_WATCH_PID=""
splat_watch_start() {
	rm -f "$KT_WATCH"
	mkfifo "$KT_WATCH"
	echo 0 >/tmp/kslim-mark
	awk -v pats="$KSLIM/splat-patterns" '
		BEGIN {
			n = 0
			while ((getline l < pats) > 0)
				if (l != "" && l !~ /^#/)
					pat[n++] = l
		}
		/^ / { next }			# key=value lines of the record
		{
			sub(/^[^;]*;/, "")	# "prio,seq,usec,flags;"
			if ($0 ~ /^kslim-mark [0-9]+$/) {
				print
				ctx = 0
				shown = 0
				fflush()
				next
			}
			hit = ctx > 0
			for (i = 0; !hit && i < n; i++)
				if ($0 ~ pat[i]) {
					hit = 1
					ctx = 13
				}
			if (!hit)
				next
			ctx--
			if (shown++ < 40)
				print
			fflush()
		}' </dev/kmsg >"$KT_WATCH" &
	KT_WATCH_PID=$!
	exec 4<"$KT_WATCH"
}

splat_watch_stop() {
	[ -z "$KT_WATCH_PID" ] || kill "$KT_WATCH_PID" 2>/dev/null
	exec 4<&-
	rm -f "$KT_WATCH"
}

# splat_check: fail when the kernel logged a splat since the last check;
# $SPLAT holds the report.  The mark counter is a file, not a variable:
# suites run in subshells.
SPLAT=""
splat_check() {
	local n l
	SPLAT=""
	read -r n </tmp/kslim-mark
	n=$((n + 1))
	echo "$n" >/tmp/kslim-mark
	# level 7: the mark stays out of the console (loglevel=7 shows < 7)
	echo "<7>kslim-mark $n" >/dev/kmsg
	while :; do
		if ! IFS= read -r l <&4; then
			SPLAT="kslim: the kernel log watcher (awk </dev/kmsg) exited"
			return 1
		fi
		[ "$l" != "kslim-mark $n" ] || break
		SPLAT="${SPLAT:+$SPLAT
}$l"
	done
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

# The module and built-in lists, read once: is_module and is_builtin are
# asked hundreds of times, and a grep costs a fork and exec each time.
KT_MODULES=" $(all_modules | tr '\n' ' ') "
KT_BUILTIN=" $(sed 's,.*/,,; s,\.ko.*,,; s,-,_,g' "$MODDIR/modules.builtin" 2>/dev/null | tr '\n' ' ') "

is_module() {
	case "$KT_MODULES" in *" $1 "*) return 0 ;; esac
	return 1
}

is_builtin() {
	case "$KT_BUILTIN" in *" $1 "*) return 0 ;; esac
	return 1
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
# rmmod comes first and the reasons are looked up only when it fails:
# busybox rmmod does not wait (O_NONBLOCK), so a module that is in use or
# permanent only costs the failed delete_module(), and the common case
# costs no grep of /proc/modules.
REMOVED=""
WHY=""
unload_tree() {
	local m="$1" h out refcnt
	is_live "$m" || return 0
	for h in "/sys/module/$m/holders"/*; do
		[ -e "$h" ] || continue
		unload_tree "${h##*/}" || return $?
	done
	if ! out=$(rmmod "$m" 2>&1); then
		refcnt=
		[ ! -r "/sys/module/$m/refcnt" ] ||
			read -r refcnt <"/sys/module/$m/refcnt"
		if is_permanent "$m"; then
			WHY="cannot unload: $m has init but no module_exit ([permanent])"
			return 2
		elif [ -z "$refcnt" ]; then
			WHY="cannot unload: no /sys/module/$m/refcnt (CONFIG_MODULE_UNLOAD=n)"
			return 2
		elif [ "$refcnt" -ne 0 ]; then
			WHY="cannot unload: $m in use, refcnt $refcnt without module holders"
			return 2
		fi
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
# device present, again after each pass that loaded a module (virtio_pci
# makes the virtio devices).  A live module is not asked for again:
# modprobe would do nothing but cost a fork and exec.
coldplug() {
	local i=0 m loaded
	while [ "$i" -lt 4 ]; do
		loaded=0
		for m in $(coldplug_modules); do
			is_live "$m" && continue
			modprobe -q "$m" 2>/dev/null && loaded=1
		done
		[ "$loaded" -eq 1 ] || break
		i=$((i + 1))
	done
}

# --- unloading under load (the unload_busy suite) ------------------------

# hold_start CMD...: CMD (kslim-probe ethtool-hold, perf-hold) in the
# background, its standard input a FIFO this shell holds open on fd 5,
# its output in /tmp/kslim-hold.out, until it prints "held": 0, or 1
# with $WHY set when it ended first or took more than 20 s.  Nothing
# long-lived may start before hold_release: it would inherit fd 5.
HOLD_PID=""
HOLD_OUT=/tmp/kslim-hold.out
hold_start() {
	local i=0 l
	rm -f /tmp/kslim-hold.fifo
	mkfifo /tmp/kslim-hold.fifo
	"$@" </tmp/kslim-hold.fifo >"$HOLD_OUT" 2>&1 &
	HOLD_PID=$!
	exec 5>/tmp/kslim-hold.fifo
	while :; do
		while IFS= read -r l; do
			case "$l" in held*) return 0 ;; esac
		done <"$HOLD_OUT"
		if ! kill -0 "$HOLD_PID" 2>/dev/null || [ "$i" -ge 200 ]; then
			hold_release
			WHY="'$*' did not hold: $(cat "$HOLD_OUT")"
			return 1
		fi
		i=$((i + 1))
		usleep 100000
	done
}

# hold_release: end the holder's input and wait for it; its exit status
hold_release() {
	local rc=0
	exec 5>&-
	rm -f /tmp/kslim-hold.fifo
	[ -n "$HOLD_PID" ] || return 0
	wait "$HOLD_PID" || rc=$?
	HOLD_PID=""
	return "$rc"
}

# hold_abandon: leave the holder paused for the rest of the run (a
# sleeper keeps its FIFO open), after an unload that should have been
# refused: resuming it would run the freed module's code, oops, and
# leave the holder stuck for a hold_release to wait on forever.
hold_abandon() {
	sleep 1000000 >/dev/null 2>&1 &
	exec 5>&-
	rm -f /tmp/kslim-hold.fifo
	HOLD_PID=""
}

# bg_stop PID: SIGTERM to a background loop (kslim-probe ethtool-busy,
# perf-busy) and its exit status
bg_stop() {
	local rc=0
	kill -TERM "$1" 2>/dev/null
	wait "$1" || rc=$?
	return "$rc"
}

# unload_retry MODULE...: rmmod each live MODULE, in order, and again
# until none is live: a request in flight pins a module for a moment,
# and an autoload may bring it back.  0, or 1 after 300 rounds (about
# 3 s of refusals) with $WHY set.
unload_retry() {
	local i=0 m live out=""
	while :; do
		live=""
		for m in "$@"; do
			is_live "$m" || continue
			out=$(rmmod "$m" 2>&1) || live="$live $m"
		done
		[ -n "$live" ] || return 0
		i=$((i + 1))
		if [ "$i" -ge 300 ]; then
			WHY="still live after 300 rounds of rmmod:$live ($out)"
			return 1
		fi
		usleep 10000
	done
}

# cycle_module N MODULE [LIBRARY...]: N times, unload MODULE (and the
# libraries it pulls in, which no other module may hold) and load it
# again; MODULE and every LIBRARY must then be live.  0, or 1 with $WHY.
cycle_module() {
	local n="$1" m="$2" i=0 lib out
	shift
	while [ "$i" -lt "$n" ]; do
		unload_retry "$@" || { WHY="cycle $((i + 1)): $WHY"; return 1; }
		if ! out=$(modprobe "$m" 2>&1); then
			WHY="cycle $((i + 1)): modprobe $m: $out"
			return 1
		fi
		for lib in "$@"; do
			wait_live "$lib" && continue
			WHY="cycle $((i + 1)): $lib not live 5 s after modprobe $m"
			return 1
		done
		i=$((i + 1))
	done
}

# wait_live MODULE: MODULE is live within 5 s (a modprobe that found it
# coming, loaded by an autoload, returns before its init has)
wait_live() {
	local i=0
	while ! is_live "$1"; do
		[ "$i" -lt 500 ] || return 1
		i=$((i + 1))
		usleep 10000
	done
}

# --- systematic fault injection (the fault_inject suite) -----------------

FAULT_DBG=/sys/kernel/debug
FAULT_PRINTK=""
FAULT_MODPROBE=""

# fault_setup: every slab and page allocation of a task counts as a fault
# injection site for /proc/*/fail-nth (by default those that may sleep
# and order-0 pages do not), nothing fails at random (probability 0),
# no stack dump per injected fault, autoload off (a lookup must not load
# the module under test), and the console quiet: see fault_check.
fault_setup() {
	local a
	for a in failslab fail_page_alloc; do
		echo N >"$FAULT_DBG/$a/ignore-gfp-wait" || return 1
		echo 0 >"$FAULT_DBG/$a/probability" || return 1
		echo 0 >"$FAULT_DBG/$a/verbose" || return 1
	done
	echo N >"$FAULT_DBG/fail_page_alloc/ignore-gfp-highmem" || return 1
	echo 0 >"$FAULT_DBG/fail_page_alloc/min-order" || return 1
	read -r FAULT_MODPROBE </proc/sys/kernel/modprobe
	echo >/proc/sys/kernel/modprobe
	read -r FAULT_PRINTK </proc/sys/kernel/printk
	echo 1 >/proc/sys/kernel/printk
}

fault_restore() {
	[ -z "$FAULT_PRINTK" ] || echo "$FAULT_PRINTK" >/proc/sys/kernel/printk
	[ -z "$FAULT_MODPROBE" ] || echo "$FAULT_MODPROBE" >/proc/sys/kernel/modprobe
	echo Y >"$FAULT_DBG/failslab/ignore-gfp-wait"
	echo Y >"$FAULT_DBG/fail_page_alloc/ignore-gfp-wait"
	echo Y >"$FAULT_DBG/fail_page_alloc/ignore-gfp-highmem"
	echo 1 >"$FAULT_DBG/fail_page_alloc/min-order"
}

# fault_check: splat_check, except for the warnings an injected
# allocation failure causes by design: warn_alloc() ("page allocation
# failure", "vmalloc error") and pcpu_alloc() ("percpu: allocation
# failed") dump the stack, which the watcher reports as "Call Trace:".
# A trace with one of those two in its first frames is dropped; any
# other report stays a splat.  (The console is at level 1 meanwhile, so
# that the host's console scan does not take these traces for splats;
# the watcher reads /dev/kmsg, which has every record.)
fault_check() {
	splat_check && return 0
	SPLAT=$(printf '%s\n' "$SPLAT" | awk -v pats="$KSLIM/splat-patterns" '
		BEGIN {
			n = 0
			while ((getline l < pats) > 0)
				if (l != "" && l !~ /^#/ && l != "Call Trace:")
					pat[n++] = l
		}
		function flush() {
			if (blk != "" && !expected)
				out = out blk
			blk = ""
			expected = 0
		}
		function splat(l, i) {
			for (i = 0; i < n; i++)
				if (l ~ pat[i])
					return 1
			return 0
		}
		/Call Trace:/ { flush(); blk = $0 "\n"; frames = 0; next }
		blk != "" && !splat($0) {
			if (frames++ < 6 && $0 ~ /(warn_alloc|pcpu_alloc)/)
				expected = 1
			blk = blk $0 "\n"
			next
		}
		{ flush(); out = out $0 "\n" }
		END { flush(); printf "%s", out }')
	[ -z "$SPLAT" ]
}

# module_file MODULE: the path of MODULE in modules.dep, then its
# dependencies, as modules.dep lists them (relative to $MODDIR)
module_file() {
	awk -v m="$1" '{
		f = $1
		sub(/:$/, "", f)
		n = f
		sub(/.*\//, "", n)
		sub(/\.ko.*/, "", n)
		gsub(/-/, "_", n)
		if (n == m) {
			$1 = f
			print
			exit
		}
	}' "$MODDIR/modules.dep"
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# kslim-run.sh - guest test runner: every module, autoload, functional
# checks and a KVM guest, reported as KTAP
#
# Usage: kslim-run.sh [-n ITERATIONS] [-c VCPUS] [-o KTAP_OUTPUT]
#
# Runs inside the test initramfs (init starts it).  One pass is four
# suites: modules (load, unload, reload each module of modules.order),
# autoload (features that must pull their module in: autoload.list),
# functional (tests/*.sh before and after an unload/reload cycle; a test
# with no MODULES checks a built-in feature once) and hypervisor (kvm +
# vendor module, then kslim-vmm).  After the passes, once per boot:
# unload_busy (the tests/*.sh with BUSY cases: unloading while the
# module is in use, and 100 unload/load cycles under load) and, on a
# kernel with fault injection (/proc/self/fail-nth), fault_inject (the
# modules of each test's FAULT_INJECT loaded with the 1st, 2nd, ...
# allocation failing until the load passes every site).  With -n N > 1
# (the debug boot) the pass runs N times, and kmemleak scans follow the
# passes and unload_busy, and close fault_inject.  KTAP goes to
# KTAP_OUTPUT (default /dev/ttyS1) and to the console.
set -u

# shellcheck source=tests/boot/guest/lib.sh
. /kslim/lib.sh

iterations=1
vcpus=2
ktap_out=/dev/ttyS1
while getopts n:c:o: opt; do
	case "$opt" in
	n) iterations=$OPTARG ;;
	c) vcpus=$OPTARG ;;
	o) ktap_out=$OPTARG ;;
	*)
		echo "usage: kslim-run.sh [-n ITERATIONS] [-c VCPUS] [-o KTAP_OUTPUT]" >&2
		exit 2
		;;
	esac
done

# --- modules: load, unload (with holders), load again --------------------

test_module() {
	local m="$1" out why rc
	if ! out=$(modprobe "$m" 2>&1); then
		why=$(expected_noload "$m")
		splat_check || { kt_result fail "$m" "$SPLAT"; return; }
		if [ -n "$why" ]; then
			kt_result skip "$m" "cannot load: $why"
		else
			kt_result fail "$m" "modprobe $m: $out
$(dmesg | tail -n 5)"
		fi
		return
	fi
	if ! is_live "$m"; then
		kt_result fail "$m" "modprobe $m succeeded but /sys/module/$m is not live"
		return
	fi
	REMOVED=""
	rc=0
	unload_tree "$m" || rc=$?
	why=$WHY
	if ! reload_removed; then
		kt_result fail "$m" "$WHY"
		return
	fi
	if ! splat_check; then
		kt_result fail "$m" "$SPLAT"
	elif [ "$rc" -eq 2 ]; then
		kt_result skip "$m" "$why"
	elif [ "$rc" -ne 0 ]; then
		kt_result fail "$m" "$why"
	else
		kt_result ok "$m"
	fi
}

suite_modules() {
	local mods
	mods=$(all_modules)
	kt_plan "$(printf '%s\n' "$mods" | grep -c .)"
	for m in $mods; do
		test_module "$m"
	done
}

# --- autoload: the kernel must request the module by itself -------------

test_autoload() {
	local m="$1" trigger="$2" cleanup="$3" out rc
	if ! is_module "$m"; then
		if is_builtin "$m"; then
			kt_result skip "$m" "built in"
		else
			kt_result skip "$m" "not a module here (a bool, or not configured)"
		fi
		return
	fi
	REMOVED=""
	rc=0
	unload_tree "$m" || rc=$?
	if [ "$rc" -ne 0 ]; then
		if [ "$rc" -eq 2 ]; then
			kt_result skip "$m" "$WHY"
		else
			kt_result fail "$m" "$WHY"
		fi
		reload_removed
		return
	fi
	out=$(eval "$trigger" 2>&1 </dev/null) || true
	if is_live "$m"; then
		kt_diag "$m loaded by: $trigger"
		rc=0
	else
		WHY="'$trigger' did not load $m: $out"
		rc=1
	fi
	[ -z "$cleanup" ] || (eval "$cleanup") >/dev/null 2>&1 </dev/null || true
	if ! reload_removed; then
		kt_result fail "$m" "$WHY"
	elif ! splat_check; then
		kt_result fail "$m" "$SPLAT"
	elif [ "$rc" -ne 0 ]; then
		kt_result fail "$m" "$WHY"
	else
		kt_result ok "$m"
	fi
}

trim() {
	local s="$1"
	s=${s#"${s%%[! ]*}"}
	printf '%s' "${s%"${s##*[! ]}"}"
}

suite_autoload() {
	local list="$KSLIM/autoload.list" m trigger cleanup
	kt_plan "$(grep -c '^[a-z]' "$list")"
	grep '^[a-z]' "$list" >/tmp/autoload.list
	while IFS='|' read -r m trigger cleanup; do
		m=$(trim "$m")
		trigger=$(trim "$trigger")
		cleanup=$(trim "$cleanup")
		test_autoload "$m" "$trigger" "$cleanup" </dev/null
	done </tmp/autoload.list
}

# --- functional: exercise, unload, reload, exercise again ----------------

# exercise_result RC OUT: the "exercise" result of a guest test that
# exited RC and printed OUT
exercise_result() {
	if [ "$1" -eq 0 ] && splat_check; then
		kt_result ok "exercise"
	else
		kt_result fail "exercise" "$2${SPLAT:+
$SPLAT}"
	fi
}

run_guest_test() {
	local t="$1" m modular="" out rc
	MODULES=""
	cleanup() { :; }
	# shellcheck disable=SC1090 # one guest test, chosen at run time
	. "$t"
	if [ -z "$MODULES" ]; then
		# a built-in feature: nothing to unload, one result
		kt_plan 1
		rc=0
		out=$(exercise 2>&1) || rc=$?
		exercise_result "$rc" "$out"
		cleanup >/dev/null 2>&1 || true
		return
	fi
	local absent=""
	for m in $MODULES; do
		if is_module "$m"; then
			modular="$modular $m"
		elif ! is_builtin "$m" && [ ! -d "/sys/module/$m" ]; then
			absent="$absent $m"
		fi
	done
	for m in $modular; do
		modprobe "$m" 2>/dev/null || true
	done
	rc=0
	out=$(exercise 2>&1) || rc=$?
	# Not a module and not listed as built in: either a bool (the stock
	# kernel, before the series makes it tristate) or not configured.
	# The feature answers which: if it works, it is built in.
	if [ -n "$absent" ] && [ -z "$modular" ] && [ "$rc" -ne 0 ]; then
		cleanup >/dev/null 2>&1 || true
		splat_check &&
			kt_skip_all "not in this kernel:$absent ($(echo "$out" | head -n 1))"
		kt_plan 1
		kt_result fail "exercise" "$SPLAT"
		return
	fi
	kt_plan 4
	exercise_result "$rc" "$out"
	cleanup >/dev/null 2>&1 || true
	if [ -z "$modular" ]; then
		kt_result skip "unload" "built in:$MODULES"
		kt_result skip "reload" "built in:$MODULES"
	else
		REMOVED=""
		rc=0
		for m in $modular; do
			unload_tree "$m" || { rc=$?; break; }
		done
		if [ "$rc" -eq 0 ] && splat_check; then
			kt_result ok "unload$modular"
		elif [ "$rc" -eq 2 ]; then
			kt_result skip "unload$modular" "$WHY"
		else
			kt_result fail "unload$modular" "$WHY${SPLAT:+
$SPLAT}"
		fi
		if reload_removed && splat_check; then
			kt_result ok "reload$modular"
		else
			kt_result fail "reload$modular" "$WHY${SPLAT:+
$SPLAT}"
		fi
	fi
	if out=$(exercise 2>&1) && splat_check; then
		kt_result ok "exercise after reload"
	else
		kt_result fail "exercise after reload" "$out${SPLAT:+
$SPLAT}"
	fi
	cleanup >/dev/null 2>&1 || true
}

suite_functional() {
	local t n=0
	for t in "$KSLIM"/tests/*.sh; do
		[ -e "$t" ] && n=$((n + 1))
	done
	kt_plan "$n"
	for t in "$KSLIM"/tests/*.sh; do
		n=${t##*/}
		kt_subtest "${n%.sh}" run_guest_test "$t"
	done
}

# --- unload_busy: unload while in use, unload/load cycles under load ----

# tests_with VAR: the guest tests that set VAR (BUSY, FAULT_INJECT)
tests_with() {
	local t
	for t in "$KSLIM"/tests/*.sh; do
		grep -q "^$1=" "$t" && echo "$t"
	done
}

# A test's BUSY lists cases; case C is the function busy_C, which returns
# 0 passed, 1 failed or 4 skipped (its output says why), and prints a
# summary of what it measured.  The modules of MODULES must be modules.
run_busy_test() {
	local t="$1" m c out rc modular=""
	MODULES=""
	BUSY=""
	cleanup() { :; }
	# shellcheck disable=SC1090 # one guest test, chosen at run time
	. "$t"
	for m in $MODULES; do
		is_module "$m" && modular="$modular $m"
	done
	[ -n "$modular" ] || kt_skip_all "not modules in this kernel: $MODULES"
	kt_plan "$(echo "$BUSY" | wc -w)"
	for c in $BUSY; do
		rc=0
		out=$("busy_$c" 2>&1) || rc=$?
		cleanup >/dev/null 2>&1 || true
		if ! splat_check; then
			kt_result fail "$c" "$out
$SPLAT"
		elif [ "$rc" -eq 0 ]; then
			[ -z "$out" ] || kt_diag "$out"
			kt_result ok "$c"
		elif [ "$rc" -eq 4 ]; then
			kt_result skip "$c" "$(echo "$out" | tail -n 1)"
		else
			kt_result fail "$c" "$out"
		fi
	done
}

suite_unload_busy() {
	local t n
	kt_plan "$(tests_with BUSY | grep -c .)"
	for t in $(tests_with BUSY); do
		n=${t##*/}
		kt_subtest "${n%.sh}" run_busy_test "$t"
	done
}

# --- fault_inject: every allocation of a module load fails once ----------

# fault_inject_module MODULE: N = 1, 2, ...: load MODULE (its dependencies
# loaded normally) with the N-th fault injection site of the load failing
# (kslim-probe init-fail), until a load passes every site.  After each
# failed load nothing of it may be left: no /sys/module/MODULE, and the
# test's gone() agrees; no splat.  A load that passes although the fault
# hit (the failed allocation was optional) is unloaded and the count
# goes on.  Prints a summary (with FAULT_LOG, an extended regular
# expression for what the module's init logs when it fails, how often
# it did); 0, or 1 with $WHY set.
FAULT_MAX=5000
fault_inject_module() {
	local m="$1" dep ko n=1 out failed=0 tolerated=0 logged=""
	# shellcheck disable=SC2046 # the file, then one word per dependency
	set -- $(module_file "$m")
	[ "$#" -ge 1 ] || { WHY="$m is not in modules.dep"; return 1; }
	ko=$MODDIR/$1
	shift
	REMOVED=""
	unload_tree "$m" || return 1
	for dep in "$@"; do
		if ! out=$(modprobe "$(modname "$dep")" 2>&1); then
			WHY="cannot load $(modname "$dep"), which $m needs: $out"
			return 1
		fi
	done
	[ -z "$FAULT_LOG" ] || logged=$(dmesg | grep -cE "$FAULT_LOG")
	while [ "$n" -le "$FAULT_MAX" ]; do
		out=$(kslim-probe init-fail "$n" "$ko" 2>&1)
		case "$out" in
		"not-injected loaded")
			break
			;;
		"injected loaded")
			tolerated=$((tolerated + 1))
			if ! out=$(rmmod "$m" 2>&1); then
				WHY="N=$n: the load passed, then rmmod $m: $out"
				return 1
			fi
			;;
		"injected "*)
			failed=$((failed + 1))
			if [ -d "/sys/module/$m" ]; then
				WHY="N=$n: the load failed (${out#injected }), /sys/module/$m is still there"
				return 1
			fi
			if ! out=$(gone 2>&1); then
				WHY="N=$n: the load failed, but: $out"
				return 1
			fi
			;;
		*)
			WHY="N=$n: $out"
			return 1
			;;
		esac
		if ! fault_check; then
			WHY="N=$n ($out): $SPLAT"
			return 1
		fi
		n=$((n + 1))
	done
	if [ "$n" -gt "$FAULT_MAX" ]; then
		WHY="still injecting faults after $FAULT_MAX sites"
		return 1
	fi
	# the last load passed: back to a normal load for the next step
	rmmod "$m" 2>/dev/null
	kt_diag "$m: $((n - 1)) fault sites in its load: $failed failed loads left nothing behind, $tolerated passed despite the fault"
	# the init function's own error paths, where it logs them
	[ -z "$FAULT_LOG" ] ||
		kt_diag "$m: its init failed $(($(dmesg | grep -cE "$FAULT_LOG") - logged)) times with '$FAULT_LOG'"
}

# For each module of FAULT_INJECT: the fault loop, then a normal load
# (autoload and console restored) and the test's exercise.
run_fault_test() {
	local t="$1" m out rc
	MODULES=""
	FAULT_INJECT=""
	FAULT_LOG=""
	cleanup() { :; }
	gone() { :; }
	# shellcheck disable=SC1090 # one guest test, chosen at run time
	. "$t"
	for m in $FAULT_INJECT; do
		is_module "$m" || kt_skip_all "not a module in this kernel: $m"
	done
	kt_plan $(($(echo "$FAULT_INJECT" | wc -w) * 2))
	for m in $FAULT_INJECT; do
		rc=0
		if ! fault_setup; then
			WHY="cannot set up fault injection in $FAULT_DBG"
			rc=1
		fi
		[ "$rc" -ne 0 ] || fault_inject_module "$m" || rc=1
		fault_restore
		if [ "$rc" -eq 0 ]; then
			kt_result ok "fail_nth $m"
		else
			kt_result fail "fail_nth $m" "$WHY"
		fi
		rc=0
		out=$(modprobe "$m" 2>&1 && exercise 2>&1) || rc=$?
		cleanup >/dev/null 2>&1 || true
		if ! reload_removed; then
			kt_result fail "load $m" "$out
$WHY"
		elif [ "$rc" -eq 0 ] && splat_check; then
			kt_result ok "load $m"
		else
			kt_result fail "load $m" "$out${SPLAT:+
$SPLAT}"
		fi
	done
}

suite_fault_inject() {
	local t n
	kt_plan $(($(tests_with FAULT_INJECT | grep -c .) + 1))
	if [ ! -w /proc/self/fail-nth ] || [ ! -d "$FAULT_DBG/failslab" ] ||
		[ ! -d "$FAULT_DBG/fail_page_alloc" ]; then
		for t in $(tests_with FAULT_INJECT); do
			n=${t##*/}
			kt_result fail "${n%.sh}" "no /proc/self/fail-nth or $FAULT_DBG/{failslab,fail_page_alloc}: the kernel needs CONFIG_FAULT_INJECTION, CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and CONFIG_FAULT_INJECTION_DEBUG_FS (configs/debug.config)"
		done
		test_kmemleak
		return
	fi
	kmemleak_prepare
	for t in $(tests_with FAULT_INJECT); do
		n=${t##*/}
		kt_subtest "${n%.sh}" run_fault_test "$t"
	done
	test_kmemleak
}

# --- hypervisor: KVM loads and runs a guest ------------------------------

run_vmm() {
	local rc=0
	"$KSLIM/bin/kslim-vmm" -n "$vcpus" -t 120 >/tmp/vmm.out 2>&1 || rc=$?
	# kt_subtest already printed the KTAP version line and the header
	sed '1{/^KTAP version/d}' /tmp/vmm.out | while IFS= read -r l; do
		kt_line "$l"
	done
	exit "$rc"
}

suite_hypervisor() {
	local vendor out
	kt_plan 3
	if grep -qw svm /proc/cpuinfo; then
		vendor=kvm_amd
	elif grep -qw vmx /proc/cpuinfo; then
		vendor=kvm_intel
	else
		kt_result fail "load_kvm" "the guest CPU has neither svm nor vmx"
		kt_result skip "vmm" "no KVM"
		kt_result skip "dmesg_clean" "no KVM"
		return
	fi
	if ! out=$(modprobe "$vendor" 2>&1) || [ ! -c /dev/kvm ]; then
		kt_result fail "load_kvm" "modprobe $vendor: $out
$(dmesg | grep -i -E 'kvm|svm|vmx' | tail -n 5)"
		kt_result skip "vmm" "no /dev/kvm"
		kt_result skip "dmesg_clean" "no /dev/kvm"
		return
	fi
	kt_diag "$vendor loaded, /dev/kvm present"
	kt_result ok "load_kvm"
	kt_subtest vmm run_vmm
	if splat_check; then
		kt_result ok "dmesg_clean"
	else
		kt_result fail "dmesg_clean" "$SPLAT"
	fi
}

# --- the whole run --------------------------------------------------------

one_pass() {
	kt_plan 4
	kt_subtest modules suite_modules
	kt_subtest autoload suite_autoload
	kt_subtest functional suite_functional
	kt_subtest hypervisor suite_hypervisor
}

kmemleak_prepare() {
	local f=/sys/kernel/debug/kmemleak n
	[ -w "$f" ] || return 0
	echo scan >"$f"
	# suspects from before are not this suite's: mark them grey, report
	# only new ones; but say how many, so that none is hidden silently
	n=$(grep -c 'unreferenced object' "$f" 2>/dev/null) || n=0
	[ "$n" -eq 0 ] ||
		kt_diag "kmemleak: $n suspects from before, cleared: $(grep -m 3 'unreferenced object\|comm ' "$f" | tr '\n' ' ')"
	echo clear >"$f"
}

test_kmemleak() {
	local f=/sys/kernel/debug/kmemleak leaks
	if [ ! -w "$f" ]; then
		kt_result fail "kmemleak" "no $f: the debug kernel needs CONFIG_DEBUG_KMEMLEAK=y"
		return
	fi
	# objects younger than 5 s are never reported: let them age
	sleep 6
	# a kmemleak that turned itself off (its own allocation failed)
	# refuses the scan, and would report nothing
	if ! echo scan 2>/dev/null >"$f"; then
		kt_result fail "kmemleak" "kmemleak refuses to scan: $(dmesg | grep -m 3 'kmemleak:')"
		return
	fi
	# a block still referenced from a stale stack slot or register in
	# one scan is found in the next (the debug boot once reported a
	# suspect only at the scan after this one): scan twice
	sleep 1
	echo scan >"$f"
	leaks=$(cat "$f")
	if [ -n "$leaks" ]; then
		kt_result fail "kmemleak" "$(printf '%s\n' "$leaks" | grep -c 'unreferenced object') unreferenced objects:
$(printf '%s\n' "$leaks" | head -n 60)"
	else
		kt_result ok "kmemleak"
	fi
}

exec 3>"$ktap_out"
stty -F "$ktap_out" raw -echo 2>/dev/null || true
splat_watch_start
start=$(cut -d' ' -f1 /proc/uptime)
kt_line "KTAP version 1"
# the fault_inject suite runs on kernels that can inject faults; the
# debug boot must be one of them (the suite fails there if not)
faults=0
[ ! -e /proc/self/fail-nth ] || faults=1
if [ "$iterations" -le 1 ]; then
	kt_plan $((5 + faults))
	kt_diag "kslim: plan at uptime $start s, kernel $REL"
	kt_subtest modules suite_modules
	kt_subtest autoload suite_autoload
	kt_subtest functional suite_functional
	kt_subtest hypervisor suite_hypervisor
	kt_subtest unload_busy suite_unload_busy
	[ "$faults" -eq 0 ] || kt_subtest fault_inject suite_fault_inject
else
	kt_plan $((iterations + 4))
	kt_diag "kslim: plan at uptime $start s, kernel $REL, $iterations passes"
	kmemleak_prepare
	i=1
	while [ "$i" -le "$iterations" ]; do
		kt_subtest "pass_$i" one_pass
		i=$((i + 1))
	done
	kt_subtest unload_busy suite_unload_busy
	# the leaks of the passes and of unload_busy, before the clear of
	# fault_inject hides them
	test_kmemleak
	kt_subtest fault_inject suite_fault_inject
	if splat_check; then
		kt_result ok "dmesg_clean"
	else
		kt_result fail "dmesg_clean" "$SPLAT"
	fi
fi
kt_diag "kslim: done at uptime $(cut -d' ' -f1 /proc/uptime) s"
splat_watch_stop
exec 3>&-

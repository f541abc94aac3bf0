#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t4000-boot-ktap-check.sh - the boot verdict: KTAP parsing and the failures
# it must never let pass (not ok, panic, WARNING, missing plan, short plan,
# hang), on console and KTAP logs generated here
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

check_py=$KSLIM_ROOT/tests/boot/ktap-check.py

# A good run: nested suites, a skip, diagnostics
cat >"$T/good.ktap" <<'EOF'
KTAP version 1
1..2
    KTAP version 1
    # Subtest: modules
    1..3
    ok 1 loop
    ok 2 kvm_intel # SKIP cannot load: needs Intel VMX
    ok 3 tun
ok 1 modules
    KTAP version 1
    # Subtest: functional
    1..1
        KTAP version 1
        # Subtest: loop
        1..2
        ok 1 exercise
        ok 2 exercise after reload
    ok 1 loop
ok 2 functional
# kslim: done
EOF
printf '%s\n' "Linux version 6.12.0 (kslim)" "Run /init as init process" \
	"reboot: Power down" >"$T/clean.console"

judge() {
	"$PY" "$check_py" --name t --ktap "$1" --console "$2" --qemu-rc "${3:-0}" \
		--timeout 120
}

rc=0
judge "$T/good.ktap" "$T/clean.console" >"$T/good.out" || rc=$?
cat >"$T/good.expected" <<'EOF'
t: PASS: 4 passed, 0 failed, 1 skipped
  skip: modules/kvm_intel: cannot load: needs Intel VMX
EOF
check_golden "a clean run passes with a stable summary" "$T/good.expected" "$T/good.out"
if [ "$rc" -eq 0 ]; then ok "a clean run exits 0"; else not_ok "a clean run exits 0 (got $rc)"; fi

sed 's/^    ok 3 tun$/    # modprobe tun: Invalid argument\n    not ok 3 tun/; s/^ok 1 modules$/not ok 1 modules/' \
	"$T/good.ktap" >"$T/notok.ktap"
check_exit "a 'not ok' fails the boot" 1 judge "$T/notok.ktap" "$T/clean.console"
judge "$T/notok.ktap" "$T/clean.console" >"$T/notok.out" || true
check "the failing test is named" grep -q '^  not ok: modules/tun$' "$T/notok.out"
check "with its diagnostic" grep -q '# modprobe tun: Invalid argument' "$T/notok.out"

for splat in "Kernel panic - not syncing: Fatal exception" \
	"BUG: KASAN: slab-use-after-free in tun_chr_close+0x1c/0x40" \
	"WARNING: CPU: 1 PID: 77 at net/bridge/br_if.c:400 br_dev_delete+0x5/0x10" \
	"WARNING: possible circular locking dependency detected" \
	"unreferenced object 0xffff888004a1b000 (size 64):" \
	"ODEBUG: free active (active state 0) object: 00000000 object type: timer_list" \
	"Oops: general protection fault, probably for non-canonical address" \
	"x86/mm: Checked W+X mappings: FAILED, 512 W+X pages found."; do
	printf '%s\n' "Linux version 6.12.0" "$splat" "reboot: Power down" \
		>"$T/splat.console"
	check_exit "console splat fails a passing KTAP: $(echo "$splat" | cut -c1-44)" 1 \
		judge "$T/good.ktap" "$T/splat.console"
done

: >"$T/empty.ktap"
check_exit "no KTAP at all (runner never started) fails" 1 \
	judge "$T/empty.ktap" "$T/clean.console"
judge "$T/empty.ktap" "$T/clean.console" >"$T/empty.out" || true
check "its message says the runner never started" \
	grep -q "never started" "$T/empty.out"

head -n 7 "$T/good.ktap" >"$T/short.ktap"
check_exit "a run cut short (fewer results than the plan) fails" 1 \
	judge "$T/short.ktap" "$T/clean.console"

printf 'KTAP version 1\nok 1 modules\n' >"$T/noplan.ktap"
check_exit "a missing top-level plan fails" 1 judge "$T/noplan.ktap" "$T/clean.console"

check_exit "a hang (timeout(1) exit 124) fails a complete KTAP" 1 \
	judge "$T/good.ktap" "$T/clean.console" 124
judge "$T/good.ktap" "$T/clean.console" 124 >"$T/hang.out" || true
check "the hang is reported with the timeout" grep -q "hang: QEMU killed after 120 s" "$T/hang.out"

check_exit "a missing console log is an input error" 2 \
	judge "$T/good.ktap" "$T/nonexistent.console"

printf 'KTAP version 1\n1..1\nok 1 x\n' | "$PY" "$check_py" --stream \
	--ktap "$T/stream.ktap" --console "$T/clean.console" --qemu-rc 0 \
	>"$T/stream.out" 2>&1 || true
check "--stream writes the KTAP and a time stamp per line" \
	test "$(sed -n '1,3s/^[0-9.]* //p' "$T/stream.ktap.times")" = "$(cat "$T/stream.ktap")"
check "... and one for the end of the stream (QEMU exited)" \
	test "$(sed -n '4s/^[0-9.]* //p;5p' "$T/stream.ktap.times")" = "<qemu exited>"

done_testing

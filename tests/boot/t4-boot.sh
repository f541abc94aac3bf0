# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# t4-boot.sh - shared body of the t4xxx boot tests: boot one reference
# kernel with tests/boot/boot-test.sh and turn its verdict into TAP
#
# Usage: VARIANT=stock|modular; . "$KSLIM_ROOT/tests/boot/t4-boot.sh"
# (after tests/lib.sh).  SKIPs with the reason when the kernel is not built.

obj=$O/$VARIANT/kvm-host
progs=$O/boot/progs
need_built "make kernel-$VARIANT" "$obj/arch/x86/boot/bzImage" "$obj/modroot/lib/modules"
need_built "make boot-progs" "$progs/kslim-vmm"
need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd busybox busybox-static

set -- --kernel "$obj/arch/x86/boot/bzImage" --modroot "$obj/modroot" \
	--progs "$progs" --out "$O/boot/$VARIANT-kvm-host" --name "$VARIANT-kvm-host"
[ -x "$O/boot/tools/gen_init_cpio" ] &&
	set -- "$@" --gen-init-cpio "$O/boot/tools/gen_init_cpio"
rc=0
"$KSLIM_ROOT/tests/boot/boot-test.sh" "$@" >"$T/boot.out" 2>&1 || rc=$?
verdict=$O/boot/$VARIANT-kvm-host/verdict.json
if [ ! -r "$verdict" ]; then
	not_ok "$VARIANT kernel boots under QEMU (no verdict, exit $rc)"
	diag_stdin <"$T/boot.out"
	done_testing
	exit 1
fi
# one TAP point per suite: modules, autoload, functional, hypervisor
for suite in modules autoload functional hypervisor; do
	fails=$("$PY" -c 'import json, sys
v = json.load(open(sys.argv[1]))
print(" ".join(f for f in v["fail"] if f.split("/")[0] == sys.argv[2]))' \
		"$verdict" "$suite")
	seen=$("$PY" -c 'import json, sys
v = json.load(open(sys.argv[1]))
t = v["pass"] + v["fail"] + [s["test"] for s in v["skip"]]
print(sum(1 for x in t if x.split("/")[0] == sys.argv[2]))' "$verdict" "$suite")
	if [ -z "$fails" ] && [ "$seen" -gt 0 ]; then
		ok "$VARIANT: $suite ($seen tests)"
	else
		not_ok "$VARIANT: $suite${fails:+: failed $fails}${fails:- ran no test}"
	fi
done
if [ "$rc" -eq 0 ]; then
	ok "$VARIANT: whole boot passes (no splat, no hang, plans complete)"
else
	not_ok "$VARIANT: whole boot passes (no splat, no hang, plans complete)"
fi
diag_stdin <"$T/boot.out"

# The harness must fail what it cannot see through: a kernel that panics
# before init (rdinit= points nowhere, no root fs) and a boot that hangs.
set -- --kernel "$obj/arch/x86/boot/bzImage" --modroot "$obj/modroot" \
	--progs "$progs" --accel tcg
[ -x "$O/boot/tools/gen_init_cpio" ] &&
	set -- "$@" --gen-init-cpio "$O/boot/tools/gen_init_cpio"
rc=0
"$KSLIM_ROOT/tests/boot/boot-test.sh" "$@" --out "$T/panic" --timeout 60 \
	--append "rdinit=/kslim-no-such-init" >"$T/panic.out" 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -q "Kernel panic" "$T/panic.out" &&
	grep -q "never started" "$T/panic.out"; then
	ok "$VARIANT: a panic before init fails the boot, with the splat shown"
else
	not_ok "$VARIANT: a panic before init fails the boot, with the splat shown"
	diag_stdin <"$T/panic.out"
fi
rc=0
"$KSLIM_ROOT/tests/boot/boot-test.sh" "$@" --out "$T/hang" --timeout 2 \
	>"$T/hang.out" 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -q "hang: QEMU killed after 2 s" "$T/hang.out" &&
	grep -q "reproduce:" "$T/hang.out"; then
	ok "$VARIANT: a boot past its timeout is a hang, with the command to reproduce"
else
	not_ok "$VARIANT: a boot past its timeout is a hang, with the command to reproduce"
	diag_stdin <"$T/hang.out"
fi
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t4210-boot-pti.sh - the modular kvm-host kernel with PTI active: the
# host scenario (KVM guest included) passes with pti=on, the boot frees
# the image padding outside the entry-text PMD and keeps that PMD whole,
# and footprint's "kept, PTI active" is what the boot log leaves.  The
# PTI-off half of the same comparison is t3110 on make's scenario boots.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

obj=$O/modular/kvm-host
progs=$O/boot/progs
if [ ! -f "$obj/arch/x86/boot/bzImage" ] || [ ! -d "$obj/modroot/lib/modules" ]; then
	skip_all "the modular kvm-host kernel is not built (make kernel-modular)"
fi
if [ ! -x "$progs/kslim-vmm" ] || [ ! -x "$FOOTPRINT" ]; then
	skip_all "guest programs or footprint not built (make boot-progs tools)"
fi
need_cmd qemu-system-x86_64 qemu-system-x86
need_cmd busybox busybox-static

set -- --kernel "$obj/arch/x86/boot/bzImage" --modroot "$obj/modroot" \
	--progs "$progs" --out "$T/boot" --name modular-kvm-host-pti \
	--scenario --append pti=on
[ -x "$O/boot/tools/gen_init_cpio" ] &&
	set -- "$@" --gen-init-cpio "$O/boot/tools/gen_init_cpio"
check "modular, pti=on: the host scenario passes (KVM guest included)" \
	"$KSLIM_ROOT/tests/boot/boot-test.sh" "$@"
log=$T/boot/console.log
check_grep "... with PTI active" '^Kernel/User page tables isolation: enabled' "$log"

"$FOOTPRINT" --json "$obj/vmlinux" >"$T/fp.json" 2>"$T/fp.err" || true
# shellcheck disable=SC2016 # the Python code is in single quotes
check "footprint's kept with PTI active = image - the boot log's freed ranges" \
	env PYTHONPATH="$KSLIM_ROOT/scripts" "$PY" -c '
import json, sys
import report
b = json.load(open(sys.argv[1]))["boot"]
# the image ranges of the boot log, as report.py reads them for the table
freed = report.read_scenario(sys.argv[2])["image_freed"]
want = {}
for r in b["freed_ranges"]:
    if r["when"] == "always":
        want[r["what"]] = want.get(r["what"], 0) + r["bytes"]
assert freed == want, ("boot log", freed, "footprint", want)
assert b["kept_pti"] == b["image"] - sum(freed.values()), b
' "$T/fp.json" "$T/boot/scenario.txt"
# shellcheck disable=SC2016 # $1 is the inner shell's
check "... the entry text PMD stays whole (no entry PMD padding freed)" \
	sh -c '! grep -q "Freeing unused kernel image (entry PMD padding)" "$1"' sh "$log"
check_grep "... the padding before it is freed" \
	'Freeing unused kernel image (entry text padding) memory: [1-9][0-9]*K' "$log"
check_grep "... and the bss padding" \
	'Freeing unused kernel image (bss padding) memory: [1-9][0-9]*K' "$log"

done_testing

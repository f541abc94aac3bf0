#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t4010-boot-initramfs.sh - the guest side before any boot: static guest
# programs, and an initramfs built from a module tree generated here
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

need_cmd cpio cpio
need_cmd depmod kmod
progs=$O/boot/progs
gen=$O/boot/tools/gen_init_cpio
mk=$KSLIM_ROOT/tests/boot/mkinitramfs.sh

need_built "make boot-progs" "$progs/kslim-vmm" "$progs/kslim-probe"

for p in kslim-vmm kslim-probe; do
	check "$p is static (no PT_INTERP: runs on busybox alone)" \
		sh -c "! readelf -l '$progs/$p' | grep -q INTERP"
done
check_exit "kslim-vmm -h exits 0" 0 "$progs/kslim-vmm" -h
check_exit "kslim-vmm with a bad option exits 2" 2 "$progs/kslim-vmm" -x
check_exit "kslim-vmm -n 0 is a usage error" 2 "$progs/kslim-vmm" -n 0
check_exit "kslim-vmm without a KVM device fails its first test" 1 \
	"$progs/kslim-vmm" -d "$T/no-such-kvm"
"$progs/kslim-vmm" -d "$T/no-such-kvm" >"$T/vmm.out" 2>&1 || true
check "... and says so in KTAP" \
	grep -q "^not ok 1 kvm_api_version" "$T/vmm.out"
check_exit "kslim-probe without arguments is a usage error" 2 "$progs/kslim-probe"
check_exit "kslim-probe open of a missing file fails" 1 \
	"$progs/kslim-probe" open "$T/missing"

# A module tree like modules_install's, with one real ELF module object
rel=6.12.0-t4010
mods=$T/modroot/lib/modules/$rel
mkdir -p "$mods/kernel/drivers/misc"
printf 'int init_module(void) { return 0; }\n' >"$T/m.c"
gcc -c -o "$mods/kernel/drivers/misc/kslim-dummy.ko" "$T/m.c"
echo kernel/drivers/misc/kslim-dummy.ko >"$mods/modules.order"
: >"$mods/modules.builtin"
: >"$mods/modules.builtin.modinfo"

set -- --modroot "$T/modroot" --progs "$progs" --out "$T/initramfs.cpio"
[ -x "$gen" ] && set -- "$@" --gen-init-cpio "$gen"
check "mkinitramfs builds an initramfs" sh "$mk" "$@"
cpio -t <"$T/initramfs.cpio" 2>/dev/null | sed 's,^\./,,; s,^/,,' | sort >"$T/list"
for f in init dev/console bin/busybox bin/sh sbin/modprobe kslim/kslim-run.sh \
	kslim/lib.sh kslim/splat-patterns kslim/autoload.list kslim/bin/kslim-vmm \
	kslim/bench-syscall.sh \
	kslim/tests/loop.sh "lib/modules/$rel/modules.dep" \
	"lib/modules/$rel/kernel/drivers/misc/kslim-dummy.ko"; do
	check "the initramfs has /$f" grep -qx "$f" "$T/list"
done
check "depmod ran on the copy, not on the input tree" \
	test ! -e "$mods/modules.dep"
if [ -x "$gen" ]; then
	sh "$mk" "$@" >/dev/null 2>&1 && cp "$T/initramfs.cpio" "$T/first.cpio" &&
		sh "$mk" "$@" >/dev/null 2>&1
	check "same inputs, same bytes (gen_init_cpio -t 0)" \
		cmp "$T/first.cpio" "$T/initramfs.cpio"
else
	skip "same inputs, same bytes" "no gen_init_cpio (make boot-progs with the kernel source)"
fi
check_exit "a missing module tree is an input error" 2 \
	sh "$mk" --modroot "$T/none" --progs "$progs" --out "$T/x.cpio"
sh "$mk" --modroot "$T/none" --progs "$progs" --out "$T/x.cpio" 2>"$T/err" || true
check "... with a git-style message" \
	grep -q "^mkinitramfs: error: cannot open '$T/none/lib/modules': No such file or directory" "$T/err"

# bench-syscall.sh refuses bad input in one line, exit 2, before booting
bs=$KSLIM_ROOT/scripts/bench-syscall.sh
check_exit "bench-syscall: no kernel is a usage error" 2 "$bs"
check_exit "bench-syscall: --boots 0 is a usage error" 2 "$bs" --boots 0 a="$T"
check_exit "bench-syscall: an objtree without a kernel is an input error" 2 \
	env O="$T/o" "$bs" a="$T/none"
env O="$T/o" "$bs" --calls x a="$T" 2>"$T/bs.err" || true
# shellcheck disable=SC2016 # $1 is the inner shell's
check "... one git-style line" sh -c \
	'test "$(wc -l <"$1")" -eq 1 && grep -q "^bench-syscall: error: --calls wants a positive number" "$1"' \
	sh "$T/bs.err"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mktree.sh - a tiny kernel-like tree whose modularization blockers are known
#
# Usage: tests/candidates/mktree.sh OUTDIR
#
# Writes OUTDIR/src (Kconfig, Kbuild Makefiles, C sources) and builds it
# the way Kbuild lays out an O= folder in OUTDIR/obj: objects with their
# .cmd files (source_, deps_ and fixdep's $(wildcard include/config/X)
# lines), built-in.a / vmlinux.a thin archives, lib/lib.a linked beside
# them, an export table (.vmlinux.export.o), vmlinux linked with a linker
# script that defines the kernel's boundary symbols, .config written by
# kconfiglib (scripts/kconfig/kslimconf.py), and `source` -> ../src.
#
# The options and what the candidate finder must say about each:
#   LEAF        device_initcall, exported calls only      no blockers
#   CALLED      called_fn() called by kernel/core.o       inbound caller
#                                                         core_main; tested
#                                                         by #ifdef and
#                                                         IS_ENABLED in core
#   NEEDS       calls core_private_fn() (not exported)    1 export to add;
#               registers a sysctl                        sysctl site
#   EARLY       core_initcall + __setup("early_opt=")      early initcall,
#                                                         boot parameter
#   KEYS        defines keys_enabled, a static key        static key used
#               core's jump label tests                   by core_main
#   SYSC        defines __x64_sys_kslim_test              1 syscall
#   COMP        composite comp.o = comp_a.o comp_b.o      2 objects
#   COMP_EXTRA  comp-$(CONFIG_COMP_EXTRA) += comp_c.o     its own gate
#   SUBSYS      obj-$(CONFIG_SUBSYS) += subsys/,          gates sub.o
#               subsys/Makefile: obj-y += sub.o
#   SEL_TRI     tristate selected by bool CALLED          held at y
#   DEP_BOOL    bool depending on CALLED, calls into it   dependent caller
#   MODTRI      =m, a module using exported symbols       no blockers
#   MODBAD      =m, a module using core_private_fn        1 export to add
#   MODCOMP     =m, modcomp.o = modcomp_main.o calling    no blockers (one
#               modcomp_opt.o (modcomp-$(CONFIG_LEAF))    module, ld -r
#                                                         links the call)
# lib/lib.a: libused.o is called from core (linked), libunused.o is not.
set -eu

[ "$#" -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CC=${CC:-gcc}
LD=${LD:-ld}
AR=${AR:-ar}
PY=${PY:-/usr/bin/python3}
rm -rf "$out"
mkdir -p "$out/src" "$out/obj"
out=$(cd "$out" && pwd)
src=$out/src
obj=$out/obj

w() {	# w FILE: write stdin to $src/FILE
	mkdir -p "$(dirname "$src/$1")"
	cat >"$src/$1"
}

w Makefile <<'EOF'
VERSION = 6
PATCHLEVEL = 12
SUBLEVEL = 0
EXTRAVERSION = -kslim-fixture
obj-y += kernel/ drivers/
lib-y += lib/
EOF
w Kconfig <<'EOF'
mainmenu "candidate finder fixture"
source "arch/$(SRCARCH)/Kconfig"
config MODULES
	bool "modules"
	default y
	modules
config LEAF
	bool "a leaf driver"
	default y
config CALLED
	bool "called by core code"
	default y
	select SEL_TRI
config DEP_BOOL
	bool "a bool that depends on CALLED"
	depends on CALLED
	default y
config NEEDS
	bool "uses a core symbol that is not exported"
	default y
config EARLY
	bool "a core_initcall and a boot parameter"
	default y
config KEYS
	bool "owns a static key core code tests"
	default y
config SYSC
	bool "defines a syscall"
	default y
config COMP
	bool "a composite object"
	default y
config COMP_EXTRA
	bool "an optional part of the composite"
	depends on COMP
	default y
config SUBSYS
	bool "a directory of its own"
	default y
config SEL_TRI
	tristate "a tristate held at y by a select"
config MODTRI
	tristate "a module that uses exported symbols only"
	default m
config MODBAD
	tristate "a module that would need an export"
	default m
config MODCOMP
	tristate "a composite module with a part gated by another option"
	default m
EOF
w arch/x86/Kconfig <<'EOF'
config X86_64
	def_bool y
config 64BIT
	def_bool y
EOF
w include/kernel.h <<'EOF'
/* the few kernel idioms the fixture needs, laid out as in 6.12 */
#define __init __attribute__((section(".init.text"), used))
#define __initdata __attribute__((section(".init.data")))
#define ___define_initcall(fn, lvl) \
	static int (*__initcall_##fn)(void) \
	__attribute__((used, section(".initcall" #lvl ".init"))) = fn
#define core_initcall(fn)	___define_initcall(fn, 1)
#define device_initcall(fn)	___define_initcall(fn, 6)
struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
	int early;
};
#define __setup(str, fn) \
	static const char __setup_str_##fn[] \
	__attribute__((section(".init.rodata"), aligned(1))) = str; \
	static const struct obs_kernel_param __setup_##fn \
	__attribute__((used, section(".init.setup"), aligned(8))) = \
	{ __setup_str_##fn, fn, 0 }
/* 6.12 EXPORT_SYMBOL: an .export_symbol entry modpost turns into ksymtab */
#define EXPORT_SYMBOL(sym) \
	__asm__(".section .export_symbol,\"a\"\n" \
		"__export_symbol_" #sym ":\n .asciz \"\"\n .asciz \"\"\n" \
		" .balign 8\n .quad " #sym "\n .previous")
struct static_key { int enabled; };
/* struct jump_entry { s32 code; s32 target; long key; } */
#define JUMP_LABEL(fn, key) \
	__asm__(".pushsection __jump_table,\"aw\"\n .balign 8\n" \
		" .long " #fn " - .\n .long " #fn " - .\n" \
		" .quad " #key " - .\n .popsection")
#define IS_ENABLED(x) 1
int core_export_fn(int);
int core_private_fn(int);
int register_sysctl_sz(const char *path, void *table, int n);
EOF
w kernel/Makefile <<'EOF'
obj-y += core.o
EOF
w kernel/core.c <<'EOF'
#include "../include/kernel.h"
int called_fn(int);
int lib_used_fn(int);
extern struct static_key keys_enabled;

int core_export_fn(int x) { return x + 1; }
EXPORT_SYMBOL(core_export_fn);
int core_private_fn(int x) { return x * 3; }
int register_sysctl_sz(const char *path, void *table, int n)
{
	return path != 0 && table != 0 && n;
}
EXPORT_SYMBOL(register_sysctl_sz);

int core_main(int x)
{
#ifdef CONFIG_CALLED
	x = called_fn(x);
#endif
	if (IS_ENABLED(CONFIG_CALLED))
		x += keys_enabled.enabled;
	return lib_used_fn(x);
}
JUMP_LABEL(core_main, keys_enabled);
EOF
w drivers/Makefile <<'EOF'
obj-$(CONFIG_LEAF) += leaf/
obj-$(CONFIG_CALLED) += called.o
obj-$(CONFIG_DEP_BOOL) += dep_bool.o
obj-$(CONFIG_NEEDS) += needs.o
obj-$(CONFIG_EARLY) += early.o
obj-$(CONFIG_KEYS) += keys.o
obj-$(CONFIG_SYSC) += sysc.o
obj-$(CONFIG_SEL_TRI) += sel_tri.o
obj-$(CONFIG_COMP) += comp.o
comp-y := comp_a.o comp_b.o
comp-$(CONFIG_COMP_EXTRA) += comp_c.o
obj-$(CONFIG_SUBSYS) += subsys/
obj-$(CONFIG_MODTRI) += modtri.o
obj-$(CONFIG_MODBAD) += modbad.o
obj-$(CONFIG_MODCOMP) += modcomp.o
modcomp-y := modcomp_main.o
modcomp-$(CONFIG_LEAF) += modcomp_opt.o
EOF
w drivers/leaf/Makefile <<'EOF'
obj-y += leaf.o
EOF
w drivers/leaf/leaf.c <<'EOF'
#include "../../include/kernel.h"
static int leaf_state;
static int __init leaf_init(void)
{
	leaf_state = core_export_fn(41);
	return 0;
}
device_initcall(leaf_init);
EOF
w drivers/called.c <<'EOF'
#include "../include/kernel.h"
int called_fn(int x) { return core_export_fn(x) ^ 0x5a; }
EOF
w drivers/dep_bool.c <<'EOF'
#include "../include/kernel.h"
int called_fn(int);
__attribute__((noinline)) int dep_bool_fn(int x) { return called_fn(x) + 2; }
static int __init dep_bool_init(void) { return dep_bool_fn(1) != 0; }
device_initcall(dep_bool_init);
EOF
w drivers/needs.c <<'EOF'
#include "../include/kernel.h"
static int needs_table[4];
static int __init needs_init(void)
{
	register_sysctl_sz("kslim/needs", needs_table, 4);
	return core_private_fn(2);
}
device_initcall(needs_init);
EOF
w drivers/early.c <<'EOF'
#include "../include/kernel.h"
static int early_value;
static int __init early_init(void) { early_value = 1; return 0; }
core_initcall(early_init);
static int __init early_opt_setup(char *s) { early_value = s[0]; return 1; }
__setup("early_opt=", early_opt_setup);
EOF
w drivers/keys.c <<'EOF'
#include "../include/kernel.h"
struct static_key keys_enabled = { 1 };
EOF
w drivers/sysc.c <<'EOF'
#include "../include/kernel.h"
long __x64_sys_kslim_test(const void *regs) { return regs != 0; }
EOF
w drivers/sel_tri.c <<'EOF'
#include "../include/kernel.h"
int sel_tri_fn(int x) { return core_export_fn(x) - 1; }
EOF
for p in a b c; do
	w "drivers/comp_$p.c" <<EOF
#include "../include/kernel.h"
int comp_${p}_fn(int x) { return core_export_fn(x) + '$p'; }
EOF
done
w drivers/modtri.c <<'EOF'
#include "../include/kernel.h"
int init_module(void) { return core_export_fn(3) != 4; }
EOF
w drivers/modbad.c <<'EOF'
#include "../include/kernel.h"
int init_module(void) { return core_private_fn(3) != 9; }
EOF
w drivers/modcomp_main.c <<'EOF'
#include "../include/kernel.h"
int modcomp_opt_fn(int x);
int init_module(void) { return modcomp_opt_fn(core_export_fn(3)) != 5; }
EOF
w drivers/modcomp_opt.c <<'EOF'
int modcomp_opt_fn(int x) { return x + 1; }
EOF
w drivers/subsys/Makefile <<'EOF'
obj-y += sub.o
EOF
w drivers/subsys/sub.c <<'EOF'
#include "../../include/kernel.h"
int sub_fn(int x) { return core_export_fn(x) << 1; }
EOF
w lib/Makefile <<'EOF'
lib-y += libused.o libunused.o
EOF
w lib/libused.c <<'EOF'
int lib_used_fn(int x) { return x - 7; }
EOF
w lib/libunused.c <<'EOF'
int lib_unused_fn(int x) { return x + 7; }
EOF

# .config as `make olddefconfig` would write it
"$PY" -c '
import sys, kslimconf
k = kslimconf.load(sys.argv[1])
k.write_config(sys.argv[2], header="")
' "$src" "$obj/.config" >/dev/null

CFLAGS="-O2 -fno-pic -mcmodel=kernel -ffreestanding -nostdinc -fno-common
	-fno-asynchronous-unwind-tables -fno-stack-protector -fcf-protection=none
	-include $obj/include/generated/autoconf.h"
mkdir -p "$obj/include/generated"
sed -n 's/^CONFIG_\([A-Za-z0-9_]*\)=y$/#define CONFIG_\1 1/p' "$obj/.config" \
	>"$obj/include/generated/autoconf.h"

# fixdep_configs FILE: fixdep's line for each option FILE mentions
# shellcheck disable=SC2016 # the $(wildcard ...) is literal text
fixdep_configs() {
	{ (cd "$obj" && grep -o 'CONFIG_[A-Za-z0-9_]*' "$1") || true; } |
		sed 's/^CONFIG_//' | sort -u |
		sed 's|.*|    $(wildcard include/config/&) \\|'
}

# cc OBJ: compile src/OBJ.c to obj/OBJ.o and write Kbuild's .cmd for it
cc() {
	o=$1
	d=$(dirname "$o")
	b=$(basename "$o")
	mkdir -p "$obj/$d"
	# shellcheck disable=SC2086 # CFLAGS is a list of flags
	(cd "$obj" && "$CC" $CFLAGS -Wp,-MMD,"$d/.$b.o.d" -c \
		-o "$o.o" "../src/$o.c")
	{
		echo "savedcmd_$o.o := $CC -c -o $o.o ../src/$o.c"
		echo
		echo "source_$o.o := ../src/$o.c"
		echo
		echo "deps_$o.o := \\"
		# fixdep: each dependency, then the options it mentions
		sed -e '1s/^[^:]*://' -e 's/\\$//' "$obj/$d/.$b.o.d" |
			tr ' ' '\n' | sed '/^$/d' | while read -r dep; do
				case "$dep" in */autoconf.h) continue ;; esac
				echo "  $dep \\"
				fixdep_configs "$dep"
			done
		echo
		echo "$o.o: \$(deps_$o.o)"
	} >"$obj/$d/.$b.o.cmd"
	rm -f "$obj/$d/.$b.o.d"
}

builtin="kernel/core drivers/leaf/leaf drivers/called drivers/dep_bool
	drivers/needs drivers/early drivers/keys drivers/sysc drivers/sel_tri
	drivers/comp_a drivers/comp_b drivers/comp_c drivers/subsys/sub"
for o in $builtin lib/libused lib/libunused drivers/modtri drivers/modbad \
	drivers/modcomp_main drivers/modcomp_opt; do
	cc "$o"
done
# modules: modules.order names each, its .mod lists its objects
: >"$obj/modules.order"
for m in drivers/modtri drivers/modbad; do
	echo "$m.o" >>"$obj/modules.order"
	echo "$m.o" >"$obj/$m.mod"
done
echo drivers/modcomp.o >>"$obj/modules.order"
echo drivers/modcomp_main.o drivers/modcomp_opt.o >"$obj/drivers/modcomp.mod"
# thin archives as Kbuild makes them (cDPrST); lib.a stays outside
members=""
for o in $builtin; do
	members="$members $o.o"
done
# shellcheck disable=SC2086 # word splitting wanted
(cd "$obj" && "$AR" cDPrST vmlinux.a $members &&
	"$AR" cDPrsT lib/lib.a lib/libused.o lib/libunused.o)

# modpost's .vmlinux.export.c: __ksymtab_NAME entries (PREL32: 3 x s32)
exports="core_export_fn register_sysctl_sz"
{
	for e in $exports; do
		printf '.section "___ksymtab+%s","a"\n' "$e"
		printf '.globl __ksymtab_%s\n__ksymtab_%s:\n' "$e" "$e"
		printf ' .long %s - .\n .long __kstrtab_%s - .\n' "$e" "$e"
		printf ' .long __kstrtabns_%s - .\n' "$e"
		printf '.section "__ksymtab_strings","aMS",@progbits,1\n'
		printf '__kstrtab_%s: .asciz "%s"\n__kstrtabns_%s: .asciz ""\n' \
			"$e" "$e" "$e"
	done
} >"$obj/.vmlinux.export.S"
"$CC" -c -o "$obj/.vmlinux.export.o" "$obj/.vmlinux.export.S"

cat >"$obj/vmlinux.lds" <<'EOF'
OUTPUT_FORMAT("elf64-x86-64")
ENTRY(core_main)
SECTIONS
{
	. = 0xffffffff81000000;
	.text : { _text = .; _stext = .; *(.text .text.*) }
	_etext = .;
	. = ALIGN(0x1000);
	.rodata : { __start_rodata = .; *(.rodata .rodata.*) }
	__ksymtab : { __start___ksymtab = .; *(SORT(___ksymtab+*))
		__stop___ksymtab = .; }
	__ksymtab_strings : { *(__ksymtab_strings) }
	__end_rodata = .;
	. = ALIGN(0x1000);
	.data : { _sdata = .; *(.data .data.*) }
	__jump_table : { __start___jump_table = .; *(__jump_table)
		__stop___jump_table = .; }
	_edata = .;
	. = ALIGN(0x1000);
	.init.text : { __init_begin = .; *(.init.text) }
	.init.data : { *(.init.data) *(.init.rodata)
		__initcall_start = .; *(.initcall*.init)
		__setup_start = .; *(.init.setup) __setup_end = .; }
	__init_end = .;
	. = ALIGN(0x1000);
	.bss : { __bss_start = .; *(.bss .bss.*) __bss_stop = .; }
	_end = .;
	/DISCARD/ : { *(.export_symbol) *(.note.*) *(.comment) }
}
EOF
"$LD" -m elf_x86_64 -z noexecstack --no-warn-rwx-segments \
	-T "$obj/vmlinux.lds" -o "$obj/vmlinux" \
	--whole-archive "$obj/vmlinux.a" --no-whole-archive \
	--start-group "$obj/lib/lib.a" --end-group "$obj/.vmlinux.export.o"
ln -sfn ../src "$obj/source"
echo "$obj"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkhistory.sh - generate a small kernel-like git history with known growth
#
# Usage: tests/track/mkhistory.sh REPO
#
# REPO becomes a git repository whose tree looks like Linux to the tools
# that read one: a top Makefile with VERSION/PATCHLEVEL/SUBLEVEL, a Kconfig
# kconfiglib parses, Kbuild-style Makefiles (obj-y / obj-$(CONFIG_X) +=
# foo.o) and a linker script (kslim.lds) that defines the kernel's boundary
# symbols.  tests/track/fakebuild.sh is the matching build command.
#
# Every commit adds a known number of bytes to one object (a const array
# of N bytes goes to .rodata; N is a multiple of 64 so no alignment padding
# appears).  REPO/../history.txt lists "tag-or-sha object bytes subject",
# one line per commit, for the tests to compare against:
#
#   v1.0  base tree
#   c1    kernel/core.o   +4096   kernel: grow the core table
#   c2    drivers/net.o   +2048   (=m: module only)
#   c3    README only     0
#   v1.1  kernel/sched.o  +1024   (and PATCHLEVEL 1)
#   c5    kernel/foo.o    +8192   new bool option FOO, plain code
#   c6    drivers/bar.o   +512    new bool option BAR, core_initcall
#   v1.2  kernel/core.o   +16384  (and PATCHLEVEL 2)
# Makefile lines with $(CONFIG_X) are written literally:
# shellcheck disable=SC2016
set -eu

[ "$#" -eq 1 ] || { echo "mkhistory: error: usage: mkhistory.sh REPO" >&2; exit 2; }
repo=$1
rm -rf "$repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b master .
git config user.email kslim@example.org
git config user.name kslim
manifest=$(dirname "$PWD")/history.txt
: >"$manifest"
n=0

# commit SUBJECT AUTHOR OBJECT BYTES: commit everything, with a fixed date
# so the history (and its shas) are the same on every run.
commit() {
	n=$((n + 1))
	date="2024-01-0${n}T12:00:00+00:00"
	git add -A
	GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date \
		git -c user.name="$2" -c user.email="$(echo "$2" | tr 'A-Z ' 'a-z.')@example.org" \
		commit -q -m "$1"
	printf '%s %s %s %s\n' "$(git rev-parse HEAD)" "$3" "$4" "$1" >>"$manifest"
}

# blob FILE NAME BYTES: append a const array of BYTES bytes to FILE
blob() {
	printf 'const char %s[%s] = { 1 };\n' "$2" "$3" >>"$1"
}

mkdir -p init kernel drivers include/linux arch/x86
printf '# SPDX-License-Identifier: GPL-2.0\nconfig X86\n\tdef_bool y\n' \
	>arch/x86/Kconfig
cat >Makefile <<'EOF'
# SPDX-License-Identifier: GPL-2.0
# A synthetic kernel: the shape of Linux, built by tests/track/fakebuild.sh
VERSION = 1
PATCHLEVEL = 0
SUBLEVEL = 0
EXTRAVERSION =

obj-y += init/ kernel/ drivers/
EOF
cat >Kconfig <<'EOF'
# SPDX-License-Identifier: GPL-2.0
mainmenu "Synthetic kernel"

source "arch/$(SRCARCH)/Kconfig"

config MODULES
	bool "Loadable module support"
	option modules

config NET
	tristate "Networking driver"

config BLK
	bool "Block layer"
EOF
cat >kslim.lds <<'EOF'
/* SPDX-License-Identifier: GPL-2.0 */
/* The boundary symbols of arch/x86/kernel/vmlinux.lds.S, nothing else. */
OUTPUT_FORMAT("elf64-x86-64")
ENTRY(_stext)
SECTIONS
{
	. = 0xffffffff81000000;
	_text = .;
	.text : { _stext = .; *(.text .text.*) _etext = .; }
	. = ALIGN(4096);
	.rodata : { __start_rodata = .; *(.rodata .rodata.*) __end_rodata = .; }
	. = ALIGN(4096);
	.data : { _sdata = .; *(.data .data.*) _edata = .; }
	. = ALIGN(4096);
	.init.data : {
		__init_begin = .;
		*(.init.text .init.data)
		__initcall_start = .;
		*(.initcall*.init)
		__initcall_end = .;
		__init_end = .;
	}
	. = ALIGN(4096);
	.bss : { __bss_start = .; *(.bss .bss.* COMMON) __bss_stop = .; }
	_end = .;
	/DISCARD/ : { *(.note.* .comment .eh_frame) }
}
EOF
cat >include/linux/init.h <<'EOF'
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H
#define __init __attribute__((section(".init.text")))
typedef int (*initcall_t)(void);
#define core_initcall(fn) \
	static initcall_t __initcall_##fn __attribute__((used, \
		section(".initcall1.init"))) = fn
#endif
EOF
printf 'obj-y += main.o\n' >init/Makefile
cat >init/main.c <<'EOF'
// SPDX-License-Identifier: GPL-2.0
int start_kernel(void);
int start_kernel(void)
{
	return 0;
}
EOF
printf 'obj-y += core.o sched.o\n' >kernel/Makefile
printf '// SPDX-License-Identifier: GPL-2.0\n' >kernel/core.c
blob kernel/core.c core_base 1024
printf '// SPDX-License-Identifier: GPL-2.0\n' >kernel/sched.c
blob kernel/sched.c sched_base 512
printf 'obj-$(CONFIG_NET) += net.o\nobj-$(CONFIG_BLK) += blk.o\n' >drivers/Makefile
printf '// SPDX-License-Identifier: GPL-2.0\n' >drivers/net.c
blob drivers/net.c net_base 2048
printf '// SPDX-License-Identifier: GPL-2.0\n' >drivers/blk.c
blob drivers/blk.c blk_base 256
printf 'A synthetic kernel for the kslim bloat tracker tests.\n' >README
commit "init: base tree" "Ada Base" - 0
git tag v1.0

blob kernel/core.c core_table 4096
commit "kernel: grow the core table" "Carl Core" kernel/core.o 4096

blob drivers/net.c net_ring 2048
commit "drivers/net: bigger rx ring" "Nina Net" drivers/net.o 2048

printf 'See Documentation/ for more.\n' >>README
commit "README: point at the documentation" "Dora Docs" - 0

blob kernel/sched.c sched_load 1024
sed -i 's/^PATCHLEVEL = 0$/PATCHLEVEL = 1/' Makefile
commit "kernel/sched: add load tracking" "Sam Sched" kernel/sched.o 1024
git tag v1.1

cat >>Kconfig <<'EOF'

config FOO
	bool "Foo feature"
	help
	  Plain code: could have been a module.
EOF
printf 'obj-$(CONFIG_FOO) += foo.o\n' >>kernel/Makefile
printf '// SPDX-License-Identifier: GPL-2.0\n' >kernel/foo.c
blob kernel/foo.c foo_table 8192
commit "kernel: add the foo feature" "Fay Foo" kernel/foo.o 8192

cat >>Kconfig <<'EOF'

config BAR
	bool "Bar driver"
	help
	  Registers a core_initcall: needed before modules can load.
EOF
printf 'obj-$(CONFIG_BAR) += bar.o\n' >>drivers/Makefile
cat >drivers/bar.c <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>
static int __init bar_init(void)
{
	return 0;
}
core_initcall(bar_init);
EOF
blob drivers/bar.c bar_table 512
commit "drivers: add the bar driver" "Bob Bar" drivers/bar.o 512

blob kernel/core.c core_cache 16384
sed -i 's/^PATCHLEVEL = 1$/PATCHLEVEL = 2/' Makefile
commit "kernel: add a core cache" "Carl Core" kernel/core.o 16384
git tag v1.2

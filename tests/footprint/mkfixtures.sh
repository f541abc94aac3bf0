#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkfixtures.sh - build footprint's fixture kernel the way Kbuild would
#
# Usage: tests/footprint/mkfixtures.sh OUTDIR
#
# OUTDIR/vmlinux, OUTDIR/vmlinux.a (thin, of nested thin built-in.a
# archives, head object first), the objects, a `source` symlink to the
# fixture tree (Makefiles with obj-$(CONFIG_X) rules), OUTDIR/mod.ko, and
# the same again built with -DNEW in OUTDIR/new for diff and gate tests.
# Everything is assembled from tests/footprint/tree/*.S: exact sizes.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tree=$here/tree
[ "$#" -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
CC=${CC:-gcc}
LD=${LD:-ld}
AR=${AR:-ar}

# directory -> its objects, in link order (head first, like Kbuild's)
dirs="arch/x86/kernel init kernel net drivers/baz drivers/char misc"
objs_of() {
	case "$1" in
	arch/x86/kernel) echo head_64.o ;;
	init) echo main.o ;;
	kernel) echo core.o foo.o bar.o weak.o mmu.o ;;
	net) echo sock.o ;;
	drivers/baz) echo baz_main.o baz_debug.o ;;
	drivers/char) echo mem.o ;;
	misc) echo orphan.o ;;
	esac
}

build() {
	ot=$1
	shift
	mkdir -p "$ot"
	ot=$(cd "$ot" && pwd)
	builtins=""
	for d in $dirs; do
		mkdir -p "$ot/$d"
		members=""
		for o in $(objs_of "$d"); do
			"$CC" -c -I"$tree" "$@" -o "$ot/$d/$o" "$tree/$d/${o%.o}.S"
			members="$members $d/$o"
		done
		# shellcheck disable=SC2086 # word splitting wanted
		(cd "$ot" && rm -f "$d/built-in.a" &&
			"$AR" cDPrST "$d/built-in.a" $members)
		builtins="$builtins $d/built-in.a"
	done
	mkdir -p "$ot/lib"
	"$CC" -c -I"$tree" "$@" -o "$ot/lib/string.o" "$tree/lib/string.S"
	"$CC" -c -I"$tree" "$@" -o "$ot/init/version-timestamp.o" \
		"$tree/init/version-timestamp.S"
	# shellcheck disable=SC2086
	(cd "$ot" && rm -f built-in.a lib/lib.a vmlinux.a &&
		"$AR" cDPrST built-in.a $builtins &&
		"$AR" cDPrST lib/lib.a lib/string.o &&
		"$AR" cDPrST vmlinux.a built-in.a lib/lib.a)
	"$LD" -m elf_x86_64 -z noexecstack --no-warn-rwx-segments \
		-T "$tree/fixture.lds" -o "$ot/vmlinux" \
		--whole-archive "$ot/vmlinux.a" --no-whole-archive \
		"$ot/init/version-timestamp.o"
	"$LD" -m elf_x86_64 -z noexecstack --no-warn-rwx-segments \
		-T "$tree/fixture-freed.lds" -o "$ot/vmlinux-freed" \
		--whole-archive "$ot/vmlinux.a" --no-whole-archive \
		"$ot/init/version-timestamp.o"
	ln -sfn "$tree" "$ot/source"
	"$CC" -c -I"$tree" "$@" -o "$ot/mod.o" "$tree/module/mod.S"
	"$LD" -r -o "$ot/mod.ko" "$ot/mod.o"
}

build "$out"
build "$out/new" -DNEW
echo "$out"

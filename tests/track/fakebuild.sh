#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# fakebuild.sh - kslim-track --build-cmd for tests/track/mkhistory.sh trees
#
# Usage: kslim-track --build-cmd "sh tests/track/fakebuild.sh" sweep ...
#        (KSLIM_SRC, KSLIM_OBJ, KSLIM_FRAGMENT set by kslim-track)
#
# Builds like Kbuild, in miniature: the fragment is the .config (=y built
# in, =m a module, anything else off), every obj-y / obj-$(CONFIG_X) rule
# of the directories the top Makefile lists is compiled into OBJ, the
# built-in objects are collected in the thin archive OBJ/vmlinux.a and
# linked with the tree's kslim.lds into OBJ/vmlinux; modules (ld -r) are
# installed under OBJ/modroot/lib/modules/VERSION/kernel/.  OBJ/source
# points at the tree, as Kbuild's does.
#
# Test hooks: FAKE_BUILD_LOG (append one line per build), FAKE_FAIL_IF=text
# (fail when a source file of the tree contains text), FAKE_HANG_IF=text
# (then write the shell's pid to FAKE_HANG_PIDFILE and wait forever).
set -eu

src=${KSLIM_SRC:?}
obj=${KSLIM_OBJ:?}
frag=${KSLIM_FRAGMENT:?}

kv=$(awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
	$1 == "SUBLEVEL" { s = $2 } END { print v "." p "." s }' "$src/Makefile")
[ -z "${FAKE_BUILD_LOG:-}" ] || echo "build $kv $src" >>"$FAKE_BUILD_LOG"
if [ -n "${FAKE_FAIL_IF:-}" ] && grep -rqF "$FAKE_FAIL_IF" "$src"; then
	echo "fakebuild: error: $FAKE_FAIL_IF: simulated compile error" >&2
	exit 1
fi
if [ -n "${FAKE_HANG_IF:-}" ] && grep -rqF "$FAKE_HANG_IF" "$src"; then
	echo "$$" >"${FAKE_HANG_PIDFILE:?}"
	while :; do sleep 1; done
fi

grep '^CONFIG_' "$frag" >"$obj/.config" || true
ln -sfn "$src" "$obj/source"
rm -rf "$obj/modroot" "$obj/vmlinux" "$obj/vmlinux.a" "$obj/builtin.list"
cflags="-O2 -fno-pic -fno-asynchronous-unwind-tables -fno-stack-protector
	-ffreestanding -fno-common -mcmodel=kernel -I$src/include"

builtin=
dirs=$(sed -n 's/^obj-y *+= *//p' "$src/Makefile")
for dir in $dirs; do
	dir=${dir%/}
	mkdir -p "$obj/$dir"
	# "obj-y += a.o b.o" / "obj-$(CONFIG_X) += c.o"
	rules=$(sed -n 's/^obj-\([^ ]*\) *+= *\(.*\)$/\1 \2/p' "$src/$dir/Makefile")
	printf '%s\n' "$rules" | while read -r cond objs; do
		[ -n "$cond" ] || continue
		case "$cond" in
		y) val=y ;;
		"\$(CONFIG_"*")")
			opt=${cond#\$(}
			opt=${opt%)}
			val=$(sed -n "s/^$opt=//p" "$obj/.config")
			;;
		*) val= ;;
		esac
		for o in $objs; do
			case "$val" in y|m) ;; *) continue ;; esac
			stem=${o%.o}
			echo "  CC      $dir/$o"
			# shellcheck disable=SC2086 # flags are split on purpose
			gcc $cflags -c -o "$obj/$dir/$o" "$src/$dir/$stem.c"
			if [ "$val" = y ]; then
				echo "$dir/$o" >>"$obj/builtin.list"
			else
				echo "  LD [M]  $dir/$stem.ko"
				ld -r -o "$obj/$dir/$stem.ko" "$obj/$dir/$o"
				mkdir -p "$obj/modroot/lib/modules/$kv/kernel/$dir"
				cp "$obj/$dir/$stem.ko" \
					"$obj/modroot/lib/modules/$kv/kernel/$dir/"
			fi
		done
	done
done
[ -f "$obj/builtin.list" ] && builtin=$(cat "$obj/builtin.list")
rm -f "$obj/builtin.list"
echo "  AR      vmlinux.a"
# shellcheck disable=SC2086 # one argument per object
(cd "$obj" && ar cDPrST vmlinux.a $builtin)
echo "  LD      vmlinux"
ld -m elf_x86_64 -static -T "$src/kslim.lds" -o "$obj/vmlinux" \
	--whole-archive "$obj/vmlinux.a"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ksrc.sh - prepare the pristine kernel tree and the quilt working copy
#
# Usage: scripts/ksrc.sh [--pristine-only] OUT [KSRC]
#
# OUT/stock/src    pristine tree, read-only: Debian's linux-source-6.12
#                  tarball unpacked, or a copy of KSRC
# OUT/modular/src  working copy of it with patches/series pushed by quilt
#
# Both are refreshed only when their input changed: the tarball or KSRC for
# the pristine tree, the series and its patches for the working copy.  The
# user's KSRC is only read.  Exit codes: 0 ready, 1 the series does not
# apply, 2 usage or input error (no source, unclean KSRC).
set -eu

me=ksrc
root=$(cd "$(dirname "$0")/.." && pwd)
tarball=${KSLIM_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
patches=${KSLIM_PATCHES:-$root/patches}

die() {
	echo "$me: error: $*" >&2
	exit 2
}

pristine_only=
if [ "${1:-}" = "--pristine-only" ]; then
	pristine_only=1
	shift
fi
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
	die "usage: scripts/ksrc.sh [--pristine-only] OUT [KSRC]"
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
ksrc=${2:-}
pristine=$out/stock/src
work=$out/modular/src

# kversion TREE: VERSION.PATCHLEVEL.SUBLEVEL, by kslim's one version reader
kversion() {
	"${PYTHON:-/usr/bin/python3}" "$root/scripts/kslim.py" version "$1"
}

# The kernel refuses O= builds from a tree that was configured in place;
# say so before copying it, as `make O=` would only say it much later.
check_clean() {
	for f in .config include/config include/generated \
		 arch/x86/include/generated; do
		[ ! -e "$1/$f" ] ||
			die "'$1' is not clean (it has $f); run 'make -C $1 mrproper' first, the kernel refuses O= builds from it"
	done
}

# Identity of the source: what must change for the pristine tree to be redone.
if [ -n "$ksrc" ]; then
	[ -d "$ksrc" ] || die "cannot use KSRC '$ksrc': No such directory"
	ksrc=$(cd "$ksrc" && pwd)
	for f in Makefile Kconfig arch/x86; do
		[ -e "$ksrc/$f" ] ||
			die "'$ksrc' is not a Linux source tree (no $f)"
	done
	check_clean "$ksrc"
	id="ksrc $ksrc"
else
	[ -f "$tarball" ] ||
		die "cannot open '$tarball': No such file (apt-get install linux-source-6.12, or set KSRC=)"
	id="tarball $tarball $(stat -c '%s %Y' "$tarball")"
fi

mkdir -p "$out/stock" "$out/modular"
if [ -n "$ksrc" ]; then
	# A user's tree can change under us at any time: resync it (cheap when
	# nothing changed; mtimes are kept, so Kbuild rebuilds only what did).
	echo "  SYNC    $ksrc -> $pristine"
	[ ! -d "$pristine" ] || chmod -R u+w "$pristine"
	rsync -a --delete --exclude=.git --exclude=.pc --exclude=/patches \
		"$ksrc/" "$pristine/"
	chmod -R a-w "$pristine"
	printf '%s\n' "$id" >"$out/stock/src.id"
elif [ "$(cat "$out/stock/src.id" 2>/dev/null)" != "$id" ]; then
	echo "  UNPACK  $tarball -> $pristine"
	[ ! -d "$pristine" ] || chmod -R u+w "$pristine"
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -xJf "$tarball" -C "$pristine.tmp" --strip-components=1
	chmod -R a-w "$pristine.tmp"
	mv "$pristine.tmp" "$pristine"
	printf '%s\n' "$id" >"$out/stock/src.id"
fi

base=$(cat "$patches/BASE")
have=$(kversion "$pristine")
if [ "$have" != "$base" ]; then
	echo "$me: warning: kernel source is $have but patches/ are based on $base; the series may not apply" >&2
fi
[ -z "$pristine_only" ] || exit 0

# The working copy is redone from the pristine tree when that changed;
# otherwise the series is popped and pushed again from its first changed
# patch.
srcid=$(cat "$out/stock/src.id")
if [ "$(cat "$out/modular/src.id" 2>/dev/null)" != "$srcid" ]; then
	echo "  COPY    $pristine -> $work"
	[ ! -d "$work" ] || chmod -R u+w "$work"
	rm -rf "$work" "$out/modular/series.id"
	cp -a "$pristine" "$work"
	chmod -R u+w "$work"
	ln -s "$patches" "$work/patches"
	printf '%s\n' "$srcid" >"$out/modular/src.id"
fi

series_list=$("${PYTHON:-/usr/bin/python3}" "$root/scripts/kslim.py" series "$patches")
for p in $series_list; do
	[ -f "$patches/$p" ] || die "patches/series names '$p', which does not exist"
done
# series.id lists "md5sum  patch" for the series as last pushed.  Only the
# patches from the first one that changed are popped and pushed again, so
# a rebuild recompiles what those patches touch, not everything the series
# touches.  series.id is removed while quilt runs: after a failed push the
# next run starts from pop -a.
series_id=$(cd "$patches" && for p in $series_list; do md5sum "$p"; done)
old_id=$(cat "$out/modular/series.id" 2>/dev/null || true)
[ "$old_id" != "$series_id" ] || exit 0
rm -f "$out/modular/series.id"

export QUILT_PATCHES="$patches" QUILT_PC=.pc
cd "$work"
applied=$(cat .pc/applied-patches 2>/dev/null || true)
# keep: the longest prefix of the applied patches that the old and the new
# series.id both list with the same checksum.
keep=$(printf '%s\n' "$applied" | awk -v old="$old_id" -v new="$series_id" '
	BEGIN { no = split(old, o, "\n"); nn = split(new, w, "\n") }
	$0 == "" { exit }
	{
		i = NR
		if (i > no || i > nn || o[i] != w[i]) exit
		split(o[i], f, "  ")
		if (f[2] != $0) exit
		last = $0
	}
	END { print last }')
if [ -n "$applied" ] && [ "$keep" != "$(printf '%s\n' "$applied" | tail -n1)" ]; then
	if [ -n "$keep" ]; then
		echo "  QUILT   pop $keep"
		set -- "$keep"
	else
		echo "  QUILT   pop -a"
		set -- -a
	fi
	quilt pop -f -q "$@" >"$out/modular/quilt.log" 2>&1 ||
		{ echo "$me: error: quilt pop $* failed in '$work'; log: $out/modular/quilt.log" >&2; exit 1; }
fi
n=$(printf '%s' "$series_list" | grep -c . || true)
n_applied=$(grep -c . .pc/applied-patches 2>/dev/null || true)
if [ "$n" -gt "${n_applied:-0}" ]; then
	echo "  QUILT   push -a ($((n - ${n_applied:-0})) of $n patches)"
	if ! quilt push -a -q --fuzz=0 >"$out/modular/quilt.log" 2>&1; then
		echo "$me: error: the series does not apply to $have: $(grep -m1 -i 'fail\|error' "$out/modular/quilt.log" || tail -n1 "$out/modular/quilt.log")" >&2
		echo "$me: log: $out/modular/quilt.log; reproduce: cd $work && QUILT_PATCHES=$patches quilt push -a --fuzz=0" >&2
		exit 1
	fi
fi
printf '%s\n' "$series_id" >"$out/modular/series.id"

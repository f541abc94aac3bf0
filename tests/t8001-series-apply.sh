#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t8001-series-apply: patches/series applies with quilt push -a --fuzz=0 on
# a fresh copy of the pristine kernel tree, every patch applying cleanly
# without offsets' help, and quilt pop -a gives back a tree byte-identical
# to the pristine one (diff -r), so the series is a reversible step.
#
# patches/BASE records the release the series was last verified on.  When
# Debian ships another point release, the series is checked against the
# tree it is given: it must still apply with --fuzz=0; the version
# mismatch and any offsets are reported (SKIP with the reason), not
# failed, so that `make check` keeps working until the series is refreshed.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_cmd quilt quilt
need_cmd diff diffutils

patches=${KSLIM_PATCHES:-$KSLIM_ROOT/patches}
pristine=$O/stock/src

need_built "make source" "$pristine/Makefile"

series_list "$patches" >"$T/series"
kernel_version "$pristine" >"$T/version"
have=$(cat "$T/version")
base=$(cat "$patches/BASE")
if [ "$have" = "$base" ]; then
	ok "patches/BASE names the pristine tree's version ($base)"
else
	skip "patches/BASE names the pristine tree's version" \
		"the tree is $have, the series was last verified on $base: refresh the patches and BASE"
fi

n=$(grep -c . "$T/series" || true)

# A fresh copy made of hard links, which is cheap for a 1.7 GB tree and
# lets diff -r skip the files nobody touched.  Every file a patch names is
# then made a real copy of its own: patch(1) replaces files by rename, but
# quilt pop touches the files it restores, and a shared inode would carry
# that into the pristine tree.  The stamp catches any write to it.
touch "$T/stamp"
cp -al "$pristine" "$T/src"
find "$T/src" -type d -exec chmod u+w {} +
while read -r p; do
		sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p; s|^--- a/\([^[:space:]]*\).*|\1|p' \
			"$patches/$p"
	done <"$T/series" | sort -u >"$T/files"
while read -r f; do
	[ -f "$pristine/$f" ] || continue
	cp --remove-destination -p "$pristine/$f" "$T/src/$f"
	chmod u+w "$T/src/$f"
done <"$T/files"

# --quiltrc -: the system quiltrc (backups, colours) must not change what
# is tested; the settings a developer uses are given explicitly.
q() {
	(cd "$T/src" && QUILT_PATCHES=$patches QUILT_PC=.pc \
		quilt --quiltrc - "$@")
}

check "quilt push -a --fuzz=0 applies all $n patches" q push -a -q --fuzz=0
log=$(last_log)
if grep -q -i 'offset\|fuzz' "$log" && [ "$have" != "$base" ]; then
	skip "no hunk needs an offset or fuzz" \
		"$(grep -c -i 'offset\|fuzz' "$log") hunks move on $have (verified on $base)"
	grep -i 'offset\|fuzz' "$log" | head -n 10 | diag_stdin
elif grep -q -i 'offset\|fuzz' "$log"; then
	not_ok "no hunk needs an offset or fuzz"
	grep -i 'offset\|fuzz' "$log" | head -n 10 | diag_stdin
else
	ok "no hunk needs an offset or fuzz"
fi
q applied >"$T/applied" 2>/dev/null || true
sed 's|.*/||' "$T/applied" >"$T/applied.names"
check_golden "every patch of the series is applied, in order" \
	"$T/series" "$T/applied.names"

if [ "$n" -gt 0 ]; then
	check "quilt pop -a removes them again" q pop -a -q
else
	skip "quilt pop -a removes them again" "empty series"
fi
rm -rf "$T/src/.pc"
check "the tree is byte-identical to the pristine one after pop -a" \
	diff -r --no-dereference "$pristine" "$T/src"

# mtime only: the hard links themselves change every inode's ctime.
find "$pristine" -type f -newer "$T/stamp" >"$T/touched"
check "the pristine tree was not written to" test ! -s "$T/touched"

# The quilt working copy that `make` builds the modular kernels from must
# be the pristine tree plus the series and nothing else: an edit made there
# but never added to a patch builds locally and is missing from the series.
work=$O/modular/src
if [ -d "$work/.pc" ]; then
	diff -rq --no-dereference --exclude=.pc --exclude=patches \
		"$pristine" "$work" 2>&1 |
		sed -n -e "s|^Files $pristine/\([^ ]*\) and .*|\1|p" \
			-e "s|^Only in $work/*\([^:]*\): \(.*\)|\1/\2|p" |
		sed 's|^/||' | sort -u >"$T/work-changed"
	(cd "$work" && while read -r p; do
		QUILT_PATCHES=$patches quilt files "$p" 2>/dev/null
	done) <"$T/series" | sort -u >"$T/series-files"
	comm -23 "$T/work-changed" "$T/series-files" >"$T/stray"
	check "the quilt working copy changes no file outside the series" \
		test ! -s "$T/stray"
	[ ! -s "$T/stray" ] || diag_stdin <"$T/stray"
else
	skip "the quilt working copy changes no file outside the series" \
		"no working copy in $work (run make source)"
fi

rm -rf "$T/src"
done_testing

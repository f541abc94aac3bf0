#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t8000-series-checkpatch: every patch of patches/series is a kernel-style
# commit message ("Subject: [PATCH] subsys: ...", a body, "---") with no
# identity of its own (make mbox adds From: and Signed-off-by: from the
# submitter's git config; t8100 checks the signed patches it writes), and
# passes the kernel's own scripts/checkpatch.pl --strict from the pristine
# tree, and the series names exactly the patches patches/ holds.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_cmd perl perl

patches=${KSLIM_PATCHES:-$KSLIM_ROOT/patches}
checkpatch=$O/stock/src/scripts/checkpatch.pl

series_list "$patches" >"$T/series"
find "$patches" -maxdepth 1 -name '*.patch' -exec basename {} \; | sort >"$T/files"
sort "$T/series" >"$T/series.sorted"
check_golden "patches/series names every patches/*.patch, and only those" \
	"$T/files" "$T/series.sorted"
sort -u "$T/series" >"$T/series.uniq"
check_golden "no patch is listed twice" "$T/series.uniq" "$T/series.sorted"

# Every entry of patches/ is known: BASE, series, trees, a patch of the
# series, or one of the folders cover/ (cover letters), attribution/
# (semantic-patch attributions) and wip/ (patches not in the series yet,
# patches/wip/README.rst).  A backup (*~), a reject or a patch the series
# forgot is an error, not something to ship.
(cd "$patches" && find . -mindepth 1 -maxdepth 1 | sed 's|^\./||' | sort) |
	while read -r f; do
		case $f in
		BASE | series | trees) [ -f "$patches/$f" ] || echo "$f: not a file" ;;
		cover | attribution | wip) [ -d "$patches/$f" ] || echo "$f: not a folder" ;;
		*) grep -qxF "$f" "$T/series" || echo "$f: neither a patch of the series nor known" ;;
		esac
	done >"$T/unknown"
check_golden "patches/ holds only BASE, series, trees, cover/, attribution/, wip/ and the series" \
	/dev/null "$T/unknown"
if [ -d "$patches/wip" ]; then
	(cd "$patches/wip" && find . -mindepth 1 | sed 's|^\./||' | sort) |
		grep -vx -e 'README\.rst' -e '[^/]*\.patch' >"$T/wip.unknown" || true
	check_golden "patches/wip/ holds only README.rst and .patch files" \
		/dev/null "$T/wip.unknown"
	(cd "$patches/wip" && find . -name '*.patch' | sed 's|^\./||') |
		grep -xF -f "$T/series" >"$T/wip.series" || true
	check_golden "no patch of patches/wip/ is also in the series" /dev/null "$T/wip.series"
fi

# header_ok PATCH: the commit message checkpatch does not check itself
header_ok() {
	sed -n '1,/^---$/p' "$1" >"$T/hdr"
	! grep -Eq '^(From|Signed-off-by): ' "$T/hdr" ||
		{ echo "an identity in the patch (make mbox adds the submitter's)"; return 1; }
	! grep -qi 'example\.org' "$T/hdr" ||
		{ echo "a placeholder address"; return 1; }
	grep -q '^Subject: \[PATCH\] [A-Za-z0-9/_.-]*: .' "$T/hdr" ||
		{ echo "no 'Subject: [PATCH] subsys: summary' line"; return 1; }
	[ "$(sed -n '/^Subject: /,/^---$/p' "$T/hdr" | grep -c .)" -gt 3 ] ||
		{ echo "no body"; return 1; }
	grep -q '^---$' "$T/hdr" || { echo "no '---' after the message"; return 1; }
}

if [ ! -f "$checkpatch" ]; then
	have_checkpatch=
	diag "no $checkpatch: run 'make source' first"
else
	have_checkpatch=1
fi

while read -r p; do
	check "$p: Subject [PATCH] subsys:, a body, no identity" header_ok "$patches/$p"
	if [ -z "$have_checkpatch" ]; then
		skip "$p: checkpatch.pl --strict clean" "no pristine tree ($checkpatch)"
		continue
	fi
	# --no-tree: the pristine tree is read-only and checkpatch only
	# needs its spelling and const-struct lists, which it finds itself.
	out=$T/$p.checkpatch
	# checkpatch exits non-zero on any ERROR, WARNING or (--strict) CHECK.
	# --no-signoff: the sign-off is the submitter's (make mbox, t8100).
	if perl "$checkpatch" --strict --no-tree --no-signoff --no-color --terse \
		--show-types "$patches/$p" >"$out" 2>&1; then
		ok "$p: checkpatch.pl --strict clean"
	else
		not_ok "$p: checkpatch.pl --strict clean"
		head -n 30 "$out" | diag_stdin
	fi
done <"$T/series"

done_testing

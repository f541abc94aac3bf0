#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t8100-mbox-roundtrip: `make mbox` (scripts/mbox.sh) splits the series into
# one patch set per maintainer tree (patches/trees), and what it writes is
# what a maintainer can apply: git am of every set, in order, onto a fresh
# git repository of the pristine tree gives the tree quilt push -a gives;
# each set without a NEEDS applies on the pristine base alone; every
# generated patch passes checkpatch.pl --strict from the pristine tree;
# From:/Signed-off-by: are the submitter's git identity, never the
# placeholder; the subjects follow each tree's style; To/Cc come from
# get_maintainer.pl; the cover letters carry the measured numbers.  The
# refusals (no identity, a placeholder identity, a patch the table does not
# know) are one line and exit 2.
# shellcheck source=tests/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"
need_cmd git git
need_cmd perl perl
need_cmd quilt quilt

patches=${KSLIM_PATCHES:-$KSLIM_ROOT/patches}
pristine=$O/stock/src
report=$O/report/kvm-host
MBOX=$KSLIM_ROOT/scripts/mbox.sh

if [ ! -f "$pristine/Makefile" ]; then
	skip_all "no pristine tree in $pristine (run 'make source')"
fi
if [ ! -f "$report/summary.txt" ]; then
	skip_all "no size report in $report (run 'make')"
fi

# The submitter of this test: a git identity of its own, nothing else of
# the user's configuration.
GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_NOSYSTEM
printf '[user]\n\tname = Ada Tester\n\temail = ada@mbox-test.invalid\n' \
	>"$T/gitconfig"
: >"$T/empty.gitconfig"
printf '[user]\n\tname = kslim developers\n\temail = kslim@example.org\n' \
	>"$T/placeholder.gitconfig"

# ---- refusals --------------------------------------------------------------
if git -C "$KSLIM_ROOT" config --local user.email >/dev/null 2>&1; then
	skip "no git identity: one line, exit 2" \
		"$KSLIM_ROOT/.git/config sets user.email"
else
	check_exit "no git identity: exit 2" 2 \
		env GIT_CONFIG_GLOBAL="$T/empty.gitconfig" "$MBOX" "$T/refuse"
	log=$(last_log)
	check_grep "... in one line naming user.name and user.email" \
		'^mbox: error: git config user.name and user.email are not set' "$log"
	check "... and only one" test "$(wc -l <"$log")" -eq 1
	check_exit "the placeholder identity kslim@example.org: exit 2" 2 \
		env GIT_CONFIG_GLOBAL="$T/placeholder.gitconfig" "$MBOX" "$T/refuse"
	check_grep "... it says so" 'a placeholder' "$(last_log)"
fi

mkdir -p "$T/unmapped"
cp -R "$patches"/. "$T/unmapped/"
printf 'Subject: [PATCH] x86/boot: Something new\n\nWhy.\n---\n' \
	>"$T/unmapped/x86-boot-something-new.patch"
echo x86-boot-something-new.patch >>"$T/unmapped/series"
check_exit "a patch patches/trees does not know: exit 2" 2 \
	env GIT_CONFIG_GLOBAL="$T/gitconfig" KSLIM_PATCHES="$T/unmapped" \
	"$MBOX" "$T/refuse"
log=$(last_log)
check_grep "... one line naming it" \
	"^mbox: error: 'x86-boot-something-new.patch' has no line in" "$log"
check "... and only one" test "$(wc -l <"$log")" -eq 1

mkdir -p "$T/lower"
cp -R "$patches"/. "$T/lower/"
first_tip=$(awk '$1 == "set" && $3 == "tip" { print $2; exit }' "$patches/trees")
tip_patch=$(awk -v s="$first_tip" '$1 == "patch" && $3 == s { print $2; exit }' \
	"$patches/trees")
if [ -n "$tip_patch" ]; then
	sed -i '/^Subject:/s/: \([A-Z]\)\([^:]*\)$/: \L\1\E\2/' "$T/lower/$tip_patch"
	check_exit "a tip subject without the capital: exit 2" 2 \
		env GIT_CONFIG_GLOBAL="$T/gitconfig" KSLIM_PATCHES="$T/lower" \
		"$MBOX" "$T/refuse"
	check_grep "... naming the patch" "$tip_patch: tip wants a capital" "$(last_log)"
else
	skip "a tip subject without the capital: exit 2" "no tip set in patches/trees"
fi
check "the refusals wrote no set" test ! -e "$T/refuse/git"

# ---- the sets -------------------------------------------------------------
touch "$T/stamp"
out=$T/mbox
start=$(date +%s)
check "scripts/mbox.sh writes every set" \
	env GIT_CONFIG_GLOBAL="$T/gitconfig" "$MBOX" "$out"
cp "$(last_log)" "$T/mbox.log"
diag_stdin <"$T/mbox.log"
diag "mbox.sh: $(($(date +%s) - start)) s (a fresh throwaway repository)"

sed -n 's/^  SET     \([^:]*\):.*/\1/p' "$T/mbox.log" >"$T/sets"
awk '$1 == "set" { print $2 }' "$patches/trees" | sort >"$T/sets.table"
sort "$T/sets" >"$T/sets.sorted"
check_golden "one set per set line of patches/trees" "$T/sets.table" "$T/sets.sorted"

series_list "$patches" >"$T/series"
n_series=$(grep -c . "$T/series")
n_sent=0
while read -r s; do
	[ -f "$out/$s.mbox" ] || { not_ok "$s: $out/$s.mbox"; continue; }
	n_dir=$(find "$out/$s" -name '0*.patch' ! -name '0000-*' | wc -l)
	n_mbox=$(grep -c '^From [0-9a-f]\{40\} ' "$out/$s.mbox")
	check "$s: $s.mbox holds the $n_dir patches of $s/, no cover letter" \
		test "$n_mbox" -eq "$n_dir" -a -f "$out/$s/0000-cover-letter.patch"
	n_sent=$((n_sent + n_dir))
done <"$T/sets"
check "the sets hold the $n_series patches of the series" test "$n_sent" -eq "$n_series"

# identity
grep -l -i 'example\.org' "$out"/*.mbox >"$T/placeholder" || true
check "no message carries the placeholder identity" test ! -s "$T/placeholder"
grep -h '^From: ' "$out"/*.mbox | sort -u >"$T/froms"
echo 'From: Ada Tester <ada@mbox-test.invalid>' >"$T/froms.want"
check_golden "every From: is the submitter's git identity" "$T/froms.want" "$T/froms"
nsob=$(grep -c '^Signed-off-by: Ada Tester <ada@mbox-test.invalid>$' "$out"/*.mbox |
	awk -F: '{ s += $2 } END { print s }')
check "every patch has the submitter's Signed-off-by ($nsob of $n_series)" \
	test "$nsob" -eq "$n_series"

# subjects, To/Cc, cover letters
subject() {
	# the Subject: header, unfolded
	awk '/^Subject: / { s = $0; getline; while (/^ /) { s = s $0; getline } print s; exit }' "$1"
}
while read -r s; do
	tree=$(awk -v s="$s" '$1 == "set" && $2 == s { print $3 }' "$patches/trees")
	tag=$(awk -v t="$tree" '$1 == "tree" && $2 == t { print $3 }' "$patches/trees")
	style=$(awk -v t="$tree" '$1 == "tree" && $2 == t { print $4 }' "$patches/trees")
	[ "$tag" = - ] && want='PATCH' || want="PATCH $tag"
	bad=
	for f in "$out/$s"/0*.patch; do
		subj=$(subject "$f")
		case "$subj" in
		"Subject: [$want "[0-9]*/[0-9]*"] "*) ;;
		*) bad="$bad ${f##*/}" ;;
		esac
		if [ "$style" = upper ] && [ "${f##*/}" != 0000-cover-letter.patch ]; then
			echo "$subj" | grep -q '^Subject: \[[^]]*\] [^ ]*: [A-Z]' ||
				bad="$bad ${f##*/}(capital)"
		fi
	done
	check "$s: subjects are [$want n/m] for $tree${bad:+ (not:$bad)}" test -z "$bad"
	cover=$out/$s/0000-cover-letter.patch
	check_grep "$s: the cover letter has To: from get_maintainer.pl" '^To: .' "$cover"
	check_grep "$s: ... and Cc: the lists" '^Cc: .*@vger\.kernel\.org' "$cover"
	check_grep "$s: ... a title, not git's placeholder" \
		"^Subject: \[$want 0/[0-9]*\] [^*]" "$cover"
	check_grep "$s: ... base-commit:" '^base-commit: [0-9a-f]\{40\}$' "$cover"
	line=$(head -n 1 "$report/summary.txt")
	check_grep "$s: ... the measured sizes of make (${line%%(*})" \
		"^  $(printf '%s' "$line" | sed 's/[][\.*^$]/\\&/g')" "$cover"
	check_grep "$s: ... and the booted host's memory" \
		'host scenario kernel memory Before=[0-9]*, After=[0-9]*' "$cover"
	check_grep "$s: ... and the boot tests" '^- boot test .*: [0-9]* passed, 0 failed' "$cover"
done <"$T/sets"
check "no cover letter names the project" \
	sh -c '! grep -i -l kslim "$@"' sh "$out"/*/0*.patch

# checkpatch from the pristine tree, on what is sent
for f in "$out"/*/0*.patch; do
	case "$f" in */0000-cover-letter.patch) continue ;; esac
	rel=${f#"$out"/}
	if perl "$pristine/scripts/checkpatch.pl" --strict --no-tree --no-color \
		--terse --show-types "$f" >"$T/checkpatch" 2>&1; then
		ok "$rel: checkpatch.pl --strict clean"
	else
		not_ok "$rel: checkpatch.pl --strict clean"
		head -n 20 "$T/checkpatch" | diag_stdin
	fi
done

# ---- round trip ---------------------------------------------------------
# The quilt side: the pristine tree as hard links, the files the series
# touches private copies, quilt push -a (as t8001).
series_list "$patches" | while read -r p; do
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p; s|^--- a/\([^[:space:]]*\).*|\1|p' \
		"$patches/$p"
done | sort -u >"$T/files"
cp -al "$pristine" "$T/quilt"
find "$T/quilt" -type d -exec chmod u+w {} +
while read -r f; do
	[ -f "$pristine/$f" ] || continue
	cp --remove-destination -p "$pristine/$f" "$T/quilt/$f"
	chmod u+w "$T/quilt/$f"
done <"$T/files"
check "quilt push -a on a copy of the pristine tree" \
	sh -c 'cd "$1" && QUILT_PATCHES="$2" QUILT_PC=.pc quilt --quiltrc - push -a -q --fuzz=0' \
	sh "$T/quilt" "$patches"

# The git side: a fresh repository that shares the objects of mbox.sh's
# base commit (the pristine tree) and checks out only the files the series
# touches, so that git am writes a few files, not 1.7 GB.
rt=$T/rt
g() {
	env GIT_CONFIG_GLOBAL="$T/gitconfig" git -C "$rt" "$@"
}
git clone -q --shared --no-checkout "$out/git" "$rt"
# shellcheck disable=SC2046 # one path per line, no blanks
g sparse-checkout set --no-cone $(sed 's|^|/|' "$T/files")
g checkout -q -f base 2>"$T/checkout.err" || diag_stdin <"$T/checkout.err"
check "the base commit is the pristine tree (touched files)" \
	sh -c 'while read -r f; do [ ! -f "$2/$f" ] || cmp -s "$2/$f" "$1/$f" || exit 1; done <"$3"' \
	sh "$rt" "$pristine" "$T/files"

# each set on the base alone, unless it needs another
while read -r s; do
	needs=$(awk -v s="$s" '$1 == "set" && $2 == s { print $4 }' "$patches/trees")
	[ "$needs" = - ] || { skip "$s applies on the base alone" "it needs $needs"; continue; }
	g checkout -q -f -B "alone-$s" base
	check "$s applies on the pristine base alone (git am)" g am -q "$out/$s.mbox"
	g am --abort >/dev/null 2>&1 || true
done <"$T/sets"

# all sets, in order
g checkout -q -f -B roundtrip base
while read -r s; do
	check "git am $s.mbox (in order)" g am -q "$out/$s.mbox"
	g am --abort >/dev/null 2>&1 || true
done <"$T/sets"
g log --format=%s base..roundtrip | sed 's/^\[[^]]*\] //' | tac >"$T/am.subjects"
series_list "$patches" | while read -r p; do
	sed -n 's/^Subject: \(\[PATCH[^]]*\] \)\{0,1\}//p' "$patches/$p" | head -n 1
done >"$T/series.subjects"
check_golden "the commits are the series' patches, in order" \
	"$T/series.subjects" "$T/am.subjects"
g diff --name-only base roundtrip | sort >"$T/am.files"
check_golden "git am changes exactly the files the series touches" "$T/files" "$T/am.files"
while read -r f; do
	if [ -e "$T/quilt/$f" ] || [ -e "$rt/$f" ]; then
		cmp -s "$T/quilt/$f" "$rt/$f" || echo "$f"
	fi
done <"$T/files" >"$T/differ"
check "the git am tree equals the quilt-pushed tree" test ! -s "$T/differ"
[ ! -s "$T/differ" ] || diag_stdin <"$T/differ"

# ---- a set that needs another ---------------------------------------------
# The last set made to need the first: it is based on the first set's
# branch, its cover letter says so, format-patch lists the first set's
# patches as prerequisites, and git am applies it on top of the first.
last=$(tail -n 1 "$T/sets")
firstset=$(head -n 1 "$T/sets")
if [ "$last" != "$firstset" ]; then
	mkdir -p "$T/needs"
	cp -R "$patches"/. "$T/needs/"
	awk -v s="$last" -v n="$firstset" '$1 == "set" && $2 == s { $4 = n } 1' \
		"$patches/trees" >"$T/needs/trees"
	check "mbox.sh with '$last' needing '$firstset'" \
		env GIT_CONFIG_GLOBAL="$T/gitconfig" KSLIM_PATCHES="$T/needs" \
		"$MBOX" "$out"
	cover=$out/$last/0000-cover-letter.patch
	check_grep "... its cover letter names the set it applies on" \
		'^This set applies on top of the set' "$cover"
	check_grep "... and lists prerequisite-patch-id lines" \
		'^prerequisite-patch-id: [0-9a-f]\{40\}$' "$cover"
	g checkout -q -f -B "needs-$last" base
	check "git am $firstset.mbox then $last.mbox" \
		env GIT_CONFIG_GLOBAL="$T/gitconfig" \
		sh -c 'git -C "$1" am -q "$2" && git -C "$1" am -q "$3"' \
		sh "$rt" "$out/$firstset.mbox" "$out/$last.mbox"
	g am --abort >/dev/null 2>&1 || true
else
	skip "a set that needs another" "only one set"
fi

find "$pristine" -type f -newer "$T/stamp" >"$T/touched"
check "the pristine tree was not written to" test ! -s "$T/touched"

rm -rf "$T/quilt" "$rt" "$out/git"
done_testing

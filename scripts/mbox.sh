#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mbox.sh - the patch series as one patch set per maintainer tree, ready
# for git send-email or b4: what `make mbox` runs
#
# Usage: scripts/mbox.sh [--report DIR] [--boot DIR] [--distro FILE] OUT
#
# patches/trees maps every patch of patches/series to a set and its tree.
# In a throwaway git repository made from the pristine tree ($O/stock/src,
# only read), each set is imported with git quiltimport onto the base (or
# onto the set it needs), then git format-patch --cover-letter --base
# --signoff writes it to OUT/SET/ (for git send-email), To/Cc from the
# kernel's scripts/get_maintainer.pl, and OUT/SET.mbox holds its patches
# without the cover letter, ready for git am.
# The cover letter is patches/cover/SET.txt plus the measured sizes of
# `make` (--report, default $O/report/kvm-host) and the boot harness and
# distro-check results (--boot, default $O/boot; --distro, default
# $O/distro/matrix.txt).
#
# From: and Signed-off-by: are the submitter's git config user.name and
# user.email; the patches in the repository carry no identity.
#
# Exit status: 0 written, 1 a set does not apply, 2 usage or input error
# (no identity, a patch patches/trees does not know, a subject that does
# not follow its tree's style, missing report).
set -eu

me=mbox
root=$(cd "$(dirname "$0")/.." && pwd)
patches=${KSLIM_PATCHES:-$root/patches}
O=${O:-$root/build}
pristine=$O/stock/src

die() {
	echo "$me: error: $*" >&2
	exit 2
}

report=$O/report/kvm-host boot=$O/boot distro=$O/distro/matrix.txt
while [ "$#" -gt 1 ]; do
	case "$1" in
	--report) report=$2; shift 2 ;;
	--boot) boot=$2; shift 2 ;;
	--distro) distro=$2; shift 2 ;;
	*) break ;;
	esac
done
case "$#:${1:-}" in
1:-*|1:) die "usage: scripts/mbox.sh [--report DIR] [--boot DIR] [--distro FILE] OUT" ;;
1:*) ;;
*) die "usage: scripts/mbox.sh [--report DIR] [--boot DIR] [--distro FILE] OUT" ;;
esac
mkdir -p "$1"
out=$(cd "$1" && pwd)

for t in git:git perl:perl python3:python3; do
	command -v "${t%%:*}" >/dev/null 2>&1 ||
		die "the external command '${t%%:*}' is needed (Debian package ${t#*:})"
done
[ -f "$pristine/scripts/get_maintainer.pl" ] ||
	die "cannot open '$pristine/scripts/get_maintainer.pl': No such file (run 'make source')"
[ -f "$report/summary.txt" ] ||
	die "cannot open '$report/summary.txt': No such file (run 'make' first: the cover letters carry its numbers)"

# The submitter's identity, from their git configuration only.
name=$(git -C "$root" config user.name) || name=
email=$(git -C "$root" config user.email) || email=
if [ -z "$name" ] || [ -z "$email" ]; then
	die "git config user.name and user.email are not set: they give From: and Signed-off-by:"
fi
case "$email" in
*@example.org|*@example.com|*@example.net|*@localhost*)
	die "git config user.email is '$email', a placeholder: set the address you submit with" ;;
esac
ident="$name <$email>"

# The patch names of the series and a tree's version, by kslim's one
# reader of each (scripts/kslim.py).
series_list() {
	"${PYTHON:-/usr/bin/python3}" "$root/scripts/kslim.py" series "$patches"
}
kversion() {
	"${PYTHON:-/usr/bin/python3}" "$root/scripts/kslim.py" version "$1"
}

# ---- the table ----------------------------------------------------------
trees=$patches/trees
[ -f "$trees" ] || die "cannot open '$trees': No such file"
tab=$out/.table
mkdir -p "$tab"
sed -e 's/#.*//' "$trees" | awk -v f="$trees" -v d="$tab" '
	NF == 0 { next }
	$1 == "tree" && NF == 4 { print $2, $3, $4 > (d "/trees"); next }
	$1 == "set" && NF >= 5 {
		t = $0; sub(/^[ \t]*set[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", t)
		print $2, $3, $4 > (d "/sets"); print t > (d "/title." $2); next }
	$1 == "patch" && NF >= 4 {
		p = $4; i = 5
		# a prefix may be two words ("tty: pty:")
		while (i <= NF && $i !~ /^(to|cc):/) { p = p " " $i; i++ }
		print $2, $3 > (d "/patches"); print p > (d "/prefix." $2)
		for (; i <= NF; i++) print $i >> (d "/hints." $3); next }
	{ printf "mbox: error: %s: cannot parse \"%s\"\n", f, $0 > "/dev/stderr"; bad = 1 }
	END { exit bad ? 2 : 0 }' || exit 2
touch "$tab/trees" "$tab/sets" "$tab/patches"

series_list >"$tab/series"
while read -r p; do
	awk -v p="$p" '$1 == p { found = 1 } END { exit !found }' "$tab/patches" ||
		die "'$p' has no line in $trees (add: patch $p SET PREFIX)"
done <"$tab/series"
while read -r p s; do
	grep -qxF "$p" "$tab/series" ||
		die "$trees names '$p', which is not in $patches/series"
	awk -v s="$s" '$1 == s { found = 1 } END { exit !found }' "$tab/sets" ||
		die "$trees: '$p' is in set '$s', which has no set line"
	subj=$(sed -n 's/^Subject: \(\[PATCH[^]]*\] \)\{0,1\}//p' "$patches/$p" | head -n 1)
	prefix=$(cat "$tab/prefix.$p")
	case "$subj" in
	"$prefix "*) ;;
	*) die "$p: the subject '$subj' does not start with '$prefix' ($trees)" ;;
	esac
	tree=$(awk -v s="$s" '$1 == s { print $2 }' "$tab/sets")
	style=$(awk -v t="$tree" '$1 == t { print $3 }' "$tab/trees")
	[ -n "$style" ] || die "$trees: set '$s' goes to tree '$tree', which has no tree line"
	if [ "$style" = upper ]; then
		case "${subj#"$prefix "}" in
		[A-Z]*) ;;
		*) die "$p: $tree wants a capital after '$prefix': '$subj'" ;;
		esac
	fi
done <"$tab/patches"

# sets in the order of their first patch in the series
while read -r p; do
	awk -v p="$p" '$1 == p { print $2 }' "$tab/patches"
done <"$tab/series" | awk '!seen[$0]++' >"$tab/order"

# ---- the throwaway repository --------------------------------------------
# Hard links of the pristine tree, committed once per pristine tree
# (src.id); the files the series touches are private copies, so that
# nothing git writes can reach the pristine tree.
repo=$out/git
g() {
	git -C "$repo" -c user.name="$name" -c user.email="$email" \
		-c core.autocrlf=false -c advice.detachedHead=false "$@"
}
srcid=$(cat "$O/stock/src.id" 2>/dev/null || echo none)
if [ "$(cat "$out/git.id" 2>/dev/null)" != "$srcid" ] ||
	! g rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	echo "  COPY    $pristine -> $repo"
	rm -rf "$repo" "$out/git.id"
	cp -al "$pristine" "$repo"
	find "$repo" -type d -exec chmod u+w {} +
	version=$(kversion "$pristine")
	echo "  GIT     base: Linux $version (this takes a minute)"
	g init -q
	g config core.looseCompression 1
	g config gc.auto 0
	g add -A -f .
	g commit -q -m "Linux $version" --author="$ident"
	g tag base
	printf '%s\n' "$srcid" >"$out/git.id"
fi
while read -r p; do
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p; s|^--- a/\([^[:space:]]*\).*|\1|p' \
		"$patches/$p"
done <"$tab/series" | sort -u | while read -r f; do
	if [ -f "$repo/$f" ] && [ "$(stat -c %h "$repo/$f")" -gt 1 ]; then
		cp --remove-destination -p "$repo/$f" "$repo/$f.mbox-copy"
		mv -f "$repo/$f.mbox-copy" "$repo/$f"
	fi
done
g checkout -q -f base

# ---- the cover letter's measured part ---------------------------------
cfg=${report##*/}
# the compiler the measured kernel was built with, from its .comment
cc=$(readelf -p .comment "$O/modular/$cfg/vmlinux" 2>/dev/null |
	sed -n 's/^ *\[ *[0-9a-f]*\] *//p' | head -n 1)
measured() {
	echo "Size, measured on the same build without and with all sets applied"
	echo "(an x86_64 KVM host config, $cfg, on Linux $(kversion "$pristine")${cc:+, $cc}):"
	echo
	sed -n '1,/^MemTotal/p' "$report/summary.txt" | sed -e 's/^/  /' -e 's/[[:space:]]*$//'
	echo
	echo "\"resident\" is text + rodata + data + bss of vmlinux; \"kernel memory"
	echo "in the host scenario\" is the image a booted KVM host keeps after the"
	echo "boot frees its init sections, plus the modules it has loaded."
	echo
	echo "Tested:"
	for v in "$boot"/*/verdict.json; do
		[ -f "$v" ] || continue
		python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("- boot test %s: %d passed, %d failed, %d skipped%s" % (d["name"],
      len(d.get("pass", [])), len(d.get("fail", [])), d.get("skip", 0) if
      isinstance(d.get("skip"), int) else len(d.get("skip", [])),
      "" if d.get("passed") else " (FAILED)"))' "$v" 2>/dev/null || true
	done
	if [ -f "$distro" ]; then
		echo "- builds of the converted options' other values:"
		sed -e 's/^/    /' "$distro"
	fi
}
measured >"$tab/measured"

# ---- one set ------------------------------------------------------------
status=0
sets=$(cat "$tab/order")
for set in $sets; do
	tree=$(awk -v s="$set" '$1 == s { print $2 }' "$tab/sets")
	needs=$(awk -v s="$set" '$1 == s { print $3 }' "$tab/sets")
	tag=$(awk -v t="$tree" '$1 == t { print $2 }' "$tab/trees")
	awk -v s="$set" '$2 == s { print $1 }' "$tab/patches" >"$tab/want.$set"
	grep -xF -f "$tab/want.$set" "$tab/series" >"$tab/series.$set"
	n=$(grep -c . "$tab/series.$set")
	from=base
	if [ "$needs" != - ]; then
		echo "$sets" | grep -qx "$needs" || die "set '$set' needs '$needs', which is no set"
		g rev-parse -q --verify "refs/heads/$needs" >/dev/null ||
			die "set '$set' needs '$needs', which comes later in the series"
		from=$needs
	fi
	echo "  SET     $set: $n patch(es) for $tree${needs#-}"
	g checkout -q -f -B "$set" "$from"
	if ! g quiltimport --patches "$patches" --series "$tab/series.$set" \
		--author "$ident" >"$tab/import.$set" 2>&1; then
		echo "$me: error: set '$set' does not apply on ${from}:" >&2
		tail -n 5 "$tab/import.$set" >&2
		status=1
		continue
	fi
	prefix=PATCH
	[ "$tag" = - ] || prefix="PATCH $tag"
	set -- --cover-letter --cover-from-description=subject --base=base \
		--thread=shallow --signoff --subject-prefix="$prefix" --no-signature \
		-q "$from..$set"
	rm -rf "${out:?}/$set"
	g format-patch -o "$out/$set" "$@"
	for f in "$out/$set"/*.patch; do
		[ "${f##*/}" = 0000-cover-letter.patch ] || echo "$f"
	done >"$tab/files.$set"
	# the kernel's own checkpatch, on the patches as they are sent
	bad=0
	while read -r f; do
		(cd "$repo" && perl scripts/checkpatch.pl --strict --no-color --terse \
			--show-types "$f") >"$tab/checkpatch" 2>&1 || {
			bad=$((bad + 1))
			echo "$me: error: ${f#"$out"/}: checkpatch.pl --strict:" >&2
			head -n 20 "$tab/checkpatch" >&2
		}
	done <"$tab/files.$set"
	[ "$bad" -eq 0 ] || status=1
	{
		cat "$tab/title.$set"
		echo
		if [ -f "$patches/cover/$set.txt" ]; then
			cat "$patches/cover/$set.txt"
			echo
		fi
		if [ "$needs" != - ]; then
			echo "This set applies on top of the set \"$(cat "$tab/title.$needs")\"."
			echo
		fi
		cat "$tab/measured"
		if [ "$bad" -eq 0 ]; then
			echo "- checkpatch.pl --strict: no errors, warnings or checks."
		fi
	} >"$tab/cover.$set"
	g config "branch.$set.description" "$(cat "$tab/cover.$set")"
	# To: the maintainers and reviewers, Cc: the lists, of what the set
	# touches, as the kernel's own script finds them in this tree.
	gm() {
		# shellcheck disable=SC2046 # one patch file name per line, no blanks
		(cd "$repo" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--no-rolestats "$@" $(cat "$tab/files.$set"))
	}
	gm --m --r --no-l >"$tab/to.$set"
	gm --no-m --no-r --l >"$tab/cc.$set"
	sed -n 's/^to://p' "$tab/hints.$set" 2>/dev/null >>"$tab/to.$set" || true
	sed -n 's/^cc://p' "$tab/hints.$set" 2>/dev/null >>"$tab/cc.$set" || true
	while read -r a; do set -- "$@" --to="$a"; done <"$tab/to.$set"
	while read -r a; do set -- "$@" --cc="$a"; done <"$tab/cc.$set"
	rm -rf "${out:?}/$set"
	g format-patch -o "$out/$set" "$@"
	# the am-ready mbox: the patches in order, without the cover letter
	# (git am stops at a message without a diff)
	for f in "$out/$set"/*.patch; do
		[ "${f##*/}" = 0000-cover-letter.patch ] || cat "$f"
	done >"$out/$set.mbox"
	echo "  MBOX    $out/$set.mbox ($(grep -c . "$tab/to.$set") To, $(grep -c . "$tab/cc.$set") Cc)"
done
g checkout -q -f base
exit "$status"

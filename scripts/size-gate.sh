#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# size-gate.sh - fail a kernel project's CI job when vmlinux outgrows its
# budget or its baseline; the CI job of Documentation/size-gate.rst
#
# Usage: scripts/size-gate.sh [--budget FILE] [--baseline OLD] [--max-growth PCT]
#                             [--old-objtree DIR] [--new-objtree DIR]
#                             [--summary FILE] [--footprint PATH]
#                             [--build KSRC --config FILE --objtree DIR]
#                             [VMLINUX]
#
# Measures VMLINUX (or the one --build makes: the kernel tree KSRC built
# with the .config FILE into DIR) with footprint and checks it:
#
#   --budget FILE     against a budget file (footprint(1), configs/budgets/)
#   --baseline OLD    against the vmlinux of the target branch: the
#                     resident size may grow by --max-growth percent
#                     (default 0) when no budget is given, and the
#                     Markdown summary shows what changed since OLD
#
# The Markdown summary (the gate table, then `footprint diff --markdown`)
# goes to --summary FILE, and is appended to $GITHUB_STEP_SUMMARY when the
# job runs on GitHub Actions.  The objtrees give the rollups by object and
# Kconfig option (default: the directory of each vmlinux, if it has
# vmlinux.a).
#
# Exit status: 0 within budget, 1 over budget, 2 usage or input error
# (no such file, footprint missing, kernel build failed).
set -eu

me=size-gate

die() {
	echo "$me: error: $*" >&2
	exit 2
}

# the Usage block of the header above, and the exit codes
usage() {
	sed -n -e '/^# Usage:/,/^#$/{ /^#$/d; s/^# \{0,1\}//; p; }' \
		-e '/^# Exit status:/,/^[^#]/{ /^[^#]/d; s/^# \{0,1\}//; p; }' "$0"
}

need_arg() {
	[ "$#" -ge 2 ] || die "option '$1' needs a value"
}

budget='' baseline='' growth=0 old_objtree='' new_objtree='' summary=''
ksrc='' config='' objtree='' vmlinux='' fp=${FOOTPRINT:-}
while [ "$#" -gt 0 ]; do
	case "$1" in
	--budget) need_arg "$@"; budget=$2; shift 2 ;;
	--baseline) need_arg "$@"; baseline=$2; shift 2 ;;
	--max-growth) need_arg "$@"; growth=${2%%%}; shift 2 ;;
	--old-objtree) need_arg "$@"; old_objtree=$2; shift 2 ;;
	--new-objtree) need_arg "$@"; new_objtree=$2; shift 2 ;;
	--summary) need_arg "$@"; summary=$2; shift 2 ;;
	--footprint) need_arg "$@"; fp=$2; shift 2 ;;
	--build) need_arg "$@"; ksrc=$2; shift 2 ;;
	--config) need_arg "$@"; config=$2; shift 2 ;;
	--objtree) need_arg "$@"; objtree=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) [ -z "$vmlinux" ] || die "more than one VMLINUX ('$vmlinux', '$1')"
	   vmlinux=$1; shift ;;
	esac
done

case "$growth" in
''|*[!0-9.]*) die "--max-growth needs a percentage, not '$growth'" ;;
esac
[ -n "$budget" ] || [ -n "$baseline" ] ||
	die "nothing to check against: give --budget FILE and/or --baseline OLD"
[ -z "$budget" ] || [ -f "$budget" ] ||
	die "cannot open budget '$budget': No such file"
[ -z "$baseline" ] || [ -f "$baseline" ] ||
	die "cannot open baseline '$baseline': No such file"

if [ -z "$fp" ]; then
	fp=$(command -v footprint 2>/dev/null) ||
		die "the external command 'footprint' is needed (kslim: make tools; or --footprint PATH)"
fi
[ -x "$fp" ] || die "cannot run footprint '$fp': not an executable"

# --build: the project's config, built the way Kbuild builds it
if [ -n "$ksrc" ]; then
	if [ -z "$config" ] || [ -z "$objtree" ]; then
		die "--build needs --config FILE and --objtree DIR"
	fi
	[ -z "$vmlinux" ] || die "give VMLINUX or --build, not both"
	[ -f "$ksrc/Makefile" ] || die "'$ksrc' is not a kernel tree (no Makefile)"
	[ -f "$config" ] || die "cannot open config '$config': No such file"
	mkdir -p "$objtree"
	cp "$config" "$objtree/.config"
	jobs=${J:-$(nproc 2>/dev/null || echo 2)}
	echo "  BUILD   $objtree/vmlinux ($config)"
	if ! make -C "$ksrc" O="$objtree" -j"$jobs" olddefconfig vmlinux \
		>"$objtree/size-gate-build.log" 2>&1; then
		echo "$me: error: the kernel does not build; log: $objtree/size-gate-build.log" >&2
		echo "$me: reproduce: make -C $ksrc O=$objtree -j$jobs olddefconfig vmlinux" >&2
		exit 2
	fi
	vmlinux=$objtree/vmlinux
	[ -n "$new_objtree" ] || new_objtree=$objtree
fi
[ -n "$vmlinux" ] || die "no VMLINUX given (or --build KSRC)"
[ -f "$vmlinux" ] || die "cannot open '$vmlinux': No such file"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/size-gate.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Without a budget file the baseline is the budget: its resident size,
# footprint's own summary line, plus the allowed growth.
if [ -z "$budget" ]; then
	"$fp" --by symbol --top 0 "$baseline" >"$tmp/base.txt" 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; exit 2; }
	resident=$(sed -n '1s/.* resident \([0-9]*\) .*/\1/p' "$tmp/base.txt")
	[ -n "$resident" ] || die "cannot read the resident size of '$baseline'"
	printf '# the baseline %s\ntolerance %s%%\nresident %s\n' \
		"$baseline" "$growth" "$resident" >"$tmp/budget"
	budget=$tmp/budget
	shown_budget="resident of $baseline + $growth%"
else
	shown_budget=$budget
fi

rc=0
"$fp" gate --budget "$budget" "$vmlinux" >"$tmp/gate.txt" 2>"$tmp/err" || rc=$?
if [ "$rc" -ge 2 ]; then
	cat "$tmp/err" >&2
	exit 2
fi
cat "$tmp/gate.txt"
[ "$rc" -eq 0 ] && verdict=PASS || verdict=FAIL

{
	echo "## Kernel size gate: $verdict"
	echo
	echo "\`$vmlinux\` against $shown_budget"
	echo
	echo '```'
	cat "$tmp/gate.txt"
	echo '```'
} >"$tmp/summary.md"
if [ -n "$baseline" ]; then
	set -- diff --markdown
	[ -z "$old_objtree" ] || set -- "$@" --old-objtree "$old_objtree"
	[ -z "$new_objtree" ] || set -- "$@" --new-objtree "$new_objtree"
	echo >>"$tmp/summary.md"
	"$fp" "$@" "$baseline" "$vmlinux" >>"$tmp/summary.md" 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; exit 2; }
fi
if [ -n "$summary" ]; then
	cp "$tmp/summary.md" "$summary" ||
		die "cannot write the summary '$summary'"
	echo "  SUMMARY $summary"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	cat "$tmp/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
[ "$verdict" = PASS ] || echo "$me: over budget ($shown_budget)" >&2
exit "$rc"

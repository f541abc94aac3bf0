#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t8200-size-gate: the CI size gate (scripts/size-gate.sh, ci/) on the real
# stock and modular kvm-host vmlinux pair: within the budget of
# configs/budgets/kvm-host it passes, over a budget made tighter than the
# kernel it fails (exit 1), against a baseline alone it fails on growth;
# usage and input errors exit 2.  Its Markdown summary (footprint diff
# --markdown) is rendered to HTML by python3-markdown, and the HTML has
# the bloat-o-meter summary line, the class table with the numbers of
# `footprint diff` and the growers by symbol, object and Kconfig option.
# The ready CI files parse as YAML and call the script.
# shellcheck source=tests/lib.sh disable=SC2016,SC2086
. "$(dirname "$0")/lib.sh"

GATE=$KSLIM_ROOT/scripts/size-gate.sh
old=$O/stock/kvm-host/vmlinux
new=$O/modular/kvm-host/vmlinux
budget=$KSLIM_ROOT/configs/budgets/kvm-host

if [ ! -x "$FOOTPRINT" ]; then
	skip_all "no $FOOTPRINT (run 'make tools')"
fi
if [ ! -f "$old" ] || [ ! -f "$new" ]; then
	skip_all "no stock and modular kvm-host vmlinux (run 'make')"
fi
if ! "$PY" -c 'import markdown, yaml' 2>/dev/null; then
	skip_all "python3-markdown and python3-yaml are needed (Debian packages python3-markdown python3-yaml)"
fi
export FOOTPRINT
# the kernels may be rebuilt while this runs: test on a copy of each
# vmlinux, with its objtree named explicitly
mkdir -p "$T/old" "$T/new"
cp "$old" "$T/old/vmlinux"
cp "$new" "$T/new/vmlinux"
old=$T/old/vmlinux
new=$T/new/vmlinux
trees="--old-objtree $O/stock/kvm-host --new-objtree $O/modular/kvm-host"

# ---- pass, fail, errors ---------------------------------------------------
check_exit "modular within configs/budgets/kvm-host, against stock: exit 0" 0 \
	"$GATE" --budget "$budget" --baseline "$old" $trees \
	--summary "$T/pass.md" "$new"
check_grep "... the summary says PASS" '^## Kernel size gate: PASS' "$T/pass.md"

# A budget 0.5% below what the modular kernel measures, from footprint's
# own summary line, with no tolerance.
resident=$("$FOOTPRINT" --by symbol --top 1 "$new" |
	sed -n '1s/.* resident \([0-9]*\) .*/\1/p')
printf 'tolerance 0%%\nresident %s\n' "$((resident - resident / 200))" >"$T/tight"
check_exit "over a budget 0.5% below it: exit 1" 1 \
	"$GATE" --budget "$T/tight" --summary "$T/fail.md" "$new"
check_grep "... says so in one line" '^size-gate: over budget' "$(last_log)"
check_grep "... the summary says FAIL" '^## Kernel size gate: FAIL' "$T/fail.md"

check_exit "modular against the stock baseline alone (it shrank): exit 0" 0 \
	"$GATE" --baseline "$old" "$new"
check_exit "stock against the modular baseline (it grew): exit 1" 1 \
	"$GATE" --baseline "$new" "$old"
check_exit "... with --max-growth 2% it may: exit 0" 0 \
	"$GATE" --baseline "$new" --max-growth 2% "$old"

check_exit "nothing to check against: exit 2" 2 "$GATE" "$new"
check_grep "... one line, git's style" '^size-gate: error: nothing to check against' "$(last_log)"
check_exit "a missing vmlinux: exit 2" 2 "$GATE" --budget "$budget" "$T/none"
echo 'not an ELF file' >"$T/junk"
check_exit "a file that is no ELF: exit 2" 2 "$GATE" --budget "$budget" "$T/junk"
check_exit "a missing budget: exit 2" 2 "$GATE" --budget "$T/none" "$new"
check_exit "no footprint: exit 2" 2 \
	env FOOTPRINT="$T/none" "$GATE" --budget "$budget" "$new"
check_exit "--build without --config: exit 2" 2 \
	"$GATE" --budget "$budget" --build "$O/stock/src"
check_exit "footprint diff --json --markdown: exit 2" 2 \
	"$FOOTPRINT" diff --json --markdown "$old" "$new"

: >"$T/step.md"
check "GITHUB_STEP_SUMMARY gets the summary appended" \
	env GITHUB_STEP_SUMMARY="$T/step.md" "$GATE" --budget "$budget" "$new"
env GITHUB_STEP_SUMMARY="$T/step.md" "$GATE" --budget "$budget" "$new" >/dev/null
check "... once per run" test "$(grep -c '^## Kernel size gate' "$T/step.md")" -eq 2

# ---- the Markdown, rendered ---------------------------------------------
"$FOOTPRINT" diff "$old" "$new" >"$T/diff.txt"
"$FOOTPRINT" diff --markdown $trees "$old" "$new" >"$T/diff.md"
"$FOOTPRINT" diff --markdown $trees "$old" "$new" >"$T/diff2.md"
check "footprint diff --markdown: same input, same bytes" cmp "$T/diff.md" "$T/diff2.md"
check "the gate's summary ends with the diff's Markdown" \
	sh -c 'tail -n "$(wc -l <"$1")" "$2" | cmp -s - "$1"' sh "$T/diff.md" "$T/pass.md"

cat >"$T/render.py" <<'PY'
import html.parser
import sys

import markdown

md, txt = open(sys.argv[1]).read(), open(sys.argv[2]).read().splitlines()
page = markdown.markdown(md, extensions=["tables", "fenced_code"])
open(sys.argv[3], "w").write(page)


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.heads, self.pre = [], [], []
        self.cell = self.tag = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th", "h3", "h4", "pre"):
            self.cell, self.tag = "", tag

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self.cell.strip())
        elif tag in ("h3", "h4"):
            self.heads.append(self.cell.strip())
        elif tag == "pre":
            self.pre.append(self.cell)
        if tag == self.tag:
            self.cell = self.tag = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


p = Page()
p.feed(page)
fail = []
# the bloat-o-meter lines, as footprint diff (and bloat-o-meter) print them
total = [l for l in txt if l.startswith("Total: ")][0]
if not p.pre or p.pre[0].splitlines() != [txt[0], total]:
    fail.append("the summary block is not %r, %r: %r" % (txt[0], total, p.pre[:1]))
# the class table: footprint diff's class deltas, class by class
want = {}
for l in txt[txt.index("") + 1:] if "" in txt else []:
    f = l.split()
    if len(f) == 4 and f[0] != "class" and f[1].isdigit():
        want[f[0]] = f[1:]
cls = p.tables[0]
if cls[0] != ["class", "old", "new", "delta"]:
    fail.append("first table is not the class table: %r" % cls[0])
got = {r[0].split()[0]: r[1:] for r in cls[1:]}
for c in ("text", "rodata", "data", "bss", "init"):
    if got.get(c) != want.get(c):
        fail.append("class %s: HTML %r, footprint diff %r" % (c, got.get(c), want.get(c)))
if not any("ORC" in r[0] for r in cls[1:] if r[0].startswith("rodata")):
    fail.append("the rodata row does not say it holds the ORC tables")
for h in ("Growers by symbol", "Shrinkers by symbol",
          "Growers by object (resident bytes)",
          "Shrinkers by object (resident bytes)",
          "Growers by Kconfig option (resident bytes)",
          "Shrinkers by Kconfig option (resident bytes)"):
    if h not in p.heads:
        fail.append("no heading %r (have %r)" % (h, p.heads))
heads = [t[0] for t in p.tables]
for k in ("symbol", "object", "option"):
    if [k, "old", "new", "delta"] not in heads:
        fail.append("no %s table" % k)
# every row's delta is new - old
for t in p.tables[1:]:
    for r in t[1:]:
        o, n, d = (0 if v == "-" else int(v) for v in r[1:4])
        if n - o != d:
            fail.append("row %r: %d - %d != %d" % (r, n, o, d))
print("\n".join(fail) or "ok: %d tables, %d headings" % (len(p.tables), len(p.heads)))
sys.exit(1 if fail else 0)
PY
check "python3-markdown renders it; the HTML has the summary, classes and growers" \
	"$PY" "$T/render.py" "$T/diff.md" "$T/diff.txt" "$T/diff.html"
diag "$(tail -n 1 "$(last_log)")"
check_grep "... the option that moved out shrinks" \
	'<code>CONFIG_ETHTOOL_NETLINK</code>' "$T/diff.html"

# without objtrees the rollups are left out, and it says why
mkdir -p "$T/bare"
cp "$old" "$T/bare/old"
cp "$new" "$T/bare/new"
check "without objtrees: exit 0" "$FOOTPRINT" diff --markdown "$T/bare/old" "$T/bare/new"
check_grep "... it says why the rollups are missing" \
	'^No rollup by object and Kconfig option: .*has no objtree' "$(last_log)"

# ---- the CI files -----------------------------------------------------------
for f in ci/github/size-gate.yml ci/gitlab/size-gate.yml; do
	check "$f parses as YAML" "$PY" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' \
		"$KSLIM_ROOT/$f"
	check_grep "... and runs scripts/size-gate.sh" 'scripts/size-gate.sh' "$KSLIM_ROOT/$f"
done
check "this repository has no CI files at its top (ci/ is for kernel projects)" \
	test ! -e "$KSLIM_ROOT/.github" -a ! -e "$KSLIM_ROOT/.gitlab-ci.yml"

rm -rf "$T/old" "$T/new" "$T/bare"
done_testing

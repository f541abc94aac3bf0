#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t7500-track-html: the HTML report of the synthetic history opens from disk
# in a real headless browser (Debian's chromium), offline: the plot is
# there as SVG with its bars, the PNG beside it, and the tables have rows.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_cmd chromium chromium
# shellcheck source=tests/track/setup.sh
. "$KSLIM_ROOT/tests/track/setup.sh"

check "sweep v1.0 v1.1 v1.2" trk sweep -c "$T/synth.config" v1.0 v1.1 v1.2
check "report --out" trk report --out "$T/report" v1.0 v1.1 v1.2
r=$T/report
for f in index.html report.json report.txt resident-synth.svg resident-synth.png; do
	check "$f written" test -s "$r/$f"
done
check "the PNG is a PNG" sh -c "head -c 8 '$r/resident-synth.png' | od -An -c | grep -q 'P   N   G'"
check "the page loads nothing from the network" \
	sh -c "! grep -Eiq '(src|href)=\"(https?:)?//' '$r/index.html'"
check "the SVG is deterministic (same database, same bytes)" \
	sh -c "cp '$r/resident-synth.svg' '$T/first.svg' &&
		\"\$0\" \"\$@\" >/dev/null && cmp '$T/first.svg' '$r/resident-synth.svg'" \
	"$PY" "$KSLIM_ROOT/scripts/kslim-track" --db "$T/track.db" --workdir "$T/work" \
	--git "$T/linux" report --out "$r" v1.0 v1.1 v1.2

# chromium as root: no sandbox; a fresh profile; nothing that phones home.
browse() {
	rm -rf "$T/profile"
	mkdir -p "$T/profile"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$T/profile" "$@" 2>>"$T/chromium.err"
}
dom=$T/dom.html
browse --dump-dom "file://$r/index.html" >"$dom" || true
check "chromium renders the page (--dump-dom)" test -s "$dom"
check_grep "... the report body is in the DOM" 'id="kslim-report"' "$dom"
check_grep "... the plot is an inline SVG" '<svg' "$dom"
for bar in bar-kernel-v1.0 bar-kernel-v1.2 bar-drivers-v1.2 bar-modules-v1.1; do
	check_grep "... bar $bar is drawn" "id=\"$bar\"" "$dom"
done
check_grep "... the version labels are in the plot" '>v1.2<' "$dom"
rows=$("$PY" - "$dom" <<'PYEOF'
import re, sys
html = open(sys.argv[1]).read()
for tid in ("series-synth", "grow-object-synth-1-2", "commits-synth-1-2",
            "bools-synth-2-3"):
    m = re.search(r'<table id="%s">(.*?)</table>' % tid, html, re.S)
    print(tid, len(re.findall(r"<tr>", m.group(1))) - 1 if m else -1)
PYEOF
)
diag "$rows"
check "... the series table has 3 versions" sh -c "echo '$rows' | grep -qx 'series-synth 3'"
check "... top objects v1.0 -> v1.1: 2 rows" sh -c "echo '$rows' | grep -qx 'grow-object-synth-1-2 2'"
check "... commits behind them: 2 rows" sh -c "echo '$rows' | grep -qx 'commits-synth-1-2 2'"
check "... new bool options v1.1 -> v1.2: 2 rows" sh -c "echo '$rows' | grep -qx 'bools-synth-2-3 2'"
check "chromium takes a screenshot" browse --window-size=1200,1600 \
	--screenshot="$T/shot.png" "file://$r/index.html"
size=$(wc -c <"$T/shot.png" 2>/dev/null || echo 0)
check "... of a page that is not blank ($size bytes)" test "$size" -gt 20000
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t1200-footprint-gate.sh - `footprint gate`: budget files, exit codes 0/1/2,
# the over-budget report with --baseline, --json
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_built "make tools" "$FOOTPRINT"

fx=$T/fx
check "build the fixture kernels (tests/footprint/mkfixtures.sh)" \
	"$KSLIM_ROOT/tests/footprint/mkfixtures.sh" "$fx"

# The new fixture kernel: text 2936, rodata 506, resident 16994.
cat >"$T/pass" <<'B'
# the fixture's budget, with room to spare
text      3K
rodata    506
resident  16994
B
cat >"$T/over" <<'B'
tolerance 1%
text      2900          # 2936 > 2929: over even with 1%
rodata    500   +2%     # 506 <= 510: within its own tolerance
B
printf 'txt 100\n' >"$T/bad-class"
printf 'text lots\n' >"$T/bad-size"
printf 'text 10 +5\n' >"$T/bad-tol"
printf '# nothing\n' >"$T/empty"

check_exit "within budget: exit 0" 0 "$FOOTPRINT" gate --budget "$T/pass" "$fx/new/vmlinux"
check_exit "over budget: exit 1" 1 "$FOOTPRINT" gate --budget "$T/over" "$fx/new/vmlinux"
"$FOOTPRINT" gate --budget "$T/over" --baseline "$fx/vmlinux" "$fx/new/vmlinux" >"$T/over.txt" 2>&1 || true
check "summary line first" sh -c 'head -n 1 "$1" | grep -qx "gate: FAIL: 1 of 2 budgets exceeded (.*)"' sh "$T/over.txt"
check "says which class and by how much" \
	grep -q '^footprint: text is over budget by 7 bytes (+1.24% of the limit 2900)$' "$T/over.txt"
check "per-line tolerance keeps rodata ok" grep -q '^rodata .* ok$' "$T/over.txt"
check "--baseline shows the class deltas" grep -q '^text  *2776  *2936  *+160$' "$T/over.txt"
check "--baseline names the symbols that grew" sh -c \
	'sed -n "/^grown symbols/,\$p" "$1" | grep -q "+128  start_kernel"' sh "$T/over.txt"
"$FOOTPRINT" gate --json --budget "$T/over" --baseline "$fx/vmlinux" "$fx/new/vmlinux" >"$T/over.json" 2>&1 || true
check "gate --json is valid JSON" "$PY" -m json.tool "$T/over.json"
check "gate --json result and budgets" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["result"] == "over"
b = {x["class"]: x for x in d["budgets"]}
assert b["text"]["status"] == "over" and b["text"]["actual"] == 2936 and b["text"]["allowed"] == 2929
assert b["rodata"]["status"] == "ok"
assert d["baseline"]["grown_symbols"][0] == {"name": "start_kernel", "delta": 128}
' "$T/over.json"
for f in bad-class bad-size bad-tol empty; do
	check_exit "budget file '$f' is an input error (2)" 2 "$FOOTPRINT" gate --budget "$T/$f" "$fx/vmlinux"
done
"$FOOTPRINT" gate --budget "$T/bad-class" "$fx/vmlinux" >"$T/bad.out" 2>"$T/bad.err" || true
check "bad budget: one git-style line naming file and line" \
	sh -c 'test "$(wc -l <"$1")" -eq 1 && grep -qx "footprint: error: .*bad-class.:1: unknown class .txt." "$1"' sh "$T/bad.err"
check_exit "missing budget file: exit 2" 2 "$FOOTPRINT" gate --budget "$T/nonexistent" "$fx/vmlinux"
check_exit "no --budget: exit 2" 2 "$FOOTPRINT" gate "$fx/vmlinux"
check_exit "missing vmlinux: exit 2" 2 "$FOOTPRINT" gate --budget "$T/pass" "$T/nonexistent"
check "configs/budgets/README documents the format" \
	grep -q "tolerance" "$KSLIM_ROOT/configs/budgets/README"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t3000-footprint-vmlinux.sh - footprint on a real kernel build: its numbers
# agree with nm/readelf on the same file, attribution covers the text, and
# diff agrees with scripts/bloat-o-meter
#
# KOBJ=dir picks the objtree (default $O/stock/kvm-host, built by `make`).
. "$(dirname "$0")/lib.sh"

need_cmd nm binutils
need_cmd readelf binutils
kobj=${KOBJ:-$O/stock/kvm-host}
vml=$kobj/vmlinux
need_built "run make" "$vml" "$kobj/vmlinux.a"
need_built "make tools" "$FOOTPRINT"

json=$T/report.json
check "footprint --json on $vml" sh -c '"$1" --json "$2" >"$3"' sh "$FOOTPRINT" "$vml" "$json"
check "the report is valid JSON" "$PY" -m json.tool "$json" 
nm -S "$vml" >"$T/nm.txt"
readelf -SW "$vml" >"$T/sections.txt"

check "classes agree with nm and readelf" "$PY" - "$json" "$T/nm.txt" "$T/sections.txt" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
sym = {}
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) >= 3:
        sym[f[-1]] = int(f[0], 16)
def span(a, b):
    return sym[b] - sym[a]
text_range = span("_stext", "_etext")
init = span("__init_begin", "__init_end")
image = span("_text", "__end_of_kernel_reserve") if "__end_of_kernel_reserve" in sym \
    else span("_text", "_end")
percpu = 0
for l in open(sys.argv[3]):
    m = re.match(r"\s*\[\s*\d+\]\s+\.data\.\.percpu\s+\S+\s+(\S+)\s+\S+\s+(\S+)", l)
    if m and int(m.group(1), 16) == 0:
        percpu = int(m.group(2), 16)
checks = [
    ("init == __init_end - __init_begin", t["init"] == init),
    ("text <= _etext - _stext", t["text"] <= text_range),
    ("rodata <= __end_rodata - __start_rodata",
     t["rodata"] <= span("__start_rodata", "__end_rodata") + span("_edata", "__init_begin")),
    ("bss >= nothing, <= __bss_stop - __bss_start + orc_lookup",
     0 < t["bss"] <= span("__bss_start", "__bss_stop") + span("_edata", "__init_begin")),
    ("all classes + padding == image", t["text"] + t["rodata"] + t["data"] + t["bss"]
     + t["init"] + t["padding"] == image),
    ("resident == text + rodata + data + bss",
     t["resident"] == t["text"] + t["rodata"] + t["data"] + t["bss"]),
    ("percpu == readelf size of .data..percpu", t["percpu"] == percpu),
]
print("text %d of _etext-_stext %d (%.1f%%), padding %d, image %d" %
      (t["text"], text_range, 100.0 * t["text"] / text_range, t["padding"], image))
bad = [n for n, ok in checks if not ok]
print("failed:", bad, t) if bad else None
sys.exit(1 if bad else 0)
PY
diag "$(head -n 1 "$T/check-3.log")"

check "sizes of 500 sampled symbols equal nm -S" "$PY" - "$json" "$T/nm.txt" <<'PY'
import json, random, sys
d = json.load(open(sys.argv[1]))
nm = {}
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) == 4:
        nm.setdefault(f[3], set()).add(int(f[1], 16))
syms = d["symbols"]
random.Random(1).shuffle(syms)
bad = [s for s in syms[:500] if s["size"] not in nm.get(s["name"], ())]
print("%d symbols, %d sampled, %d differ" % (len(d["symbols"]), min(500, len(syms)), len(bad)))
sys.exit(1 if bad else 0)
PY

check "per-object attribution covers >= 95% of the text" "$PY" - "$json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]["text"]
un = d["unattributed"]
objs = sum(o["text"] for o in d["objects"])
share = 100.0 * max(un["bytes"]["text"], 0) / t
print("objects' text %d of %d; unattributed text %.2f%%, symbols %d of %d (%d bytes); "
      "objects without rule %d, unreadable %d" %
      (objs, t, share, un["symbols"], un["symbols_total"], un["symbol_bytes"],
       len(un["objects_without_rule"]), len(un["objects_unreadable"])))
sys.exit(0 if objs >= 0.95 * t and share <= 5 else 1)
PY
diag "$(head -n 1 "$T/check-5.log")"

check "every object has a Kconfig rollup row" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sum(c["total"] for c in d["configs"]) == sum(o["total"] for o in d["objects"])
assert any(c["name"].startswith("CONFIG_") for c in d["configs"])
' "$json"

bom=$O/stock/src/scripts/bloat-o-meter
if [ -f "$bom" ] && [ -f "$kobj/vmlinux.o" ]; then
	check "diff vmlinux.o vmlinux: same table as bloat-o-meter" sh -c '
		"$1" "$2" "$3/vmlinux.o" "$3/vmlinux" >"$4/bom.txt"
		"$5" diff "$3/vmlinux.o" "$3/vmlinux" >"$4/fp.txt"
		head -n "$(wc -l <"$4/bom.txt")" "$4/fp.txt" | diff -u "$4/bom.txt" -' \
		sh "$PY" "$bom" "$kobj" "$T" "$FOOTPRINT"
else
	skip "diff against bloat-o-meter" "needs $bom and $kobj/vmlinux.o"
fi

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t1000-footprint-report.sh - footprint's report on the fixture kernel:
# golden output, classes against nm, attribution, --json schema, .ko files
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_cmd ld binutils
need_cmd nm binutils
need_built "make tools" "$FOOTPRINT"

fx=$T/fx
check "build the fixture kernel (tests/footprint/mkfixtures.sh)" \
	"$KSLIM_ROOT/tests/footprint/mkfixtures.sh" "$fx"
golden=$KSLIM_ROOT/tests/footprint/golden

# Relative paths, so the output does not depend on where $O is.
(cd "$fx" && "$FOOTPRINT" --top 0 vmlinux) >"$T/report.txt" 2>"$T/report.err" || true
check_golden "report on the fixture vmlinux matches golden" \
	"$golden/report.txt" "$T/report.txt"
(cd "$fx" && "$FOOTPRINT" mod.ko) >"$T/report-ko.txt" 2>&1 || true
check_golden "report on a .ko matches golden" "$golden/report-ko.txt" \
	"$T/report-ko.txt"
check "stderr of a clean report is empty" test ! -s "$T/report.err"

(cd "$fx" && "$FOOTPRINT" --top 0 vmlinux) >"$T/report2.txt" 2>&1 || true
check "same input, same bytes out" cmp "$T/report.txt" "$T/report2.txt"

# The classes, recomputed from nm's view of the boundary symbols.
addr() { nm "$fx/vmlinux" | awk -v s="$1" '$3 == s { print $1 }'; }
# span END START: addr(END) - addr(START), 64-bit safe
span() {
	nm "$fx/vmlinux" | "$PY" -c '
import sys
a = {}
for l in sys.stdin:
    f = l.split()
    if len(f) == 3: a[f[2]] = int(f[0], 16)
print(a[sys.argv[1]] - a[sys.argv[2]])' "$1" "$2"
}
json=$T/report.json
"$FOOTPRINT" --json "$fx/vmlinux" >"$json" 2>&1 || true
check "--json is valid JSON" "$PY" -m json.tool "$json"
total() { "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"][sys.argv[2]])' "$json" "$1"; }
init_nm=$(span __init_end __init_begin)
check "init = __init_end - __init_begin ($init_nm)" test "$(total init)" -eq "$init_nm"
image=$(span __end_of_kernel_reserve _text)
sum=$(( $(total text) + $(total rodata) + $(total data) + $(total bss) + $(total init) + $(total padding) ))
check "text+rodata+data+bss+init+padding = image ($image)" test "$sum" -eq "$image"
check "resident = text+rodata+data+bss" test "$(total resident)" -eq \
	"$(( $(total text) + $(total rodata) + $(total data) + $(total bss) ))"
# Every function lies in [_stext, _etext); the 16 KiB entry-text holes
# inside .text are padding, so text is the code, not _etext - _stext.
funcs=$(nm -S "$fx/vmlinux" | awk '$3 ~ /^[tT]$/ && NF == 4 { print $1, $2 }' |
	"$PY" -c '
import sys
lo = int(sys.argv[1], 16); hi = int(sys.argv[2], 16); tot = 0
for l in sys.stdin:
    a, s = (int(x, 16) for x in l.split())
    if lo <= a < hi: tot += s
print(tot)' "$(addr _stext)" "$(addr _etext)")
etext=$(span _etext _stext)
check "text ($(total text)) >= sum of function sizes ($funcs)" \
	test "$(total text)" -ge "$funcs"
check "text < _etext - _stext ($etext): the alignment holes are padding" \
	test "$(total text)" -lt "$etext"
check "percpu = size of .data..percpu" test "$(total percpu)" -eq \
	"$(span __per_cpu_end __per_cpu_start)"

# Attribution: objects, symbols, Kconfig options from the Makefiles.
q() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "$json"; }
cfg() { q "print([c['total'] for c in d['configs'] if c['name']=='$1'][0])"; }
obj() { q "print([o['total'] for o in d['objects'] if o['name']=='$1'][0])"; }
check "schema: report keys" q 'assert all(k in d for k in ("file","arch","totals","objects","dirs","configs","symbols","unattributed"))'
check "schema: totals keys" q 'assert all(k in d["totals"] for k in ("text","rodata","data","bss","init","padding","resident"))'
check "schema: row and symbol keys" q 'assert all(set(("name","text","rodata","data","bss","init","total")) <= set(r) for k in ("objects","dirs","configs") for r in d[k]); assert all(set(("name","size","class","object")) <= set(s) for s in d["symbols"])'
check "obj-\$(CONFIG_FOO) += foo.o -> CONFIG_FOO" test "$(cfg CONFIG_FOO)" -eq "$(obj kernel/foo.o)"
check "composite baz-\$(CONFIG_BAZ_DEBUG) beats the dir's CONFIG_BAZ" \
	test "$(cfg CONFIG_BAZ_DEBUG)" -eq "$(obj drivers/baz/baz_debug.o)"
check "obj-\$(CONFIG_BAZ) += baz/ gates baz_main.o" test "$(cfg CONFIG_BAZ)" -eq "$(obj drivers/baz/baz_main.o)"
check "obj-\$(CONFIG_NET) += net/ gates net/sock.o" test "$(cfg CONFIG_NET)" -eq "$(obj net/sock.o)"
check "ifdef CONFIG_BAR + continuation line gates bar.o and weak.o" \
	test "$(cfg CONFIG_BAR)" -eq "$(( $(obj kernel/bar.o) + $(obj kernel/weak.o) ))"
check "mmu-\$(CONFIG_MMU) list used as \$(mmu-y) -> CONFIG_MMU" test "$(cfg CONFIG_MMU)" -eq "$(obj kernel/mmu.o)"
check "an object no rule names is unattributed, not dropped" \
	q 'assert d["unattributed"]["objects_without_rule"] == ["misc/orphan.o"]; assert [c for c in d["configs"] if c["name"]=="(unattributed)"][0]["total"] > 0'
check "head_\$(BITS).o and lib-y objects are (built-in)" \
	q 'assert "arch/x86/kernel/head_64.o" not in d["unattributed"]["objects_without_rule"]'
check "the strong arch_weak_hook belongs to core.o, not weak.o" \
	q 'assert [s["object"] for s in d["symbols"] if s["name"]=="arch_weak_hook"] == ["kernel/core.o"]'
check "four local 'helper' symbols (three of one size) go to four objects" \
	q 'assert sorted(s["object"] for s in d["symbols"] if s["name"]=="helper") == ["init/main.o","kernel/bar.o","kernel/core.o","kernel/foo.o"]'
check "every symbol attributed" q 'assert d["unattributed"]["symbols"] == 0'
check "directories roll up every level" q 'assert {"arch","arch/x86","arch/x86/kernel"} <= {r["name"] for r in d["dirs"]}'
check "per-symbol sizes equal nm -S" sh -c '
	nm -S "$1" | awk "NF == 4 && \$2 !~ /^0+\$/ { print \$4, \$2 }" | sort >"$3/nm.txt"
	"$2" -c "import json,sys; [print(s[\"name\"], \"%016x\" % s[\"size\"]) for s in json.load(open(sys.argv[1]))[\"symbols\"]]" "$4" | sort >"$3/fp.txt"
	diff -u "$3/nm.txt" "$3/fp.txt"' sh "$fx/vmlinux" "$PY" "$T" "$json"

# Options
check "--by object prints only the object table" sh -c \
	'"$1" --by object "$2" | grep -q "^objects" && ! "$1" --by object "$2" | grep -q "^symbols"' \
	sh "$FOOTPRINT" "$fx/vmlinux"
check "--top 2 keeps two symbol rows" sh -c \
	'test "$("$1" --by symbol --top 2 "$2" | sed -n "/^symbols/,/^\$/p" | grep -c "^ *[0-9]")" -eq 2' \
	sh "$FOOTPRINT" "$fx/vmlinux"
check "--srctree/--objtree given explicitly" sh -c \
	'"$1" --objtree "$2" --srctree "$3" --by config "$2/vmlinux" | grep -q CONFIG_BAZ_DEBUG' \
	sh "$FOOTPRINT" "$fx" "$KSLIM_ROOT/tests/footprint/tree"
"$FOOTPRINT" --json "$fx/mod.ko" >"$T/ko.json" 2>&1 || true
check ".ko --json is valid" "$PY" -m json.tool "$T/ko.json"
check ".ko: .init.text is init, .gnu.linkonce.this_module is data, .modinfo dropped" \
	"$PY" -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; assert t["init"]==0x30 and t["data"]==0x500+8 and t["rodata"]==0x60+0x18, t' "$T/ko.json"
# After boot: what the kernel frees, recomputed from nm with the rules of
# arch/x86/mm (free_initmem(), mark_rodata_ro(), and on a kernel that
# names its padding, free_kernel_image_alignment(); each rule applies
# where its patch's symbols are).
after_boot() {
	nm "$1" | "$PY" -c '
import json, sys
a = {}
for l in sys.stdin:
    f = l.split()
    if len(f) == 3: a[f[2]] = int(f[0], 16)
up = lambda x: (x + 4095) & ~4095
r = [(a["__init_begin"], a["__init_end"], "always")]
r.append((up(a["_etext"]), up(a["__start_rodata"]), "always"))
r.append((up(a["__end_rodata"]), a["_sdata"], "always"))
pmd = 2 << 20
if "__end_bss_main" in a:
    r.append((up(a["__end_bss_main"]), a["__start_bss_decrypted"], "always"))
if "__entry_text_pad_start" in a:
    r.append((up(a["__entry_text_pad_start"]), a["__entry_text_start"] & ~(pmd - 1), "always"))
if "__rethunk_safe_start" in a:
    r.append((up(a["__entry_text_end"]), a["__rethunk_safe_start"] & ~4095, "no_pti"))
    r.append((up(a["__rethunk_safe_end"]), (a["__entry_text_end"] + pmd - 1) & ~(pmd - 1), "no_pti"))
r = sorted((s, e, w) for s, e, w in r if e > s)
image = a["__end_of_kernel_reserve"] - a["_text"]
b = json.load(open(sys.argv[1]))["boot"]
got = [(x["start"], x["end"], x["when"]) for x in b["freed_ranges"]]
assert got == r, (got, r)
assert b["kept"] == image - sum(e - s for s, e, w in r), b
assert b["kept_pti"] == image - sum(e - s for s, e, w in r if w == "always"), b
assert b["image"] == image
' "$2"
}
check "after boot, stock layout: freed ranges and kept from nm" \
	after_boot "$fx/vmlinux" "$json"
"$FOOTPRINT" --json "$fx/vmlinux-freed" >"$T/freed.json" 2>&1 || true
check "after boot, padding named: freed ranges and kept from nm" \
	after_boot "$fx/vmlinux-freed" "$T/freed.json"
check "after boot: the entry PMD padding is a kept hole only with PTI" \
	"$PY" -c 'import json,sys; h=json.load(open(sys.argv[1]))["boot"]["kept_holes"]; assert [x["before"] for x in h if x["pti_only"]] == ["_etext"], h' "$T/freed.json"
check "after boot, stock layout: the hole before the entry text is kept" \
	"$PY" -c 'import json,sys; h=json.load(open(sys.argv[1]))["boot"]["kept_holes"]; assert any(x["end"] == int(sys.argv[2], 16) and not x["pti_only"] for x in h), h' "$json" "$(addr entry_SYSCALL_64)"
check "after boot, padding named: no hole kept in .text without PTI" \
	"$PY" -c 'import json,sys; h=json.load(open(sys.argv[1]))["boot"]["kept_holes"]; assert not [x for x in h if x["end"] <= int(sys.argv[2], 16) and not x["pti_only"]], h' "$T/freed.json" "$(addr _etext)"
check "--json totals.kept = boot.kept" \
	"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["totals"]["kept"] == d["boot"]["kept"]' "$T/freed.json"
check_exit "--by nonsense is a usage error" 2 "$FOOTPRINT" --by nonsense "$fx/vmlinux"
check_exit "--help exits 0" 0 "$FOOTPRINT" --help
check "--help documents the exit codes" sh -c '"$1" --help | grep -q "2 usage or input error"' sh "$FOOTPRINT"

done_testing

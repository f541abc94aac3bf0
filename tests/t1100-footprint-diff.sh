#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t1100-footprint-diff.sh - `footprint diff`: golden output, the same symbol
# deltas as the kernel's scripts/bloat-o-meter, class deltas, --json
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_cmd nm binutils
need_built "make tools" "$FOOTPRINT"

fx=$T/fx
check "build the fixture kernels (tests/footprint/mkfixtures.sh)" \
	"$KSLIM_ROOT/tests/footprint/mkfixtures.sh" "$fx"
golden=$KSLIM_ROOT/tests/footprint/golden

(cd "$fx" && "$FOOTPRINT" diff vmlinux new/vmlinux) >"$T/diff.txt" 2>&1 || true
check_golden "diff of the fixture kernels matches golden" "$golden/diff.txt" \
	"$T/diff.txt"
check "first line is bloat-o-meter's summary" \
	grep -q '^add/remove: 1/1 grow/shrink: 2/1 up/down: 244/-84 (160)$' "$T/diff.txt"
check "generated names (linux_banner, __addressable_*) are left out" \
	sh -c '! grep -qE "^(linux_banner|__addressable_)" "$1"' sh "$T/diff.txt"
check "class deltas follow the symbol table" \
	grep -q '^text  *2776  *2936  *+160$' "$T/diff.txt"

# bloat-o-meter, run on the same pairs, must print the same table.
bom=""
for c in "$O/stock/src/scripts/bloat-o-meter" "${KSRC:-/nonexistent}/scripts/bloat-o-meter"; do
	[ -f "$c" ] && { bom=$c; break; }
done
same_as_bom() {
	"$PY" "$bom" "$1" "$2" >"$T/bom.txt"
	"$FOOTPRINT" diff "$1" "$2" >"$T/fp.txt"
	n=$(wc -l <"$T/bom.txt")
	head -n "$n" "$T/fp.txt" | diff -u "$T/bom.txt" -
}
if [ -n "$bom" ]; then
	check "same as bloat-o-meter: old -> new vmlinux" same_as_bom "$fx/vmlinux" "$fx/new/vmlinux"
	check "same as bloat-o-meter: new -> old vmlinux" same_as_bom "$fx/new/vmlinux" "$fx/vmlinux"
	check "same as bloat-o-meter: .ko pair" same_as_bom "$fx/mod.ko" "$fx/new/mod.ko"
	check "same as bloat-o-meter: a .o against the vmlinux" same_as_bom "$fx/kernel/core.o" "$fx/vmlinux"
	check "same as bloat-o-meter: identical files" same_as_bom "$fx/vmlinux" "$fx/vmlinux"
fi

# Name keys: ".<digits>" removed and summed, names that differ in their
# last byte on either side of an 8-byte word, the generated names.
nm_src=$KSLIM_ROOT/tests/footprint/names.S
check "assemble the name fixtures (tests/footprint/names.S)" sh -c \
	'gcc -c -o "$1/names-old.o" "$2" && gcc -c -DNEW -o "$1/names-new.o" "$2"' \
	sh "$T" "$nm_src"
"$FOOTPRINT" diff "$T/names-old.o" "$T/names-new.o" >"$T/names.txt" 2>&1 || true
check_golden "diff of the name fixtures matches golden" "$golden/diff-names.txt" \
	"$T/names.txt"
check "equal names after .<digits> removal are summed" sh -c \
	'grep -qE "^fn\.constprop +16 +26 +\+10$" "$1" &&
	 grep -qE "^__func__ +24 +26 +\+2$" "$1" &&
	 grep -qE "^xy +8 +5 +-3$" "$1"' sh "$T/names.txt"
check "names differing only in the last byte stay apart" sh -c \
	'grep -q "^sixteen_chars_ab " "$1" && ! grep -q "^sixteen_chars_ac " "$1"' sh "$T/names.txt"
check "generated names and names with ':' are left out" sh -c \
	'! grep -qE "^(__mod_foo|__se_sys|__se_compat_sys|__addressable_|linux_banner|vermagic|c:d) " "$1"' \
	sh "$T/names.txt"
if [ -n "$bom" ]; then
	check "same as bloat-o-meter: name fixtures" same_as_bom "$T/names-old.o" "$T/names-new.o"
	check "same as bloat-o-meter: name fixtures, reversed" same_as_bom "$T/names-new.o" "$T/names-old.o"
else
	skip "same as bloat-o-meter" "no kernel tree with scripts/bloat-o-meter (make source)"
fi

"$FOOTPRINT" diff --json "$fx/vmlinux" "$fx/new/vmlinux" >"$T/diff.json" 2>&1 || true
check "diff --json is valid JSON" "$PY" -m json.tool "$T/diff.json"
check "diff --json schema and values" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert set(("summary", "symbols", "classes")) <= set(d)
s = d["summary"]
assert (s["add"], s["remove"], s["grow"], s["shrink"]) == (1, 1, 2, 1), s
assert (s["up"], s["down"], s["delta"]) == (244, -84, 160), s
names = [x["name"] for x in d["symbols"]]
assert names == ["start_kernel", "sock_new_feature", "foo_work", "core_fn_b", "old_only"], names
assert d["symbols"][1]["old"] is None and d["symbols"][4]["new"] is None
assert d["classes"]["text"] == {"old": 2776, "new": 2936, "delta": 160}, d["classes"]["text"]
' "$T/diff.json"
check_exit "diff with one file is a usage error" 2 "$FOOTPRINT" diff "$fx/vmlinux"
check_exit "diff with a missing file is an input error" 2 "$FOOTPRINT" diff "$fx/vmlinux" "$T/nonexistent"

done_testing

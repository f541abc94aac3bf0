#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t2020-modularize-kvm-host - modularize.py on the real 6.12 Kconfig with
# configs/kvm-host.config: the kernel's olddefconfig keeps its result, no
# tristate that could be =m stays =y, and the fragment still holds.
#
# Usage: sh tests/t2020-modularize-kvm-host.sh
# sh -c '...' bodies get their values as "$1"..., not expanded here.
# shellcheck disable=SC2016 source=/dev/null
. "$(dirname "$0")/lib.sh"

tools=$KSLIM_ROOT/scripts/kconfig
stock=$O/stock/src
frag=$KSLIM_ROOT/configs/kvm-host.config

need_built "make source, or scripts/ksrc.sh" "$stock/Kconfig"
[ -f "$frag" ] || skip_all "no $frag"
need_cmd make make
need_cmd gcc gcc

check "allnoconfig with the kvm-host fragment" \
	make -s -C "$stock" O="$T/obj" allnoconfig KCONFIG_ALLCONFIG="$frag"
cp "$T/obj/.config" "$T/base.config"

check "modularize.py runs" sh -c '"$1" "$2/modularize.py" --srctree "$3" \
	--json "$4/mod.json" --explain "$4/mod.txt" -o "$4/mod.config" \
	"$4/base.config" >"$4/mod.out"' sh "$PY" "$tools" "$stock" "$T"
diag "$(head -n 1 "$T/mod.out")"
head -n 1 "$T/mod.out" >"$T/summary"
check "summary line" grep -Eqx \
	'modularize: [0-9]+ options =m \([0-9]+ moved from =y\), [0-9]+ tristate options stay =y' \
	"$T/summary"
# Every option that stays =y has a line with a reason.
n=$(sed -n 's/.*, \([0-9]*\) tristate options stay =y$/\1/p' "$T/summary")
check "one reason line per option that stays =y" sh -c '
	[ "$(grep -c "^CONFIG_[A-Za-z0-9_]*: ." "$1")" -eq "$2" ]' \
	sh "$T/mod.out" "${n:-x}"

mkdir -p "$T/obj2"
cp "$T/mod.config" "$T/obj2/.config"
check "make olddefconfig after modularize" \
	make -s -C "$stock" O="$T/obj2" olddefconfig
check_golden "olddefconfig changes nothing modularize decided" \
	"$T/mod.config" "$T/obj2/.config"

check "a second run moves nothing" sh -c '"$1" "$2/modularize.py" \
	--srctree "$3" -o "$4/mod2.config" "$4/obj2/.config" | head -n 1 |
	grep -q "(0 moved from =y)"' sh "$PY" "$tools" "$stock" "$T"

# Independently of modularize's own bookkeeping: each tristate still =y
# either has no m, or setting it to m changes some other option beyond a
# tristate following it from y to m.
check "no tristate that could be =m stays =y" "$PY" -c '
import sys
import kslimconf
from kconfiglib import TRISTATE
k = kslimconf.load(sys.argv[2], config=sys.argv[3])
syms = k.unique_defined_syms
bad = []
for s in syms:
    if s.orig_type is not TRISTATE or s.tri_value != 2:
        continue
    if 1 not in s.assignable:
        continue
    before = {x: x.str_value for x in syms}
    s.set_value(1)
    cost = [x.name for x in syms if x is not s and x.str_value != before[x]
            and not (x.orig_type is TRISTATE and before[x] == "y"
                     and x.str_value == "m")]
    s.set_value(2)
    if not cost:
        bad.append(s.name)
    print(s.name, "m costs", " ".join(cost[:5]))
if bad:
    sys.exit("could be m: " + " ".join(bad))
' "$tools" "$stock" "$T/obj2/.config"

check "the fragment survives (--modularized)" \
	"$PY" "$tools/fragment.py" check --srctree "$stock" \
	--config "$T/obj2/.config" --modularized "$frag"

check "--json and --explain agree with the summary" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
head = open(sys.argv[2]).readline()
want = "modularize: {} options =m ({} moved from =y), {} tristate options stay =y\n".format(
    j["options_m"], len(j["moved_to_m"]), len(j["stay_y"]))
assert head == want, (head, want)
assert open(sys.argv[3]).readline() == head
' "$T/mod.json" "$T/mod.out" "$T/mod.txt"

done_testing

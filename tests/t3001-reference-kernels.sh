#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t3001-reference-kernels: what `make` built for kvm-host is what it claims:
# the fragment survived in both kernels, the modularizer left no tristate =y
# it could have made =m, the modules are installed, and the report's numbers
# add up and match footprint on the same files.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

cfg=${CONFIG:-kvm-host}
for kind in stock modular; do
	obj=$O/$kind/$cfg
	if [ ! -f "$obj/vmlinux" ]; then
		skip "$kind $cfg kernel" "not built ($obj/vmlinux missing; run make)"
		continue
	fi
	src=$O/$kind/src
	frags=$KSLIM_ROOT/configs/$cfg.config
	if [ "$kind" = modular ] && [ -f "$KSLIM_ROOT/configs/$cfg.series.config" ]; then
		frags="$frags $KSLIM_ROOT/configs/$cfg.series.config"
	fi
	# shellcheck disable=SC2086 # one argument per fragment
	check "$kind: every option of the fragments survived" \
		"$PY" "$KSLIM_ROOT/scripts/kconfig/fragment.py" check --modularized \
		--srctree "$src" --config "$obj/.config" $frags
	check "$kind: the modularizer explained what stays built in" \
		test -s "$obj/modularize.txt"
	rel=$(cat "$obj/include/config/kernel.release")
	order=$obj/modroot/lib/modules/$rel/modules.order
	check "$kind: modules are installed with a modules.order" test -s "$order"
	n_order=$(grep -c . "$order" || true)
	n_ko=$(find "$obj/modroot/lib/modules/$rel" -name '*.ko' | wc -l)
	check "$kind: every module in modules.order is installed ($n_order)" \
		test "$n_order" -eq "$n_ko"
	# Options =y that the keep list does not explain must not be tristate
	# options that could be =m: run the modularizer again, it must be a
	# fixed point on its own output.
	# shellcheck disable=SC2046 # one --keep argument per listed option
	check "$kind: modularizing the final .config changes nothing" \
		"$PY" "$KSLIM_ROOT/scripts/kconfig/modularize.py" --srctree "$src" \
		$(sed -e 's/#.*//' "$KSLIM_ROOT/configs/$cfg.keep" | xargs -n1 printf -- '--keep %s ') \
		-o "$T/$kind.config" "$obj/.config"
	grep '^CONFIG_' "$obj/.config" >"$T/$kind.before" || true
	grep '^CONFIG_' "$T/$kind.config" >"$T/$kind.after" 2>/dev/null || true
	check_golden "$kind: ... the same .config comes out" \
		"$T/$kind.before" "$T/$kind.after"
done

# The modules the series adds: each says what it is and under which
# licence, and each is either loaded on first use (an alias: device
# table, misc device, protocol family, genl family...) or pulled in by a
# module that is.
smod=$O/stock/$cfg/modroot
mmod=$O/modular/$cfg/modroot
if [ -d "$smod" ] && [ -d "$mmod" ]; then
	rel=$(cat "$O/modular/$cfg/include/config/kernel.release")
	find "$smod" -name '*.ko' -exec basename {} .ko \; | sort >"$T/stock.mods"
	find "$mmod" -name '*.ko' | sort >"$T/modular.paths"
	new=0
	# shellcheck disable=SC2016 # the sh -c scripts expand their own arguments
	while read -r ko; do
		m=$(basename "$ko" .ko)
		grep -qx "$m" "$T/stock.mods" && continue
		new=$((new + 1))
		check "new module $m: MODULE_LICENSE and MODULE_DESCRIPTION" sh -c \
			'[ -n "$(/sbin/modinfo -F license "$1")" ] &&
			 [ -n "$(/sbin/modinfo -F description "$1")" ]' sh "$ko"
		check "new module $m: an autoload alias, or a dependency of a module with one" \
			sh -c '[ -n "$(/sbin/modinfo -F alias "$1")" ] ||
			grep -q ":.*/$2\.ko" "$3"' sh "$ko" "$m" \
			"$mmod/lib/modules/$rel/modules.dep"
	done <"$T/modular.paths"
	check "the series adds modules ($new)" test "$new" -gt 0
else
	skip "new modules" "stock or modular kvm-host modules not installed (run make)"
fi

json=$O/report/$cfg/summary.json
if [ ! -f "$json" ]; then
	skip "report" "no $json (run make)"
	done_testing
	exit
fi
check "report: resident is text+rodata+data+bss, and deltas add up" "$PY" - "$json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("stock", "modular"):
    m = r[k]
    assert m["resident"] == m["text"] + m["rodata"] + m["data"] + m["bss"], k
for key, d in r["delta"].items():
    assert d == r["modular"][key] - r["stock"][key], key
assert r["moved_out_of_vmlinux"] == r["stock"]["resident"] - r["modular"]["resident"]
PYEOF
for kind in stock modular; do
	check "report: $kind text matches footprint on the same vmlinux" "$PY" - \
		"$json" "$kind" "$FOOTPRINT" "$O/$kind/$cfg/vmlinux" <<'PYEOF'
import json, subprocess, sys
r = json.load(open(sys.argv[1]))[sys.argv[2]]
t = json.loads(subprocess.run([sys.argv[3], "--json", sys.argv[4]],
               check=True, capture_output=True, text=True).stdout)["totals"]
for k in ("text", "rodata", "data", "bss", "init"):
    assert r[k] == t[k], (k, r[k], t[k])
PYEOF
done

# The budget follows the kernel: `make gate` passes the modular kernel, and
# no class is below its budget by more than the tolerance, or a regression
# of that size would pass the gate unnoticed (the budget must be lowered
# with the change that moved the bytes out).
budget=$KSLIM_ROOT/configs/budgets/$cfg
if [ -f "$budget" ] && [ -f "$O/modular/$cfg/vmlinux" ]; then
	check "gate: the modular kernel is within configs/budgets/$cfg" \
		"$FOOTPRINT" gate --budget "$budget" "$O/modular/$cfg/vmlinux"
	# footprint gate --json is the one reader of budget files: a limit
	# more than its tolerance above the measured size is slack.
	"$FOOTPRINT" gate --json --budget "$budget" "$O/modular/$cfg/vmlinux" \
		>"$T/gate.json" 2>&1 || true
	check "gate: configs/budgets/$cfg is not looser than its tolerance" "$PY" - \
		"$T/gate.json" <<'PYEOF'
import json, sys
g = json.load(open(sys.argv[1]))
slack = [f"{b['class']}: limit {b['limit']}, measured {b['actual']}, "
         f"{b['limit'] - b['actual']} bytes of slack > {b['allowed'] - b['limit']}"
         for b in g["budgets"]
         if b["limit"] - b["actual"] > b["allowed"] - b["limit"]]
assert not slack, "; ".join(slack)
PYEOF
else
	skip "gate: the modular kernel is within configs/budgets/$cfg" "no budget or no modular vmlinux"
	skip "gate: configs/budgets/$cfg is not looser than its tolerance" "no budget or no modular vmlinux"
fi
done_testing

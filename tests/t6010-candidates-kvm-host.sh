#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t6010-candidates-kvm-host - the candidate finder on the real 6.12
# kvm-host builds: the stock report is complete (every object read and
# attributed, bytes equal to footprint's), well-known hard cases (INET,
# PCI, ACPI) show many blockers, and the options patches/series converts
# from bool to tristate show no blocker left on the modular build.
#
# Usage: sh tests/t6010-candidates-kvm-host.sh
. "$(dirname "$0")/lib.sh"

SYMGRAPH=${SYMGRAPH:-$O/tools/symgraph}
stock=$O/stock/kvm-host
modular=$O/modular/kvm-host
cand=$KSLIM_ROOT/scripts/candidates/candidates.py
need_built "make symgraph" "$SYMGRAPH"
need_built "make kernel-stock" "$stock/vmlinux" "$stock/vmlinux.a"

check "candidates report on the stock kvm-host build" \
	"$PY" "$cand" --symgraph "$SYMGRAPH" --footprint "$FOOTPRINT" \
	--out "$T/stock" "$stock"
rep=$T/stock/candidates.json
check "every object of vmlinux.a is read and attributed" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))["objects"]
print(d)
sys.exit(bool(d["unreadable"] or d["unattributed"]) or d["vmlinux_a"] < 500)
' "$rep"
check "the ranking covers every bool =y option" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for o in d["options"] if o["kconfig"]["type"] == "bool")
conf = open(sys.argv[2]).read()
print(n, "bool options ranked")
sys.exit(n < 300 or "CONFIG_INET=y" not in conf)
' "$rep" "$stock/.config"

# hard cases: core code calls into them, they need exports, run early
for opt in CONFIG_INET CONFIG_PCI CONFIG_ACPI; do
	check "$opt shows many blockers" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [o for o in d["options"] if o["name"] == sys.argv[2]]
if not r:
    sys.exit("not in the report")
r = r[0]
c = r["counts"]
print(sys.argv[2], r["hard_blockers"], c)
sys.exit(not (r["hard_blockers"] >= 20 and c["inbound_core"] >= 5 and
              c["export"] >= 5 and c["early_initcall"] >= 1))
' "$rep" "$opt"
done
check "INET lists inet_init as an early (fs) initcall" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [o for o in d["options"] if o["name"] == "CONFIG_INET"][0]
sys.exit(not any(i["function"] == "inet_init" and i["level"] == "fs"
                 for i in r["early_initcalls"]))
' "$rep"
check "NET defines syscalls (socket)" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [o for o in d["options"] if o["name"] == "CONFIG_NET"][0]
sys.exit("__x64_sys_socket" not in r["syscalls"])
' "$rep"

# the series' conversions, analysed where they are modules
"$PY" "$KSLIM_ROOT/tests/candidates/converted.py" "$KSLIM_ROOT/patches" \
	>"$T/converted" 2>"$T/converted.err" || true
if [ ! -s "$T/converted" ]; then
	skip "converted options have no blocker on the modular build" \
		"patches/series turns no bool into tristate yet"
elif [ ! -f "$modular/vmlinux" ] || [ ! -f "$modular/modules.order" ]; then
	skip "converted options have no blocker on the modular build" \
		"no modular kvm-host build in $modular (make kernel-modular)"
else
	set --
	while read -r c; do
		set -- "$@" --option "$c"
	done <"$T/converted"
	check "candidates report on the modular build ($(wc -l <"$T/converted") converted)" \
		"$PY" "$cand" --symgraph "$SYMGRAPH" --modules --json "$@" "$modular"
	cp "$(last_log)" "$T/modular.json"
	while read -r c; do
		check "$c: a module on the modular build, no blocker left" \
			"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [o for o in d["options"] if o["name"] == sys.argv[2]][0]
print(r["kind"], r["kconfig"] and r["kconfig"]["value"], r["counts"])
sys.exit(not (r["kind"] == "module" and r["hard_blockers"] == 0 and
              r["kconfig"]["value"] == "m"))
' "$T/modular.json" "$c"
	done <"$T/converted"
fi
done_testing

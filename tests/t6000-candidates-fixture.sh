#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t6000-candidates-fixture - the candidate finder on a synthetic tree whose
# answers are known (tests/candidates/mktree.sh says what each option is):
# a leaf driver has no blockers, an option core code calls lists its
# caller, one using an unexported symbol lists that export, one with a
# core_initcall lists it; the full fact list is compared with
# tests/candidates/fixture.facts.
#
# Usage: sh tests/t6000-candidates-fixture.sh
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_cmd ld binutils
SYMGRAPH=${SYMGRAPH:-$O/tools/symgraph}
need_built "make symgraph" "$SYMGRAPH"
cand=$KSLIM_ROOT/scripts/candidates/candidates.py
facts=$KSLIM_ROOT/tests/candidates/facts.py

check "fixture tree builds" "$KSLIM_ROOT/tests/candidates/mktree.sh" "$T/tree"
obj=$T/tree/obj
check "candidates.py writes txt, md and json" \
	"$PY" "$cand" --symgraph "$SYMGRAPH" --footprint "$FOOTPRINT" \
	--out "$T/report" "$obj"
for f in txt md json; do
	[ -s "$T/report/candidates.$f" ] || not_ok "candidates.$f is empty"
done
"$PY" "$facts" "$T/report/candidates.json" >"$T/facts" 2>"$T/facts.err" ||
	not_ok "facts.py reads the report"

# fact LINE...: the report's fact list holds each LINE exactly
has() {
	_d=$1
	shift
	_ok=1
	for _l in "$@"; do
		grep -qxF -- "$_l" "$T/facts" || { _ok=; diag "missing: $_l"; }
	done
	if [ -n "$_ok" ]; then ok "$_d"; else not_ok "$_d"; fi
}

has "a leaf driver has no blockers" \
	"CONFIG_LEAF bool objects=drivers/leaf/leaf.o hard=0" \
	"  initcall: device leaf_init early=no"
has "an option called from core code lists its caller" \
	"CONFIG_CALLED bool objects=drivers/called.o hard=1" \
	"  inbound-core: called_fn <- kernel/core.o:core_main; drivers/dep_bool.o:dep_bool_fn"
has "an option using a non-exported symbol lists that export" \
	"CONFIG_NEEDS bool objects=drivers/needs.o hard=1" \
	"  export: core_private_fn (kernel/core.o)"
has "an option with a core_initcall lists it, and its __setup" \
	"CONFIG_EARLY bool objects=drivers/early.o hard=2" \
	"  initcall: core early_init early=yes" \
	"  param: __setup early_opt= early_opt_setup"
has "a static key tested by core jump labels is a blocker" \
	"  static-key: keys_enabled"
has "a syscall is a blocker" "  syscall: __x64_sys_kslim_test"
has "sysctl registrations are listed" "  sysctl: needs_init via register_sysctl_sz"
has "CONFIG_CALLED tests in core code are listed with file:line" \
	"  config-site: kernel/core.c:17 #if" \
	"  config-site: kernel/core.c:20 IS_ENABLED"
has "a composite's parts go to the nearer option (X-y, X-\$(CONFIG_Y))" \
	"CONFIG_COMP bool objects=drivers/comp_a.o,drivers/comp_b.o hard=0" \
	"CONFIG_COMP_EXTRA bool objects=drivers/comp_c.o hard=0"
has "obj-\$(CONFIG_X) += dir/ gates the directory's obj-y" \
	"CONFIG_SUBSYS bool objects=drivers/subsys/sub.o hard=0"
has "a tristate held at y names the bool selecting it" \
	"CONFIG_SEL_TRI tristate objects=drivers/sel_tri.o hard=1" \
	"  selected-by: CONFIG_CALLED (bool)"
check_golden "all facts match tests/candidates/fixture.facts" \
	"$KSLIM_ROOT/tests/candidates/fixture.facts" "$T/facts"

# =m options: their objects come from modules.order and the .mod files
"$PY" "$cand" --symgraph "$SYMGRAPH" --footprint "$FOOTPRINT" --modules \
	--option CONFIG_MODTRI --option MODBAD --option MODCOMP --out "$T/modules" "$obj" \
	>"$T/modules.log" 2>&1 || not_ok "candidates.py --modules runs"
"$PY" "$facts" "$T/modules/candidates.json" >"$T/facts" 2>&1 || true
has "a module using exported symbols only has no blockers" \
	"CONFIG_MODTRI tristate objects=drivers/modtri.o hard=0"
has "a module using an unexported symbol lists that export" \
	"CONFIG_MODBAD tristate objects=drivers/modbad.o hard=1" \
	"  export: core_private_fn (kernel/core.o)"
has "a module's own parts need no export, whatever gates them" \
	"CONFIG_MODCOMP tristate objects=drivers/modcomp_main.o hard=0"
check "... all three analysed as modules, =m" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
k = [(o["kind"], o["kconfig"]["value"]) for o in d["options"]]
print(k)
sys.exit(k != [("module", "m")] * 3)' "$T/modules/candidates.json"

# lib.a: only the member the link pulled in is part of vmlinux
check "lib.a: 1 of 2 members linked" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))["objects"]
sys.exit(not (r["lib_a_total"] == 2 and r["lib_a_linked"] == 1))
' "$T/report/candidates.json"

# bytes: symgraph classifies with footprint's own function, so per option
# they must equal footprint's per-Kconfig rows (MODULES also gets the
# export table, which link-vmlinux.sh links beside vmlinux.a)
if [ -x "$FOOTPRINT" ]; then
	check "per-option bytes equal footprint's --by all config rows" \
		"$PY" -c '
import json, subprocess, sys
sg, fp, obj = sys.argv[1:4]
g = json.loads(subprocess.run([sg, obj], check=True,
                              stdout=subprocess.PIPE).stdout)
f = json.loads(subprocess.run([fp, "--json", "--objtree", obj, "--by",
                               "all", obj + "/vmlinux"], check=True,
                              stdout=subprocess.PIPE).stdout)
rows = {c["name"]: c for c in f["configs"]}
bad = [(o["name"], o["bytes"]["total"], rows.get(o["name"], {}).get("total"))
       for o in g["options"] if o["name"] != "CONFIG_MODULES" and
       o["bytes"]["total"] != rows.get(o["name"], {}).get("total")]
print(bad)
sys.exit(bool(bad) or not g["options"])
' "$SYMGRAPH" "$FOOTPRINT" "$obj"
else
	skip "per-option bytes equal footprint's" "$FOOTPRINT not built"
fi

# same input, same bytes out
"$PY" "$cand" --symgraph "$SYMGRAPH" --footprint "$FOOTPRINT" \
	--out "$T/report2" "$obj" >/dev/null 2>&1 || true
for f in txt md json; do
	check_golden "candidates.$f is reproducible" "$T/report/candidates.$f" \
		"$T/report2/candidates.$f"
done
done_testing

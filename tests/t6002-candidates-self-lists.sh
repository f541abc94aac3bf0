#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t6002-candidates-self-lists - Makefile lists that name themselves or each
# other (crypto/Makefile: crypto_algapi-y := algapi.o scatterwalk.o
# $(crypto_algapi-y)) are read in bounded memory: symgraph and footprint,
# which share the Makefile reader, once grew such a list forever (23.8 GB
# and the OOM killer on the kvm-host build).  Both run here under a
# memory cap and a time limit on the fixture tree of
# tests/candidates/mktree.sh, its drivers/Makefile rewritten in crypto's
# shape, and the parts still go to the right options.
#
# Usage: sh tests/t6002-candidates-self-lists.sh
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_cmd ld binutils
need_cmd timeout coreutils
SYMGRAPH=${SYMGRAPH:-$O/tools/symgraph}
need_built "make symgraph" "$SYMGRAPH"
# KiB of address space; symgraph needs about 12 MB on the kvm-host build
CAP=${CAP:-400000}

check "fixture tree builds" "$KSLIM_ROOT/tests/candidates/mktree.sh" "$T/tree"
obj=$T/tree/obj
mk=$T/tree/src/drivers/Makefile
check_grep "mktree.sh's drivers/Makefile has the comp-y line rewritten here" \
	'^comp-y := comp_a.o comp_b.o$' "$mk"

# comp-$(CONFIG_COMP_EXTRA) first, then crypto's self-reference, then the
# -objs spelling of the same list; ping/pong name each other 40 times,
# which doubles both lists per line unless each part is added once
{
	grep -v '^comp-' "$mk"
	cat <<'EOF'
comp-$(CONFIG_COMP_EXTRA) += comp_c.o
comp-y := comp_a.o comp_b.o $(comp-y)
comp-objs := $(comp-y)
ping-y := comp_a.o
pong-y := $(ping-y)
EOF
	i=0
	while [ "$i" -lt 40 ]; do
		cat <<'EOF'
ping-y += $(pong-y)
pong-y += $(ping-y)
EOF
		i=$((i + 1))
	done
} >"$mk.new"
mv "$mk.new" "$mk"

# capped TOOL ARGS...: TOOL under ulimit -v $CAP and a 60 s limit
capped() {
	# shellcheck disable=SC3045 # dash and bash both have ulimit -v
	(ulimit -v "$CAP" && exec timeout 60 "$@")
}

check "symgraph reads self-referencing lists under a ${CAP} KiB cap" \
	capped "$SYMGRAPH" -o "$T/graph.json" "$obj"
check "symgraph --modules too" \
	capped "$SYMGRAPH" --modules -o "$T/graph-m.json" "$obj"
check "the parts keep their options (COMP: a, b; COMP_EXTRA: c)" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
got = {o["name"]: sorted(x["name"] for x in o["objects"])
       for o in d["options"] if o["name"].startswith("CONFIG_COMP")}
print(got)
sys.exit(got != {"CONFIG_COMP": ["drivers/comp_a.o", "drivers/comp_b.o"],
                 "CONFIG_COMP_EXTRA": ["drivers/comp_c.o"]})
' "$T/graph.json"
if [ -x "$FOOTPRINT" ]; then
	check "footprint --by config reads them under the same cap" \
		capped "$FOOTPRINT" --json --objtree "$obj" --by config \
		"$obj/vmlinux"
	check_grep "... and gives COMP_EXTRA its own row" \
		'"CONFIG_COMP_EXTRA"' "$(last_log)"
else
	skip "footprint --by config reads them under the same cap" \
		"$FOOTPRINT not built (make tools)"
fi
done_testing

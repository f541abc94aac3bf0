#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t6001-candidates-cli - symgraph and candidates.py: --help, exit codes,
# git-style errors, and damaged input (truncated and bit-flipped objects,
# a vmlinux that is not ELF) giving one-line errors or a listed unreadable
# object, never a crash.
#
# Usage: sh tests/t6001-candidates-cli.sh
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
SYMGRAPH=${SYMGRAPH:-$O/tools/symgraph}
if [ ! -x "$SYMGRAPH" ]; then
	echo "1..0 # SKIP $SYMGRAPH not built (make symgraph)"
	exit 0
fi
cand=$KSLIM_ROOT/scripts/candidates/candidates.py

check_exit "symgraph --help exits 0" 0 "$SYMGRAPH" --help
check_grep "symgraph --help documents the exit status" "Exit status" "$(last_log)"
check_exit "symgraph without OBJTREE is a usage error" 2 "$SYMGRAPH"
check_exit "symgraph on a missing folder exits 2" 2 "$SYMGRAPH" "$T/nope"
check_grep "... with a git-style error" \
	"^symgraph: error: cannot open '$T/nope'" "$(last_log)"
check_exit "candidates.py --help exits 0" 0 "$PY" "$cand" --help
check_exit "candidates.py on a missing folder exits 2" 2 "$PY" "$cand" "$T/nope"
check_grep "... with a git-style error" \
	"^candidates: error: cannot open '$T/nope'" "$(last_log)"

"$KSLIM_ROOT/tests/candidates/mktree.sh" "$T/tree" >/dev/null
obj=$T/tree/obj

# a vmlinux that is not ELF
cp "$obj/vmlinux" "$T/vmlinux.good"
printf 'not an ELF file\n' >"$obj/vmlinux"
check_exit "a vmlinux that is not ELF exits 2" 2 "$SYMGRAPH" "$obj"
check_grep "... naming the file" "error: '.*vmlinux': not an ELF file" \
	"$(last_log)"
cp "$T/vmlinux.good" "$obj/vmlinux"

# a truncated object: reported as unreadable, the rest still analysed
cp "$obj/drivers/needs.o" "$T/needs.o"
head -c 300 "$T/needs.o" >"$obj/drivers/needs.o"
check_exit "a truncated object is not fatal" 0 "$SYMGRAPH" -o "$T/trunc.json" "$obj"
check_grep "... it gets a warning" "^symgraph: warning: .*needs.o" "$(last_log)"
check "... and is listed as unreadable" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(d["objects"]["unreadable"] != ["drivers/needs.o"] or
         not d["options"])' "$T/trunc.json"

# every prefix length and scattered bit flips of an object: exit 0 or 2,
# never a signal (the reader checks every offset it is handed)
size=$(wc -c <"$T/needs.o")
crashes=0
n=0
len=0
while [ "$len" -lt "$size" ]; do
	head -c "$len" "$T/needs.o" >"$obj/drivers/needs.o"
	rc=0
	"$SYMGRAPH" -o /dev/null "$obj" >/dev/null 2>&1 || rc=$?
	[ "$rc" -le 2 ] || { crashes=$((crashes + 1)); diag "prefix $len: exit $rc"; }
	n=$((n + 1))
	len=$((len + 97))
done
seed=1
while [ "$seed" -le 150 ]; do
	"$PY" -c '
import random, sys
data = bytearray(open(sys.argv[1], "rb").read())
rnd = random.Random(int(sys.argv[3]))
for _ in range(rnd.randint(1, 8)):
    i = rnd.randrange(len(data))
    data[i] = rnd.randrange(256)
open(sys.argv[2], "wb").write(data)
' "$T/needs.o" "$obj/drivers/needs.o" "$seed"
	rc=0
	"$SYMGRAPH" -o /dev/null "$obj" >/dev/null 2>&1 || rc=$?
	[ "$rc" -le 2 ] || { crashes=$((crashes + 1)); diag "seed $seed: exit $rc"; }
	n=$((n + 1))
	seed=$((seed + 1))
done
if [ "$crashes" -eq 0 ]; then
	ok "$n damaged objects, no crash"
else
	not_ok "$crashes of $n damaged objects crashed symgraph"
fi
cp "$T/needs.o" "$obj/drivers/needs.o"

check_exit "--option limits the report to the options named" 0 \
	"$PY" "$cand" --symgraph "$SYMGRAPH" --json --option CONFIG_LEAF "$obj"
check "... to exactly those" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit([o["name"] for o in d["options"]] != ["CONFIG_LEAF"])' "$(last_log)"
done_testing

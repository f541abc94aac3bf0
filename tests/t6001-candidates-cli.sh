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
need_built "make symgraph" "$SYMGRAPH"
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

cp "$T/needs.o" "$obj/drivers/needs.o"

# damaged objects and vmlinux: exit 0 or 2, never a signal; built with
# AddressSanitizer and UBSan (make SANITIZE=1, in this test's own output
# folder) when gcc can, so a stray read is caught too
sg=$SYMGRAPH
if make --no-print-directory -C "$KSLIM_ROOT" O="$T/o" SANITIZE=1 \
	"$T/o/tools/symgraph" >"$T/asan-build.log" 2>&1; then
	sg=$T/o/tools/symgraph
else
	diag "no sanitizer build (see $T/asan-build.log): plain symgraph"
fi
check "300 damaged objects and images: no crash, no sanitizer report" \
	"$PY" "$KSLIM_ROOT/tests/candidates/fuzz.py" "$sg" "$obj" 300

check_exit "--option limits the report to the options named" 0 \
	"$PY" "$cand" --symgraph "$SYMGRAPH" --json --option CONFIG_LEAF "$obj"
check "... to exactly those" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit([o["name"] for o in d["options"]] != ["CONFIG_LEAF"])' "$(last_log)"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tests/run.sh - run kslim's TAP test scripts and print one closing line
#
# Usage: tests/run.sh [tests/tNNNN-name.sh ...]   (default: every tests/t*.sh)
#
# Each script's TAP is echoed under a "# name" header; the last line is
# "N passed, N failed, N skipped" and the exit status is 1 when anything
# failed (a script that dies without a plan counts as one failure).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
[ "$#" -gt 0 ] || set -- "$root"/tests/t[0-9]*.sh
O=${O:-$root/build}
mkdir -p "$O/tests"

passed=0
failed=0
skipped=0
for t in "$@"; do
	name=$(basename "$t" .sh)
	log=$O/tests/$name.tap
	echo "# $name"
	start=$(date +%s)
	rc=0
	sh "$t" >"$log" 2>&1 || rc=$?
	sed 's/^/    /' "$log"
	a=$(grep -c '^ok ' "$log" || true)
	p=$(grep -c '^ok .*# SKIP' "$log" || true)
	# "1..0 # SKIP why": the whole script was skipped, count it once
	if grep -q '^1\.\.0 *# *SKIP' "$log"; then
		p=$((p + 1))
		a=$((a + 1))
	fi
	f=$(grep -c '^not ok ' "$log" || true)
	if ! grep -q '^1\.\.[0-9]' "$log"; then
		echo "    not ok - $name ended without a TAP plan (exit $rc)"
		f=$((f + 1))
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "    not ok - $name exited $rc"
		f=$((f + 1))
	fi
	passed=$((passed + a - p))
	skipped=$((skipped + p))
	failed=$((failed + f))
	echo "# $name: $((a - p)) passed, $f failed, $p skipped ($(( $(date +%s) - start ))s)"
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

# SPDX-License-Identifier: GPL-2.0
# tests/lib.sh - TAP helpers shared by every kslim test script
#
# Usage: . "$(dirname "$0")/lib.sh" at the top of tests/tNNNN-name.sh
#
# Every test script runs alone (./tests/t1000-footprint-report.sh) or under
# tests/run.sh (what `make check` calls).  It prints TAP: one "ok"/"not ok"
# line per test point and the plan "1..N" at the end.

set -eu

KSLIM_ROOT=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$KSLIM_ROOT/build}
case "$O" in /*) ;; *) O=$KSLIM_ROOT/$O ;; esac
PY=${PY:-/usr/bin/python3}
FOOTPRINT=${FOOTPRINT:-$O/tools/footprint}
TEST_NAME=$(basename "$0" .sh)
# Scratch space of this test, wiped at start so a rerun starts clean.
T=$O/tests/$TEST_NAME
rm -rf "$T"
mkdir -p "$T"
# kslim's Python modules, found as the Makefile finds them; their bytecode
# goes to the output folder, not into scripts/.
PYTHONPATH=$KSLIM_ROOT/scripts:$KSLIM_ROOT/scripts/kconfig:$KSLIM_ROOT/scripts/candidates
PYTHONPYCACHEPREFIX=${PYTHONPYCACHEPREFIX:-$O/pycache}
export KSLIM_ROOT O PY FOOTPRINT T PYTHONPATH PYTHONPYCACHEPREFIX
# A test runs in its scratch folder (git's "trash directory"), so whatever a
# tool leaves in its working directory (checkpatch.pl's camelcase cache)
# never lands in the repository.  Paths into the repository: $KSLIM_ROOT/.
cd "$T"

_tap_n=0
_tap_fail=0

ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_fail=$((_tap_fail + 1))
	echo "not ok $_tap_n - $*"
}

# skip DESCRIPTION REASON
skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# diag TEXT...: a comment line, shown by run.sh
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# check DESCRIPTION CMD [ARGS...]: one test point, passes when CMD exits 0.
# The command's output goes to $T/<n>.log and is shown on failure.
check() {
	_desc=$1
	shift
	_log=$T/check-$((_tap_n + 1)).log
	if "$@" >"$_log" 2>&1; then
		ok "$_desc"
	else
		_rc=$?
		not_ok "$_desc"
		diag "\$ $* (exit $_rc)"
		tail -n 40 "$_log" | diag_stdin
	fi
}

# check_exit DESCRIPTION CODE CMD [ARGS...]: passes when CMD exits with CODE.
check_exit() {
	_desc=$1
	_want=$2
	shift 2
	_log=$T/check-$((_tap_n + 1)).log
	_rc=0
	"$@" >"$_log" 2>&1 || _rc=$?
	if [ "$_rc" -eq "$_want" ]; then
		ok "$_desc"
	else
		not_ok "$_desc"
		diag "\$ $* (exit $_rc, wanted $_want)"
		tail -n 20 "$_log" | diag_stdin
	fi
}

diag_stdin() {
	sed 's/^/# /'
}

# check_golden DESCRIPTION EXPECTED ACTUAL: diff -u, the diff is the diagnostic.
check_golden() {
	if diff -u "$2" "$3" >"$T/golden.diff" 2>&1; then
		ok "$1"
	else
		not_ok "$1"
		head -n 60 "$T/golden.diff" | diag_stdin
	fi
}

# last_log: the output file of the previous check/check_exit
last_log() {
	echo "$T/check-$_tap_n.log"
}

# check_grep DESCRIPTION PATTERN FILE: passes when FILE matches PATTERN.
check_grep() {
	if grep -q -- "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diag "pattern '$2' not found in $3:"
		head -n 20 "$3" | diag_stdin
	fi
}

# skip_all REASON: skip the whole script (TAP "1..0 # SKIP"), exit 0.
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# need_built HOW FILE...: skip the whole script unless every FILE (a tool,
# a tree, a kernel build) is there; the reason names the first missing one
# and HOW makes it ("make tools").
need_built() {
	_how=$1
	shift
	for _f in "$@"; do
		[ -e "$_f" ] || skip_all "$_f is missing ($_how)"
	done
}

# need_cmd CMD PACKAGE: skip the whole script when a tool is missing.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		skip_all "the external command '$1' is needed (Debian package $2)"
}

# series_list PATCHES_DIR, kernel_version TREE: the patch names of a quilt
# series and a kernel tree's VERSION.PATCHLEVEL.SUBLEVEL, from kslim's one
# reader of each (scripts/kslim.py), as the tools read them.
series_list() {
	"$PY" "$KSLIM_ROOT/scripts/kslim.py" series "$1"
}
kernel_version() {
	"$PY" "$KSLIM_ROOT/scripts/kslim.py" version "$1"
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_fail" -eq 0 ]
}

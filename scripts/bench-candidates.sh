#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-candidates.sh - time the candidate finder on a kernel build folder
#
# Usage: scripts/bench-candidates.sh [--runs N] OBJTREE
#
# Runs the full analysis (scripts/candidates/candidates.py --out: symgraph,
# footprint and kconfiglib, report written) N times (default 5), then
# symgraph alone, and prints the median, minimum and maximum wall-clock
# times, the CPU count, and the target (30 s on 2 cores).  The report of
# the last run is kept in $O/report/bench/candidates/.  Exit codes: 0
# measured, 1 the median misses the target, 2 usage or input error.
set -eu

me=bench-candidates
root=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$root/build}
PYTHON=${PYTHON:-/usr/bin/python3}
SYMGRAPH=${SYMGRAPH:-$O/tools/symgraph}
FOOTPRINT=${FOOTPRINT:-$O/tools/footprint}
TARGET=30

die() {
	echo "$me: error: $*" >&2
	exit 2
}

runs=5
while [ "$#" -gt 0 ]; do
	case "$1" in
	--runs) [ "$#" -ge 2 ] || die "--runs needs a number"; runs=$2; shift ;;
	-h|--help) sed -n '3,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
	shift
done
[ "$#" -eq 1 ] || die "usage: scripts/bench-candidates.sh [--runs N] OBJTREE"
obj=$1
[ -f "$obj/vmlinux" ] || die "cannot open '$obj/vmlinux': No such file or directory"
[ -x "$SYMGRAPH" ] || die "cannot run '$SYMGRAPH': build it with 'make symgraph'"
case "$runs" in ''|*[!0-9]*|0) die "--runs wants a positive number" ;; esac
out=$O/report/bench/candidates
mkdir -p "$out"

# time_runs N CMD...: prints one wall time per run (seconds)
time_runs() {
	n=$1
	shift
	i=0
	while [ "$i" -lt "$n" ]; do
		s=$(date +%s.%N)
		"$@" >"$out/run.log" 2>&1 || {
			cat "$out/run.log" >&2
			echo "$me: error: failed; to reproduce:" >&2
			echo "\$ $*" >&2
			exit 2
		}
		e=$(date +%s.%N)
		echo "$s $e" | awk '{ printf "%.3f\n", $2 - $1 }'
		i=$((i + 1))
	done
}

# stats LABEL: median/min/max of the times on stdin
stats() {
	sort -n | awk -v label="$1" '
		{ t[NR] = $1 }
		END {
			m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			printf "  %-34s median %6.2f s  min %6.2f  max %6.2f  (%d runs)\n",
				label, m, t[1], t[NR], NR
		}'
}

cpus=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
echo "$me: $obj, $runs runs, $cpus CPUs (load average $load), target ${TARGET} s (2 cores)"
time_runs "$runs" "$PYTHON" "$root/scripts/candidates/candidates.py" \
	--symgraph "$SYMGRAPH" --footprint "$FOOTPRINT" --out "$out" "$obj" \
	>"$out/full.times"
stats "full analysis (candidates.py)" <"$out/full.times"
time_runs "$runs" "$SYMGRAPH" -o "$out/symgraph.json" "$obj" >"$out/sg.times"
stats "symgraph alone" <"$out/sg.times"
time_runs "$runs" "$SYMGRAPH" --no-config-uses -o /dev/null "$obj" \
	>"$out/sgn.times"
stats "symgraph --no-config-uses" <"$out/sgn.times"
median=$(sort -n "$out/full.times" | awk '{ t[NR] = $1 } END {
	print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
head -n 1 "$out/candidates.txt"
if awk -v m="$median" -v t="$TARGET" 'BEGIN { exit !(m > t) }'; then
	echo "$me: median ${median} s is over the ${TARGET} s target" >&2
	exit 1
fi

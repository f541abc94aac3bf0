#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-footprint.sh - time `footprint diff` against scripts/bloat-o-meter
#
# Usage: scripts/bench-footprint.sh [--runs N] [--bloat-o-meter PATH] OLD NEW
#
# Runs the two tools in turn, N times each (default 7), on the same vmlinux
# pair, prints the median wall and CPU time of both and the ratios, and
# checks both print the same symbol deltas (bloat-o-meter's whole output is
# the first part of footprint's).  The runs alternate so that both tools
# see the same machine load; times come from wait4() (microseconds, CPU =
# user + sys of the command and its children: bloat-o-meter's two nm
# processes count), not from time(1), whose 10 ms steps are a sixth of
# footprint's run time.  Exit 0 ok, 1 the tables differ, 2 usage or
# missing input.
set -eu

runs=7
root=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$root/build}
bom=$O/stock/src/scripts/bloat-o-meter
FOOTPRINT=${FOOTPRINT:-$O/tools/footprint}
PYTHON=${PYTHON:-/usr/bin/python3}

usage() {
	echo "usage: $0 [--runs N] [--bloat-o-meter PATH] OLD NEW" >&2
	exit 2
}
while [ "$#" -gt 0 ]; do
	case "$1" in
	--runs) [ "$#" -ge 2 ] || usage; runs=$2; shift 2 ;;
	--bloat-o-meter) [ "$#" -ge 2 ] || usage; bom=$2; shift 2 ;;
	-h|--help) echo "usage: $0 [--runs N] [--bloat-o-meter PATH] OLD NEW"; exit 0 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ "$#" -eq 2 ] || usage
old=$1
new=$2
case "$runs" in ''|*[!0-9]*|0) echo "bench-footprint: error: bad --runs '$runs'" >&2; exit 2 ;; esac
for f in "$old" "$new" "$bom" "$FOOTPRINT"; do
	[ -e "$f" ] || { echo "bench-footprint: error: cannot open '$f': No such file or directory" >&2; exit 2; }
done
command -v nm >/dev/null 2>&1 ||
	{ echo "bench-footprint: error: the external command 'nm' is needed (Debian package binutils)" >&2; exit 2; }
[ -x "$PYTHON" ] ||
	{ echo "bench-footprint: error: cannot run '$PYTHON' (Debian package python3)" >&2; exit 2; }

out=$O/bench/footprint
mkdir -p "$out"

# timed NAME CMD...: run CMD once, stdout to NAME.out, append "wall cpu"
# (seconds) to NAME.times; a failing command stops the benchmark
timed() {
	name=$1
	shift
	"$PYTHON" -c '
import resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "wb") as f:
    start = time.perf_counter()
    rc = subprocess.call(sys.argv[3:], stdout=f)
    wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
with open(sys.argv[2], "a") as t:
    t.write("%.4f %.4f\n" % (wall, cpu))
sys.exit(rc)
' "$out/$name.out" "$out/$name.times" "$@" || {
		echo "bench-footprint: error: failed: $*" >&2
		exit 2
	}
}
# median FILE COLUMN
median() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.4f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
loadavg() {
	cut -d' ' -f1-3 /proc/loadavg
}

echo "  BENCH   footprint diff vs bloat-o-meter, $runs runs each, alternating" >&2
echo "          $old -> $new" >&2
load_before=$(loadavg)
: >"$out/bloat-o-meter.times"
: >"$out/footprint.times"
i=0
while [ "$i" -lt "$runs" ]; do
	timed bloat-o-meter "$PYTHON" "$bom" "$old" "$new"
	timed footprint "$FOOTPRINT" diff "$old" "$new"
	i=$((i + 1))
	printf '.' >&2
done
echo >&2
bw=$(median "$out/bloat-o-meter.times" 1)
bc=$(median "$out/bloat-o-meter.times" 2)
fw=$(median "$out/footprint.times" 1)
fc=$(median "$out/footprint.times" 2)
printf '%-16s %12s %12s\n' tool "median wall" "median cpu"
printf '%-16s %11ss %11ss\n' bloat-o-meter "$bw" "$bc"
printf '%-16s %11ss %11ss\n' "footprint diff" "$fw" "$fc"
echo "$bw $fw $bc $fc" | awk '{ printf "%-16s %11.1fx %11.1fx\n", "ratio", $1 / ($2 > 0 ? $2 : 0.0001), $3 / ($4 > 0 ? $4 : 0.0001) }'
echo "load average: $load_before before, $(loadavg) after, on $(nproc) CPUs"

n=$(wc -l <"$out/bloat-o-meter.out")
if head -n "$n" "$out/footprint.out" | cmp -s - "$out/bloat-o-meter.out"; then
	echo "symbol deltas: identical ($((n - 3)) changed symbols; outputs in $out)"
else
	echo "bench-footprint: error: symbol deltas differ from bloat-o-meter:" >&2
	head -n "$n" "$out/footprint.out" | diff -u "$out/bloat-o-meter.out" - | head -n 20 >&2
	exit 1
fi

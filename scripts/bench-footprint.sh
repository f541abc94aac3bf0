#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-footprint.sh - time `footprint diff` against scripts/bloat-o-meter
#
# Usage: scripts/bench-footprint.sh [--runs N] [--bloat-o-meter PATH] OLD NEW
#
# Runs each tool N times (default 7) on the same vmlinux pair, prints the
# median wall and CPU time of both and the ratios, and checks both print the
# same symbol deltas (bloat-o-meter's whole output is the first part of
# footprint's).  Exit 0 ok, 1 the tables differ, 2 usage or missing input.
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
[ -x /usr/bin/time ] ||
	{ echo "bench-footprint: error: the external command '/usr/bin/time' is needed (Debian package time)" >&2; exit 2; }

out=$O/bench/footprint
mkdir -p "$out"

# time_runs NAME CMD...: per run "wall cpu" seconds (cpu = user + sys of
# the command and its children: bloat-o-meter's two nm processes count)
time_runs() {
	name=$1
	shift
	: >"$out/$name.times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S' -o "$out/$name.t" "$@" >"$out/$name.out"
		awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$out/$name.t" >>"$out/$name.times"
		i=$((i + 1))
		printf '.' >&2
	done
}
# median FILE COLUMN
median() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "  BENCH   footprint diff vs bloat-o-meter, $runs runs each" >&2
echo "          $old -> $new" >&2
time_runs bloat-o-meter "$PYTHON" "$bom" "$old" "$new"
time_runs footprint "$FOOTPRINT" diff "$old" "$new"
echo >&2
bw=$(median "$out/bloat-o-meter.times" 1)
bc=$(median "$out/bloat-o-meter.times" 2)
fw=$(median "$out/footprint.times" 1)
fc=$(median "$out/footprint.times" 2)
printf '%-16s %12s %12s\n' tool "median wall" "median cpu"
printf '%-16s %11ss %11ss\n' bloat-o-meter "$bw" "$bc"
printf '%-16s %11ss %11ss\n' "footprint diff" "$fw" "$fc"
echo "$bw $fw $bc $fc" | awk '{ printf "%-16s %11.1fx %11.1fx\n", "ratio", $1 / ($2 > 0 ? $2 : 0.001), $3 / ($4 > 0 ? $4 : 0.001) }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

n=$(wc -l <"$out/bloat-o-meter.out")
if head -n "$n" "$out/footprint.out" | cmp -s - "$out/bloat-o-meter.out"; then
	echo "symbol deltas: identical ($((n - 3)) changed symbols; outputs in $out)"
else
	echo "bench-footprint: error: symbol deltas differ from bloat-o-meter:" >&2
	head -n "$n" "$out/footprint.out" | diff -u "$out/bloat-o-meter.out" - | head -n 20 >&2
	exit 1
fi

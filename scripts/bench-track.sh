#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-track.sh - how long one tracker build takes, cold and ccache-warm
#
# Usage: scripts/bench-track.sh [CONFIG [SRCTREE...]]
#        (make bench-track; default tiny, and the trees below)
#
# For each version the tracker sweeps by default (Debian's 6.1, unpacked by
# the first `make track` into $O/track/src/, and 6.12, $O/stock/src), the
# exact build a sweep runs (scripts/build-kernel.sh --modularize
# --allow-absent, -j$J) is timed twice in a fresh objtree
# $O/bench/track/VERSION/CONFIG:
#
#   cold  with an empty ccache (a new CCACHE_DIR under $O/bench/track/),
#         which this run fills
#   warm  again from a fresh objtree with that now-full cache
#
# The shared ccache is not used, so earlier builds do not make "cold" warm
# and the bench does not evict anything.  One run each (a kernel build is
# minutes, not milliseconds): on a shared machine, rerun before comparing.
# Prints one line per version (with the 1-minute load average at the end of
# each build: on a shared machine it says how much the numbers mean) and
# writes $O/bench/track/results.txt.
# Exit codes: 0 done, 1 a build failed, 2 a source tree is missing.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$root/build}
J=${J:-2}
cfg=${1:-tiny}
[ "$#" -eq 0 ] || shift
[ "$#" -gt 0 ] || set -- "$O/track/src/linux-source-6.1/src" "$O/stock/src"
bench=$O/bench/track

trees=""
for t in "$@"; do
	if [ ! -f "$t/Makefile" ]; then
		echo "bench-track: error: cannot open '$t/Makefile': No such file or directory (run make track first)" >&2
		exit 2
	fi
	trees="$trees $t"
done

mkdir -p "$bench"
results=$bench/results.txt
: >"$results.new"
for src in $trees; do
	kv=$("${PYTHON:-/usr/bin/python3}" "$root/scripts/kslim.py" version "$src")
	obj=$bench/$kv/$cfg
	cache=$bench/ccache-$kv
	rm -rf "$cache"
	line="$kv $cfg -j$J:"
	for kind in cold warm; do
		rm -rf "$obj"
		mkdir -p "$obj"
		echo "  BENCH   $kv $cfg $kind"
		start=$(date +%s)
		if ! CCACHE_DIR=$cache "$root/scripts/build-kernel.sh" --modularize \
			--allow-absent -j "$J" "$src" "$obj" \
			"$root/configs/$cfg.config" >"$bench/$kv-$kind.log" 2>&1; then
			echo "bench-track: error: the $kind build of $kv failed; log: $bench/$kv-$kind.log" >&2
			exit 1
		fi
		line="$line $kind $(( $(date +%s) - start ))s (load $(cut -d' ' -f1 /proc/loadavg))"
	done
	hits=$(CCACHE_DIR=$cache ccache -s 2>/dev/null | sed -n 's/^ *Hits: *\([0-9]*\).*/\1/p' | head -n 1)
	line="$line (warm ccache hits: ${hits:-?})"
	echo "$line" | tee -a "$results.new"
	rm -rf "$obj" "$cache"
done
mv "$results.new" "$results"
echo "  RESULT  $results"

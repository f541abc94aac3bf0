#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# bench-syscall.sh - guest side of `make bench-syscall`: time the system
# call round trip, ROUNDS times CALLS getppid() calls
#
# Usage: bench-syscall.sh [-r ROUNDS] [-n CALLS] [-o KTAP_OUTPUT]
#
# init runs it with kslim.mode=bench (kslim.bench_rounds=, kslim.bench_calls=
# on the kernel command line).  One KTAP result per round on KTAP_OUTPUT
# (default /dev/ttyS1), the figure in its diagnostic:
#   ok 1 syscalls # ns_per_call=123.4
# scripts/bench-syscall.sh takes the medians on the host.
set -u

rounds=5
calls=200000
ktap_out=/dev/ttyS1
while getopts r:n:o: opt; do
	case "$opt" in
	r) rounds=$OPTARG ;;
	n) calls=$OPTARG ;;
	o) ktap_out=$OPTARG ;;
	*)
		echo "usage: bench-syscall.sh [-r ROUNDS] [-n CALLS] [-o KTAP_OUTPUT]" >&2
		exit 2
		;;
	esac
done
{
	echo "KTAP version 1"
	echo "1..$rounds"
	i=1
	while [ "$i" -le "$rounds" ]; do
		if out=$(kslim-probe syscalls "$calls" 2>&1); then
			echo "ok $i syscalls # ${out##*: }"
		else
			echo "not ok $i syscalls # $out"
		fi
		i=$((i + 1))
	done
} >"$ktap_out"

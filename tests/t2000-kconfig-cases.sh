#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t2000-kconfig-cases - synthetic Kconfig cases for modularize.py,
# fragment.py and kslimconf.py: tests/kconfig/CASE/{Kconfig,in.config,...}
# against expected_config / expected_output (tests/kconfig/README).
#
# Usage: sh tests/t2000-kconfig-cases.sh
# sh -c '...' bodies get their values as "$1"..., not expanded here.
# shellcheck disable=SC2016 source=/dev/null
. "$(dirname "$0")/lib.sh"

tools=$KSLIM_ROOT/scripts/kconfig
stock=$O/stock/src

# The kernel's C conf, to show the expected .configs are what the C tools
# themselves keep (olddefconfig leaves them alone).
conf=
if [ -f "$stock/scripts/kconfig/conf.c" ]; then
	if make -s -C "$stock" O="$T/c" allnoconfig >"$T/c.log" 2>&1; then
		conf=$T/c/scripts/kconfig/conf
	else
		diag "cannot build the C conf; log: $T/c.log"
	fi
fi

for dir in "$KSLIM_ROOT"/tests/kconfig/*/; do
	name=$(basename "$dir")
	w=$T/$name
	mkdir -p "$w/src/arch/x86"
	: >"$w/src/arch/x86/Kconfig"
	printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n' \
		>"$w/src/Makefile"
	cp "$dir"Kconfig* "$w/src/"
	set --
	if [ -f "$dir/args" ]; then
		while IFS= read -r a; do
			set -- "$@" "$a"
		done <"$dir/args"
	fi
	want=0
	[ ! -f "$dir/expected_exit" ] || want=$(cat "$dir/expected_exit")
	rc=0
	case $name in
	mod-*)
		(cd "$dir" && "$PY" "$tools/modularize.py" --srctree "$w/src" \
			"$@" -o "$w/config" in.config) >"$w/output" 2>&1 || rc=$?
		;;
	frag-*)
		sub=$1
		shift
		(cd "$dir" && "$PY" "$tools/fragment.py" "$sub" \
			--srctree "$w/src" --config in.config "$@" fragment) \
			>"$w/output" 2>&1 || rc=$?
		;;
	conf-*)
		(cd "$dir" && "$PY" "$tools/kslimconf.py" --srctree "$w/src" \
			"$@" -o "$w/config" in.config) >"$w/output" 2>&1 || rc=$?
		;;
	*)
		not_ok "$name: unknown kind of case (mod-, frag-, conf-)"
		continue
		;;
	esac
	if [ "$rc" -eq "$want" ]; then
		ok "$name: exit $rc"
	else
		not_ok "$name: exit $rc, wanted $want"
		diag_stdin <"$w/output"
	fi
	[ ! -f "$dir/expected_output" ] ||
		check_golden "$name: output" "$dir/expected_output" "$w/output"
	[ ! -f "$dir/expected_config" ] ||
		check_golden "$name: .config" "$dir/expected_config" "$w/config"
	case $name in mod-*) ;; *) continue ;; esac
	if [ -z "$conf" ]; then
		skip "$name: C conf keeps expected_config" \
			"no kernel tree at $stock to build the C conf from"
		continue
	fi
	cp "$dir/expected_config" "$w/c.config"
	check "$name: C conf --olddefconfig keeps expected_config" \
		sh -c 'cd "$1" && KCONFIG_CONFIG=c.config srctree="$1/src" \
			"$2" --olddefconfig Kconfig && cmp "$3" c.config' \
		sh "$w" "$conf" "$dir/expected_config"
done

done_testing

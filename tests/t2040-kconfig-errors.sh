#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t2040-kconfig-errors - the kconfig tools' input errors: one git-style
# line, exit 2 (not a kernel tree, missing .config or fragment, unknown
# arch, unknown --keep option, unparsable fragment line).
#
# Usage: sh tests/t2040-kconfig-errors.sh
# sh -c '...' bodies get their values as "$1"..., not expanded here.
# shellcheck disable=SC2016 source=/dev/null
. "$(dirname "$0")/lib.sh"

tools=$KSLIM_ROOT/scripts/kconfig

# A tiny kernel tree, made from text.
src=$T/src
mkdir -p "$src/arch/x86"
: >"$src/arch/x86/Kconfig"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n' \
	>"$src/Makefile"
printf 'config MODULES\n\tbool "modules"\n\tmodules\n' >"$src/Kconfig"
printf 'CONFIG_MODULES=y\n' >"$T/good.config"
mkdir -p "$T/notatree"

# err NAME WANT CMD...: exit 2 and exactly the line WANT on stderr
err() {
	_name=$1
	_want=$2
	shift 2
	_rc=0
	"$@" >"$T/out" 2>"$T/err" || _rc=$?
	printf '%s\n' "$_want" >"$T/want"
	if [ "$_rc" -eq 2 ] && [ ! -s "$T/out" ] && cmp -s "$T/want" "$T/err"
	then
		ok "$_name"
	else
		not_ok "$_name (exit $_rc)"
		diag "wanted: $_want"
		diag_stdin <"$T/err"
	fi
}

mod=$tools/modularize.py
frag=$tools/fragment.py
err "modularize: not a kernel tree" \
	"modularize: error: '$T/notatree' is not a Linux source tree (no Kconfig)" \
	"$PY" "$mod" --srctree "$T/notatree" -o "$T/o" "$T/good.config"
err "modularize: missing .config" \
	"modularize: error: cannot open '$T/none.config': No such file or directory" \
	"$PY" "$mod" --srctree "$src" -o "$T/o" "$T/none.config"
err "modularize: unknown arch" \
	"modularize: error: unknown arch 'vax' (no arch/vax/Kconfig in '$src')" \
	"$PY" "$mod" --srctree "$src" --arch vax -o "$T/o" "$T/good.config"
err "modularize: unknown --keep option" \
	"modularize: error: --keep CONFIG_NOPE: no such option in this kernel" \
	"$PY" "$mod" --srctree "$src" --keep CONFIG_NOPE -o "$T/o" \
	"$T/good.config"
err "fragment: missing fragment" \
	"fragment: error: cannot open '$T/none.frag': No such file or directory" \
	"$PY" "$frag" check --srctree "$src" --config "$T/good.config" \
	"$T/none.frag"
printf 'CONFIG_MODULES=y\nMODULES=y\n' >"$T/bad.frag"
err "fragment: unparsable line" \
	"fragment: error: '$T/bad.frag':2: cannot parse 'MODULES=y'" \
	"$PY" "$frag" check --srctree "$src" --config "$T/good.config" \
	"$T/bad.frag"
err "kslimconf: missing .config" \
	"kslimconf: error: cannot open '$T/none.config': No such file or directory" \
	"$PY" "$tools/kslimconf.py" --srctree "$src" -o "$T/o" "$T/none.config"
check_exit "modularize: usage error exits 2" 2 "$PY" "$mod" --srctree "$src"
check "modularize --help names the exit codes" sh -c \
	'"$1" "$2" --help | grep -q "2 usage or input error"' sh "$PY" "$mod"
check "fragment --help names the exit codes" sh -c \
	'"$1" "$2" --help | grep -q "1 some did not, 2 usage or input error"' \
	sh "$PY" "$frag"

done_testing

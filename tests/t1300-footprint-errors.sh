#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t1300-footprint-errors.sh - missing, truncated and corrupt input: one
# git-style error line on stderr, exit 2, never a crash
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_built "make tools" "$FOOTPRINT"

fx=$T/fx
check "build the fixture kernel (tests/footprint/mkfixtures.sh)" \
	"$KSLIM_ROOT/tests/footprint/mkfixtures.sh" "$fx"
vml=$fx/vmlinux

# expect_error DESC WANTED-STDERR-LINE FILE: exit 2 and exactly that line
expect_error() {
	_rc=0
	(cd "$T" && "$FOOTPRINT" "$3") >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$_rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	   [ "$(cat "$T/err")" = "$2" ] && [ ! -s "$T/out" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "exit $_rc, wanted 2; stderr:"
		diag_stdin <"$T/err"
		diag "wanted: $2"
	fi
}

# pyfile NAME EXPR: write bytes computed by python from d (the vmlinux)
pyfile() {
	"$PY" -c '
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
shoff = struct.unpack_from("<Q", d, 0x28)[0]
shnum = struct.unpack_from("<H", d, 0x3c)[0]
exec(sys.argv[3])
open(sys.argv[2], "wb").write(d)' "$vml" "$T/$1" "$2"
}

expect_error "missing file" \
	"footprint: error: cannot open 'vmlinux': No such file or directory" vmlinux
mkdir -p "$T/adir"
expect_error "a directory" "footprint: error: cannot read 'adir': Is a directory" adir
: >"$T/empty"
expect_error "empty file" "footprint: error: 'empty': truncated ELF header" empty
printf 'hello world, not an ELF file at all\n' >"$T/text"
expect_error "not ELF" "footprint: error: 'text': not an ELF file" text
head -c 40 "$vml" >"$T/short"
expect_error "truncated ELF header" "footprint: error: 'short': truncated ELF header" short
pyfile trunc-sht 'd = d[:shoff + 64 * (shnum // 2)]'
expect_error "truncated section header table" \
	"footprint: error: 'trunc-sht': truncated section header table" trunc-sht
pyfile big-shoff 'struct.pack_into("<Q", d, 0x28, 2**64 - 16)'
expect_error "section header offset near 2^64 (overflow)" \
	"footprint: error: 'big-shoff': truncated section header table" big-shoff
pyfile big-shnum 'struct.pack_into("<H", d, 0x3c, 0xffff)'
expect_error "section count past the end" \
	"footprint: error: 'big-shnum': truncated section header table" big-shnum
pyfile bad-shentsize 'struct.pack_into("<H", d, 0x3a, 7)'
expect_error "bad section header size" \
	"footprint: error: 'bad-shentsize': bad section header size 7" bad-shentsize
# section 1 (.text) offset and size beyond the file
pyfile sec-past-end 'struct.pack_into("<Q", d, shoff + 64 + 0x20, 2**63)'
expect_error "section data past the end of the file" \
	"footprint: error: 'sec-past-end': section 1 extends past the end of the file" sec-past-end
pyfile bad-class 'd[4] = 9'
expect_error "unknown ELF class" "footprint: error: 'bad-class': unknown ELF class 9" bad-class
pyfile bad-shstrndx 'struct.pack_into("<H", d, 0x3e, 200)'
expect_error "bad section name table index" \
	"footprint: error: 'bad-shstrndx': bad section name table index 200" bad-shstrndx
# every symbol table entry's name offset made huge
pyfile bad-symname '
for i in range(shnum):
    o = shoff + 64 * i
    if struct.unpack_from("<I", d, o + 4)[0] == 2:
        so, ss = struct.unpack_from("<QQ", d, o + 0x18)
        for k in range(1, ss // 24):
            struct.pack_into("<I", d, so + 24 * k, 0x7fffffff)'
expect_error "symbol name offset outside the string table" \
	"footprint: error: 'bad-symname': symbol 2 has a bad name offset" bad-symname
head -c "$(( $(wc -c <"$vml") / 2 ))" "$vml" >"$T/half"
expect_error "file cut in half" \
	"footprint: error: 'half': truncated section header table" half
check_exit "no FILE: usage error" 2 "$FOOTPRINT"
check_exit "unknown option: usage error" 2 "$FOOTPRINT" --frobnicate "$vml"
check_exit "--top needs a number" 2 "$FOOTPRINT" --top many "$vml"

done_testing

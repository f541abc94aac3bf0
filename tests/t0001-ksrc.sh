#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t0001-ksrc: the pristine tree and the quilt working copy (scripts/ksrc.sh)
# on a small synthetic kernel tree: KSRC is never written, the pristine copy
# is read-only, empty and non-empty series work, and bad input gets exit 2.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_cmd quilt quilt
need_cmd rsync rsync

ksrc=$KSLIM_ROOT/scripts/ksrc.sh

# A tree that looks like a kernel to ksrc.sh: Makefile version, Kconfig, arch/x86.
mk_tree() {
	mkdir -p "$1/arch/x86" "$1/drivers"
	printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = %s\nEXTRAVERSION =\n' \
		"$2" >"$1/Makefile"
	printf 'config FOO\n\tbool "foo"\n' >"$1/Kconfig"
	printf 'int foo(void)\n{\n\treturn 1;\n}\n' >"$1/drivers/foo.c"
}

mk_tree "$T/linux" 117
(cd "$T/linux" && find . -type f -exec md5sum {} + | sort) >"$T/ksrc.before"
mkdir -p "$T/patches"
printf '6.12.117\n' >"$T/patches/BASE"
: >"$T/patches/series"
export KSLIM_PATCHES="$T/patches"

check "empty series: pristine tree and working copy are prepared" \
	"$ksrc" "$T/out" "$T/linux"
find "$T/out/stock/src" -perm /222 >"$T/writable"
check "pristine tree is read-only (no write bit anywhere)" test ! -s "$T/writable"
check "working copy has the sources" cmp "$T/linux/drivers/foo.c" "$T/out/modular/src/drivers/foo.c"

# A real patch in the series.
cat >"$T/patches/0001-foo-return-two.patch" <<'P'
From: kslim developers <kslim@example.org>
Subject: [PATCH] foo: return two

Signed-off-by: kslim developers <kslim@example.org>
---
--- a/drivers/foo.c
+++ b/drivers/foo.c
@@ -1,4 +1,4 @@
 int foo(void)
 {
-	return 1;
+	return 2;
 }
P
echo 0001-foo-return-two.patch >"$T/patches/series"
check "non-empty series is pushed" "$ksrc" "$T/out" "$T/linux"
check "the patch is applied in the working copy" \
	grep -q 'return 2' "$T/out/modular/src/drivers/foo.c"
check "the pristine tree is unpatched" \
	grep -q 'return 1' "$T/out/stock/src/drivers/foo.c"

: >"$T/patches/series"
check "emptying the series pops the patch" "$ksrc" "$T/out" "$T/linux"
check "the working copy is back to the original" \
	cmp "$T/linux/drivers/foo.c" "$T/out/modular/src/drivers/foo.c"

sed 's/return 1/return 7/' "$T/patches/0001-foo-return-two.patch" \
	>"$T/patches/0002-bad.patch"
echo 0002-bad.patch >"$T/patches/series"
check_exit "a patch that does not apply: exit 1" 1 "$ksrc" "$T/out" "$T/linux"
check_grep "it says the series does not apply" \
	"the series does not apply" "$(last_log)"
echo missing.patch >"$T/patches/series"
check_exit "a series naming a missing patch: exit 2" 2 "$ksrc" "$T/out" "$T/linux"
: >"$T/patches/series"

(cd "$T/linux" && find . -type f -exec md5sum {} + | sort) >"$T/ksrc.after"
check_golden "KSRC is not modified" "$T/ksrc.before" "$T/ksrc.after"

mk_tree "$T/dirty" 117
: >"$T/dirty/.config"
check_exit "an unclean KSRC: exit 2" 2 "$ksrc" "$T/out2" "$T/dirty"
if [ "$(wc -l <"$(last_log)")" -eq 1 ] &&
	grep -q "is not clean (it has .config); run 'make -C .* mrproper' first" "$(last_log)"; then
	ok "unclean KSRC: one line naming the fix"
else
	not_ok "unclean KSRC: one line naming the fix"
	diag_stdin <"$(last_log)"
fi
check_exit "a KSRC that does not exist: exit 2" 2 "$ksrc" "$T/out2" "$T/nowhere"
mkdir -p "$T/notkernel"
check_exit "a KSRC that is not a kernel tree: exit 2" 2 "$ksrc" "$T/out2" "$T/notkernel"

mk_tree "$T/newer" 118
check "a different base version still prepares" "$ksrc" "$T/out3" "$T/newer"
check_grep "a different base version warns" \
	"warning: kernel source is 6.12.118 but patches/ are based on 6.12.117" \
	"$(last_log)"

chmod -R u+w "$T"
done_testing

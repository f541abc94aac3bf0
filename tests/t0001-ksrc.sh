#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t0001-ksrc: the pristine tree and the quilt working copy (scripts/ksrc.sh)
# on a small synthetic kernel tree: KSRC is never written, the pristine copy
# is read-only, empty and non-empty series work, a changed series is popped
# only from its first changed patch, and bad input gets exit 2.
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

# Only the patches from the first changed one are popped and pushed again.
cat >"$T/patches/0002-foo-default-y.patch" <<'P'
From: kslim developers <kslim@example.org>
Subject: [PATCH] foo: default y

Signed-off-by: kslim developers <kslim@example.org>
---
--- a/Kconfig
+++ b/Kconfig
@@ -1,2 +1,3 @@
 config FOO
 	bool "foo"
+	default y
P
printf '%s\n' 0001-foo-return-two.patch 0002-foo-default-y.patch >"$T/patches/series"
check "appending a patch pushes only that one" "$ksrc" "$T/out" "$T/linux"
check_grep "it says 1 of 2" "push -a (1 of 2 patches)" "$(last_log)"
check "the appended patch is applied" grep -q 'default y' "$T/out/modular/src/Kconfig"
sed -i 's/^Subject: \[PATCH\] foo: default y$/Subject: [PATCH] foo: make it default y/' \
	"$T/patches/0002-foo-default-y.patch"
check "changing the last patch pops only that one" "$ksrc" "$T/out" "$T/linux"
log=$(last_log)
check_grep "it pops to the unchanged first patch" "pop 0001-foo-return-two.patch" "$log"
check_grep "and pushes 1 of 2" "push -a (1 of 2 patches)" "$log"
sed -i 's/^Subject: \[PATCH\] foo: return two$/Subject: [PATCH] foo: return 2/' \
	"$T/patches/0001-foo-return-two.patch"
check "changing the first patch pops all" "$ksrc" "$T/out" "$T/linux"
log=$(last_log)
check_grep "it pops all" "pop -a" "$log"
check_grep "and pushes 2 of 2" "push -a (2 of 2 patches)" "$log"
check "both patches are applied" sh -c \
	'grep -q "return 2" "$1/drivers/foo.c" && grep -q "default y" "$1/Kconfig"' \
	sh "$T/out/modular/src"
check "an unchanged series is left alone" "$ksrc" "$T/out" "$T/linux"
check "and runs no quilt" sh -c '! grep -q QUILT "$1"' sh "$(last_log)"

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

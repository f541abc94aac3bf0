#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t5100 - scripts/cocci-modularize.py on a small kernel-like tree
#
# Usage: sh tests/t5100-cocci-modularize.sh
#
# The tree is generated here: a Kconfig option, a Makefile with a composite
# object, a file with an initcall and registrations, one with a __setup()
# option.  The driver must find the files from Kbuild, take the description
# from the Kconfig prompt, write the expected diff byte for byte (twice the
# same), leave the tree alone until --apply, and refuse the pristine tree.
# --keep-level --no-exit (a permanent module) keeps the initcall, unwinds
# the init function's error path and puts the metadata after the initcall.
# shellcheck source=tests/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

need_cmd spatch coccinelle
need_cmd patch patch

MOD=$KSLIM_ROOT/scripts/cocci-modularize.py
tree=$T/tree
mkdir -p "$tree/drivers/misc/foo"
cat >"$tree/drivers/misc/Makefile" <<'EOS'
obj-$(CONFIG_FOO) += foo.o
foo-y := foo/core.o \
	foo/param.o
obj-$(CONFIG_BAR) += bar.o
EOS
cat >"$tree/drivers/misc/Kconfig" <<'EOS'
config FOO
	bool "Foo device"
	help
	  The foo device.

config BAR
	bool "Bar"
EOS
cat >"$tree/drivers/misc/foo/core.c" <<'EOS'
// SPDX-License-Identifier: GPL-2.0-only
static struct miscdevice foo_misc = {
	.minor = FOO_MINOR,
	.name = "foo",
};

static struct platform_driver foo_driver = {
	.driver = {
		.name = "foo",
	},
};

static int __init foo_init(void)
{
	int ret;

	ret = platform_driver_register(&foo_driver);
	if (ret)
		return ret;
	return misc_register(&foo_misc);
}
subsys_initcall(foo_init);
EOS
cat >"$tree/drivers/misc/foo/param.c" <<'EOS'
// SPDX-License-Identifier: GPL-2.0-only
static int foo_level;

static int __init foo_level_setup(char *str)
{
	get_option(&str, &foo_level);
	return 1;
}
__setup("foo_level=", foo_level_setup);
EOS
cat >"$tree/drivers/misc/bar.c" <<'EOS'
// SPDX-License-Identifier: GPL-2.0-only
static int __init bar_init(void)
{
	return 0;
}
device_initcall(bar_init);
EOS
cp -R "$tree" "$T/orig"

cat >"$T/expected.patch" <<'EOS'
diff -u a/drivers/misc/foo/core.c b/drivers/misc/foo/core.c
--- a/drivers/misc/foo/core.c
+++ b/drivers/misc/foo/core.c
@@ -17,6 +17,19 @@
 	ret = platform_driver_register(&foo_driver);
 	if (ret)
 		return ret;
-	return misc_register(&foo_misc);
+	ret = misc_register(&foo_misc);
+	if (ret)
+		platform_driver_unregister(&foo_driver);
+	return ret;
 }
-subsys_initcall(foo_init);
+
+static void __exit foo_exit(void)
+{
+	misc_deregister(&foo_misc);
+	platform_driver_unregister(&foo_driver);
+}
+module_init(foo_init);
+module_exit(foo_exit);
+MODULE_DESCRIPTION("Foo device");
+MODULE_LICENSE("GPL");
+MODULE_ALIAS_MISCDEV(FOO_MINOR);
diff -u a/drivers/misc/foo/param.c b/drivers/misc/foo/param.c
--- a/drivers/misc/foo/param.c
+++ b/drivers/misc/foo/param.c
@@ -1,9 +1,3 @@
 // SPDX-License-Identifier: GPL-2.0-only
 static int foo_level;
-
-static int __init foo_level_setup(char *str)
-{
-	get_option(&str, &foo_level);
-	return 1;
-}
-__setup("foo_level=", foo_level_setup);
+module_param_named(foo_level, foo_level, int, 0);
EOS

check "driver runs on CONFIG_FOO" \
	"$MOD" --tree "$tree" --config CONFIG_FOO --out "$T/out1"
check "files found through the composite object" \
	sh -c 'printf "drivers/misc/foo/core.c\ndrivers/misc/foo/param.c\n" |
		cmp -s - "$1/files"' sh "$T/out1"
check_golden "expected diff" "$T/expected.patch" "$T/out1/modularize.patch"
check "per-rule patches add up to the whole" sh -c '
	cd "$1" && cp -R stage-0 replay && cd replay &&
	for p in ../0*-*.patch; do patch -s -p1 <"$p" || exit 1; done &&
	diff -r . ../stage-6' sh "$T/out1"
check "the tree is untouched" diff -r "$T/orig" "$tree"
check "FOO output is deterministic" \
	"$MOD" --tree "$tree" --config FOO --out "$T/out2"
check "same input, same bytes" \
	cmp "$T/out1/modularize.patch" "$T/out2/modularize.patch"
check "file list instead of a config" \
	"$MOD" --tree "$tree" --out "$T/out3" drivers/misc/bar.c
check "bar: module_init() only" \
	grep -qx '+module_init(bar_init);' "$T/out3/modularize.patch"
check "--apply writes the diff into a working copy" \
	"$MOD" --tree "$tree" --config CONFIG_FOO --out "$T/out4" --apply
check "applied tree matches the last stage" \
	diff -r "$T/out4/stage-6/drivers/misc/foo" "$tree/drivers/misc/foo"
cat >"$T/permanent.patch" <<'EOS'
diff -u a/drivers/misc/foo/core.c b/drivers/misc/foo/core.c
--- a/drivers/misc/foo/core.c
+++ b/drivers/misc/foo/core.c
@@ -17,6 +17,11 @@
 	ret = platform_driver_register(&foo_driver);
 	if (ret)
 		return ret;
-	return misc_register(&foo_misc);
+	ret = misc_register(&foo_misc);
+	if (ret)
+		platform_driver_unregister(&foo_driver);
+	return ret;
 }
 subsys_initcall(foo_init);
+MODULE_LICENSE("GPL");
+MODULE_ALIAS_MISCDEV(FOO_MINOR);
EOS
check "--keep-level --no-exit (a permanent module)" \
	"$MOD" --tree "$T/orig" --keep-level --no-exit --out "$T/out8" \
	drivers/misc/foo/core.c
check_golden "no module_exit(), the initcall stays, metadata after it" \
	"$T/permanent.patch" "$T/out8/modularize.patch"
mkdir -p "$T/fakeO/stock/src"
check_exit "refuses to apply to the pristine tree" 2 \
	env O="$T/fakeO" "$MOD" --tree "$T/fakeO/stock/src" --apply \
	--out "$T/out5" drivers/misc/bar.c
check_exit "unknown config is an input error" 2 \
	"$MOD" --tree "$tree" --config CONFIG_NOPE --out "$T/out6"
check_exit "missing file is an input error" 2 \
	"$MOD" --tree "$tree" --out "$T/out7" drivers/misc/none.c

done_testing

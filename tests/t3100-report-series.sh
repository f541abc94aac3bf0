#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t3100-report-series.sh - scripts/report.py reads a quilt series: which
# options each patch makes tristate, and for an option a patch adds (a new
# tristate split out of a bool) which objects its Makefile rules build
# under it, composite modules expanded to their members.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

p=$T/patches
mkdir -p "$p"
printf '%s\n' "# a comment" "bool-to-tristate.patch" "" "new-option.patch" \
	"no-option.patch -p1" >"$p/series"
cat >"$p/bool-to-tristate.patch" <<'PATCH'
Subject: [PATCH] foo: make it modular

--- a/drivers/foo/Kconfig
+++ b/drivers/foo/Kconfig
@@ -1,5 +1,5 @@
 config FOO
-	bool "Foo"
+	tristate "Foo"
 	default y
 
 config FOO_DEBUG
PATCH
cat >"$p/new-option.patch" <<'PATCH'
Subject: [PATCH] bar: split the bar driver out of BAR_CORE

--- a/arch/x86/bar/Kconfig
+++ b/arch/x86/bar/Kconfig
@@ -1,3 +1,8 @@
+config BAR_DRIVER
+	tristate "Bar driver"
+	depends on BAR_CORE
+	default y
+
 config BAR_CORE
 	bool "Bar core"
--- a/arch/x86/bar/Makefile
+++ b/arch/x86/bar/Makefile
@@ -1,2 +1,4 @@
-obj-$(CONFIG_BAR_CORE)	+= core.o lbr.o
+obj-$(CONFIG_BAR_CORE)	+= core.o
+obj-$(CONFIG_BAR_DRIVER)	+= bar-drv.o
+bar-drv-objs		:= drv.o lbr.o
 obj-y			+= common.o
PATCH
cat >"$p/no-option.patch" <<'PATCH'
Subject: [PATCH] baz: move a helper

--- a/lib/baz.c
+++ b/lib/baz.c
@@ -1 +1 @@
-int baz;
+int baz = 1;
PATCH

cat >"$T/expected" <<'EOF2'
bool-to-tristate.patch ['CONFIG_FOO'] {}
new-option.patch ['CONFIG_BAR_DRIVER'] {'CONFIG_BAR_DRIVER': ['arch/x86/bar/drv.o', 'arch/x86/bar/lbr.o']}
no-option.patch [] {}
EOF2
# shellcheck disable=SC2016 # the inner script expands its own arguments
check "series_options on a three-patch series" sh -c '"$1" -c "
import importlib.util, sys
spec = importlib.util.spec_from_file_location(\"report\", sys.argv[1])
r = importlib.util.module_from_spec(spec)
spec.loader.exec_module(r)
for name, opts, objs in r.series_options(sys.argv[2]):
    print(name, opts, objs)
" "$2" "$3" >"$4"' sh "$PY" "$KSLIM_ROOT/scripts/report.py" "$p" "$T/got"
check_golden "options per patch, objects of the option a patch adds" \
	"$T/expected" "$T/got"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t5200 - a kslim rule runs unchanged under the kernel's make coccicheck
#
# Usage: sh tests/t5200-coccicheck.sh
#
# `make coccicheck` (mk/cocci.mk) copies what the kernel's coccicheck needs
# into a working copy under $O and runs scripts/coccicheck there, in patch and
# report mode, on drivers/acpi of the pristine 6.12 tree; the pristine tree
# must stay untouched.  Skipped when the pristine tree is not unpacked.
# shellcheck source=tests/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

need_cmd spatch coccinelle
src=$O/stock/src
need_built "make pristine" "$src/scripts/coccicheck"

cocci=$KSLIM_ROOT/semantic-patches/builtin_driver.cocci
check "make coccicheck MODE=patch" sh -c '
	make -s -C "$1" O="$2" coccicheck COCCI="$3" M=drivers/acpi MODE=patch >"$4/patch.out"' \
	sh "$KSLIM_ROOT" "$O" "$cocci" "$T"
check "patch mode turns ged_driver into module_platform_driver" \
	grep -qx '+module_platform_driver(ged_driver);' "$T/patch.out"
check "make coccicheck MODE=report" sh -c '
	make -s -C "$1" O="$2" coccicheck COCCI="$3" M=drivers/acpi MODE=report >"$4/report.out"' \
	sh "$KSLIM_ROOT" "$O" "$cocci" "$T"
check "report line for drivers/acpi/evged.c" \
	grep -q '^drivers/acpi/evged.c:[0-9]*:[0-9]*-[0-9]*: builtin registration of ged_driver' "$T/report.out"
check "pristine tree unchanged" \
	grep -qx 'builtin_platform_driver(ged_driver);' "$src/drivers/acpi/evged.c"
done_testing

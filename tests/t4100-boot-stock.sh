#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t4100-boot-stock.sh - the stock kvm-host kernel boots in QEMU, loads and
# unloads every module, autoloads, passes the functional checks, runs KVM
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
VARIANT=stock
# shellcheck source=tests/boot/t4-boot.sh
. "$KSLIM_ROOT/tests/boot/t4-boot.sh"

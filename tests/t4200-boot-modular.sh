#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t4200-boot-modular.sh - the modular kvm-host kernel (series applied) boots
# in QEMU, loads and unloads every module, autoloads, passes the functional
# checks, runs KVM
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
VARIANT=modular
# shellcheck source=tests/boot/t4-boot.sh
. "$KSLIM_ROOT/tests/boot/t4-boot.sh"

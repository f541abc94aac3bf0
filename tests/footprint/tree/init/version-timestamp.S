/* SPDX-License-Identifier: GPL-2.0 */
/* version-timestamp.S - linked directly by link-vmlinux.sh, not via vmlinux.a */
#include "fixture.h"
	.section .rodata, "a"
OBJ(linux_banner, GROW(0x40, 0x48), 0x4c)

/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(baz_probe, 0x90)
	.section .rodata, "a"
OBJ(baz_ids, 0x40, 9)

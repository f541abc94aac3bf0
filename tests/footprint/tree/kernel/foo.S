/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(foo_work, GROW(0x100, 0x110))
LFUNC(helper, 0x30)
	.data
OBJ(foo_state, 0x10, 5)
	.section .altinstructions, "a"
	.fill 12, 1, 1

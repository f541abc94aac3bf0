/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(bar_fn, 0x70)
LFUNC(helper, 0x18)
	.section .rodata, "a"
LOBJ(bar_names, 0x33, 0x42)

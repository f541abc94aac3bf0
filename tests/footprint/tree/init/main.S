/* SPDX-License-Identifier: GPL-2.0 */
/* main.S - start_kernel and friends */
#include "fixture.h"
	.text
	.balign 16
FUNC(start_kernel, GROW(0x200, 0x280))
LFUNC(helper, 0x30)
	.section .rodata.str1.1, "aMS", @progbits, 1
	.asciz "Linux version fixture"
	.section .init.text, "ax"
FUNC(do_basic_setup, 0x50)
	.section .discard.addressable, "aw"
	.quad start_kernel
	.section .modinfo, "a"
	.asciz "main.fixture=1"

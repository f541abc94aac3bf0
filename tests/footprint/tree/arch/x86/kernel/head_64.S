/* SPDX-License-Identifier: GPL-2.0 */
/* head_64.S - entry point and early page tables of the fixture kernel */
#include "fixture.h"
	.section .head.text, "ax"
FUNC(startup_64, 0x40)
	.section .entry.text, "ax"
	.balign 16
FUNC(entry_SYSCALL_64, 0x80)
	.section .init.data, "aw"
	.balign 4096
OBJ(early_dynamic_pgts, 0x2000, 0)
	.section .bss..page_aligned, "aw", @nobits
	.balign 4096
	.globl init_top_pgt
	.type init_top_pgt, @object
init_top_pgt:
	.zero 0x1000
	.size init_top_pgt, 0x1000

/* SPDX-License-Identifier: GPL-2.0 */
/* core.S - every class once: text, rodata, ro_after_init, data, bss, init, percpu */
#include "fixture.h"
	.text
	.balign 16
FUNC(schedule, 0x180)
FUNC(core_fn_b, GROW(0x40, 0x30))
LFUNC(helper, 0x30)
LFUNC(update_curr.constprop.0, 0x28)
/* overrides the weak default in weak.S */
FUNC(arch_weak_hook, 0x28)
FUNC(__addressable_core_fn_b, 0x8)
#ifndef NEW
FUNC(old_only, 0x44)
#endif
	.section .rodata, "a"
	.balign 64
OBJ(core_table, 0x100, 1)
LOBJ(__func__.3, 0x9, 0x41)
	.section .data..ro_after_init, "aw"
	.balign 8
OBJ(core_ro_after_init, 0x20, 4)
	.data
	.balign 64
OBJ(core_data, 0x80, 2)
	.bss
	.balign 64
OBJ(core_bss, 0x400, 0)
	.section .init.text, "ax"
FUNC(sched_init, 0x60)
	.section .init.data, "aw"
OBJ(core_initdata, 0x200, 3)
	.section .data..percpu, "aw"
	.balign 64
OBJ(runqueues, 0x140, 0)
	.section __bug_table, "aw"
	.fill 24, 1, 7

/* SPDX-License-Identifier: GPL-2.0 */
/* mod.S - a loadable module: init, exit, modinfo, this_module, percpu */
#include "fixture.h"
	.text
	.balign 16
FUNC(mod_ioctl, 0x120)
LFUNC(mod_helper, 0x40)
	.section .init.text, "ax"
FUNC(init_module, 0x30)
	.section .exit.text, "ax"
FUNC(cleanup_module, 0x20)
	.section .rodata, "a"
OBJ(mod_table, 0x60, 1)
	.section .data..ro_after_init, "aw"
OBJ(mod_ops, 0x18, 2)
	.data
OBJ(mod_param, 0x8, 3)
	.bss
OBJ(mod_buf, 0x200, 0)
	.section .gnu.linkonce.this_module, "aw"
OBJ(__this_module, 0x500, 0)
	.section .modinfo, "a"
	.asciz "license=GPL"
	.section .data..percpu, "aw"
OBJ(mod_pcpu, 0x10, 0)

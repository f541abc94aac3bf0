/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(mem_read, 0x58)
	.data
LOBJ(mem_fops, 0x40, 6)

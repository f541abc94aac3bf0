/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(handle_mm_fault, 0x150)

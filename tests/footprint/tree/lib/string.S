/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(memcpy, 0x20)
FUNC(strlen, 0x18)

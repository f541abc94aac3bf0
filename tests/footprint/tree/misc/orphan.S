/* SPDX-License-Identifier: GPL-2.0 */
/* orphan.S - linked in, but no Makefile rule names it: unattributed */
#include "fixture.h"
	.text
	.balign 16
FUNC(orphan_fn, 0x24)

/* SPDX-License-Identifier: GPL-2.0 */
/* a weak default that core code may override */
#include "fixture.h"
	.text
	.balign 16
WFUNC(arch_weak_hook, 0x20)
FUNC(weak_user, 0x10)

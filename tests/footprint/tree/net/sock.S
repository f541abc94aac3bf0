/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
	.text
	.balign 16
FUNC(sock_alloc, 0xa0)
#ifdef NEW
FUNC(sock_new_feature, 0x64)
#endif
	.bss
OBJ(sock_count, 0x8, 0)

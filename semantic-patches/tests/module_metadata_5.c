// SPDX-License-Identifier: LGPL-2.1
/* Must not change: no MODULE_LICENSE() string for this SPDX expression. */
static int __init xyzzy_init(void)
{
	return 0;
}
module_init(xyzzy_init);

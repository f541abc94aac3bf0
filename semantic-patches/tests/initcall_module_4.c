// SPDX-License-Identifier: GPL-2.0
/* Nothing to undo: module_init() and no module_exit(), a permanent module. */
static int qux_ready;

static int __init qux_init(void)
{
	qux_ready = 1;
	return 0;
}
late_initcall(qux_init);

// SPDX-License-Identifier: GPL-2.0
/*
 * Must not change: __init code used only from init, __initdata structures,
 * an exit function already __exit, and one the init error path calls.
 */
static int __initdata grault_level = 2;

static int __init grault_setup_hw(void)
{
	return grault_level;
}

static void __exit grault_exit(void)
{
}
module_exit(grault_exit);

static int __init grault_init(void)
{
	return grault_setup_hw();
}
module_init(grault_init);

// SPDX-License-Identifier: GPL-2.0
/*
 * Must not change: already modular, and early_initcall() which runs before
 * SMP bring-up and cannot become a module.
 */
static struct platform_driver quux_driver;

static int __init quux_init(void)
{
	return platform_driver_register(&quux_driver);
}
module_init(quux_init);

static void __exit quux_exit(void)
{
	platform_driver_unregister(&quux_driver);
}
module_exit(quux_exit);

static int __init quux_early(void)
{
	return 0;
}
early_initcall(quux_early);

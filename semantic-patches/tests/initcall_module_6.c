// SPDX-License-Identifier: GPL-2.0
/*
 * Results kept in variables (dynamic major, sysctl header); a conditional
 * registration is left out of the exit function and reported instead.
 */
static int corge_major;
static struct ctl_table_header *corge_sysctl;
static struct ctl_table corge_table[] = { { .procname = "corge" }, { } };
static struct platform_driver corge_driver;
static bool corge_probe_hw;

static int __init corge_init(void)
{
	corge_major = register_chrdev(0, "corge", NULL);
	if (corge_major < 0)
		return corge_major;
	corge_sysctl = register_sysctl("dev/corge", corge_table);
	if (corge_probe_hw)
		platform_driver_register(&corge_driver);
	return 0;
}
__initcall(corge_init);

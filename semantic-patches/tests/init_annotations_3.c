// SPDX-License-Identifier: GPL-2.0
/* The exit function is also the init error path: it cannot be __exit. */
static struct platform_driver garply_driver;

static void garply_exit(void)
{
	platform_driver_unregister(&garply_driver);
}

static int __init garply_init(void)
{
	int ret = platform_driver_register(&garply_driver);

	if (ret)
		garply_exit();
	return ret;
}
module_init(garply_init);
module_exit(garply_exit);

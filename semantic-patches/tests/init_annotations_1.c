// SPDX-License-Identifier: GPL-2.0
/* Exit function, what it calls, match table and ops used after init. */
static const struct of_device_id foo_ids[] __initconst = {
	{ .compatible = "foo" },
	{ }
};

static int __initdata foo_count = 3;

static void __init foo_hw_off(void)
{
	foo_count = 0;
}

static int __init foo_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver foo_driver __initdata = {
	.probe = foo_probe,
};

static struct platform_driver foo2_driver = {
	.probe = foo_probe,
	.driver = {
		.name = "foo",
		.of_match_table = foo_ids,
	},
};

static int __init foo_init(void)
{
	return platform_driver_register(&foo2_driver);
}

static void foo_exit(void)
{
	foo_hw_off();
	platform_driver_unregister(&foo2_driver);
}
module_init(foo_init);
module_exit(foo_exit);

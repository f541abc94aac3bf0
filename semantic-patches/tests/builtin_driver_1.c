// SPDX-License-Identifier: GPL-2.0
/* builtin_platform_driver() with a remove callback: both changes apply. */

static int foo_probe(struct platform_device *pdev)
{
	return 0;
}

static void foo_remove(struct platform_device *pdev)
{
}

static struct platform_driver foo_driver = {
	.probe = foo_probe,
	.remove = foo_remove,
	.driver = {
		.name = "foo",
		.suppress_bind_attrs = true,
	},
};
builtin_platform_driver(foo_driver);

// SPDX-License-Identifier: GPL-2.0
/* builtin_platform_driver_probe(): the __init probe may stay __init. */
static int __init baz_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver baz_driver = {
	.driver = {
		.name = "baz",
	},
};
builtin_platform_driver_probe(baz_driver, baz_probe);

// SPDX-License-Identifier: GPL-2.0
/*
 * No remove callback: the macro changes but suppress_bind_attrs stays, an
 * unbind from sysfs would leave the hardware set up.
 */

static int bar_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver bar_driver = {
	.probe = bar_probe,
	.driver = {
		.name = "bar",
		.suppress_bind_attrs = true,
	},
};
builtin_platform_driver(bar_driver);

// SPDX-License-Identifier: GPL-2.0
/* One driver: device_initcall becomes module_init, exit unregisters it. */
static struct platform_driver bar_driver = {
	.driver = {
		.name = "bar",
	},
};

static int __init bar_init(void)
{
	return platform_driver_register(&bar_driver);
}
device_initcall(bar_init);

// SPDX-License-Identifier: GPL-2.0
/* Already modular, and a custom builtin_driver(): nothing to do. */
int qux_bus_register(struct platform_driver *drv);
static struct platform_driver qux_bus_driver;
void qux_remove(struct platform_device *pdev);

static struct platform_driver qux_driver = {
	.driver = {
		.name = "qux",
		.suppress_bind_attrs = true,
	},
	.remove = qux_remove,
};
module_platform_driver(qux_driver);
builtin_driver(qux_bus_driver, qux_bus_register);

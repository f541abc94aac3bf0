// SPDX-License-Identifier: GPL-2.0
/* Already modular, and a custom builtin_driver(): nothing to do. */
#include <linux/platform_device.h>

static struct platform_driver qux_driver = {
	.driver = {
		.name = "qux",
		.suppress_bind_attrs = true,
	},
	.remove = qux_remove,
};
module_platform_driver(qux_driver);
builtin_driver(qux_bus_driver, qux_bus_register);

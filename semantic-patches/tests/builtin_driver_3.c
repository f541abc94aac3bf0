// SPDX-License-Identifier: GPL-2.0
/* The other helpers that have a module_*() twin. */
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/miscdevice.h>

static struct pci_driver baz_pci_driver = {
	.name = "baz",
	.remove = baz_remove,
};
builtin_pci_driver(baz_pci_driver);

static struct platform_driver baz_driver = {
	.driver = {
		.name = "baz",
	},
};
builtin_platform_driver_probe(baz_driver, baz_probe);

static struct miscdevice baz_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "baz",
};
builtin_misc_device(baz_misc);

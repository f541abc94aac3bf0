// SPDX-License-Identifier: GPL-2.0
/* builtin_pci_driver() with a remove callback. */
static void baz_remove(void *pdev)
{
}

static struct pci_driver baz_pci_driver = {
	.name = "baz",
	.remove = baz_remove,
};
builtin_pci_driver(baz_pci_driver);

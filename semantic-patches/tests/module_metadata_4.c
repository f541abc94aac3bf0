// SPDX-License-Identifier: GPL-2.0
/* Must not change: the tags are there; no description was passed. */
static struct miscdevice plugh_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "plugh",
};
module_misc_device(plugh_misc);
MODULE_DESCRIPTION("Plugh device");
MODULE_LICENSE("GPL");

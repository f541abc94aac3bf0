// SPDX-License-Identifier: GPL-2.0
/* builtin_misc_device(). */
static struct miscdevice baz_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "baz",
};
builtin_misc_device(baz_misc);

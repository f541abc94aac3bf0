// SPDX-License-Identifier: GPL-2.0
/*
 * Must not change: without -D keep_level an initcall is not a module
 * entry point, the file stays built-in code.
 */
static struct miscdevice plugh_misc = { FOO_MINOR, "plugh", NULL };

static int __init plugh_init(void)
{
	return misc_register(&plugh_misc);
}
device_initcall(plugh_init);

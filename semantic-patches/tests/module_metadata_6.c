// SPDX-License-Identifier: GPL-2.0
// cocci-options: -D keep_level
/*
 * Modelled on drivers/char/hpet.c: the initcall is the module's init
 * (-D keep_level), and the misc device's minor is the first member of a
 * positional initializer.
 */
static struct miscdevice fred_misc = { FOO_MINOR, "fred", NULL };

static int __init fred_init(void)
{
	return misc_register(&fred_misc);
}
device_initcall(fred_init);

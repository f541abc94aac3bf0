// SPDX-License-Identifier: GPL-2.0
// cocci-options: -D keep_level
/*
 * Modelled on arch/x86/kernel/cpu/mce/dev-mcelog.c: "init" inside the
 * name becomes "exit", the MCE decode chain has an unregister twin, and
 * the initcall level stays.
 */
static struct miscdevice grault_misc = { FOO_MINOR, "grault" };
static struct notifier_block grault_nb;

static int __init grault_init_device(void)
{
	int err;

	err = misc_register(&grault_misc);
	if (err)
		return err;

	mce_register_decode_chain(&grault_nb);
	return 0;
}
device_initcall_sync(grault_init_device);

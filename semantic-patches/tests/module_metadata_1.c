// SPDX-License-Identifier: GPL-2.0 OR MIT
// cocci-options: -D desc="Foo file system"
/* License from SPDX, description from the caller, FS and misc aliases. */
static struct file_system_type foo_fs_type = {
	.owner = THIS_MODULE,
	.name = "foofs",
};

static struct miscdevice foo_misc = {
	.minor = FOO_MINOR,
	.name = "foo",
};

static int __init foo_init(void)
{
	int ret;

	ret = register_filesystem(&foo_fs_type);
	if (ret)
		return ret;
	return misc_register(&foo_misc);
}

static void __exit foo_exit(void)
{
	misc_deregister(&foo_misc);
	unregister_filesystem(&foo_fs_type);
}
module_init(foo_init);
module_exit(foo_exit);

// SPDX-License-Identifier: GPL-2.0
/* Three registrations: reverse-order exit and unwinding of the error paths. */
static struct file_system_type foo_fs_type = {
	.name = "foofs",
};

static struct miscdevice foo_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "foo",
};

static const struct net_proto_family foo_family_ops = {
	.family = PF_FOO,
};

static int __init foo_init(void)
{
	int ret;

	ret = register_filesystem(&foo_fs_type);
	if (ret)
		return ret;
	ret = misc_register(&foo_misc);
	if (ret)
		return ret;
	return sock_register(&foo_family_ops);
}
fs_initcall(foo_init);

// SPDX-License-Identifier: GPL-2.0-or-later
/* module_*_driver() anchor; a netproto family and genetlink family. */
static const struct net_proto_family waldo_family_ops = {
	.family = PF_FOO,
};

static struct genl_family waldo_genl = {
	.name = "waldo",
};

static int __init waldo_init(void)
{
	int err = sock_register(&waldo_family_ops);

	if (err)
		return err;
	err = genl_register_family(&waldo_genl);
	if (err)
		sock_unregister(waldo_family_ops.family);
	return err;
}

static void __exit waldo_exit(void)
{
	genl_unregister_family(&waldo_genl);
	sock_unregister(waldo_family_ops.family);
}
module_init(waldo_init);
module_exit(waldo_exit);

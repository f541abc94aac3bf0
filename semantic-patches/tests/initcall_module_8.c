// SPDX-License-Identifier: GPL-2.0
// cocci-options: -D no_exit
/*
 * A permanent module (modelled on net/unix/af_unix.c): no module_exit(),
 * but a failing init still undoes what it registered.
 */
static struct pernet_operations waldo_net_ops;
static struct net_proto_family waldo_family_ops = { .family = PF_FOO };

static int __init waldo_init(void)
{
	int rc;

	rc = register_pernet_subsys(&waldo_net_ops);
	if (rc)
		return rc;
	return sock_register(&waldo_family_ops);
}
fs_initcall(waldo_init);

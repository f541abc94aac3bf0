// SPDX-License-Identifier: GPL-2.0
// cocci-options: -D keep_level
/* keep_level: subsys_initcall stays (module_init() when modular). */
static struct notifier_block baz_nb;
static struct pernet_operations baz_net_ops;

static int __init baz_init(void)
{
	int err;

	err = register_pernet_subsys(&baz_net_ops);
	if (err) {
		pr_err("baz: cannot register pernet ops\n");
		return err;
	}
	err = register_reboot_notifier(&baz_nb);
	if (err) {
		pr_err("baz: cannot register notifier\n");
		return err;
	}
	return 0;
}
subsys_initcall(baz_init);

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stubs.h - just enough of the kernel's API to compile the expected outputs
 * (*.res) of the semantic patch tests with gcc -fsyntax-only.
 *
 * Usage: gcc -fsyntax-only -Wall -Werror -include stubs.h case.res
 */
#include <stdbool.h>
#include <stddef.h>

#define __init __attribute__((__section__(".init.text")))
#define __exit __attribute__((__section__(".exit.text")))
#define __initdata __attribute__((__section__(".init.data")))
#define __initconst __attribute__((__section__(".init.rodata")))
#define __used __attribute__((__used__))

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);
#define __define_initcall(fn, id) \
	static initcall_t __initcall_##fn##id __used = fn
#define core_initcall(fn) __define_initcall(fn, 1)
#define postcore_initcall(fn) __define_initcall(fn, 2)
#define arch_initcall(fn) __define_initcall(fn, 3)
#define subsys_initcall(fn) __define_initcall(fn, 4)
#define fs_initcall(fn) __define_initcall(fn, 5)
#define rootfs_initcall(fn) __define_initcall(fn, rootfs)
#define device_initcall(fn) __define_initcall(fn, 6)
#define device_initcall_sync(fn) __define_initcall(fn, 6s)
#define late_initcall(fn) __define_initcall(fn, 7)
#define early_initcall(fn) __define_initcall(fn, early)
#define __initcall(fn) device_initcall(fn)
#define module_init(fn) \
	int init_module(void) __attribute__((alias(#fn)))
#define module_exit(fn) \
	void cleanup_module(void) __attribute__((alias(#fn)))

#define MODULE_LICENSE(s) static const char __mod_license[] __used = s
#define MODULE_DESCRIPTION(s) static const char __mod_desc[] __used = s
#define MODULE_ALIAS(s) static const char __mod_alias_##__LINE__[] __used = s
#define MODULE_ALIAS_FS(n) MODULE_ALIAS("fs-" n)
#define MODULE_ALIAS_MISCDEV(m) static const int __mod_misc __used = m
#define MODULE_ALIAS_NETPROTO(p) static const int __mod_proto __used = p
#define MODULE_ALIAS_GENL_FAMILY(n) MODULE_ALIAS("net-pf-16-proto-16-family-" n)
#define MODULE_ALIAS_CRYPTO(n) MODULE_ALIAS("crypto-" n)
#define module_param_named(n, v, t, p) \
	static void *__param_##n __used = &v
#define core_param(n, v, t, p) module_param_named(n, v, t, p)
#define __setup(s, fn) static int (*__setup_##fn)(char *) __used = fn
#define THIS_MODULE NULL
#define MISC_DYNAMIC_MINOR 255
#define PF_FOO 42
#define FOO_MINOR 242

struct device_driver {
	const char *name;
	const void *of_match_table;
	bool suppress_bind_attrs;
};
struct of_device_id { char compatible[128]; };
struct platform_device;
struct platform_driver {
	int (*probe)(struct platform_device *);
	void (*remove)(struct platform_device *);
	struct device_driver driver;
};
struct pci_driver { const char *name; void (*remove)(void *); };
struct miscdevice { int minor; const char *name; const void *fops; };
struct file_system_type { void *owner; const char *name; };
struct net_proto_family { int family; void *owner; };
struct genl_family { const char *name; };
struct notifier_block { int (*notifier_call)(struct notifier_block *, unsigned long, void *); };
struct pernet_operations { int (*init)(void *); };
struct ctl_table_header;
struct ctl_table { const char *procname; };
struct crypto_alg { const char *cra_name; const char *cra_driver_name; };

int platform_driver_register(struct platform_driver *);
void platform_driver_unregister(struct platform_driver *);
int platform_driver_probe(struct platform_driver *,
			  int (*)(struct platform_device *));
int pci_register_driver(struct pci_driver *);
void pci_unregister_driver(struct pci_driver *);
int misc_register(struct miscdevice *);
void misc_deregister(struct miscdevice *);
int register_filesystem(struct file_system_type *);
int unregister_filesystem(struct file_system_type *);
int sock_register(const struct net_proto_family *);
void sock_unregister(int);
int genl_register_family(struct genl_family *);
int genl_unregister_family(const struct genl_family *);
int register_chrdev(unsigned int, const char *, const void *);
void unregister_chrdev(unsigned int, const char *);
struct pmu { const char *name; };
int perf_pmu_register(struct pmu *, const char *, int);
void perf_pmu_unregister(struct pmu *);
void mce_register_decode_chain(struct notifier_block *);
void mce_unregister_decode_chain(struct notifier_block *);
int register_reboot_notifier(struct notifier_block *);
int unregister_reboot_notifier(struct notifier_block *);
int register_pernet_subsys(struct pernet_operations *);
void unregister_pernet_subsys(struct pernet_operations *);
struct ctl_table_header *register_sysctl(const char *, struct ctl_table *);
void unregister_sysctl_table(struct ctl_table_header *);
int crypto_register_alg(struct crypto_alg *);
void crypto_unregister_alg(struct crypto_alg *);
unsigned long simple_strtoul(const char *, char **, unsigned int);
int get_option(char **, int *);
int strcmp(const char *, const char *);
int pr_err(const char *, ...);

#define module_driver(d, reg, unreg) \
	static int __init d##_init(void) { return reg(&d); } \
	module_init(d##_init); \
	static void __exit d##_exit(void) { unreg(&d); } \
	module_exit(d##_exit)
#define builtin_driver(d, reg) \
	static int __init d##_init(void) { return reg(&d); } \
	device_initcall(d##_init)
#define module_platform_driver(d) \
	module_driver(d, platform_driver_register, platform_driver_unregister)
#define builtin_platform_driver(d) builtin_driver(d, platform_driver_register)
#define builtin_pci_driver(d) builtin_driver(d, pci_register_driver)
#define builtin_misc_device(d) builtin_driver(d, misc_register)
#define builtin_platform_driver_probe(d, probe) \
	static int __init d##_init(void) { return platform_driver_probe(&d, probe); } \
	device_initcall(d##_init)
#define module_pci_driver(d) \
	module_driver(d, pci_register_driver, pci_unregister_driver)
#define module_misc_device(d) \
	module_driver(d, misc_register, misc_deregister)
#define module_platform_driver_probe(d, probe) \
	static int __init d##_init(void) { return platform_driver_probe(&d, probe); } \
	module_init(d##_init); \
	static void __exit d##_exit(void) { platform_driver_unregister(&d); } \
	module_exit(d##_exit)

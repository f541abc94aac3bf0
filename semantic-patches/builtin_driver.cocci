// SPDX-License-Identifier: GPL-2.0-only
/// Use the module_*_driver() twin of a builtin_*_driver() registration
/// helper, so that a driver whose Kconfig symbol becomes tristate gets a
/// module_exit() that unregisters it.  Drop .suppress_bind_attrs = true from
/// drivers that have a remove callback: it was only there because a
/// built-in driver could never go away; once the driver can be unloaded,
/// unbinding through sysfs runs the same remove path.
///
// Confidence: High
// Copyright: (C) 2025 kslim contributors
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@b depends on patch@
declarer name builtin_platform_driver, module_platform_driver;
declarer name builtin_platform_driver_probe, module_platform_driver_probe;
declarer name builtin_pci_driver, module_pci_driver;
declarer name builtin_i2c_driver, module_i2c_driver;
declarer name builtin_amba_driver, module_amba_driver;
declarer name builtin_misc_device, module_misc_device;
declarer name builtin_mips_cdmm_driver, module_mips_cdmm_driver;
identifier d;
expression probe;
@@
(
-builtin_platform_driver(d);
+module_platform_driver(d);
|
-builtin_platform_driver_probe(d, probe);
+module_platform_driver_probe(d, probe);
|
-builtin_pci_driver(d);
+module_pci_driver(d);
|
-builtin_i2c_driver(d);
+module_i2c_driver(d);
|
-builtin_amba_driver(d);
+module_amba_driver(d);
|
-builtin_misc_device(d);
+module_misc_device(d);
|
-builtin_mips_cdmm_driver(d);
+module_mips_cdmm_driver(d);
)

// Only a driver that can undo its probe may be unbound from user space.
@depends on b@
identifier b.d;
symbol true;
identifier S, rm =~ "^remove(_new)?$";
expression E;
@@
struct S d = {
	.rm = E,
	.driver = {
-		.suppress_bind_attrs = true,
	},
};

// ----------------------------------------------------------------------------

@depends on context && !patch@
declarer name builtin_platform_driver, builtin_platform_driver_probe;
declarer name builtin_pci_driver, builtin_i2c_driver, builtin_amba_driver;
declarer name builtin_misc_device, builtin_mips_cdmm_driver;
identifier d;
expression probe;
@@
(
*builtin_platform_driver(d);
|
*builtin_platform_driver_probe(d, probe);
|
*builtin_pci_driver(d);
|
*builtin_i2c_driver(d);
|
*builtin_amba_driver(d);
|
*builtin_misc_device(d);
|
*builtin_mips_cdmm_driver(d);
)

@r depends on (org || report) && !patch@
declarer name builtin_platform_driver, builtin_platform_driver_probe;
declarer name builtin_pci_driver, builtin_i2c_driver, builtin_amba_driver;
declarer name builtin_misc_device, builtin_mips_cdmm_driver;
identifier d;
expression probe;
position p;
@@
(
builtin_platform_driver@p(d);
|
builtin_platform_driver_probe@p(d, probe);
|
builtin_pci_driver@p(d);
|
builtin_i2c_driver@p(d);
|
builtin_amba_driver@p(d);
|
builtin_misc_device@p(d);
|
builtin_mips_cdmm_driver@p(d);
)

@script:python depends on org@
p << r.p;
d << r.d;
@@
coccilib.org.print_todo(p[0], "builtin registration of %s can use the module_*() twin" % d)

@script:python depends on report@
p << r.p;
d << r.d;
@@
coccilib.report.print_report(p[0], "builtin registration of %s can use the module_*() twin" % d)

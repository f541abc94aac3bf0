// SPDX-License-Identifier: GPL-2.0-only
/// Replace the __setup("name=", fn) command-line hook of code that becomes
/// modular by a module parameter: __setup() compiles to nothing in a module
/// (include/linux/init.h), so the option would be silently ignored.  Only
/// handlers that just parse the value into one variable are converted:
///   v = simple_strto[u]l[l](str, NULL, 0); return 1;
///   get_option(&str, &v); return 1;
///   kstrtobool(str, &v); return 1;  and  return kstrtobool(str, &v) == 0;
///   v = 1; return 1;   (a flag, __setup("name", fn) without "=")
/// The handler goes; the parameter keeps the name, read-only and invisible in
/// sysfs (perm 0) like the option it replaces.  Built in, it is spelled
/// <module>.name= on the command line; -D keep_name adds core_param() for
/// the built-in case so the bare name keeps working there.
///
// Confidence: Medium
// Copyright: (C) 2025 kslim contributors
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual keep_name

@initialize:python@
@@
import re
PARAM_TYPE = {
    "int": "int", "unsigned int": "uint", "unsigned": "uint",
    "long": "long", "unsigned long": "ulong", "short": "short",
    "unsigned short": "ushort", "bool": "bool", "u32": "uint",
    "u64": "ullong", "unsigned long long": "ullong", "s32": "int",
}
NOPE = "__kslim_no_match__"

@s@
declarer name __setup;
identifier fn;
expression opt;
position p;
@@
__setup@p(opt, fn);

@h@
identifier s.fn, str, v;
symbol true;
type T;
expression E;
@@
(
T fn(char *str)
{
(
	v = \(simple_strtoul\|simple_strtol\|simple_strtoull\)(str, NULL, E);
|
	get_option(&str, &v);
|
	kstrtobool(str, &v);
|
	v = \(1\|true\);
)
	return 1;
}
|
T fn(char *str)
{
	return kstrtobool(str, &v) == 0;
}
)

@vd@
identifier h.v;
type VT;
@@
(
VT v;
|
VT v = ...;
)

@script:python pm@
opt << s.opt;
fn << s.fn;
VT << vd.VT;
pname;
ptype;
gate;
@@
n = opt.strip('"')
flag = not n.endswith("=")
n = n.rstrip("=")
t = PARAM_TYPE.get(re.sub(r"\s+", " ", VT.replace("static", "")).strip())
if flag and t == "int":
    t = "bint"
ok = t is not None and re.fullmatch(r"[A-Za-z_]\w*", n) is not None
coccinelle.pname = cocci.make_ident(n if ok else NOPE)
coccinelle.ptype = cocci.make_ident(t if ok else NOPE)
coccinelle.gate = cocci.make_ident(fn if ok else NOPE)

@depends on patch@
identifier pm.gate, str;
type T;
@@
-T gate(char *str) { ... }

@depends on patch && !keep_name@
declarer name __setup, module_param_named;
identifier pm.gate, pm.pname, pm.ptype, h.v;
expression s.opt;
@@
-__setup(opt, gate);
+module_param_named(pname, v, ptype, 0);

@depends on patch && keep_name@
declarer name __setup, module_param_named, core_param;
identifier pm.gate, pm.pname, pm.ptype, h.v;
expression s.opt;
@@
-__setup(opt, gate);
+#ifdef MODULE
+module_param_named(pname, v, ptype, 0);
+#else
+core_param(pname, v, ptype, 0);
+#endif

// --------------------------------------------------------------------------

@depends on context && !patch@
identifier s.fn;
expression s.opt;
@@
*__setup(opt, fn);

@script:python depends on (org || report) && !patch@
p << s.p;
opt << s.opt;
fn << s.fn;
@@
coccilib.report.print_report(p[0], "__setup(%s, %s) is ignored in a module" % (opt, fn))

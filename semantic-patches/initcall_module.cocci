// SPDX-License-Identifier: GPL-2.0-only
/// Turn the initcall of code that becomes modular into module_init() and
/// generate the module_exit() it needs to be unloaded: the exit function
/// calls, in reverse order, the unregister twin of every registration the
/// init function makes at its top level (platform_driver_register,
/// misc_register, register_filesystem, sock_register, notifier chains,
/// pernet operations, register_sysctl, ...).  When the init function
/// registers several things and an error check after a later registration
/// just returns, the earlier registrations are undone on that path first.
/// With -D keep_level the initcall level stays (include/linux/module.h maps
/// every *_initcall() to module_init() when built as a module, so a built-in
/// kernel keeps its initcall order) and only module_exit() is added.
/// With -D no_exit no module_exit() is generated: for a module that has to
/// stay loaded once it is, because what it sets up cannot be torn down.
///
// Confidence: Medium
// Copyright: (C) 2025 kslim contributors
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual keep_level
virtual no_exit

@initialize:python@
@@
import re

def _same(a, lhs):
    return a

def _first(a, lhs):
    return a[:1]

def _first2(a, lhs):
    return a[:2]

def _lhs(a, lhs):
    return [lhs] if lhs else None

def _sock(a, lhs):
    # sock_unregister() takes the family, the ops structure holds it
    if a[0].startswith("&") and re.fullmatch(r"&\s*\w+", a[0]):
        return [a[0][1:].strip() + ".family"]
    return ["(" + a[0] + ")->family"]

def _major(a, lhs):
    # register_chrdev(0, ...) and register_blkdev(0, ...) return the major
    if a[0] == "0":
        return [lhs, a[1]] if lhs else None
    return a[:2]

def _region(a, lhs):
    # alloc_chrdev_region(&dev, first, count, name)
    if not re.fullmatch(r"&\s*\w+", a[0]):
        return None
    return [a[0][1:].strip(), a[2]]

UNREG = {
    "platform_driver_register": ("platform_driver_unregister", _same),
    "platform_driver_probe": ("platform_driver_unregister", _first),
    "platform_device_register": ("platform_device_unregister", _same),
    "pci_register_driver": ("pci_unregister_driver", _same),
    "i2c_add_driver": ("i2c_del_driver", _same),
    "driver_register": ("driver_unregister", _same),
    "bus_register": ("bus_unregister", _same),
    "class_register": ("class_unregister", _same),
    "usb_register": ("usb_deregister", _same),
    "acpi_bus_register_driver": ("acpi_bus_unregister_driver", _same),
    "register_virtio_driver": ("unregister_virtio_driver", _same),
    "cpufreq_register_driver": ("cpufreq_unregister_driver", _same),
    "misc_register": ("misc_deregister", _same),
    "register_filesystem": ("unregister_filesystem", _same),
    "register_binfmt": ("unregister_binfmt", _same),
    "genl_register_family": ("genl_unregister_family", _same),
    "sock_register": ("sock_unregister", _sock),
    "proto_register": ("proto_unregister", _first),
    "inet_register_protosw": ("inet_unregister_protosw", _same),
    "rtnl_link_register": ("rtnl_link_unregister", _same),
    "register_netdev": ("unregister_netdev", _same),
    "register_qdisc": ("unregister_qdisc", _same),
    "register_tcf_proto_ops": ("unregister_tcf_proto_ops", _same),
    "tcp_register_congestion_control":
        ("tcp_unregister_congestion_control", _same),
    "xt_register_target": ("xt_unregister_target", _same),
    "xt_register_match": ("xt_unregister_match", _same),
    "register_pernet_subsys": ("unregister_pernet_subsys", _same),
    "register_pernet_device": ("unregister_pernet_device", _same),
    "register_sysctl": ("unregister_sysctl_table", _lhs),
    "register_chrdev": ("unregister_chrdev", _major),
    "register_blkdev": ("unregister_blkdev", _major),
    "register_chrdev_region": ("unregister_chrdev_region", _first2),
    "alloc_chrdev_region": ("unregister_chrdev_region", _region),
    "input_register_handler": ("input_unregister_handler", _same),
    "register_reboot_notifier": ("unregister_reboot_notifier", _same),
    "register_netdevice_notifier": ("unregister_netdevice_notifier", _same),
    "register_inetaddr_notifier": ("unregister_inetaddr_notifier", _same),
    "register_inet6addr_notifier": ("unregister_inet6addr_notifier", _same),
    "register_pm_notifier": ("unregister_pm_notifier", _same),
    "register_die_notifier": ("unregister_die_notifier", _same),
    "register_module_notifier": ("unregister_module_notifier", _same),
    "register_keyboard_notifier": ("unregister_keyboard_notifier", _same),
    "register_oom_notifier": ("unregister_oom_notifier", _same),
    "register_vt_notifier": ("unregister_vt_notifier", _same),
    "cpu_pm_register_notifier": ("cpu_pm_unregister_notifier", _same),
    "atomic_notifier_chain_register":
        ("atomic_notifier_chain_unregister", _same),
    "blocking_notifier_chain_register":
        ("blocking_notifier_chain_unregister", _same),
    "raw_notifier_chain_register": ("raw_notifier_chain_unregister", _same),
    "srcu_notifier_chain_register": ("srcu_notifier_chain_unregister", _same),
    "perf_pmu_register": ("perf_pmu_unregister", _first),
    "mce_register_decode_chain": ("mce_unregister_decode_chain", _same),
    "mce_register_injector_chain": ("mce_unregister_injector_chain", _same),
}
for _c in ("alg", "algs", "ahash", "ahashes", "shash", "shashes", "skcipher",
           "skciphers", "aead", "aeads", "akcipher", "kpp", "rng", "rngs",
           "template", "templates", "scomp", "scomps", "acomp", "acomps"):
    UNREG["crypto_register_" + _c] = ("crypto_unregister_" + _c, _same)

exit_files = set()  # files that already have a module_exit()
# regs is reset for every file: positions seen after a rule has changed
# the file name a temporary copy, so the key is the init function alone.
cur_file = [None]
regs = {}       # init function -> [(line, col, call, args, lhs)]
lhs_at = {}     # (file, line, col) of a call -> what its result is stored in
plans = {}

def split_args(s):
    out, depth, cur, quote = [], 0, "", None
    for ch in s:
        if quote:
            cur += ch
            if ch == quote and not cur.endswith("\\" + ch):
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out

def file_lines(name):
    with open(name, errors="replace") as f:
        return f.read().split("\n")

def top_level(name, line):
    # Kernel style indents the top-level statements of a function body by
    # exactly one tab; a registration nested deeper is conditional or in a
    # loop and cannot be undone unconditionally in the exit function.
    text = file_lines(name)[line - 1]
    return re.match(r"\t(?![\s])", text) is not None and \
        not re.match(r"\t(if|for|while|switch)\b", text)

def undo_call(call, args, lhs):
    if call not in UNREG:
        return None
    un, build = UNREG[call]
    a = build(split_args(args), lhs)
    if a is None or any("[" in x or "->" in x and call != "sock_register"
                        for x in a):
        return None
    return "%s(%s)" % (un, ", ".join(a))

def undo_before(key, line, col):
    """Unregister calls for the registrations made before (line, col)."""
    out = []
    for (l, c, call, args, lhs) in regs.get(key, []):
        if (l, c) >= (line, col):
            break
        u = undo_call(call, args, lhs)
        if u:
            out.append(u)
    return out[::-1]

# cocci.include_match(False) would drop the inherited match for every later
# rule too, so scripts that decline bind this name, which matches nothing.
NOPE = "__kslim_no_match__"

def source_args(name, line, col):
    """The argument list of the call at (line, col), as written."""
    lines = file_lines(name)
    text = "\n".join(lines[line - 1:line + 20])[col:]
    start = text.index("(")
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return re.sub(r"\s+", " ", text[start + 1:i]).strip()
    return ""

def undo_before_call(key, p, call):
    """Same, the registration found by its text: an earlier rule may have
    moved it (and renamed the file)."""
    args = source_args(p.file, int(p.line), int(p.column))
    for (l, c, f, a, lhs) in regs.get(key, []):
        if f == call and a == args:
            return undo_before(key, l, c)
    return []

def exit_plan(key):
    return undo_before(key, 1 << 30, 0)

# -D no_exit: a permanent module (nothing it sets up can be torn down); the
# error paths of the init function are still made to unwind.
exit_off = [False]

def planned_exit(key):
    return [] if exit_off[0] else exit_plan(key)

def exit_name(init, name):
    # foo_init -> foo_exit, foo_init_device -> foo_exit_device, else foo_exit
    if init.endswith("_init"):
        ex = init[:-5] + "_exit"
    elif "_init_" in init:
        i = init.rindex("_init_")
        ex = init[:i] + "_exit_" + init[i + 6:]
    else:
        ex = init + "_exit"
    text = "\n".join(file_lines(name))
    if re.search(r"\b%s\b" % re.escape(ex), text):
        ex = init + "_module_exit"
    return ex

@script:python depends on no_exit@
@@
exit_off[0] = True

@hasexit@
declarer name module_exit, __exitcall;
identifier e;
position p;
@@
(
module_exit(e@p);
|
__exitcall(e@p);
)

@script:python@
p << hasexit.p;
@@
exit_files.add(p[0].file)

@r@
declarer d =~ "^(__initcall|(core|postcore|arch|subsys|fs|rootfs|device|late)_initcall(_sync)?)$";
identifier init;
position pd;
@@
d(init@pd);

@script:python@
p << r.pd;
@@
if p[0].file != cur_file[0]:
    cur_file[0] = p[0].file
    regs.clear()
    lhs_at.clear()

@initfn@
identifier r.init;
type T;
@@
T init(...) { ... }

@reg depends on initfn@
identifier r.init;
identifier f =~ "register|^i2c_add_driver$|^platform_driver_probe$|^alloc_chrdev_region$";
expression list args;
position p;
type T;
@@
T init(...) { <+... f@p(args) ...+> }

@regl@
identifier r.init, reg.f;
position reg.p;
expression list reg.args;
expression E;
type T;
@@
T init(...) { <+... E = f@p(args) ...+> }

@script:python@
p << reg.p;
E << regl.E;
@@
lhs_at[(p[0].file, int(p[0].line), int(p[0].column))] = E

@script:python@
init << r.init;
p << reg.p;
f << reg.f;
@@
l, c = int(p[0].line), int(p[0].column)
if top_level(p[0].file, l):
    lst = regs.setdefault(init, [])
    ent = (l, c, f, source_args(p[0].file, l, c),
           lhs_at.get((p[0].file, l, c)))
    if ent not in lst:
        lst.append(ent)
        lst.sort()

// --------------------------------------------------------------------------
// The exit function.

@script:python sx@
init << r.init;
p << r.pd;
ex;
withexit;
noexit;
@@
plan = planned_exit(init)
if p[0].file in exit_files:
    plan = []
coccinelle.ex = cocci.make_ident(exit_name(init, p[0].file))
coccinelle.withexit = cocci.make_ident(init if plan else NOPE)
coccinelle.noexit = cocci.make_ident(NOPE if plan else init)

@script:python s1 depends on patch@
init << r.init;
p << r.pd;
fn;
u1;
@@
u = planned_exit(init)
if len(u) == 1 and p[0].file not in exit_files:
    coccinelle.fn = cocci.make_ident(init)
    coccinelle.u1 = cocci.make_stmt(u[0] + ";")
else:
    coccinelle.fn = cocci.make_ident(NOPE)
    coccinelle.u1 = cocci.make_stmt("%s();" % NOPE)

@script:python s2 depends on patch@
init << r.init;
p << r.pd;
fn;
u1;
u2;
@@
u = planned_exit(init)
if len(u) == 2 and p[0].file not in exit_files:
    coccinelle.fn = cocci.make_ident(init)
    coccinelle.u1 = cocci.make_stmt(u[0] + ";")
    coccinelle.u2 = cocci.make_stmt(u[1] + ";")
else:
    coccinelle.fn = cocci.make_ident(NOPE)
    coccinelle.u1 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u2 = cocci.make_stmt("%s();" % NOPE)

@script:python s3 depends on patch@
init << r.init;
p << r.pd;
fn;
u1;
u2;
u3;
@@
u = planned_exit(init)
if len(u) == 3 and p[0].file not in exit_files:
    coccinelle.fn = cocci.make_ident(init)
    coccinelle.u1 = cocci.make_stmt(u[0] + ";")
    coccinelle.u2 = cocci.make_stmt(u[1] + ";")
    coccinelle.u3 = cocci.make_stmt(u[2] + ";")
else:
    coccinelle.fn = cocci.make_ident(NOPE)
    coccinelle.u1 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u2 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u3 = cocci.make_stmt("%s();" % NOPE)

@script:python s4 depends on patch@
init << r.init;
p << r.pd;
fn;
u1;
u2;
u3;
u4;
@@
u = planned_exit(init)
if len(u) == 4 and p[0].file not in exit_files:
    coccinelle.fn = cocci.make_ident(init)
    coccinelle.u1 = cocci.make_stmt(u[0] + ";")
    coccinelle.u2 = cocci.make_stmt(u[1] + ";")
    coccinelle.u3 = cocci.make_stmt(u[2] + ";")
    coccinelle.u4 = cocci.make_stmt(u[3] + ";")
else:
    coccinelle.fn = cocci.make_ident(NOPE)
    coccinelle.u1 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u2 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u3 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u4 = cocci.make_stmt("%s();" % NOPE)

@script:python s5 depends on patch@
init << r.init;
p << r.pd;
fn;
u1;
u2;
u3;
u4;
u5;
@@
u = planned_exit(init)
if len(u) == 5 and p[0].file not in exit_files:
    coccinelle.fn = cocci.make_ident(init)
    coccinelle.u1 = cocci.make_stmt(u[0] + ";")
    coccinelle.u2 = cocci.make_stmt(u[1] + ";")
    coccinelle.u3 = cocci.make_stmt(u[2] + ";")
    coccinelle.u4 = cocci.make_stmt(u[3] + ";")
    coccinelle.u5 = cocci.make_stmt(u[4] + ";")
else:
    coccinelle.fn = cocci.make_ident(NOPE)
    coccinelle.u1 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u2 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u3 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u4 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u5 = cocci.make_stmt("%s();" % NOPE)

@script:python s6 depends on patch@
init << r.init;
p << r.pd;
fn;
u1;
u2;
u3;
u4;
u5;
u6;
@@
u = planned_exit(init)
if len(u) == 6 and p[0].file not in exit_files:
    coccinelle.fn = cocci.make_ident(init)
    coccinelle.u1 = cocci.make_stmt(u[0] + ";")
    coccinelle.u2 = cocci.make_stmt(u[1] + ";")
    coccinelle.u3 = cocci.make_stmt(u[2] + ";")
    coccinelle.u4 = cocci.make_stmt(u[3] + ";")
    coccinelle.u5 = cocci.make_stmt(u[4] + ";")
    coccinelle.u6 = cocci.make_stmt(u[5] + ";")
else:
    coccinelle.fn = cocci.make_ident(NOPE)
    coccinelle.u1 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u2 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u3 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u4 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u5 = cocci.make_stmt("%s();" % NOPE)
    coccinelle.u6 = cocci.make_stmt("%s();" % NOPE)

@depends on patch@
identifier s1.fn, sx.ex;
statement s1.u1;
type T;
@@
 T fn(...) { ... }
+
+static void __exit ex(void)
+{
+	u1
+}

@depends on patch@
identifier s2.fn, sx.ex;
statement s2.u1, s2.u2;
type T;
@@
 T fn(...) { ... }
+
+static void __exit ex(void)
+{
+	u1
+	u2
+}

@depends on patch@
identifier s3.fn, sx.ex;
statement s3.u1, s3.u2, s3.u3;
type T;
@@
 T fn(...) { ... }
+
+static void __exit ex(void)
+{
+	u1
+	u2
+	u3
+}

@depends on patch@
identifier s4.fn, sx.ex;
statement s4.u1, s4.u2, s4.u3, s4.u4;
type T;
@@
 T fn(...) { ... }
+
+static void __exit ex(void)
+{
+	u1
+	u2
+	u3
+	u4
+}

@depends on patch@
identifier s5.fn, sx.ex;
statement s5.u1, s5.u2, s5.u3, s5.u4, s5.u5;
type T;
@@
 T fn(...) { ... }
+
+static void __exit ex(void)
+{
+	u1
+	u2
+	u3
+	u4
+	u5
+}

@depends on patch@
identifier s6.fn, sx.ex;
statement s6.u1, s6.u2, s6.u3, s6.u4, s6.u5, s6.u6;
type T;
@@
 T fn(...) { ... }
+
+static void __exit ex(void)
+{
+	u1
+	u2
+	u3
+	u4
+	u5
+	u6
+}

@depends on patch && !keep_level@
declarer r.d;
identifier sx.withexit, sx.ex;
declarer name module_init, module_exit;
@@
-d(withexit);
+module_init(withexit);
+module_exit(ex);

@depends on patch && !keep_level@
declarer r.d;
identifier sx.noexit;
declarer name module_init;
@@
-d(noexit);
+module_init(noexit);

@depends on patch && keep_level@
declarer r.d;
identifier sx.withexit, sx.ex;
declarer name module_exit;
@@
 d(withexit);
+module_exit(ex);

// --------------------------------------------------------------------------
// Error paths in the init function: undo the earlier registrations.

// if (ret) return ret;  ->  if (ret) { undo...; return ret; }
@uw1 depends on patch@
identifier f =~ "register|^i2c_add_driver$|^platform_driver_probe$|^alloc_chrdev_region$";
expression E, C, R;
position p;
@@
E = f@p(...);
if (C)
	return R;

@script:python uw1s@
init << r.init;
p << uw1.p;
f << uw1.f;
C << uw1.C;
R << uw1.R;
fix;
fcall;
@@
u = undo_before_call(init, p[0], f)
coccinelle.fcall = cocci.make_ident(f if u else NOPE)
if not u:
    coccinelle.fix = cocci.make_stmt("return %s;" % R)
else:
    coccinelle.fix = cocci.make_stmt(
        "if (%s) {\n" % C + "".join("%s;\n" % x for x in u) +
        "return %s;\n}" % R)

@depends on patch@
identifier uw1s.fcall;
expression uw1.E, uw1.C, uw1.R;
position uw1.p;
statement uw1s.fix;
@@
 E = fcall@p(...);
-if (C)
-	return R;
+fix

// if (ret) { pr_err(...); return ret; }: undo a single registration
@uw2 depends on patch@
identifier f =~ "register|^i2c_add_driver$|^platform_driver_probe$|^alloc_chrdev_region$";
identifier U =~ "unregister|deregister|_del_driver$";
expression E, C, R;
position p, q;
@@
E = f@p(...);
if (C) {
	... when != U(...)
	return R@q;
}

@script:python uw2s@
init << r.init;
p << uw2.p;
f << uw2.f;
R << uw2.R;
fix;
ret;
@@
u = undo_before_call(init, p[0], f)
# a second level of braces would be needed for more: left to the reviewer
if len(u) != 1:
    coccinelle.ret = cocci.make_expr(NOPE)
    coccinelle.fix = cocci.make_stmt("%s();" % NOPE)
else:
    coccinelle.ret = cocci.make_expr(R)
    coccinelle.fix = cocci.make_stmt(u[0] + ";")

@depends on patch@
expression uw2s.ret;
position uw2.q;
statement uw2s.fix;
@@
+	fix
	return ret@q;

// ret = register(...); return ret;  and  return register(...);
@uw3 depends on patch@
identifier f =~ "register|^i2c_add_driver$|^platform_driver_probe$|^alloc_chrdev_region$";
expression E;
position p;
@@
(
E = f@p(...);
return E;
|
return f@p(...);
)

@script:python uw3s@
init << r.init;
p << uw3.p;
f << uw3.f;
fix;
var;
fcall;
@@
key = init
u = undo_before_call(key, p[0], f)
ret = [lhs for (l, c, f, a, lhs) in regs.get(key, [])
       if lhs and re.fullmatch(r"\w+", lhs)]
coccinelle.fcall = cocci.make_ident(f if u and ret else NOPE)
if not u or not ret:
    coccinelle.var = cocci.make_expr(NOPE)
    coccinelle.fix = cocci.make_stmt("%s();" % NOPE)
else:
    coccinelle.var = cocci.make_expr(ret[0])
    if len(u) == 1:
        coccinelle.fix = cocci.make_stmt(u[0] + ";")
    else:
        coccinelle.fix = cocci.make_stmt(
            "{\n" + "".join("%s;\n" % x for x in u) + "}")

@depends on patch@
identifier uw3s.fcall;
expression list args;
expression E;
position uw3.p;
statement uw3s.fix;
expression uw3s.var;
@@
(
 E = fcall@p(args);
+if (E)
+	fix
 return E;
|
-return fcall@p(args);
+var = fcall(args);
+if (var)
+	fix
+return var;
)

// --------------------------------------------------------------------------

@depends on context && !patch@
declarer r.d;
identifier r.init;
@@
*d(init);

@script:python depends on org && !patch@
init << r.init;
d << r.d;
p << r.pd;
@@
key = init
u = exit_plan(key)
if [x for x in regs.get(key, []) if not undo_call(x[2], x[3], x[4])]:
    what = "registrations without a known unregister twin, review by hand"
elif u:
    what = "module_exit() can undo: " + ", ".join(x.split("(")[0] for x in u)
else:
    what = "nothing to undo: module_init() without module_exit()"
msg = "%s(%s) can be module_init(); %s" % (d, init, what)
coccilib.org.print_todo(p[0], msg)

@script:python depends on report && !patch@
init << r.init;
d << r.d;
p << r.pd;
@@
key = init
u = exit_plan(key)
if [x for x in regs.get(key, []) if not undo_call(x[2], x[3], x[4])]:
    what = "registrations without a known unregister twin, review by hand"
elif u:
    what = "module_exit() can undo: " + ", ".join(x.split("(")[0] for x in u)
else:
    what = "nothing to undo: module_init() without module_exit()"
msg = "%s(%s) can be module_init(); %s" % (d, init, what)
coccilib.report.print_report(p[0], msg)

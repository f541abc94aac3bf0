// SPDX-License-Identifier: GPL-2.0-only
/// Add the metadata a loadable module needs next to its module_init(),
/// module_exit() or module_*_driver(): MODULE_LICENSE() derived from the
/// file's SPDX-License-Identifier as Documentation/process/license-rules.rst
/// maps it, MODULE_DESCRIPTION() from -D desc="..." (the Kconfig prompt,
/// passed in by scripts/cocci-modularize.py), and the alias that lets the
/// kernel load the module on first use: MODULE_ALIAS_FS() for
/// register_filesystem(), MODULE_ALIAS_MISCDEV() for a misc device with a
/// fixed minor, MODULE_ALIAS_NETPROTO() for sock_register(),
/// MODULE_ALIAS_GENL_FAMILY() for genl_register_family() and
/// MODULE_ALIAS_CRYPTO() for crypto_register_*().  Tags already present are
/// left alone.  With -D keep_level a *_initcall() counts as module_init()
/// (as <linux/module.h> makes it in a module).
///
// Confidence: High
// Copyright: (C) 2025 kslim contributors
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual keep_level

@initialize:python@
@@
import re

# SPDX expression (normalised) -> MODULE_LICENSE() string
def module_license(spdx):
    ids = set(re.split(r"\s+(?:OR|or)\s+",
                       re.sub(r"\s+WITH\s+\S+", "", spdx.strip(" ()"))))
    gpl = {i for i in ids if re.fullmatch(r"GPL-2\.0(-only|-or-later|\+)?", i)}
    other = ids - gpl
    if not gpl:
        return None
    if not other:
        return "GPL"
    if len(other) == 1:
        o = other.pop()
        if o == "MIT" or o == "X11":
            return "Dual MIT/GPL"
        if o.startswith("BSD-"):
            return "Dual BSD/GPL"
        if o.startswith("MPL-"):
            return "Dual MPL/GPL"
    return None

def spdx_of(name):
    with open(name, errors="replace") as f:
        for line in f.read().split("\n")[:3]:
            m = re.search(r"SPDX-License-Identifier:\s*(.*?)\s*(\*/)?$", line)
            if m:
                return m.group(1)
    return None

# The last module entry point of the file: the metadata goes after it.
anchors = {}
INITCALL = re.compile(r"^(__initcall|(core|postcore|arch|subsys|fs|rootfs"
                      r"|device|late)_initcall(_sync)?)$")
# -D keep_level: the file keeps its *_initcall(), which <linux/module.h>
# makes the module_init() of a module, so it is an entry point too.
initcall_is_init = [False]

@script:python depends on keep_level@
@@
initcall_is_init[0] = True

@anchor@
declarer A =~ "^(module_init|module_exit|module_[a-z0-9_]*driver(_probe)?|module_misc_device|__initcall|(core|postcore|arch|subsys|fs|rootfs|device|late)_initcall(_sync)?)$";
expression list args;
position p;
@@
A@p(args);

@script:python@
A << anchor.A;
p << anchor.p;
@@
if initcall_is_init[0] or not INITCALL.match(A):
    anchors[p[0].file] = max(anchors.get(p[0].file, (0, "")),
                             (int(p[0].line), A))

@script:python last@
A << anchor.A;
p << anchor.p;
ok;
@@
# Other anchors bind a name that matches nothing.
keep = anchors.get(p[0].file) == (int(p[0].line), A)
coccinelle.ok = cocci.make_ident(A if keep else "__kslim_no_match__")

@haslic@
declarer name MODULE_LICENSE;
expression E;
@@
MODULE_LICENSE(E);

@hasdesc@
declarer name MODULE_DESCRIPTION;
expression E;
@@
MODULE_DESCRIPTION(E);

@script:python lic depends on !haslic@
p << anchor.p;
ok << last.ok;
L;
lok;
@@
spdx = spdx_of(p[0].file)
ml = module_license(spdx) if spdx else None
coccinelle.L = cocci.make_expr('"%s"' % ml if ml else "0")
coccinelle.lok = cocci.make_ident(ok if ml else "__kslim_no_match__")

@script:python desc depends on !hasdesc@
d << virtual.desc;
D;
@@
coccinelle.D = cocci.make_expr('"%s"' % d.replace('\\', '\\\\').replace('"', '\\"'))

// Aliases: the registered object's initializer names the key.
@fsreg@
identifier x;
@@
register_filesystem(&x)

@fs@
identifier fsreg.x, S;
expression N;
@@
struct S x = { ..., .name = N, ... };

@miscreg@
identifier x;
@@
misc_register(&x)

@miscdev@
declarer name module_misc_device;
identifier x;
@@
module_misc_device(x);

@misc@
identifier x = {miscreg.x, miscdev.x};
identifier S;
expression M;
@@
(
struct S x = { ..., .minor = M, ... };
|
struct miscdevice x = { M, ... };
)

@script:python miscs@
M << misc.M;
ok << last.ok;
mok;
@@
# a dynamic minor has nothing to autoload on
coccinelle.mok = cocci.make_ident(ok if M != "MISC_DYNAMIC_MINOR" else "__kslim_no_match__")

@sockreg@
identifier x;
@@
sock_register(&x)

@sock@
identifier sockreg.x, S;
expression F;
@@
struct S x = { ..., .family = F, ... };

@genlreg@
identifier x;
@@
genl_register_family(&x)

@genl@
identifier genlreg.x, S;
expression N;
@@
struct S x = { ..., .name = N, ... };

@cryptoreg@
identifier x, reg =~ "^crypto_register_";
@@
reg(&x)

@crypto@
identifier cryptoreg.x, S, base;
expression N;
@@
(
struct S x = { ..., .cra_name = N, ... };
|
struct S x = { ..., .base = { ..., .cra_name = N, ... }, ... };
)

@hasalias@
declarer D =~ "^MODULE_ALIAS";
expression list args;
@@
D(args);

// Later rules' additions come first in the output, so the tags are added
// in reverse of the order they appear in.
@depends on patch && !hasalias@
expression list anchor.args;
declarer last.ok;
expression crypto.N;
declarer name MODULE_ALIAS_CRYPTO;
@@
 ok(args);
+MODULE_ALIAS_CRYPTO(N);

@depends on patch && !hasalias@
expression list anchor.args;
declarer last.ok;
expression genl.N;
declarer name MODULE_ALIAS_GENL_FAMILY;
@@
 ok(args);
+MODULE_ALIAS_GENL_FAMILY(N);

@depends on patch && !hasalias@
expression list anchor.args;
declarer last.ok;
expression sock.F;
declarer name MODULE_ALIAS_NETPROTO;
@@
 ok(args);
+MODULE_ALIAS_NETPROTO(F);

@depends on patch && !hasalias@
expression list anchor.args;
declarer miscs.mok;
expression misc.M;
declarer name MODULE_ALIAS_MISCDEV;
@@
 mok(args);
+MODULE_ALIAS_MISCDEV(M);

@depends on patch && !hasalias@
expression list anchor.args;
declarer last.ok;
expression fs.N;
declarer name MODULE_ALIAS_FS;
@@
 ok(args);
+MODULE_ALIAS_FS(N);

@depends on patch@
expression list anchor.args;
declarer lic.lok;
expression lic.L;
declarer name MODULE_LICENSE;
@@
 lok(args);
+MODULE_LICENSE(L);

@depends on patch@
expression list anchor.args;
declarer last.ok;
expression desc.D;
declarer name MODULE_DESCRIPTION;
@@
 ok(args);
+MODULE_DESCRIPTION(D);

// --------------------------------------------------------------------------

@script:python depends on report && !patch && !haslic@
p << anchor.p;
ok << last.ok;
@@
if ok != "__kslim_no_match__":
    spdx = spdx_of(p[0].file)
    ml = module_license(spdx) if spdx else None
    msg = "module without MODULE_LICENSE(): %s" % (
        'add MODULE_LICENSE("%s")' % ml if ml else
        "SPDX %r has no MODULE_LICENSE() string" % spdx)
    coccilib.report.print_report(p[0], msg)

@depends on context && !patch && !haslic@
expression list anchor.args;
declarer last.ok;
@@
*ok(args);

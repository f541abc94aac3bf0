#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""kslimconf - Debian's kconfiglib 14.1.0, made to read Linux 6.1 .. 6.12+

Usage (library; scripts/kconfig/*.py import it):

    import kslimconf
    kconf = kslimconf.load("/path/to/linux", config="obj/.config")
    kslimconf.cannot_be_m(kconf.syms["SERIAL_8250"])

kconfiglib 14.1.0 predates two pieces of Kconfig syntax, which
KslimKconfig rewrites while the Kconfig files are read (nothing on disk is
touched):

  modules        (v5.13, kernel/module/Kconfig) marks the symbol that
                 enables modules.  kconfiglib knows the old spelling
                 "option modules" and, like the C tools before v5.13,
                 takes the symbol called MODULES; the line is rewritten to
                 "option modules" so a tree that names another symbol still
                 gets kconfiglib's warning.
  transitional   (v6.18) a promptless symbol that is read from an old
                 .config but never written out.  It becomes a prompt (its
                 .config value is then used, as in the C tools) and the
                 symbol is filtered out of written .config files.

load() gives $(shell,...) macros in scripts/Kconfig.include the environment
the kernel's top-level Makefile exports (CC, LD, CC_VERSION_TEXT,
KERNELVERSION, ARCH/SRCARCH, ...) and runs them in a scratch directory, as
`make O=...` runs them in the object tree, so CC_IS_GCC, GCC_VERSION,
AS_IS_GNU, LD_VERSION, CC_HAS_*, RUST_IS_AVAILABLE ... come out as they do
for `make`.
"""

import io
import os
import re
import subprocess
import tempfile

import kconfiglib
import kslim
from kconfiglib import (AND, BOOL, OR, TRISTATE, Choice, Symbol, expr_str,
                        expr_value, split_expr)

__all__ = ["KslimKconfig", "KconfigLoadError", "load", "make_env",
           "kernel_version", "write_config", "dep_str", "static_reasons",
           "try_m", "cannot_be_m", "why_not"]

# make ARCH=... -> SRCARCH, as in the kernel's top-level Makefile.  "x86_64"
# stands for this host's default: `make` without ARCH= takes ARCH from
# `uname -m` mapped to "x86" (SUBARCH), and arch/x86/Kconfig then offers
# 64BIT as a prompt (the .config says 64BIT=y).
_SRCARCH = {"i386": "x86", "x86_64": "x86", "sparc32": "sparc",
            "sparc64": "sparc", "parisc64": "parisc"}
_HOST_ARCH_ALIAS = {"x86_64": "x86"}

# Lines holding nothing but a keyword kconfiglib 14.1.0 does not know.
_KEYWORD_LINE = re.compile(r"^([ \t]*)(modules|transitional)[ \t]*(#.*)?$",
                           re.M)
_CONFIG_LINE = re.compile(r"^[ \t]*(?:menu)?config[ \t]+([A-Za-z0-9_]+)",
                          re.M)


_NUMBER = re.compile(r"^-?(0[xX][0-9a-fA-F]+|[0-9]+)$")


class KconfigLoadError(Exception):
    """A tree or .config kslimconf cannot load; str() is one line."""


class KslimKconfig(kconfiglib.Kconfig):
    """kconfiglib.Kconfig that also parses Kconfig syntax newer than 14.1.0.

    transitional_syms: names of the symbols declared "transitional".
    """

    def __init__(self, *args, **kwargs):
        self.transitional_syms = set()
        super().__init__(*args, **kwargs)

    def _open(self, filename, mode):
        f = super()._open(filename, mode)
        # Only Kconfig files: .config files are read after parsing ends.
        if mode != "r" or not getattr(self, "_parsing_kconfigs", False):
            return f
        with f:
            text = f.read()
        if "modules" in text or "transitional" in text:
            text = self._rewrite(text)
        return io.StringIO(text)

    def _rewrite(self, text):
        # Same number of lines, so kconfiglib's file:line messages still
        # point at the real source.
        def sub(m):
            indent, word = m.group(1), m.group(2)
            if word == "modules":
                return indent + "option modules"
            last = None
            for c in _CONFIG_LINE.finditer(text, 0, m.start()):
                last = c.group(1)
            if last:
                self.transitional_syms.add(last)
            return indent + 'prompt "transitional"'
        return _KEYWORD_LINE.sub(sub, text)

    def _config_contents(self, header):
        text = super()._config_contents(header)
        if not self.transitional_syms:
            return text
        drop = set()
        for name in self.transitional_syms:
            drop.add("{}{}=".format(self.config_prefix, name))
            drop.add("# {}{} is not set".format(self.config_prefix, name))
        return "".join(
            line for line in text.splitlines(True)
            if not any(line.startswith(d) for d in drop))


#
# kconfiglib 14.1.0 gives `imply` two effects scripts/kconfig/symbol.c (6.1,
# 6.12) does not have: an imply from a y symbol turns m into y and takes m
# out of the assignable values, and an imply is ignored (and the symbol not
# written) while the implied symbol's own dependencies are unmet.  In the C
# tools an imply only raises the default, bounded by the symbol's direct
# dependencies (sym_calc_value, sym_tristate_within_range).  Both methods
# are replaced on kconfiglib.Symbol itself: kconfiglib compares classes with
# "is Symbol", so a subclass would not be used.
#

def _c_tri_value(self):
    if self._cached_tri_val is not None:
        return self._cached_tri_val
    if self.orig_type not in (BOOL, TRISTATE) or self.choice:
        # Unchanged: no imply on these (choice symbols ignore it).
        return _kconfiglib_tri_value(self)
    vis = self.visibility
    self._write_to_conf = (vis != 0)
    val = 0
    if vis and self.user_value is not None:
        val = min(self.user_value, vis)
    else:
        for default, cond in self.defaults:
            dep_val = expr_value(cond)
            if dep_val:
                val = min(expr_value(default), dep_val)
                if val:
                    self._write_to_conf = True
                break
        implied = expr_value(self.weak_rev_dep)
        if implied:
            self._write_to_conf = True
            direct = expr_value(self.direct_dep)
            if direct == 1 and self.type is BOOL:
                direct = 2
            val = min(max(val, implied), direct)
    dep_val = expr_value(self.rev_dep)
    if dep_val:
        if expr_value(self.direct_dep) < dep_val:
            self._warn_select_unsatisfied_deps()
        val = max(dep_val, val)
        self._write_to_conf = True
    if val == 1 and self.type is BOOL:
        val = 2
    self._cached_tri_val = val
    return val


def _c_assignable(self):
    if self.orig_type not in (BOOL, TRISTATE):
        return ()
    vis = self.visibility
    if not vis:
        return ()
    rev_dep_val = expr_value(self.rev_dep)
    if vis == 2:
        if self.choice:
            return (2,)
        if not rev_dep_val:
            return (0, 2) if self.type is BOOL else (0, 1, 2)
        if rev_dep_val == 2:
            return (2,)
        return (2,) if self.type is BOOL else (1, 2)
    # vis == 1: a tristate (bool m visibility is promoted to y)
    if not rev_dep_val:
        return (0, 1)
    return (rev_dep_val,)


_kconfiglib_tri_value = kconfiglib.Symbol.tri_value.fget
kconfiglib.Symbol.tri_value = property(_c_tri_value,
                                       doc=kconfiglib.Symbol.tri_value.__doc__)
kconfiglib.Symbol._assignable = _c_assignable


def kernel_version(srctree):
    """KERNELVERSION from the tree's top-level Makefile ("6.12.117"), as
    `make kernelversion` prints it (kslim.kernel_version)."""
    try:
        v = kslim.read_makefile_version(srctree)
    except OSError as e:
        raise KconfigLoadError("cannot open '{}': {}".format(
            e.filename, e.strerror)) from None
    if not v.get("VERSION"):
        raise KconfigLoadError("'{}' is not a Linux source tree "
                               "(no VERSION in its Makefile)".format(srctree))
    return kslim.format_version(v, exact=True)


def _first_line(cmd):
    out = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=False).stdout
    lines = out.decode("utf-8", "replace").splitlines()
    return lines[0] if lines else ""


def make_env(srctree, arch="x86_64", cross_compile="", cc=None, ld=None,
             rustc="rustc"):
    """The variables the top-level Makefile exports to Kconfig (gcc build).

    cc/ld default to $(CROSS_COMPILE)gcc / $(CROSS_COMPILE)ld as in the
    Makefile; like `make`, the CC in the caller's environment is ignored
    (only `make CC=...` overrides it there, only cc= here).
    """
    srctree = os.path.abspath(srctree)
    make_arch = _HOST_ARCH_ALIAS.get(arch, arch)
    srcarch = _SRCARCH.get(make_arch, make_arch)
    if not os.path.isfile(os.path.join(srctree, "arch", srcarch, "Kconfig")):
        raise KconfigLoadError("unknown arch '{}' (no arch/{}/Kconfig in "
                               "'{}')".format(arch, srcarch, srctree))
    cc = cc or cross_compile + "gcc"
    env = {
        "srctree": srctree,
        "ARCH": make_arch,
        "SRCARCH": srcarch,
        "SUBARCH": make_arch,
        "KERNELVERSION": kernel_version(srctree),
        "CROSS_COMPILE": cross_compile,
        "CC": cc,
        "LD": ld or cross_compile + "ld",
        "AR": cross_compile + "ar",
        "NM": cross_compile + "nm",
        "OBJCOPY": cross_compile + "objcopy",
        "HOSTCC": "gcc",
        "HOSTCXX": "g++",
        "RUSTC": rustc,
        "BINDGEN": "bindgen",
        "PAHOLE": "pahole",
        "CLANG_FLAGS": "",
        "LC_COLLATE": "C",
        "LC_NUMERIC": "C",
    }
    # Makefile: $(subst $(pound),,$(shell LC_ALL=C $(CC) --version | head -1))
    env["CC_VERSION_TEXT"] = _first_line(
        "LC_ALL=C {} --version 2>/dev/null".format(cc)).replace("#", "")
    env["RUSTC_VERSION_TEXT"] = _first_line(
        "{} --version 2>/dev/null".format(rustc)).replace("#", "")
    return env


def load(srctree, arch="x86_64", config=None, warn=False, **env_args):
    """Parse srctree's Kconfig as `make` would, then load config if given.

    Returns a KslimKconfig.  Raises KconfigLoadError with a one-line
    message for a missing tree or .config and for Kconfig errors.
    env_args go to make_env() (cross_compile, cc, ld, rustc).
    """
    srctree = os.path.abspath(srctree)
    if not os.path.isfile(os.path.join(srctree, "Kconfig")):
        raise KconfigLoadError("'{}' is not a Linux source tree (no Kconfig)"
                               .format(srctree))
    env = make_env(srctree, arch, **env_args)
    if config is not None:
        if not os.path.isfile(config):
            raise KconfigLoadError("cannot open '{}': No such file or "
                                   "directory".format(config))
        config = os.path.abspath(config)
    saved_env = {k: os.environ.get(k) for k in env}
    cwd = os.getcwd()
    try:
        os.environ.update(env)
        # cc-option and friends create .tmp_$$ in the current directory.
        with tempfile.TemporaryDirectory(prefix="kslimconf.") as tmp:
            os.chdir(tmp)
            try:
                kconf = KslimKconfig(os.path.join(srctree, "Kconfig"),
                                     warn=warn, warn_to_stderr=warn)
            finally:
                os.chdir(cwd)
    except kconfiglib.KconfigError as e:
        raise KconfigLoadError(" ".join(str(e).split())) from None
    except OSError as e:
        raise KconfigLoadError("cannot open '{}': {}".format(
            e.filename, e.strerror)) from None
    finally:
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    kconf.env = env
    # Warnings about a .config (unknown symbols, out-of-range values) are
    # what `make olddefconfig` ignores too.
    kconf.warn_assign_override = kconf.warn_assign_redun = False
    kconf.warn_assign_undef = False
    if config is not None:
        try:
            kconf.load_config(config)
        except OSError as e:
            raise KconfigLoadError("cannot open '{}': {}".format(
                e.filename, e.strerror)) from None
    return kconf


def write_config(kconf, filename):
    """Write kconf's .config as `make` does, header included."""
    header = "#\n# Automatically generated file; DO NOT EDIT.\n# {}\n#\n" \
        .format(kconf.mainmenu_text)
    kconf.write_config(filename, header=header, save_old=False)


#
# Explaining values: why a tristate symbol that is y cannot be m.
#

def dep_str(expr):
    """expr with each symbol's value, as menuconfig's help shows it:
    "PCI [=n] && NET [=y]"."""
    def sc_str(sc):
        if sc.__class__ is Symbol and not sc.is_constant:
            if not sc.nodes and _NUMBER.match(sc.name):
                return sc.name
            # Undefined symbols are n, as in the C tools.
            return "{} [={}]".format(
                sc.name, sc.str_value if sc.nodes else "n")
        return kconfiglib.standard_sc_expr_str(sc)
    return expr_str(expr, sc_str)


def _type(sym):
    return kconfiglib.TYPE_TO_STR[sym.orig_type] or "undefined"


def _and_str(terms):
    if not terms:
        return ""
    expr = terms[0]
    for t in terms[1:]:
        expr = (AND, expr, t)
    return dep_str(expr)


def _by(term, verb):
    # rev_dep/weak_rev_dep terms are "SELECTOR && condition && deps of the
    # select line": name the selector and its type, then the condition.
    parts = split_expr(term, AND)
    head = parts[0]
    if head.__class__ is Symbol and not head.is_constant:
        text = "{} by {} [={}] ({})".format(verb, head.name, head.str_value,
                                            _type(head))
        rest = parts[1:]
    else:
        text, rest = verb + " by", parts
    if rest:
        text += " if " + _and_str(rest)
    return text


def _terms_at(expr, val, verb):
    return sorted(_by(t, verb) for t in split_expr(expr, OR)
                  if expr_value(t) >= val)


def _prompt_hidden(sym):
    # The failing parts of the prompt conditions, or "" if sym has none.
    fails = []
    for node in sym.nodes:
        if node.prompt:
            fails.extend(dep_str(t) for t in split_expr(node.prompt[1], AND)
                         if not expr_value(t))
    return " || ".join(sorted(set(fails)))


def static_reasons(sym):
    """Why the rules of Kconfig give the tristate sym no m while it is y:
    [] when m is assignable.  Cheap; does not change any value."""
    kconf = sym.kconfig
    if sym.orig_type is not TRISTATE:
        return ["not a tristate ({})".format(_type(sym))]
    if sym.tri_value != 2 or 1 in sym.assignable:
        return []
    if not kconf.modules.tri_value:
        return ["MODULES is off"]
    if sym.choice is not None:
        return ["member of a choice (choices are bool)"]
    reasons = _terms_at(sym.rev_dep, 2, "selected")
    if reasons or sym.visibility:
        return reasons or ["m not assignable"]
    # No visible prompt: the value comes from a default or an imply.
    hidden = _prompt_hidden(sym)
    what = "prompt hidden: " + hidden if hidden else "no prompt"
    for default, cond in sym.defaults:
        if expr_value(cond):
            if expr_value(default) == 2:
                text = "{}, default {}".format(what, dep_str(default))
                if cond is not kconf.y:
                    text += " if " + dep_str(cond)
                reasons.append(text)
            break
    reasons.extend("{}, {}".format(what, r)
                   for r in _terms_at(sym.weak_rev_dep, 2, "implied"))
    return reasons or [what]


def _closure(sym):
    # Every item whose value may change when sym's value does.
    seen = set()
    todo = [sym]
    while todo:
        for d in todo.pop()._dependents:
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return [d for d in seen if d.__class__ is Symbol]


def _unmet(sym):
    # Selected above what its own dependencies allow (the C tools warn
    # "unmet direct dependencies"; for a driver this means built-in code
    # calling into a module).
    return (sym.orig_type in (BOOL, TRISTATE) and not sym.choice and
            sym.tri_value > _dir_dep(sym))


def _dir_dep(sym):
    val = expr_value(sym.direct_dep)
    return 2 if val == 1 and sym.type is BOOL else val


def try_m(sym, keep=frozenset(), commit=True):
    """Try the tristate sym (now y, m assignable) at m.  Allowed when it
    loses nothing: every other symbol keeps its value, except tristates not
    in keep going from y to m, and no symbol ends up selected past its own
    dependencies.  Returns [] when allowed (sym stays m if commit), else
    the reasons; the values are restored unless sym stays m."""
    others = _closure(sym)
    before = {d: (d.str_value, _unmet(d)) for d in others}
    old_user = sym.user_value
    sym.set_value(1)
    victims = []
    moved = {sym}
    for d in others:
        val, unmet = before[d]
        new = d.str_value
        if new != val:
            if d.orig_type is TRISTATE and val == "y" and new == "m" and \
               d.name not in keep:
                moved.add(d)
            else:
                victims.append((d, val, new))
        elif _unmet(d) and not unmet:
            victims.append((d, val, None))
    if not victims and commit:
        return []
    after = {d: _exprs(d) for d, _, _ in victims}
    if old_user is None:
        sym.unset_value()
    else:
        sym.set_value(old_user)
    changed = {d: [k for k, x in _exprs(d).items() if after[d][k] != x]
               for d, _, _ in victims}
    # Report the symbols whose own properties name sym or a tristate that
    # would have followed it to m, and not those only selected by another
    # victim: they just follow it.
    hit = {d for d, _, _ in victims}
    first = [v for v in victims
             if any(moved.intersection(kconfiglib.expr_items(e))
                    for e in _all_exprs(v[0])) and
             not (changed[v[0]] == ["rev"] and
                  hit.intersection(split_expr(t, AND)[0]
                                   for t in split_expr(v[0].rev_dep, OR)))]
    reasons = sorted({_victim_str(moved, d, val, new, changed[d], keep)
                      for d, val, new in first or victims})
    if len(reasons) > 3:
        reasons = reasons[:3] + ["and {} more".format(len(reasons) - 3)]
    return reasons


def _all_exprs(sym):
    yield sym.direct_dep
    yield sym.rev_dep
    yield sym.weak_rev_dep
    for node in sym.nodes:
        if node.prompt:
            yield node.prompt[1]
    for default, cond in sym.defaults:
        yield default
        yield cond


def _exprs(sym):
    return {"dep": _dir_dep(sym), "vis": sym.visibility,
            "rev": expr_value(sym.rev_dep),
            "default": next((i for i, (_, c) in enumerate(sym.defaults)
                             if expr_value(c)), None)}


def _victim_str(moved, d, val, new, changed, keep):
    if new is None:
        return ("needed =y by {} ({}) [={}], which is selected past its "
                "dependencies: depends on {}".format(
                    d.name, _type(d), val, dep_str(d.direct_dep)))
    if d.name in keep and new == "m":
        head = "needed =y by {} (--keep)".format(d.name)
    elif new == "n" or new == "":
        head = "needed =y by {} ({}) [={}], which would become ={}".format(
            d.name, _type(d), val, new or '""')
    else:
        head = "would change {} ({}) from ={} to ={}".format(
            d.name, _type(d), val, new)
    if "dep" in changed:
        return "{}: depends on {}".format(head, dep_str(d.direct_dep))
    if "vis" in changed:
        # Choice members have the choice in their prompt condition: not
        # news to anyone, leave it out.
        conds = [_and_str([t for t in split_expr(n.prompt[1], AND)
                           if t.__class__ is not Choice])
                 for n in d.nodes if n.prompt]
        return "{}: prompt if {}".format(head, " || ".join(conds))
    if "rev" in changed:
        return "{}: {}".format(head, "; ".join(
            _terms_at(d.rev_dep, 1, "selected")) or "no longer selected")
    for default, cond in d.defaults:
        if moved.intersection(kconfiglib.expr_items(default)) or \
           moved.intersection(kconfiglib.expr_items(cond)):
            text = "{}: default {}".format(head, dep_str(default))
            if cond is not d.kconfig.y:
                text += " if " + dep_str(cond)
            return text
    return head


def cannot_be_m(sym, keep=frozenset()):
    """Every reason the tristate sym, now y, cannot be m; [] if it can.

    keep: names of symbols that must stay y.  Reasons are short strings:
      "kept (--keep)", "MODULES is off",
      "selected by FOO [=y] (bool)", "selected by FOO [=y] (bool) if BAR [=y]",
      "no prompt, default y", "prompt hidden: EXPERT [=n], default y",
      "no prompt, implied by FOO [=y] (bool)",
      "needed =y by BAR (bool) [=y], which would become =n: depends on ..."
    Trying m changes values and restores them; the caller's values are
    unchanged on return.
    """
    if sym.name in keep:
        return ["kept (--keep)"]
    reasons = static_reasons(sym)
    if reasons or sym.tri_value != 2:
        return reasons
    return try_m(sym, keep, commit=False)


def why_not(sym, want):
    """Why sym's value is not want (a .config value: "y", "m", "n", a
    string or a number).  One short string, as a fragment checker prints
    it: "unmet dependency: PCI [=n] && NET [=y]", "selected by FOO [=y]
    (bool)", "prompt hidden: EXPERT [=n]", ..."""
    kconf = sym.kconfig
    if sym.orig_type in (BOOL, TRISTATE):
        return _why_not_tri(sym, kconfiglib.STR_TO_TRI[want])
    if not _dir_dep(sym):
        return "unmet dependency: " + dep_str(sym.direct_dep)
    if not sym.visibility:
        hidden = _prompt_hidden(sym)
        return "prompt hidden: " + hidden if hidden else "no prompt"
    for low, high, cond in sym.ranges:
        if expr_value(cond):
            return "range {}..{}{}".format(
                low.str_value, high.str_value,
                "" if cond is kconf.y else " if " + dep_str(cond))
    value = sym.str_value
    if sym.orig_type is kconfiglib.STRING:
        value = '"{}"'.format(kconfiglib.escape(value))
    if sym.user_value is None:
        return "not set in the .config, defaults to ={}".format(value)
    return "the .config sets ={}".format(value)


def _why_not_tri(sym, want):
    kconf = sym.kconfig
    got = sym.tri_value
    if want == 1 and sym.type is BOOL:
        return "MODULES is off" if sym.orig_type is TRISTATE and \
            not kconf.modules.tri_value else "bool, cannot be m"
    if got < want:
        if sym.choice is not None and sym.choice.selection is not None:
            return "choice: {} selected instead".format(
                sym.choice.selection.name)
        if _dir_dep(sym) < want:
            return "unmet dependency: " + dep_str(sym.direct_dep)
        if sym.visibility < want:
            hidden = _prompt_hidden(sym)
            if hidden:
                return "prompt hidden: " + hidden
            if not any(n.prompt for n in sym.nodes):
                return "no prompt"
            return "prompt limited to ={}".format(_tri(sym.visibility))
    else:
        if expr_value(sym.rev_dep) > want:
            return "; ".join(_terms_at(sym.rev_dep, got, "selected"))
        if not sym.visibility:
            reasons = static_reasons(sym) if got == 2 and \
                sym.orig_type is TRISTATE else []
            if reasons and not reasons[0].startswith("not a"):
                return "; ".join(reasons)
            hidden = _prompt_hidden(sym)
            return ("prompt hidden: " + hidden if hidden else "no prompt") \
                + ", defaults to ={}".format(_tri(got))
        if sym.choice is not None:
            return "choice: selected by default"
    if sym.user_value is None:
        return "not set in the .config, defaults to ={}".format(_tri(got))
    return "the .config sets ={}".format(_tri(sym.user_value))


def _tri(v):
    return kconfiglib.TRI_TO_STR[v]


def main(argv=None):
    """kslimconf.py olddefconfig: the kernel's `make olddefconfig`, in
    Python, for checking this layer against the C tools."""
    import argparse
    import sys
    ap = argparse.ArgumentParser(
        prog="kslimconf.py",
        description="Read IN_CONFIG against the Kconfig of a kernel tree and "
        "write it back resolved, as `make olddefconfig` does.",
        epilog="Exit status: 0 written, 2 usage or input error.")
    ap.add_argument("--srctree", required=True, help="Linux source tree")
    ap.add_argument("--arch", default="x86_64",
                    help="x86_64 (default: ARCH=x86 as `make` on this host)")
    ap.add_argument("-o", dest="out", required=True, metavar="OUT",
                    help="resolved .config to write")
    ap.add_argument("config", metavar="IN_CONFIG")
    args = ap.parse_args(argv)
    try:
        kconf = load(args.srctree, args.arch, args.config)
        write_config(kconf, args.out)
    except KconfigLoadError as e:
        print("kslimconf: error: {}".format(e), file=sys.stderr)
        return 2
    except OSError as e:
        print("kslimconf: error: cannot write '{}': {}".format(
            args.out, e.strerror), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

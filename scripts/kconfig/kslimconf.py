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
from kconfiglib import (AND, BOOL, EQUAL, GREATER, GREATER_EQUAL, LESS,
                        LESS_EQUAL, NOT, OR, TRISTATE, UNEQUAL, Choice,
                        Symbol, expr_str, expr_value, split_expr)

__all__ = ["KslimKconfig", "KconfigLoadError", "load", "make_env",
           "kernel_version", "cannot_be_m", "why_value", "dep_str"]

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


def kernel_version(srctree):
    """KERNELVERSION from the tree's top-level Makefile ("6.12.117")."""
    v = {}
    try:
        with open(os.path.join(srctree, "Makefile"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)"
                             r"\s*=\s*(\S*)", line)
                if m and m.group(1) not in v:
                    v[m.group(1)] = m.group(2)
                if len(v) == 4:
                    break
    except OSError as e:
        raise KconfigLoadError("cannot open '{}': {}".format(
            e.filename, e.strerror)) from None
    if not v.get("VERSION"):
        raise KconfigLoadError("'{}' is not a Linux source tree "
                               "(no VERSION in its Makefile)".format(srctree))
    ver = v["VERSION"]
    if v.get("PATCHLEVEL"):
        ver += "." + v["PATCHLEVEL"]
        if v.get("SUBLEVEL"):
            ver += "." + v["SUBLEVEL"]
    return ver + v.get("EXTRAVERSION", "")


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
    if config is not None:
        config = os.path.abspath(config)
        if not os.path.isfile(config):
            raise KconfigLoadError("cannot open '{}': No such file or "
                                   "directory".format(config))
    env = make_env(srctree, arch, **env_args)
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


#
# Explaining values
#

def _tri(v):
    return kconfiglib.TRI_TO_STR[v]


def dep_str(expr):
    """An expression with each symbol's value, as menuconfig's help shows:
    "PCI [=n] && NET [=y]"."""
    def sc_str(sc):
        if sc.__class__ is Symbol and not sc.is_constant:
            return "{} [={}]".format(sc.name, sc.str_value)
        return kconfiglib.standard_sc_expr_str(sc)
    return expr_str(expr, sc_str)


def _bool_terms(expr, op):
    # Terms of a top-level && (op=AND) or || (op=OR).
    return split_expr(expr, op)


def _failing_terms(expr, limit):
    # The &&-terms of expr whose value is below limit: the ones to blame.
    return [t for t in _bool_terms(expr, AND) if expr_value(t) < limit]


def _has_bool_y(expr):
    # A term of expr that is a bool symbol =y holding the whole expression
    # at y (a tristate "depends on A" with bool A=y gets no m limit).
    if expr.__class__ is Symbol:
        return expr if (expr.orig_type == BOOL and expr.tri_value == 2 and
                        not expr.is_constant) else None
    return None


def why_value(sym):
    """Reasons, as strings, why sym's value cannot be lowered below its
    current tri_value: the selects and the `imply`s that hold it there."""
    reasons = []
    val = sym.tri_value
    if val == 0:
        return reasons
    for term in _bool_terms(sym.rev_dep, OR):
        if expr_value(term) >= val:
            reasons.append("selected by " + _selector_str(term))
    for term in _bool_terms(sym.weak_rev_dep, OR):
        if expr_value(term) >= val:
            reasons.append("implied by " + _selector_str(term))
    return reasons


def _selector_str(term):
    # rev_dep terms are "SELECTOR && cond && selector's deps"; name the
    # selector first, as `make menuconfig` does in "Selected by [y]:".
    return dep_str(term)


def cannot_be_m(sym):
    """Why the tristate sym, now =y, cannot be set to m; [] if it can.

    Each reason is one short string, most specific first:
      "MODULES is off"
      "selected by FOO [=y]" / "selected by FOO [=y] && BAR [=y]"
      "no prompt: default y (if X [=y])"
      "depends on FOO [=y] (bool)" - the m bound is lifted by a bool =y
      "choice member" ...
    """
    kconf = sym.kconfig
    if sym.orig_type != TRISTATE:
        return ["not tristate ({})".format(kconfiglib.TYPE_TO_STR[
            sym.orig_type])]
    if sym.tri_value != 2:
        return []
    if 1 in sym.assignable:
        return []
    if kconf.modules.tri_value == 0:
        return ["MODULES is off"]
    reasons = []
    # Selected / implied to y: rev_dep is an || of "A && deps" terms.
    for term in _bool_terms(sym.rev_dep, OR):
        if expr_value(term) == 2:
            reasons.append("selected by " + dep_str(term))
    if sym.choice is not None:
        reasons.append("member of choice {} (choices are bool)".format(
            sym.choice.name or "<" + sym.choice.nodes[0].prompt[0] + ">"))
    vis = sym.visibility
    if vis == 0 and not reasons:
        # No visible prompt: value from a default.
        why = _default_reason(sym)
        reasons.append(why)
    elif not reasons:
        # Visible but m not offered: the visibility is y through bool
        # symbols only, and type is tristate, so m should be assignable;
        # this is reached when the m is excluded by a y-only select
        # (handled above) or by a weak select.
        for term in _bool_terms(sym.weak_rev_dep, OR):
            if expr_value(term) == 2:
                reasons.append("implied by " + dep_str(term))
        if not reasons:
            reasons.append("m not assignable (assignable: {})".format(
                " ".join(_tri(v) for v in sym.assignable) or "none"))
    if not sym.assignable and not reasons:
        reasons.append("no value can be assigned")
    return reasons


def _default_reason(sym):
    for default, cond in sym.defaults:
        if expr_value(cond):
            where = "" if cond is sym.kconfig.y else \
                " if " + dep_str(cond)
            return "no prompt{}: default {}{}".format(
                _prompt_cond(sym), dep_str(default), where)
    return "no prompt{}".format(_prompt_cond(sym))


def _prompt_cond(sym):
    # Why the prompt is invisible: the failing part of its condition.
    conds = [n.prompt[1] for n in sym.nodes if n.prompt]
    if not conds:
        return ""
    fails = []
    for c in conds:
        fails.extend(dep_str(t) for t in _failing_terms(c, 1))
    return " (prompt hidden: {})".format(" || ".join(fails)) if fails else ""

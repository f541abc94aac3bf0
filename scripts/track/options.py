# SPDX-License-Identifier: GPL-2.0
"""options - the Kconfig side of one build: every option the version
defines, the ones a fragment asks for that it lacks, and, for each bool
option =y, whether its code could have been a module.

The "could have been tristate" test is a heuristic and says so.  A bool
option =y with a prompt counts as a candidate when

  1. nothing selects it to y (kconfiglib's reverse dependencies, evaluated
     on the build's .config) and it is not a choice member;
  2. it gates whole objects: a Makefile/Kbuild rule obj-$(CONFIG_X) += ...
     (an option that only #ifdefs code inside other objects cannot be
     split out without rework);
  3. no source file of those objects registers an early_initcall,
     pure_initcall, core_initcall, postcore_initcall or arch_initcall, or
     parses the command line with early_param/__setup: such code runs
     before userspace could load a module.

What it does not check: built-in code that calls into the option's objects
or tests IS_ENABLED(CONFIG_X) (a tristate would need EXPORT_SYMBOLs or
stubs), and exported symbols a module build would need.  The verdict is a
list for a human to read, not a patch.
"""

import functools
import os
import re

from .util import warn

EARLY = re.compile(r"^[^/*]*\b(early_initcall|pure_initcall|"
                   r"core_initcall(?:_sync)?|postcore_initcall(?:_sync)?|"
                   r"arch_initcall(?:_sync)?|early_param|__setup)\s*\(", re.M)
OBJ_RULE = re.compile(r"^\s*obj-\$\(CONFIG_([A-Za-z0-9_]+)\)\s*[:+]?=(.*)$")
COMPOSITE = re.compile(r"^\s*([A-Za-z0-9_-]+)-"
                       r"(?:y|objs|\$\(CONFIG_[A-Za-z0-9_]+\))\s*[:+]?=(.*)$")
FRAGMENT_LINE = re.compile(r"^(?:CONFIG_([A-Za-z0-9_]+)="
                           r"|# CONFIG_([A-Za-z0-9_]+) is not set)")
CONFIG_DEF = re.compile(r"^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$", re.M)


def _makefile_lines(path):
    # Joined continuation lines, comments dropped.
    with open(path, errors="replace") as f:
        text = f.read().replace("\\\n", " ")
    for line in text.splitlines():
        yield line.split("#", 1)[0]


def scan_makefiles(srctree):
    """{OPTION: [object or dir/ paths]}, {object path: [part .o paths]}"""
    gates, composite = {}, {}
    for dirpath, dirnames, filenames in os.walk(srctree):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and d != "Documentation")
        rel = os.path.relpath(dirpath, srctree)
        rel = "" if rel == "." else rel + "/"
        for name in ("Makefile", "Kbuild"):
            p = os.path.join(dirpath, name)
            if not os.path.isfile(p):
                continue
            for line in _makefile_lines(p):
                m = OBJ_RULE.match(line)
                if m:
                    for o in m.group(2).split():
                        if o.endswith((".o", "/")):
                            gates.setdefault(m.group(1), []).append(rel + o)
                    continue
                m = COMPOSITE.match(line)
                if m and m.group(1) != "obj":
                    parts = [rel + o for o in m.group(2).split()
                             if o.endswith(".o")]
                    composite.setdefault(rel + m.group(1) + ".o",
                                         []).extend(parts)
    return gates, composite


@functools.lru_cache(maxsize=4)
def scan_makefiles_cached(srctree):
    return scan_makefiles(srctree)


def _sources(srctree, target, composite, depth=0):
    """Source files (relative) behind an object or a gated directory."""
    if target.endswith("/"):
        out = []
        top = os.path.join(srctree, target)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith((".c", ".S")):
                    out.append(os.path.relpath(os.path.join(dirpath, f),
                                               srctree))
        return out
    if target in composite and depth < 4:
        out = []
        for part in composite[target]:
            if part != target:
                out.extend(_sources(srctree, part, composite, depth + 1))
        if out:
            return out
    stem = target[:-2]
    return [stem + ext for ext in (".c", ".S", ".rs")
            if os.path.isfile(os.path.join(srctree, stem + ext))]


def early_code(srctree, files):
    """'core_initcall in kernel/foo.c' for the first early hook, or None."""
    for rel in files:
        try:
            with open(os.path.join(srctree, rel), errors="replace") as f:
                m = EARLY.search(f.read())
        except OSError:
            continue
        if m:
            return "{} in {}".format(m.group(1), rel)
    return None


def fragment_options(fragment_text):
    names = []
    for line in fragment_text.splitlines():
        m = FRAGMENT_LINE.match(line.strip())
        if m:
            names.append(m.group(1) or m.group(2))
    return names


def _regex_defined(srctree):
    names = set()
    for dirpath, dirnames, filenames in os.walk(srctree):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            if f.startswith("Kconfig"):
                with open(os.path.join(dirpath, f), errors="replace") as fh:
                    names.update(CONFIG_DEF.findall(fh.read()))
    return names


def analyse(srctree, dotconfig, fragment_text):
    """(options, absent, note): options are dicts for the option table,
    absent the CONFIG_ names of the fragment this tree does not define."""
    wanted = fragment_options(fragment_text)
    try:
        import kslimconf
        kconf = kslimconf.load(srctree, config=dotconfig
                               if os.path.isfile(dotconfig) else None)
    except Exception as e:      # ImportError, KconfigLoadError, ...
        warn("cannot load Kconfig of '{}' ({}); options are not analysed, "
             "absent options found by a plain scan".format(srctree, e))
        defined = _regex_defined(srctree)
        return [], ["CONFIG_" + n for n in wanted if n not in defined], \
            "plain scan"
    import kconfiglib
    defined = {s.name for s in kconf.unique_defined_syms}
    absent = ["CONFIG_" + n for n in wanted if n not in defined]
    if not os.path.isfile(dotconfig):
        return [], absent, "no .config"
    gates, composite = scan_makefiles(srctree)
    out = []
    for sym in kconf.unique_defined_syms:
        typ = kconfiglib.TYPE_TO_STR[sym.orig_type] or "unknown"
        row = {"name": sym.name, "type": typ, "value": sym.str_value,
               "has_prompt": int(any(n.prompt for n in sym.nodes)),
               "objects": " ".join(gates.get(sym.name, [])) or None,
               "modular_ok": None, "reason": None}
        if sym.orig_type == kconfiglib.BOOL and sym.tri_value == 2 and \
                row["has_prompt"]:
            row["modular_ok"], row["reason"] = _verdict(
                sym, srctree, gates, composite)
        out.append(row)
    return out, absent, "kconfiglib"


def _verdict(sym, srctree, gates, composite):
    import kconfiglib
    # rev_dep is an || of "SELECTOR && condition" terms: one at y holds
    # the option at y, whatever its type.
    for term in kconfiglib.split_expr(sym.rev_dep, kconfiglib.OR):
        if kconfiglib.expr_value(term) == 2:
            sel = kconfiglib.split_expr(term, kconfiglib.AND)[0]
            return 0, "selected by " + getattr(sel, "name", "?")
    if sym.choice is not None:
        return 0, "member of a choice"
    targets = gates.get(sym.name)
    if not targets:
        return 0, "no obj-$(CONFIG_{}) rule: its code is #ifdef'd into " \
                  "other objects".format(sym.name)
    files = []
    for t in targets:
        files.extend(_sources(srctree, t, composite))
    early = early_code(srctree, files)
    if early:
        return 0, early
    return 1, "obj-$(CONFIG_{}) += {}; no early initcall".format(
        sym.name, " ".join(targets))

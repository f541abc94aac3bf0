# SPDX-License-Identifier: GPL-2.0
"""options - the Kconfig side of one build: every option the version
defines, the ones a fragment asks for that it lacks, and, for each bool
option =y with a prompt, whether its code could have been a module.

That verdict is the candidate finder's (scripts/candidates/candidates.py,
Documentation/candidates.rst), run on the build's objtree: an option whose
objects have no hard blocker (callers in the core, exports to add, early
initcalls, boot parameters, syscalls, static keys, a bool selecting it,
...) could be tristate; the reason is the finder's one-line summary of its
blockers.  The Makefile scan below stays for creep.py, which maps objects
to their source files.
"""

import functools
import json
import os
import re
import subprocess
import sys

import candidates
import kconfiglib
import kslimconf

from .util import warn

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


def analyse(srctree, objtree, fragment_text, symgraph, footprint):
    """(options, absent, note): options are dicts for the option table,
    absent the CONFIG_ names of the fragment this tree does not define."""
    dotconfig = os.path.join(objtree, ".config")
    wanted = fragment_options(fragment_text)
    try:
        kconf = kslimconf.load(srctree, config=dotconfig
                               if os.path.isfile(dotconfig) else None)
    except Exception as e:      # ImportError, KconfigLoadError, ...
        warn("cannot load Kconfig of '{}' ({}); options are not analysed, "
             "absent options found by a plain scan".format(srctree, e))
        defined = _regex_defined(srctree)
        return [], ["CONFIG_" + n for n in wanted if n not in defined], \
            "plain scan"
    defined = {s.name for s in kconf.unique_defined_syms}
    absent = ["CONFIG_" + n for n in wanted if n not in defined]
    if not os.path.isfile(dotconfig):
        return [], absent, "no .config"
    gates, _ = scan_makefiles(srctree)
    verdict = finder_verdicts(symgraph, footprint, srctree, objtree)
    out = []
    for sym in kconf.unique_defined_syms:
        typ = kconfiglib.TYPE_TO_STR[sym.orig_type] or "unknown"
        row = {"name": sym.name, "type": typ, "value": sym.str_value,
               "has_prompt": int(any(n.prompt for n in sym.nodes)),
               "objects": " ".join(gates.get(sym.name, [])) or None,
               "modular_ok": None, "reason": None}
        if sym.orig_type == kconfiglib.BOOL and sym.tri_value == 2 and \
                row["has_prompt"]:
            row["modular_ok"], row["reason"] = verdict.get(
                "CONFIG_" + sym.name, (None, None))
        out.append(row)
    return out, absent, "kconfiglib"


def finder_verdicts(symgraph, footprint, srctree, objtree):
    """{CONFIG_X: (modular_ok, reason)} from the candidate finder's JSON
    report on OBJTREE; {} (with a warning) when it cannot run."""
    cmd = [sys.executable, candidates.__file__, "--symgraph", symgraph,
           "--footprint", footprint, "--srctree", srctree, "--json", objtree]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        err = p.stderr.strip().splitlines()
        warn("the candidate finder failed on '{}' ({}); no bool option is "
             "judged\n$ {}".format(objtree, err[-1] if err else
                                    "exit %d" % p.returncode, " ".join(cmd)))
        return {}
    out = {}
    for r in json.loads(p.stdout)["options"]:
        name = r["name"]
        if not r["objects"]:
            out[name] = (0, "no obj-$({}) rule: its code is #ifdef'd into "
                            "other objects".format(name))
        elif r["hard_blockers"]:
            out[name] = (0, candidates.one_line(r))
        else:
            out[name] = (1, "obj-$({}) += {}; no blocker".format(
                name, " ".join(r["objects"])))
    return out

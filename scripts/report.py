#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""report.py - the stock vs modular footprint table that `make` prints

Usage: scripts/report.py --footprint BIN --name NAME --out DIR
                         [--series PATCHES_DIR] STOCK_OBJTREE MODULAR_OBJTREE

Reads each objtree's vmlinux through `footprint --json` and the modules
installed under OBJTREE/modroot, prints a table (resident text, rodata, data,
bss, their sum, init, module count and size) for both kernels and the
difference, and writes the same as DIR/summary.json, DIR/summary.md and
DIR/summary.rst (the page `make results-doc` copies to Documentation/).

With --series, each patch of the quilt series that turns a Kconfig option
from bool into tristate is listed with the resident bytes footprint
attributes to that option in the stock and in the modular vmlinux (its
per-Kconfig rollup): what the patch moved out.  An option the patch adds
(a new tristate split out of a bool) has no stock rollup; its stock bytes
are those of the objects the patch's Makefile rules build under it.  The
whole-image delta in
the first table is the authoritative total; the per-patch rows do not count
what a patch adds elsewhere (exports, stubs).
Exit codes: 0 written, 2 usage or input error (missing build, bad tool).
"""

import argparse
import json
import os
import re
import subprocess
import sys

ME = "report"
ROWS = ("text", "rodata", "data", "bss", "resident", "init",
        "modules", "modules_bytes", "modules_alloc")
LABELS = {
    "text": "text",
    "rodata": "rodata",
    "data": "data",
    "bss": "bss",
    "resident": "resident (text+rodata+data+bss)",
    "init": "init (freed after boot)",
    "modules": "modules (count)",
    "modules_bytes": "modules (.ko bytes on disk)",
    "modules_alloc": "modules (bytes loaded)",
}


def die(msg):
    print(f"{ME}: error: {msg}", file=sys.stderr)
    sys.exit(2)


def footprint_json(tool, path, *args):
    try:
        out = subprocess.run([tool, "--json", *args, path], check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        die(f"cannot run '{tool}': No such file (make tools)")
    except subprocess.CalledProcessError as e:
        die(f"footprint failed on '{path}': {e.stderr.strip()}")
    return json.loads(out)


def modules(tool, objtree):
    """Count, on-disk bytes and loaded (ALLOC) bytes of the installed .ko."""
    root = os.path.join(objtree, "modroot", "lib", "modules")
    kos = []
    for dirpath, _, files in os.walk(root):
        kos += [os.path.join(dirpath, f) for f in files if f.endswith(".ko")]
    kos.sort()
    alloc = 0
    for ko in kos:
        t = footprint_json(tool, ko)["totals"]
        alloc += sum(t.get(k, 0) for k in ("text", "rodata", "data", "bss"))
    return {
        "modules": len(kos),
        "modules_bytes": sum(os.path.getsize(k) for k in kos),
        "modules_alloc": alloc,
        "module_names": sorted(os.path.basename(k)[:-3] for k in kos),
    }


def measure(tool, objtree):
    vmlinux = os.path.join(objtree, "vmlinux")
    if not os.path.isfile(vmlinux):
        die(f"cannot open '{vmlinux}': No such file (build it with make)")
    t = footprint_json(tool, vmlinux)["totals"]
    m = {k: t[k] for k in ("text", "rodata", "data", "bss", "init")}
    m["resident"] = m["text"] + m["rodata"] + m["data"] + m["bss"]
    m.update(modules(tool, objtree))
    try:
        with open(os.path.join(objtree, "include", "config",
                               "kernel.release")) as f:
            m["release"] = f.read().strip()
    except OSError:
        m["release"] = "unknown"
    return m


_OBJ_RULE = re.compile(r"^obj-\$\(CONFIG_(\w+)\)\s*[:+]?=\s*(.*)$")
_COMPOSITE = re.compile(r"^([\w-]+)-(?:objs|y)\s*[:+]?=\s*(.*)$")


def new_option_objects(added, makefiles):
    """{CONFIG_X: [objects]} for the options in `added`, from the added
    Makefile lines {dir: [line]}: obj-$(CONFIG_X) += name.o, with a
    composite name.o expanded to its name-objs/name-y members."""
    out = {}
    for d, lines in makefiles.items():
        members = {}
        for ln in lines:
            m = _COMPOSITE.match(ln)
            if m and not ln.startswith("obj-"):
                members.setdefault(m.group(1), []).extend(m.group(2).split())
        for ln in lines:
            m = _OBJ_RULE.match(ln)
            if not m or "CONFIG_" + m.group(1) not in added:
                continue
            for t in m.group(2).split():
                if not t.endswith(".o"):
                    continue
                for o in members.get(t[:-2], [t]):
                    out.setdefault("CONFIG_" + m.group(1), []).append(
                        os.path.normpath(os.path.join(d, o)))
    return out


def series_options(patches):
    """[(patch, [CONFIG_X...], {CONFIG_X: [objects]})] for every patch: the
    options it makes tristate, and for those it adds, their objects."""
    try:
        with open(os.path.join(patches, "series")) as f:
            names = [ln.split()[0] for ln in f
                     if ln.strip() and not ln.lstrip().startswith("#")]
    except OSError as e:
        die(f"cannot open '{patches}/series': {e.strerror}")
    out = []
    for name in names:
        opts = []
        added = set()
        makefiles = {}
        current = None
        in_kconfig = in_make = False
        with open(os.path.join(patches, name)) as f:
            for ln in f:
                if ln.startswith("+++ "):
                    path = ln[4:].split()[0]
                    path = path[2:] if path.startswith("b/") else path
                    in_kconfig = "Kconfig" in os.path.basename(path)
                    in_make = os.path.basename(path) in ("Makefile", "Kbuild")
                    if in_make:
                        mdir = os.path.dirname(path)
                        makefiles.setdefault(mdir, [])
                    current = None
                    continue
                if in_make and ln.startswith("+"):
                    makefiles[mdir].append(ln[1:].strip())
                    continue
                if not in_kconfig or not ln[:1] in (" ", "+", "-"):
                    continue
                body = ln[1:].strip()
                if body.startswith(("config ", "menuconfig ")):
                    current = body.split()[1]
                    if ln.startswith("+"):
                        added.add("CONFIG_" + current)
                elif (ln.startswith("+") and body.startswith("tristate")
                      and current and "CONFIG_" + current not in opts):
                    opts.append("CONFIG_" + current)
        out.append((name, opts, new_option_objects(added, makefiles)))
    return out


def resident_by(tool, objtree, *kinds):
    """[{name: resident bytes}] per rollup kind ("config", "object"), from
    one footprint run on OBJTREE/vmlinux."""
    j = footprint_json(tool, os.path.join(objtree, "vmlinux"),
                       "--by", ",".join(kinds), "--objtree", objtree)
    return [{r["name"]: sum(r.get(k, 0) for k in
                            ("text", "rodata", "data", "bss"))
             for r in j.get(kind + "s", [])} for kind in kinds]


def pct(old, new):
    return f"{(new - old) * 100.0 / old:+.2f}%" if old else "n/a"


def rst_results(name, s, m, moved, new_mods, per_patch):
    """The results page of Documentation/conversions/ (make results-doc)."""
    title = f"Results on the {name} reference config"
    out = [".. SPDX-License-Identifier: GPL-2.0", "",
           ".. Generated by scripts/report.py (make results-doc) from the",
           "   stock and modular builds; do not edit by hand.", "",
           "=" * len(title), title, "=" * len(title), "",
           f"Resident (text + rodata + data + bss): {s['resident']} -> "
           f"{m['resident']} bytes, {pct(s['resident'], m['resident'])}, "
           f"{moved} bytes moved out of vmlinux; modules {s['modules']} -> "
           f"{m['modules']}.", "",
           ".. list-table::", "   :header-rows: 1", "",
           "   * -", "     - stock", "     - modular", "     - delta"]
    for k in ROWS:
        out += [f"   * - {LABELS[k]}", f"     - {s[k]}", f"     - {m[k]}",
                f"     - {m[k] - s[k]:+d}"]
    if new_mods:
        out += ["", "New modules: " + ", ".join(f"``{x}``" for x in new_mods)
                + "."]
    rows = [p for p in per_patch if p["options"]]
    if rows:
        out += ["", "Per patch: the resident bytes ``footprint --by config``",
                "attributes to the options the patch makes tristate (for an",
                "option the patch adds, the objects its Makefile rules build",
                "under it).  Exports and code a patch adds elsewhere are only",
                "in the whole-image delta above.", "",
                ".. list-table::", "   :header-rows: 1", "",
                "   * - patch", "     - options", "     - stock",
                "     - modular", "     - moved"]
        for p in rows:
            out += [f"   * - ``{p['patch']}``",
                    "     - " + ", ".join(f"``{o}``" for o in p["options"]),
                    f"     - {p['stock']}", f"     - {p['modular']}",
                    f"     - {p['moved']}"]
        out += ["   * - total", "     -", "     -", "     -",
                f"     - {sum(p['moved'] for p in rows)}"]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--footprint", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--series")
    ap.add_argument("stock")
    ap.add_argument("modular")
    a = ap.parse_args()

    s = measure(a.footprint, a.stock)
    m = measure(a.footprint, a.modular)
    moved = s["resident"] - m["resident"]
    summary = (f"{a.name}: resident Before={s['resident']}, "
               f"After={m['resident']}, chg {pct(s['resident'], m['resident'])}"
               f" ({moved} bytes moved out of vmlinux; modules "
               f"{s['modules']} -> {m['modules']})")
    lines = [summary, "",
             f"{'':34s} {'stock':>12s} {'modular':>12s} {'delta':>12s}"]
    md = [f"**{summary}**", "",
          "| | stock | modular | delta |", "|---|---:|---:|---:|"]
    for k in ROWS:
        d = m[k] - s[k]
        lines.append(f"{LABELS[k]:34s} {s[k]:12d} {m[k]:12d} {d:+12d}")
        md.append(f"| {LABELS[k]} | {s[k]} | {m[k]} | {d:+d} |")
    new_mods = sorted(set(m["module_names"]) - set(s["module_names"]))
    if new_mods:
        lines += ["", "new modules: " + " ".join(new_mods)]
        md += ["", "New modules: " + ", ".join(f"`{x}`" for x in new_mods)]
    per_patch = []
    if a.series:
        sb, ob = resident_by(a.footprint, a.stock, "config", "object")
        mb, = resident_by(a.footprint, a.modular, "config")
        for name, opts, objs in series_options(a.series):
            for o in opts:
                if o not in sb and o in objs:
                    sb[o] = sum(ob.get(x, 0) for x in objs[o])
            before = sum(sb.get(o, 0) for o in opts)
            after = sum(mb.get(o, 0) for o in opts)
            per_patch.append({"patch": name, "options": opts,
                              "stock": before, "modular": after,
                              "moved": before - after})
    if per_patch:
        lines += ["", "per patch (resident bytes of the options it makes "
                  "tristate, footprint --by config):",
                  f"{'patch':52s} {'stock':>9s} {'modular':>9s} "
                  f"{'moved':>9s}"]
        md += ["", "| patch | options | stock | modular | moved |",
               "|---|---|---:|---:|---:|"]
        for p in per_patch:
            if not p["options"]:
                lines.append(f"{p['patch'][:52]:52s} {'-':>9s} {'-':>9s} "
                             f"{'-':>9s}  (no option made tristate)")
                continue
            lines.append(f"{p['patch'][:52]:52s} {p['stock']:9d} "
                         f"{p['modular']:9d} {p['moved']:9d}  "
                         + " ".join(p["options"]))
            md.append(f"| {p['patch']} | {' '.join(p['options'])} | "
                      f"{p['stock']} | {p['modular']} | {p['moved']} |")
        total = sum(p["moved"] for p in per_patch)
        lines.append(f"{'total':52s} {'':9s} {'':9s} {total:9d}")
        md.append(f"| total | | | | {total} |")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(a.out, "summary.rst"), "w") as f:
        f.write(rst_results(a.name, s, m, moved, new_mods, per_patch))
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump({"config": a.name, "stock": s, "modular": m,
                   "delta": {k: m[k] - s[k] for k in ROWS},
                   "moved_out_of_vmlinux": moved,
                   "patches": per_patch}, f, indent=1,
                  sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

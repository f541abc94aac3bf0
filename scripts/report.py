#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""report.py - the stock vs modular footprint table that `make` prints

Usage: scripts/report.py --footprint BIN --name NAME --out DIR
                         [--series PATCHES_DIR]
                         [--scenario STOCK_SCENARIO MODULAR_SCENARIO]
                         STOCK_OBJTREE MODULAR_OBJTREE

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

With --scenario, the scenario.txt of each kernel's host-scenario boot
(tests/boot/boot-test.sh --scenario, `make boot-scenario`) adds what a
booted KVM host spends on kernel code and data: the image footprint
measures ([_text, __end_of_kernel_reserve)) minus the ranges of it the boot
log says were freed ("Freeing unused kernel image (...) memory: NK" and the
like), plus the /proc/modules size of every live module, page-granular as
the module loader allocates it.  A missing, cut-short or failed scenario,
or one that is not from this objtree's kernel, is an input error: no
figure is printed rather than a made-up one.
Exit codes: 0 written, 2 usage or input error (missing build, bad tool,
missing or malformed scenario output).
"""

import argparse
import json
import os
import re
import sys

import kslim

ME = "report"
ROWS = ("text", "rodata", "data", "bss", "resident", "init", "kept",
        "modules", "modules_bytes", "modules_alloc")
SCENARIO_ROWS = ("image", "image_freed", "image_kept", "scenario_modules",
                 "scenario_modules_bytes", "scenario_total",
                 "scenario_mem_total")
LABELS = {
    "text": "text",
    "rodata": "rodata",
    "data": "data",
    "bss": "bss",
    "resident": "resident (text+rodata+data+bss)",
    "init": "init (freed after boot)",
    "kept": "kept after boot (footprint, PTI not active)",
    "modules": "modules (count)",
    "modules_bytes": "modules (.ko bytes on disk)",
    "modules_alloc": "modules (bytes loaded)",
    "image": "image (_text to __end_of_kernel_reserve)",
    "image_freed": "image freed by the boot (boot log)",
    "image_kept": "image kept after boot",
    "scenario_modules": "modules loaded in the host scenario (count)",
    "scenario_modules_bytes": "modules loaded in the host scenario (bytes)",
    "scenario_total": "kernel memory in the host scenario "
                      "(image kept + modules)",
    "scenario_mem_total": "MemTotal in the host scenario (bytes)",
}


def die(msg):
    kslim.die(ME, msg)


def footprint_json(tool, path, *args):
    try:
        return kslim.footprint_json(tool, path, *args)
    except kslim.FootprintError as e:
        die(str(e))


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
    if "kept" not in t:
        die(f"'{vmlinux}': footprint does not know what this kernel frees "
            f"at boot (x86_64 only)")
    m = {k: t[k] for k in ("text", "rodata", "data", "bss", "init", "image",
                           "kept")}
    m["resident"] = m["text"] + m["rodata"] + m["data"] + m["bss"]
    m.update(modules(tool, objtree))
    try:
        with open(os.path.join(objtree, "include", "config",
                               "kernel.release")) as f:
            m["release"] = f.read().strip()
    except OSError:
        m["release"] = "unknown"
    return m


SCENARIO_FORMAT = "kslim-scenario 1"
# mm/page_alloc.c free_reserved_area(): "Freeing %s memory: %ldK"
FREEING = re.compile(r"Freeing (.+) memory: (\d+)K$")
# the x86 callers that free ranges of [_text, __end_of_kernel_reserve):
# free_initmem() and mark_rodata_ro() (free_kernel_image_pages()),
# alternative_instructions() unless it patched the kernel for one CPU
# (.smp_locks), and
# mem_encrypt_free_decrypted_mem() (.bss..decrypted).  "initrd" and the
# EFI boot services are memory outside the image.
IMAGE_RANGES = re.compile(r"unused kernel image \(.+\)|SMP alternatives|"
                          r"unused decrypted")
MEMINFO_KEYS = ("MemTotal", "MemFree", "MemAvailable")
MODULE_STATES = ("Live", "Loading", "Unloading")


class ScenarioError(Exception):
    pass


def read_scenario(path):
    """The records of one scenario.txt (tests/boot/guest/host-scenario.sh;
    the format is in Documentation/boot-harness.rst) as a dict: release,
    steps, image ranges freed and other memory freed {what: bytes}, the
    live modules [(name, bytes)], meminfo {key: bytes}, the kvm step's
    KTAP counts.  Raises ScenarioError, naming the file and line, on
    anything it does not expect."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().replace("\r", "").split("\n")
    except OSError as e:
        raise ScenarioError(f"cannot open '{path}': {e.strerror}")
    if lines and lines[-1] == "":
        lines.pop()

    def bad(n, why):
        raise ScenarioError(f"'{path}' line {n}: {why}")

    if not lines or lines[0] != SCENARIO_FORMAT:
        bad(1, f"not a scenario file (want '{SCENARIO_FORMAT}')")
    if lines[-1] != "end":
        bad(len(lines), "no 'end' record: the scenario boot was cut short")
    sc = {"release": None, "steps": [], "image_freed": {},
          "other_freed": {}, "modules": [], "meminfo": {},
          "kvm": {"ok": 0, "not_ok": 0}}
    for n, ln in enumerate(lines[1:-1], 2):
        key, _, rest = ln.partition(" ")
        if key == "release" and rest and sc["release"] is None:
            sc["release"] = rest
        elif key == "step":
            f = rest.split()
            if len(f) < 2 or f[1] not in ("ok", "fail"):
                bad(n, f"bad step record '{ln}'")
            if f[1] != "ok":
                bad(n, f"step '{f[0]}' of the host scenario failed")
            sc["steps"].append({"name": f[0], "loaded": f[2:]})
        elif key == "output":
            step, _, out = rest.partition(" ")
            if step == "kvm":
                if re.match(r"ok \d+ ", out):
                    sc["kvm"]["ok"] += 1
                elif re.match(r"not ok \d+ ", out):
                    sc["kvm"]["not_ok"] += 1
        elif key == "freeing":
            m = FREEING.search(rest.rstrip())
            if not m:
                bad(n, f"not a 'Freeing ... memory: NK' line: '{rest}'")
            what = m.group(1)
            d = (sc["image_freed"] if IMAGE_RANGES.fullmatch(what)
                 else sc["other_freed"])
            if what in d:
                bad(n, f"'{what}' freed twice")
            d[what] = int(m.group(2)) * 1024
        elif key == "module":
            f = rest.split()
            if (len(f) < 6 or not f[1].isdigit()
                    or f[4] not in MODULE_STATES):
                bad(n, f"not a /proc/modules line: '{rest}'")
            if f[4] == "Live":
                sc["modules"].append((f[0], int(f[1])))
        elif key == "meminfo":
            f = rest.split()
            if (len(f) != 3 or f[0].rstrip(":") not in MEMINFO_KEYS
                    or not f[1].isdigit() or f[2] != "kB"):
                bad(n, f"not a /proc/meminfo line: '{rest}'")
            sc["meminfo"][f[0].rstrip(":")] = int(f[1]) * 1024
        else:
            bad(n, f"unknown record '{ln[:60]}'")
    if sc["release"] is None:
        bad(1, "no 'release' record")
    if not sc["steps"]:
        bad(1, "no 'step' record")
    if "unused kernel image (initmem)" not in sc["image_freed"]:
        bad(1, "no 'Freeing unused kernel image (initmem) memory' line")
    for k in MEMINFO_KEYS:
        if k not in sc["meminfo"]:
            bad(1, f"no '{k}' meminfo record")
    kvm = [s for s in sc["steps"] if s["name"] == "kvm"]
    if kvm and (sc["kvm"]["not_ok"] or not sc["kvm"]["ok"]):
        bad(1, f"the KVM guest did not pass ({sc['kvm']['ok']} ok, "
               f"{sc['kvm']['not_ok']} not ok)")
    return sc


def scenario_rows(m, sc, path):
    """Add the host scenario's rows to measure()'s dict m; the scenario
    must be of this kernel: its release, its modules, its initmem."""
    if sc["release"] != m["release"]:
        die(f"'{path}' is from kernel {sc['release']}, the objtree's is "
            f"{m['release']} (make boot-scenario)")
    foreign = sorted(set(x for x, _ in sc["modules"])
                     - set(x.replace("-", "_") for x in m["module_names"]))
    if foreign:
        die(f"'{path}' has modules this objtree does not build: "
            f"{' '.join(foreign)} (make boot-scenario)")
    initmem = sc["image_freed"]["unused kernel image (initmem)"]
    if initmem != m["init"]:
        die(f"'{path}' freed {initmem} bytes of initmem, this vmlinux has "
            f"{m['init']}: not its boot (make boot-scenario)")
    freed = sum(sc["image_freed"].values())
    if freed >= m["image"]:
        die(f"'{path}' freed {freed} bytes of a {m['image']} byte image")
    m["image_freed"] = freed
    m["image_kept"] = m["image"] - freed
    m["scenario_modules"] = len(sc["modules"])
    m["scenario_modules_bytes"] = sum(b for _, b in sc["modules"])
    m["scenario_total"] = m["image_kept"] + m["scenario_modules_bytes"]
    # MemTotal, not MemAvailable: the RAM the kernel did not reserve is the
    # same on every boot, what is free after the scenario varies by MiBs
    m["scenario_mem_total"] = sc["meminfo"]["MemTotal"]
    m["scenario"] = {
        "image_freed": sc["image_freed"],
        "other_freed": sc["other_freed"],
        "modules": dict(sc["modules"]),
        "meminfo": sc["meminfo"],
        "steps": sc["steps"],
        "kvm": sc["kvm"],
    }


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
        names = kslim.series(patches)
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


def rst_results(name, s, m, moved, new_mods, per_patch, rows, host):
    """The results page of Documentation/conversions/ (make results-doc)."""
    title = f"Results on the {name} reference config"
    out = [".. SPDX-License-Identifier: GPL-2.0", "",
           ".. Generated by scripts/report.py (make results-doc) from the",
           "   stock and modular builds; do not edit by hand.", "",
           "=" * len(title), title, "=" * len(title), "",
           f"Resident (text + rodata + data + bss): {s['resident']} -> "
           f"{m['resident']} bytes, {pct(s['resident'], m['resident'])}, "
           f"{moved} bytes moved out of vmlinux; modules {s['modules']} -> "
           f"{m['modules']}.", ""]
    if host:
        out += [host + ".", ""]
    out += [".. list-table::", "   :header-rows: 1", "",
           "   * -", "     - stock", "     - modular", "     - delta"]
    for k in rows:
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
    ap.add_argument("--scenario", nargs=2, metavar=("STOCK", "MODULAR"))
    ap.add_argument("stock")
    ap.add_argument("modular")
    a = ap.parse_args()

    rows = ROWS
    if a.scenario:
        # read both before measuring: a bad file fails in a second
        try:
            scen = [read_scenario(p) for p in a.scenario]
        except ScenarioError as e:
            die(f"{e} (make boot-scenario)")
    s = measure(a.footprint, a.stock)
    m = measure(a.footprint, a.modular)
    host = ""
    if a.scenario:
        scenario_rows(s, scen[0], a.scenario[0])
        scenario_rows(m, scen[1], a.scenario[1])
        rows = ROWS + SCENARIO_ROWS
        host = (f"{a.name}: host scenario kernel memory Before="
                f"{s['scenario_total']}, After={m['scenario_total']}, chg "
                f"{pct(s['scenario_total'], m['scenario_total'])} (image kept "
                f"{s['image_kept']} -> {m['image_kept']}; "
                f"{s['scenario_modules']} -> {m['scenario_modules']} modules "
                f"loaded, {s['scenario_modules_bytes']} -> "
                f"{m['scenario_modules_bytes']} bytes)")
    moved = s["resident"] - m["resident"]
    summary = (f"{a.name}: resident Before={s['resident']}, "
               f"After={m['resident']}, chg {pct(s['resident'], m['resident'])}"
               f" ({moved} bytes moved out of vmlinux; modules "
               f"{s['modules']} -> {m['modules']})")
    kept = (f"{a.name}: kept after boot Before={s['kept']}, "
            f"After={m['kept']}, chg {pct(s['kept'], m['kept'])} "
            f"(the image minus what the boot frees, PTI not active)")
    lines = [summary, kept]
    md = [f"**{summary}**", "", f"**{kept}**"]
    if host:
        lines.append(host)
        md += ["", f"**{host}**"]
    w = max([34] + [len(LABELS[k]) for k in rows])
    lines += ["", f"{'':{w}s} {'stock':>12s} {'modular':>12s} {'delta':>12s}"]
    md += ["", "| | stock | modular | delta |", "|---|---:|---:|---:|"]
    for k in rows:
        d = m[k] - s[k]
        lines.append(f"{LABELS[k]:{w}s} {s[k]:12d} {m[k]:12d} {d:+12d}")
        md.append(f"| {LABELS[k]} | {s[k]} | {m[k]} | {d:+d} |")
    if host:
        sm, mm = s["scenario"]["modules"], m["scenario"]["modules"]
        lines.append("")
        md.append("")
        for v, x, y in (("stock", sm, mm), ("modular", mm, sm)):
            only = " ".join(f"{n} ({x[n]})" for n in sorted(set(x) - set(y)))
            lines.append(f"host scenario, loaded only by {v}: "
                         f"{only or 'none'}")
            md.append(f"Host scenario, loaded only by {v}: {only or 'none'}  ")
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
        f.write(rst_results(a.name, s, m, moved, new_mods, per_patch, rows,
                            host))
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump({"config": a.name, "stock": s, "modular": m,
                   "delta": {k: m[k] - s[k] for k in rows},
                   "moved_out_of_vmlinux": moved,
                   "patches": per_patch}, f, indent=1,
                  sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

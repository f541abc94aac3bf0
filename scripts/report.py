#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""report.py - the stock vs modular footprint table that `make` prints

Usage: scripts/report.py --footprint BIN --name NAME --out DIR
                         STOCK_OBJTREE MODULAR_OBJTREE

Reads each objtree's vmlinux through `footprint --json` and the modules
installed under OBJTREE/modroot, prints a table (resident text, rodata, data,
bss, their sum, init, module count and size) for both kernels and the
difference, and writes the same as DIR/summary.json and DIR/summary.md.
Exit codes: 0 written, 2 usage or input error (missing build, bad tool).
"""

import argparse
import json
import os
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


def footprint_json(tool, path):
    try:
        out = subprocess.run([tool, "--json", path], check=True,
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


def pct(old, new):
    return f"{(new - old) * 100.0 / old:+.2f}%" if old else "n/a"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--footprint", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", required=True)
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
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "summary.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump({"config": a.name, "stock": s, "modular": m,
                   "delta": {k: m[k] - s[k] for k in ROWS},
                   "moved_out_of_vmlinux": moved}, f, indent=1,
                  sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

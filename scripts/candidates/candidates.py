#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""candidates.py - rank built-in Kconfig options as modularization candidates

Usage: scripts/candidates/candidates.py [options] OBJTREE

For the kernel built in OBJTREE (a Kbuild O= folder: vmlinux, vmlinux.a,
the objects, .config, `source` -> srctree), take every bool option set to
y and every tristate option held at y, and report for each: the bytes its
objects put in vmlinux, what stands between it and a module (blockers),
and an effort score that orders them.  Writes candidates.{txt,md,json}
to --out (or the text table to standard output).

  symgraph (C, $(O)/tools/symgraph)  objects, gates, the symbol graph
  footprint (C, $(O)/tools/footprint) per-option bytes (same gates)
  kconfiglib (scripts/kconfig/kslimconf.py)  types, selects, depends

Exit status: 0 report written, 2 usage or input error.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import kconfiglib
import kslimconf

PROG = "candidates"

# Effort points per blocker (Documentation/candidates.rst, "Score").
# A hard blocker makes `tristate` + `=m` fail to link, boot or behave;
# review items need a look but do not stop the build.
WEIGHTS = {
    "inbound_core": 3.0,     # per symbol built-in code outside calls
    "inbound_dependent": 1.0,  # per symbol only dependent options call
    "export": 0.5,           # per EXPORT_SYMBOL to add (mechanical)
    "linker_symbol": 3.0,    # per linker-script symbol it uses
    "early_initcall": 5.0,   # per initcall before device level
    "boot_param": 2.0,       # per __setup / early_param
    "syscall": 10.0,         # per syscall it defines
    "static_key": 3.0,       # per key of its used by built-in jump labels
    "selected_by_bool": 10.0,  # per bool =y option selecting it
    "held_at_y": 5.0,        # per other Kconfig reason a tristate can't be m
    "bool_dependent": 1.0,   # per bool =y option depending on it (review)
    "sysctl": 0.5,           # per sysctl registration site (review)
    "config_site": 0.1,      # per CONFIG_X test in built-in code (review)
}
HARD = ("inbound_core", "export", "linker_symbol", "early_initcall",
        "boot_param", "syscall", "static_key", "selected_by_bool",
        "held_at_y")

CLASSES = ("text", "rodata", "data", "bss", "init")


def die(msg, code=2):
    print("{}: error: {}".format(PROG, msg), file=sys.stderr)
    sys.exit(code)


def warn(msg):
    print("{}: warning: {}".format(PROG, msg), file=sys.stderr)


def kib(n):
    return "{:.1f}".format(n / 1024.0)


def detect_arch(config):
    try:
        with open(config, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        die("cannot open '{}': {}".format(config, e.strerror))
    for opt, arch in (("CONFIG_X86_64=y", "x86_64"),
                      ("CONFIG_X86_32=y", "i386"), ("CONFIG_ARM64=y", "arm64"),
                      ("CONFIG_RISCV=y", "riscv")):
        if opt + "\n" in text:
            return arch
    return "x86_64"


def start_tools(args, objtree, tmp):
    """symgraph and footprint run while kconfiglib parses."""
    procs = {}
    if not os.access(args.symgraph, os.X_OK):
        die("cannot run '{}': build it with `make symgraph`".format(
            args.symgraph))
    cmd = [args.symgraph, "-o", os.path.join(tmp, "symgraph.json")]
    if args.modules:
        cmd.append("--modules")
    if args.no_config_uses:
        cmd.append("--no-config-uses")
    if args.vmlinux:
        cmd += ["--vmlinux", args.vmlinux]
    if args.srctree:
        cmd += ["--srctree", args.srctree]
    cmd.append(objtree)
    procs["symgraph"] = (cmd, subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    if args.footprint and os.access(args.footprint, os.X_OK):
        cmd = [args.footprint, "--json", "--objtree", objtree, "--by", "all",
               args.vmlinux or os.path.join(objtree, "vmlinux")]
        out = open(os.path.join(tmp, "footprint.json"), "wb")
        procs["footprint"] = (cmd, subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.PIPE))
        out.close()
    elif args.footprint:
        warn("'{}' not built: bytes come from symgraph (same classifier)"
             .format(args.footprint))
    return procs


def wait_tools(procs, tmp):
    res = {}
    for name, (cmd, p) in sorted(procs.items()):
        err = p.communicate()[1].decode("utf-8", "replace")
        if p.returncode:
            sys.stderr.write(err)
            die("{} failed (exit {}); to reproduce:\n$ {}".format(
                name, p.returncode, " ".join(cmd)))
        for line in err.splitlines():
            print(line, file=sys.stderr)
        with open(os.path.join(tmp, name + ".json"), encoding="utf-8") as f:
            res[name] = json.load(f)
    return res


#
# Kconfig
#

class KconfigView:
    """What the report needs from kconfiglib, by option name."""

    def __init__(self, srctree, config, arch):
        self.kc = kconfiglib
        self.ks = kslimconf
        try:
            self.kconf = kslimconf.load(srctree, arch=arch, config=config)
        except kslimconf.KconfigLoadError as e:
            die(str(e))
        self.dependents = {}    # name -> set of names whose deps use it
        self.selectors = {}     # name -> [(selector, cond)]
        for sym in self.kconf.unique_defined_syms:
            for item in kconfiglib.expr_items(sym.direct_dep):
                if item.__class__ is kconfiglib.Symbol and \
                        not item.is_constant and item is not sym:
                    self.dependents.setdefault(item.name, set()).add(
                        sym.name)
            for target, cond in sym.selects:
                self.selectors.setdefault(target.name, []).append(
                    (sym, cond))

    def sym(self, name):
        return self.kconf.syms.get(name[len("CONFIG_"):])

    def candidates(self):
        """(name, kind) of each bool =y and each tristate =y."""
        kc = self.kc
        out = []
        for sym in self.kconf.unique_defined_syms:
            if sym.tri_value != 2:
                continue
            if sym.orig_type == kc.BOOL:
                out.append(("CONFIG_" + sym.name, "bool"))
            elif sym.orig_type == kc.TRISTATE:
                out.append(("CONFIG_" + sym.name, "tristate"))
        return out

    def info(self, name):
        kc = self.kc
        sym = self.sym(name)
        if sym is None:
            return None
        node = sym.nodes[0]
        where = node.filename
        top = self.kconf.srctree.rstrip("/") + "/"
        if where.startswith(top):
            where = where[len(top):]
        d = {
            "type": kc.TYPE_TO_STR[sym.orig_type],
            "value": sym.str_value,
            "defined_at": "{}:{}".format(where, node.linenr),
            "prompt": bool(any(n.prompt for n in sym.nodes)),
            "choice": sym.choice is not None,
        }
        sel = []
        for s, cond in self.selectors.get(sym.name, ()):
            if s.tri_value == 2 and kc.expr_value(cond) == 2:
                sel.append({"name": "CONFIG_" + s.name,
                            "type": kc.TYPE_TO_STR[s.orig_type]})
        d["selected_by"] = sorted(sel, key=lambda x: x["name"])
        deps = []
        for dn in sorted(self.dependents.get(sym.name, ())):
            ds = self.kconf.syms[dn]
            if ds.tri_value == 2 and ds.orig_type in (kc.BOOL, kc.TRISTATE):
                deps.append({"name": "CONFIG_" + dn,
                             "type": kc.TYPE_TO_STR[ds.orig_type]})
        d["depended_on_by"] = deps
        if sym.orig_type == kc.TRISTATE and sym.tri_value == 2:
            d["forced_y_by"] = self.ks.cannot_be_m(sym)
        return d

    def dependent_closure(self, name):
        """Options =y that depend, directly or not, on name."""
        seen = set()
        todo = [name[len("CONFIG_"):]]
        while todo:
            n = todo.pop()
            for dn in self.dependents.get(n, ()):
                if dn not in seen and self.kconf.syms[dn].tri_value == 2:
                    seen.add(dn)
                    todo.append(dn)
        return {"CONFIG_" + n for n in seen}


#
# Blockers and score
#

def blockers(opt, kinfo, closure):
    """Counted blockers of one option (symgraph record + Kconfig)."""
    inb_core, inb_dep = [], []
    for e in opt.get("inbound", ()):
        e["callers"].sort(key=lambda c: (c["gate"] in closure, c["object"]))
        gates = {c["gate"] for c in e["callers"]}
        if gates and gates <= closure:
            inb_dep.append(e)
        else:
            inb_core.append(e)
    early = [i for i in opt.get("initcalls", ()) if i["early"] == "yes"]
    uses = opt.get("config_uses", {"sites": [], "objects": 0})
    sites = [s for s in uses["sites"] if s["kind"] != "code"]
    keys = opt.get("static_keys", {}).get("used_outside", [])
    kinfo = kinfo or {}
    sel_bool = [s for s in kinfo.get("selected_by", ())
                if s["type"] == "bool"]
    bool_deps = [s for s in kinfo.get("depended_on_by", ())
                 if s["type"] == "bool"]
    counts = {
        "inbound_core": len(inb_core),
        "inbound_dependent": len(inb_dep),
        "export": opt.get("exports_needed", 0),
        "linker_symbol": opt.get("linker_symbols", 0),
        "early_initcall": len(early),
        "boot_param": len(opt.get("setup", ())),
        "syscall": len(opt.get("syscalls", ())),
        "static_key": len(keys),
        "selected_by_bool": len(sel_bool),
        "held_at_y": len([w for w in kinfo.get("forced_y_by") or ()
                          if not w.startswith("selected by")]),
        "bool_dependent": len(bool_deps),
        "sysctl": len(opt.get("sysctl", ())),
        "config_site": len(sites),
    }
    return counts, inb_core, inb_dep, early, sites


def score(bytes_resident, export_bytes, counts):
    effort = sum(WEIGHTS[k] * v for k, v in counts.items())
    gain = max(bytes_resident - export_bytes, 0)
    return effort, gain / 1024.0 / (1.0 + effort)


def build(args, objtree, graph, fp, kv):
    fpconf = {}
    if fp:
        fpconf = {c["name"]: c for c in fp.get("configs", ())}
    gopts = {o["name"]: o for o in graph["options"]}
    if args.option:
        names = [(n if n.startswith("CONFIG_") else "CONFIG_" + n, None)
                 for n in args.option]
    else:
        names = kv.candidates()
    rows = []
    for name, _ in names:
        kinfo = kv.info(name)
        opt = gopts.get(name, {"name": name, "objects": []})
        closure = kv.dependent_closure(name) if kinfo else set()
        if name in fpconf and opt.get("kind") != "module":
            b = {k: fpconf[name].get(k, 0) for k in CLASSES}
            src = "footprint"
        else:
            b = {k: opt.get("bytes", {}).get(k, 0) for k in CLASSES}
            src = "symgraph"
        resident = b["text"] + b["rodata"] + b["data"] + b["bss"]
        counts, inb_core, inb_dep, early, sites = blockers(opt, kinfo,
                                                           closure)
        effort, sc = score(resident, opt.get("export_bytes", 0), counts)
        hard = sum(counts[k] for k in HARD)
        dep_bytes = 0
        for d in closure:
            if d in fpconf:
                dep_bytes += fpconf[d]["total"]
            elif d in gopts:
                dep_bytes += gopts[d]["bytes"]["total"]
        row = {
            "name": name,
            "kconfig": kinfo,
            "kind": opt.get("kind", "none"),
            "bytes": dict(b, resident=resident, source=src),
            "bytes_with_dependents": resident + dep_bytes,
            "objects": [o["name"] for o in opt.get("objects", ())],
            "counts": counts,
            "hard_blockers": hard,
            "effort": round(effort, 2),
            "score": round(sc, 3),
            "inbound_core": inb_core,
            "inbound_dependent": inb_dep,
            "exports_needed": [o for o in opt.get("outbound", ())
                               if o["defined_in"] != "(linker script)"],
            "linker_symbols": [o["symbol"] for o in opt.get("outbound", ())
                               if o["defined_in"] == "(linker script)"],
            "export_bytes": opt.get("export_bytes", 0),
            "initcalls": opt.get("initcalls", []),
            "early_initcalls": early,
            "boot_params": opt.get("setup", []),
            "syscalls": opt.get("syscalls", []),
            "sysctl": opt.get("sysctl", []),
            "static_keys": opt.get("static_keys", {}),
            "config_sites": sites,
            "config_objects": opt.get("config_uses", {}).get("objects", 0),
        }
        rows.append(row)
    rows.sort(key=lambda r: (-r["score"], -r["bytes"]["resident"],
                             r["name"]))
    for i, r in enumerate(rows):
        r["rank"] = i + 1
    return rows


#
# Output
#

def one_line(r, limit=3):
    """The blockers of a row as one short phrase, hardest first."""
    c = r["counts"]
    parts = []
    if c["syscall"]:
        parts.append("{} syscalls".format(c["syscall"]))
    if c["selected_by_bool"]:
        parts.append("selected by " + ",".join(
            s["name"][7:] for s in r["kconfig"]["selected_by"]
            if s["type"] == "bool")[:40])
    if c["early_initcall"]:
        parts.append("{} {}_initcall".format(
            c["early_initcall"], r["early_initcalls"][0]["level"]) if
            c["early_initcall"] == 1 else
            "{} early initcalls".format(c["early_initcall"]))
    if c["inbound_core"]:
        parts.append("called by core: " + ",".join(
            e["symbol"] for e in r["inbound_core"][:2]) +
            (",..." if c["inbound_core"] > 2 else ""))
    if c["export"]:
        parts.append("{} exports".format(c["export"]))
    if c["held_at_y"]:
        parts.append("held at y by Kconfig")
    if c["boot_param"]:
        parts.append(", ".join(p["param"] for p in r["boot_params"][:2]))
    if c["static_key"]:
        parts.append("{} static keys".format(c["static_key"]))
    if not parts:
        return "none"
    return "; ".join(parts[:limit])


def summary_line(rows, graph, fp):
    bools = sum(1 for r in rows if r["kconfig"] and
                r["kconfig"]["type"] == "bool")
    tris = sum(1 for r in rows if r["kconfig"] and
               r["kconfig"]["type"] == "tristate")
    gate = gating(rows)
    free = [r for r in gate if r["hard_blockers"] == 0]
    tot = sum(r["bytes"]["resident"] for r in gate)
    s = ("candidates: {} options =y ({} bool, {} tristate), {} gate "
         "objects: {} KiB resident; {} without hard blockers: {} KiB"
         .format(len(rows), bools, tris, len(gate), kib(tot), len(free),
                 kib(sum(r["bytes"]["resident"] for r in free))))
    if fp:
        s += "; vmlinux resident {} KiB".format(
            kib(fp["totals"]["resident"]))
    return s


def gating(rows):
    """Rows of options that gate objects of their own."""
    return [r for r in rows if r["objects"] or r["bytes"]["resident"]]


def table_rows(rows, top):
    shown = gating(rows)[:top]
    head = ("rank", "option", "type", "KiB", "init", "effort", "score",
            "core-in", "exports", "early", "params", "#if", "blockers")
    out = []
    for r in shown:
        c = r["counts"]
        out.append((str(r["rank"]), r["name"],
                    r["kconfig"]["type"] if r["kconfig"] else "?",
                    kib(r["bytes"]["resident"]), kib(r["bytes"]["init"]),
                    "{:.1f}".format(r["effort"]), "{:.2f}".format(r["score"]),
                    str(c["inbound_core"]), str(c["export"]),
                    str(c["early_initcall"]), str(c["boot_param"]),
                    str(c["config_site"]), one_line(r)))
    return head, out


def details(r, limit):
    """Blockers of one option, named: yields text lines."""
    k = r["kconfig"] or {}
    yield "{} ({} {}, {}): {} KiB resident, {} KiB init, {} objects; " \
        "effort {:.1f}, score {:.2f}".format(
            r["name"], k.get("type", "?"), k.get("value", "?"),
            k.get("defined_at", "?"), kib(r["bytes"]["resident"]),
            kib(r["bytes"]["init"]), len(r["objects"]), r["effort"],
            r["score"])

    def lst(items, fmt):
        s = [fmt(i) for i in items[:limit]]
        if len(items) > limit:
            s.append("... {} more".format(len(items) - limit))
        return ", ".join(s)

    def callers(e):
        c = e["callers"][0]
        f = c["functions"][0] if c["functions"] else "?"
        more = len(e["callers"]) - 1
        return "{} <- {}:{}{}".format(e["symbol"], c["object"], f,
                                      " (+{} objects)".format(more)
                                      if more else "")
    if r["inbound_core"]:
        yield "  called by built-in code ({}): {}".format(
            len(r["inbound_core"]), lst(r["inbound_core"], callers))
    if r["inbound_dependent"]:
        yield "  called by dependent options ({}): {}".format(
            len(r["inbound_dependent"]), lst(r["inbound_dependent"],
                                             callers))
    if r["exports_needed"]:
        yield "  exports to add ({}, {} bytes): {}".format(
            len(r["exports_needed"]), r["export_bytes"],
            lst(r["exports_needed"], lambda o: "{} ({})".format(
                o["symbol"], o["defined_in"])))
    if r["linker_symbols"]:
        yield "  linker-script symbols: " + lst(r["linker_symbols"], str)
    if r["early_initcalls"]:
        yield "  early initcalls: " + lst(r["early_initcalls"],
                                          lambda i: "{}_initcall({})".format(
                                              i["level"], i["function"]))
    if r["boot_params"]:
        yield "  boot parameters: " + lst(r["boot_params"],
                                          lambda p: "{}({}) {}".format(
                                              p["kind"], p["param"],
                                              p["function"]))
    if r["syscalls"]:
        yield "  syscalls: " + lst(r["syscalls"], str)
    if r["static_keys"].get("used_outside"):
        yield "  static keys used by built-in jump labels: " + lst(
            r["static_keys"]["used_outside"], lambda e: e["symbol"])
    if r["sysctl"]:
        yield "  sysctl registrations: " + lst(
            r["sysctl"], lambda s: "{} via {}".format(s["function"],
                                                      s["via"]))
    if k.get("selected_by"):
        yield "  selected by: " + lst(k["selected_by"], lambda s: "{} ({})"
                                      .format(s["name"], s["type"]))
    if k.get("forced_y_by"):
        yield "  held at y: " + "; ".join(k["forced_y_by"])
    bd = [d for d in k.get("depended_on_by", ()) if d["type"] == "bool"]
    if bd:
        yield "  bool options depending on it: " + lst(
            bd, lambda d: d["name"])
    if r["config_sites"]:
        yield "  tested in built-in code ({} sites, {} objects): {}".format(
            len(r["config_sites"]), r["config_objects"],
            lst(r["config_sites"], lambda s: "{} ({})".format(s["at"],
                                                              s["kind"])))


def forced_tristates(rows):
    return [r for r in rows if r["kconfig"] and
            r["kconfig"]["type"] == "tristate"]


def write_text(f, rows, graph, fp, args):
    print(summary_line(rows, graph, fp), file=f)
    print(file=f)
    head, body = table_rows(rows, args.top)
    widths = [max(len(x[i]) for x in [head] + body)
              for i in range(len(head) - 1)]
    right = {0, 3, 4, 5, 6, 7, 8, 9, 10, 11}
    for line in [head] + body:
        cells = []
        for i, w in enumerate(widths):
            cells.append(line[i].rjust(w) if i in right else
                         line[i].ljust(w))
        print("  ".join(cells + [line[-1]]).rstrip(), file=f)
    print(file=f)
    print("Blockers of the top {} (Documentation/candidates.rst):".format(
        min(args.details, len(body))), file=f)
    for r in gating(rows)[:args.details]:
        print(file=f)
        for line in details(r, args.limit):
            print(line, file=f)
    ft = forced_tristates(rows)
    if ft:
        print(file=f)
        print("Tristate options held at y ({}):".format(len(ft)), file=f)
        for r in sorted(ft, key=lambda r: r["name"]):
            print("  {:<32} {:>8} KiB  {}".format(
                r["name"], kib(r["bytes"]["resident"]),
                "; ".join(r["kconfig"].get("forced_y_by") or
                          ["m allowed (kept at y by the config)"])), file=f)
    un = graph["objects"]["unattributed"]
    unr = graph["objects"]["unreadable"]
    print(file=f)
    print("Objects no Makefile rule attributes ({}): {}".format(
        len(un), " ".join(un) or "none"), file=f)
    if unr:
        print("Objects that could not be read ({}): {}".format(
            len(unr), " ".join(unr)), file=f)
    nobytes = [r for r in rows if r not in gating(rows)]
    print("Options gating no object of their own ({}: their code is "
          "#ifdef'd inside other objects, not measured here)".format(
              len(nobytes)), file=f)


def md_escape(s):
    return s.replace("|", "\\|").replace("_", "\\_") if s else s


def write_md(f, rows, graph, fp, args):
    print("# Modularization candidates", file=f)
    print(file=f)
    print(summary_line(rows, graph, fp), file=f)
    print(file=f)
    head, body = table_rows(rows, args.top)
    print("| " + " | ".join(head) + " |", file=f)
    print("|" + "|".join("---:" if i in (0, 3, 4, 5, 6, 7, 8, 9, 10, 11)
                         else "---" for i in range(len(head))) + "|", file=f)
    for line in body:
        print("| " + " | ".join(md_escape(c) for c in line) + " |", file=f)
    print(file=f)
    print("## Blockers of the top {}".format(min(args.details, len(body))),
          file=f)
    for r in gating(rows)[:args.details]:
        lines = list(details(r, args.limit))
        print(file=f)
        print("### " + md_escape(r["name"]), file=f)
        print(file=f)
        print(lines[0].split(": ", 1)[1], file=f)
        print(file=f)
        for line in lines[1:]:
            print("- " + md_escape(line.strip()), file=f)
    ft = forced_tristates(rows)
    if ft:
        print(file=f)
        print("## Tristate options held at y", file=f)
        print(file=f)
        print("| option | KiB | why |", file=f)
        print("|---|---:|---|", file=f)
        for r in sorted(ft, key=lambda r: r["name"]):
            print("| {} | {} | {} |".format(
                md_escape(r["name"]), kib(r["bytes"]["resident"]),
                md_escape("; ".join(r["kconfig"].get("forced_y_by") or
                                    ["m allowed"]))), file=f)
    un = graph["objects"]["unattributed"]
    print(file=f)
    print("Objects no Makefile rule attributes: {}".format(
        md_escape(" ".join(un)) or "none"), file=f)


def main():
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Rank the built-in options of a built kernel by the "
        "bytes they hold and the blockers between them and a module.",
        epilog="Exit status: 0 report written, 2 usage or input error.")
    ap.add_argument("objtree", help="Kbuild output folder (vmlinux, "
                    "vmlinux.a, objects, .config, source)")
    here = os.path.dirname(os.path.abspath(__file__))
    tools = os.path.join(os.environ.get("O", os.path.join(
        here, "..", "..", "build")), "tools")
    ap.add_argument("--symgraph", default=os.path.join(tools, "symgraph"),
                    help="symgraph binary (default $O/tools/symgraph)")
    ap.add_argument("--footprint", default=os.path.join(tools, "footprint"),
                    help="footprint binary for the bytes (default "
                    "$O/tools/footprint; symgraph's own counts if absent)")
    ap.add_argument("--srctree", help="kernel source (default "
                    "OBJTREE/source)")
    ap.add_argument("--vmlinux", help="image (default OBJTREE/vmlinux)")
    ap.add_argument("--config", help=".config (default OBJTREE/.config)")
    ap.add_argument("--arch", help="Kconfig ARCH (default: from .config)")
    ap.add_argument("--option", action="append", metavar="CONFIG_X",
                    help="report only these options, whatever their value "
                    "(repeatable; =m ones need --modules)")
    ap.add_argument("--modules", action="store_true",
                    help="also read module objects (to analyse =m options)")
    ap.add_argument("--no-config-uses", action="store_true",
                    help="skip the scan for CONFIG_X tests in the sources")
    ap.add_argument("--out", help="write candidates.{txt,md,json} here "
                    "(default: the text report on standard output)")
    ap.add_argument("--json", action="store_true",
                    help="print the JSON report on standard output")
    ap.add_argument("--top", type=int, default=50,
                    help="rows in the table (default 50)")
    ap.add_argument("--details", type=int, default=15,
                    help="options whose blockers are spelled out (15)")
    ap.add_argument("--limit", type=int, default=6,
                    help="items per blocker list in text and Markdown (6)")
    args = ap.parse_args()

    objtree = os.path.abspath(args.objtree)
    if not os.path.isdir(objtree):
        die("cannot open '{}': No such directory".format(args.objtree))
    config = args.config or os.path.join(objtree, ".config")
    srctree = args.srctree or os.path.join(objtree, "source")
    if not os.path.isdir(srctree):
        die("cannot open '{}': no source tree (pass --srctree)".format(
            srctree))
    for f in (args.vmlinux or os.path.join(objtree, "vmlinux"),
              os.path.join(objtree, "vmlinux.a")):
        if not os.path.isfile(f):
            die("cannot open '{}': No such file or directory".format(f))
    arch = args.arch or detect_arch(config)

    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="candidates.") as tmp:
        procs = start_tools(args, objtree, tmp)
        kv = KconfigView(srctree, config, arch)
        res = wait_tools(procs, tmp)
    graph, fp = res["symgraph"], res.get("footprint")
    rows = build(args, objtree, graph, fp, kv)
    elapsed = time.monotonic() - t0

    report = {
        "objtree": objtree,
        "summary": summary_line(rows, graph, fp),
        "weights": WEIGHTS,
        "hard_blockers": list(HARD),
        "exports": graph["exports"],
        "objects": graph["objects"],
        "source_scan": graph.get("source_scan"),
        "totals": fp["totals"] if fp else None,
        "options": rows,
    }
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "candidates.json"), "w",
                  encoding="utf-8") as f:
            json.dump(report, f, indent=1, sort_keys=True)
            f.write("\n")
        with open(os.path.join(args.out, "candidates.txt"), "w",
                  encoding="utf-8") as f:
            write_text(f, rows, graph, fp, args)
        with open(os.path.join(args.out, "candidates.md"), "w",
                  encoding="utf-8") as f:
            write_md(f, rows, graph, fp, args)
        print(summary_line(rows, graph, fp))
        print("  REPORT  {}/candidates.{{txt,md,json}} ({:.1f} s)".format(
            args.out, elapsed))
    elif args.json:
        json.dump(report, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    else:
        write_text(sys.stdout, rows, graph, fp, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

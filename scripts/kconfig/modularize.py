#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""modularize.py - set every tristate =y that Kconfig allows to =m

Usage: modularize.py --srctree S [--arch x86_64] [--keep CONFIG_X ...]
                     [--json FILE] [--explain FILE] -o OUT IN_CONFIG

Reads IN_CONFIG against the Kconfig of the tree S, moves each tristate
option from =y to =m when m is one of its assignable values and the move
loses nothing else (no other option changes value, except tristates that
follow it from =y to =m; no option ends up selected past its own
dependencies), repeats until nothing changes, and writes OUT, resolved as
`make olddefconfig` would write it.  Prints a summary line, then each
tristate that stays =y with the reasons.  Exit status: 0 done, 2 usage or
input error.
"""

import argparse
import json
import os
import sys

import kslimconf
from kconfiglib import TRISTATE

PROG = "modularize"


class Result:
    """What modularize() did: changed (y -> m, Kconfig order), stay_y
    (name -> reasons), passes (rounds until nothing changed)."""

    def __init__(self):
        self.changed = []
        self.stay_y = {}
        self.passes = 0


def modularize(kconf, keep=frozenset()):
    """Move each tristate y to m where allowed, until nothing changes.

    keep: names (no CONFIG_ prefix) that must stay y.  Changes kconf's
    values in place and returns a Result.
    """
    tristates = [s for s in kconf.unique_defined_syms
                 if s.orig_type is TRISTATE]
    start = {s: s.tri_value for s in tristates}
    res = Result()
    progress = True
    while progress:
        progress = False
        res.passes += 1
        for sym in tristates:
            if sym.tri_value != 2 or sym.name in keep or \
               1 not in sym.assignable:
                continue
            if not kslimconf.try_m(sym, keep):
                progress = True
    res.changed = [s for s in tristates
                   if start[s] == 2 and s.tri_value == 1]
    for sym in tristates:
        if sym.tri_value == 2:
            res.stay_y[sym.name] = kslimconf.cannot_be_m(sym, keep) or \
                ["m is allowed (modularize bug)"]
    return res


def _keep_names(kconf, values, config):
    keep = set()
    for value in values:
        for name in filter(None, value.split(",")):
            name = name.strip()
            bare = name[len("CONFIG_"):] if name.startswith("CONFIG_") \
                else name
            sym = kconf.syms.get(bare)
            if sym is None or not sym.nodes:
                raise kslimconf.KconfigLoadError(
                    "--keep {}: no such option in this kernel".format(name))
            if sym.orig_type is TRISTATE and sym.tri_value != 2:
                print("{}: warning: --keep {}: it is ={} in '{}'; --keep "
                      "only stops =y from becoming =m".format(
                          PROG, name, sym.str_value, config),
                      file=sys.stderr)
            keep.add(bare)
    return keep


def summary(kconf, res):
    n_m = sum(1 for s in kconf.unique_defined_syms
              if s.orig_type is TRISTATE and s.tri_value == 1)
    return "{}: {} options =m ({} moved from =y), {} tristate options " \
        "stay =y".format(PROG, n_m, len(res.changed), len(res.stay_y))


def report(kconf, res):
    """The human summary: the summary line, then `CONFIG_X: reason; ...`
    for each tristate that stays =y, sorted."""
    prefix = kconf.config_prefix
    lines = [summary(kconf, res)]
    lines += ["{}{}: {}".format(prefix, name, "; ".join(reasons))
              for name, reasons in sorted(res.stay_y.items())]
    return "\n".join(lines) + "\n"


def explanation(kconf, res):
    """report() plus every option moved to =m."""
    prefix = kconf.config_prefix
    text = report(kconf, res)
    if res.changed:
        text += "\nMoved from =y to =m:\n" + "".join(
            "{}{}\n".format(prefix, s.name)
            for s in sorted(res.changed, key=lambda s: s.name))
    return text


def as_json(kconf, res, args):
    prefix = kconf.config_prefix
    return {
        "srctree": os.path.abspath(args.srctree),
        "kernelversion": kconf.env["KERNELVERSION"],
        "arch": args.arch,
        "input": args.config,
        "output": args.out,
        "keep": sorted(prefix + k for k in args.keep_names),
        "options_m": sum(1 for s in kconf.unique_defined_syms
                         if s.orig_type is TRISTATE and s.tri_value == 1),
        "moved_to_m": sorted(prefix + s.name for s in res.changed),
        "stay_y": {prefix + k: v for k, v in sorted(res.stay_y.items())},
        "passes": res.passes,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="modularize.py",
        description="Turn every tristate option that is =y into =m wherever "
        "the Kconfig rules allow it, and explain each one that must stay =y.",
        epilog="Run the kernel's `make olddefconfig` on OUT afterwards (it "
        "changes nothing when the tree matches). Exit status: 0 done, "
        "2 usage or input error (not a kernel tree, missing .config, "
        "unknown arch or --keep option).")
    ap.add_argument("--srctree", required=True, metavar="S",
                    help="Linux source tree (read only)")
    ap.add_argument("--arch", default="x86_64",
                    help="architecture (default x86_64: ARCH=x86, as `make` "
                    "on an x86_64 host)")
    ap.add_argument("--keep", action="append", default=[],
                    metavar="CONFIG_X",
                    help="keep this option =y (repeat, or comma-separated): "
                    "what must be built in, e.g. the console driver or the "
                    "root filesystem when booting without an initramfs")
    ap.add_argument("--json", metavar="FILE",
                    help="write the result as JSON to FILE")
    ap.add_argument("--explain", metavar="FILE",
                    help="write the summary, the reasons and the list of "
                    "options moved to =m to FILE")
    ap.add_argument("-o", dest="out", required=True, metavar="OUT",
                    help="the new .config")
    ap.add_argument("config", metavar="IN_CONFIG", help="a .config")
    args = ap.parse_args(argv)
    try:
        kconf = kslimconf.load(args.srctree, args.arch, args.config)
        args.keep_names = _keep_names(kconf, args.keep, args.config)
    except kslimconf.KconfigLoadError as e:
        print("{}: error: {}".format(PROG, e), file=sys.stderr)
        return 2
    res = modularize(kconf, args.keep_names)
    try:
        kslimconf.write_config(kconf, args.out)
        if args.explain:
            with open(args.explain, "w", encoding="utf-8") as f:
                f.write(explanation(kconf, res))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                json.dump(as_json(kconf, res, args), f, indent=1,
                          sort_keys=True)
                f.write("\n")
    except OSError as e:
        print("{}: error: cannot write '{}': {}".format(
            PROG, e.filename, e.strerror), file=sys.stderr)
        return 2
    sys.stdout.write(report(kconf, res))
    return 0


if __name__ == "__main__":
    sys.exit(main())

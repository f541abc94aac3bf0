#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""fragment.py - check that the options a config fragment asks for survived

Usage: fragment.py check --srctree S --config .config [--modularized]
                         [--allow-absent] [--json FILE] FRAGMENT...
       fragment.py absent --srctree S [--json FILE] FRAGMENT...

check: after `make allnoconfig KCONFIG_ALLCONFIG=FRAGMENT` and olddefconfig,
every `CONFIG_X=value` and `# CONFIG_X is not set` of the fragments (a later
fragment overrides an earlier one) must hold in .config.  Prints a summary
line, then one line per option that did not survive:
    Missing: CONFIG_X=m (unmet dependency: PCI [=n] && NET [=y])
    Missing: CONFIG_X=y (no such option in this kernel)
    Missing: CONFIG_X=n (got =y: selected by FOO [=y] (bool))
--modularized accepts =m for a tristate the fragment asks =y (the .config
went through modularize.py).  --allow-absent reports options this kernel
does not have as "Absent:" lines without failing (older kernels).

absent: only list the options this kernel does not have; never fails.

Exit status: 0 all survived (or absent), 1 some did not, 2 usage or input
error.
"""

import argparse
import json
import os
import re
import sys

import kslimconf
from kconfiglib import BOOL, HEX, INT, STRING, TRISTATE

PROG = "fragment"

_SET = re.compile(r"^(CONFIG_[A-Za-z0-9_]+)=(.*)$")
_UNSET = re.compile(r"^# (CONFIG_[A-Za-z0-9_]+) is not set\s*$")


class FragmentError(Exception):
    pass


def read_fragments(paths):
    """{CONFIG_X: (value, "file:line")} in first-seen order; a later
    assignment replaces an earlier one, as merge_config.sh does."""
    req = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError as e:
            raise FragmentError("cannot open '{}': {}".format(
                path, e.strerror)) from None
        for n, line in enumerate(lines, 1):
            m = _SET.match(line.rstrip())
            if m:
                value = m.group(2)
                if value.startswith('"'):
                    if len(value) < 2 or not value.endswith('"'):
                        raise FragmentError("'{}':{}: unterminated string"
                                            .format(path, n))
                    value = re.sub(r'\\(.)', r'\1', value[1:-1])
                req.pop(m.group(1), None)
                req[m.group(1)] = (value, "{}:{}".format(path, n))
                continue
            m = _UNSET.match(line)
            if m:
                req.pop(m.group(1), None)
                req[m.group(1)] = ("n", "{}:{}".format(path, n))
                continue
            if line.strip() and not line.lstrip().startswith("#"):
                raise FragmentError("'{}':{}: cannot parse '{}'".format(
                    path, n, line.strip()))
    return req


def _show(sym, value):
    if sym is not None and sym.orig_type is STRING:
        return '"{}"'.format(value.replace("\\", "\\\\").replace('"', '\\"'))
    return value


def _same_number(a, b, base):
    try:
        return int(a, base) == int(b, base)
    except ValueError:
        return False


def check_one(kconf, name, want, modularized):
    """(status, detail): status "ok", "ok-m" (=y asked, =m accepted),
    "absent" or "missing"; detail is the reason for "missing"."""
    prefix = kconf.config_prefix
    sym = kconf.syms.get(name[len(prefix):])
    if sym is None or not sym.nodes:
        return "absent", "no such option in this kernel"
    got = sym.str_value
    t = sym.orig_type
    if t in (BOOL, TRISTATE):
        if want not in ("y", "m", "n"):
            return "missing", "not a {} value".format(
                "bool" if t is BOOL else "tristate")
        if got == want:
            return "ok", ""
        if modularized and want == "y" and got == "m" and t is TRISTATE:
            return "ok-m", ""
    elif t is INT and _same_number(got, want, 10) or \
            t is HEX and _same_number(got, want, 16) or \
            t is STRING and got == want:
        return "ok", ""
    if t is INT or t is HEX:
        if not _same_number(want, want, 10 if t is INT else 16):
            return "missing", "not an {} value".format(
                "int" if t is INT else "hex")
    why = kslimconf.why_not(sym, want)
    if want == "n" or (t in (BOOL, TRISTATE) and got != "n") or \
            t not in (BOOL, TRISTATE):
        why = "got ={}: {}".format(_show(sym, got), why)
    return "missing", why


def cmd_check(args):
    req = read_fragments(args.fragments)
    kconf = kslimconf.load(args.srctree, args.arch, args.config)
    rows = []
    for name, (want, where) in req.items():
        status, why = check_one(kconf, name, want, args.modularized)
        sym = kconf.syms.get(name[len(kconf.config_prefix):])
        rows.append({"option": name, "want": _show(sym, want), "at": where,
                     "status": status, "why": why})
    missing = [r for r in rows if r["status"] == "missing" or
               r["status"] == "absent" and not args.allow_absent]
    absent = [r for r in rows if r["status"] == "absent"]
    n_m = sum(1 for r in rows if r["status"] == "ok-m")
    if missing:
        head = "{}: {} of {} requested options missing".format(
            PROG, len(missing), len(rows))
    else:
        head = "{}: all {} requested options survived".format(
            PROG, len(rows) - len(absent))
        extra = []
        if n_m:
            extra.append("{} =y now =m".format(n_m))
        if absent:
            extra.append("{} absent in this kernel".format(len(absent)))
        if extra:
            head += " (" + ", ".join(extra) + ")"
    out = [head]
    out += ["Missing: {}={} ({})".format(r["option"], r["want"], r["why"])
            for r in missing]
    if args.allow_absent:
        out += ["Absent: {}={} ({})".format(r["option"], r["want"], r["why"])
                for r in absent]
    print("\n".join(out))
    if args.json:
        _write_json(args.json, {
            "kernelversion": kconf.env["KERNELVERSION"],
            "config": args.config, "fragments": args.fragments,
            "requested": len(rows), "missing": len(missing),
            "absent": len(absent), "modularized": n_m, "options": rows})
    return 1 if missing else 0


def cmd_absent(args):
    req = read_fragments(args.fragments)
    kconf = kslimconf.load(args.srctree, args.arch)
    prefix = kconf.config_prefix
    rows = []
    for name, (want, where) in req.items():
        sym = kconf.syms.get(name[len(prefix):])
        if sym is None or not sym.nodes:
            rows.append({"option": name, "want": want, "at": where})
    print("{}: {} of {} requested options do not exist in {}".format(
        PROG, len(rows), len(req), kconf.env["KERNELVERSION"]))
    for r in rows:
        print("Absent: {}={} (no such option in this kernel)".format(
            r["option"], r["want"]))
    if args.json:
        _write_json(args.json, {
            "kernelversion": kconf.env["KERNELVERSION"],
            "fragments": args.fragments, "requested": len(req),
            "absent": rows})
    return 0


def _write_json(path, data):
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.write("\n")
    except OSError as e:
        raise FragmentError("cannot write '{}': {}".format(
            path, e.strerror)) from None


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="fragment.py",
        description="Check that the options config fragments ask for "
        "survived in a .config, or list those a kernel does not have.",
        epilog="Exit status: 0 all survived, 1 some did not, 2 usage or "
        "input error.")
    sub = ap.add_subparsers(dest="cmd", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--srctree", required=True, metavar="S",
                        help="Linux source tree (read only)")
    common.add_argument("--arch", default="x86_64",
                        help="architecture (default x86_64: ARCH=x86)")
    common.add_argument("--json", metavar="FILE",
                        help="also write the result as JSON to FILE")
    common.add_argument("fragments", nargs="+", metavar="FRAGMENT")
    c = sub.add_parser("check", parents=[common],
                       help="check a .config against fragments")
    c.add_argument("--config", required=True, metavar="CONFIG",
                   help="the .config to check")
    c.add_argument("--modularized", action="store_true",
                   help="accept =m for a tristate asked =y")
    c.add_argument("--allow-absent", action="store_true",
                   help="report options this kernel lacks, do not fail")
    c.set_defaults(fn=cmd_check)
    a = sub.add_parser("absent", parents=[common],
                       help="list requested options this kernel lacks")
    a.set_defaults(fn=cmd_absent)
    args = ap.parse_args(argv)
    try:
        return args.fn(args)
    except (FragmentError, kslimconf.KconfigLoadError) as e:
        print("{}: error: {}".format(PROG, e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

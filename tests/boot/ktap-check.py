#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ktap-check.py - judge one boot: the guest's KTAP, the console, QEMU's exit

Usage: ktap-check.py [--stream] --ktap FILE --console FILE [--qemu-rc N |
                     --qemu-rc-file FILE] [--timeout S] [--name NAME]
                     [--patterns FILE] [--json FILE]

With --stream, KTAP lines are read from stdin while the guest runs (QEMU's
second serial port on stdout), written to --ktap and time-stamped in
FILE.times, so boot-to-plan and module-sweep times are host wall clock.
Without it, --ktap is read as it is.

The boot passes only when: the KTAP stream starts with "KTAP version 1"
and has a top-level plan; every (sub)test has as many results as its plan;
no result is "not ok"; the console log holds none of the kernel splats in
splat-patterns (panic, oops, BUG, WARNING, lockdep, KASAN, kmemleak, ...);
QEMU neither timed out (exit 124/137 from timeout(1)) nor failed.

Output: one summary line, then each failure and skip.  Exit codes: 0 boot
passed, 1 it failed, 2 usage or input error.
"""

import argparse
import json
import os
import re
import sys
import time

ME = "ktap-check"
RESULT = re.compile(r"^(ok|not ok) (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"^1\.\.(\d+)")


def die(msg):
    print(f"{ME}: error: {msg}", file=sys.stderr)
    sys.exit(2)


def read_lines(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        die(f"cannot open '{path}': {e.strerror}")
    return [l.rstrip("\r") for l in data.decode("utf-8", "replace").split("\n")]


EXIT_MARK = "<qemu exited>"


def stream(ktap_path):
    """Copy stdin to ktap_path, time-stamping each line (s since start).

    The last time stamp is the end of the stream: QEMU exited."""
    start = time.monotonic()
    with open(ktap_path, "w") as out, open(ktap_path + ".times", "w") as tim:
        for raw in sys.stdin.buffer:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            out.write(line + "\n")
            out.flush()
            tim.write(f"{time.monotonic() - start:.3f} {line}\n")
            tim.flush()
        tim.write(f"{time.monotonic() - start:.3f} {EXIT_MARK}\n")


class Node:
    def __init__(self, name, indent):
        self.name = name
        self.indent = indent
        self.plan = None
        self.results = []       # (ok, number, name, directive)
        self.children = {}      # result number -> Node
        self.pending = None     # subtest whose result line is still due
        self.diag = []


def parse(lines):
    """Parse KTAP into a tree; return (root, errors)."""
    errors = []
    root = Node("", 0)
    stack = [root]
    seen_version = False
    for line in lines:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if not seen_version:
            if text.startswith("KTAP version") and indent == 0:
                seen_version = True
            continue
        if text.startswith("KTAP version"):
            # a new subtest: close any sibling whose result never came
            while len(stack) > 1 and indent <= stack[-1].indent:
                stack.pop()
            node = Node("?", indent)
            stack[-1].pending = node
            stack.append(node)
            continue
        while len(stack) > 1 and indent < stack[-1].indent:
            stack.pop()
        cur = stack[-1]
        if text.startswith("# Subtest:"):
            cur.name = text[len("# Subtest:"):].strip()
            continue
        if text.startswith("#"):
            cur.diag.append(text[1:].strip())
            continue
        m = PLAN.match(text)
        if m:
            cur.plan = int(m.group(1))
            continue
        m = RESULT.match(text)
        if m:
            ok = m.group(1) == "ok"
            name = m.group(3).strip()
            directive = (m.group(4) or "").strip()
            num = int(m.group(2))
            if num != len(cur.results) + 1:
                errors.append(f"{path_of(stack, name)}: result {num} out of "
                              f"order (expected {len(cur.results) + 1})")
            cur.results.append((ok, num, name, directive, cur.diag))
            cur.diag = []
            if cur.pending is not None:
                cur.children[num] = cur.pending
                cur.pending = None
    if not seen_version:
        errors.append("no 'KTAP version 1' line: the guest runner never "
                      "started (see the console log)")
    return root, errors


def path_of(stack, name):
    parts = [n.name for n in stack[1:]] + [name]
    return "/".join(p for p in parts if p)


def walk(node, prefix, out):
    """Collect leaves: out['pass'|'fail'|'skip'] lists and plan errors."""
    label = prefix or "top level"
    if node.plan is None:
        out["errors"].append(f"{label}: no KTAP plan"
                             + (" (the guest runner never printed one)"
                                if not prefix else ""))
    elif node.plan != len(node.results):
        out["errors"].append(f"{label}: plan 1..{node.plan} but "
                             f"{len(node.results)} results (cut short?)")
    for ok, num, name, directive, diag in node.results:
        path = f"{prefix}/{name}" if prefix else name
        child = node.children.get(num)
        skip = directive.upper().startswith("SKIP")
        if child is not None and child.plan and not child.results:
            out["errors"].append(f"{path}: plan 1..{child.plan} but no "
                                 "results")
        if child is not None and child.results:
            walk(child, path, out)
            if not ok and not any(f[0].startswith(path + "/")
                                  for f in out["fail"]):
                out["fail"].append((path, diag))
        elif not ok:
            out["fail"].append((path, diag))
        elif skip:
            out["skip"].append((path, directive[4:].strip()))
        else:
            out["pass"].append(path)


def load_patterns(path):
    pats = []
    for line in read_lines(path):
        if line and not line.startswith("#"):
            pats.append(re.compile(line))
    return pats


def splats(console, patterns):
    """Each splat: its first matching line and a few lines of context."""
    found = []
    skip_until = -1
    for i, line in enumerate(console):
        if i <= skip_until:
            continue
        if any(p.search(line) for p in patterns):
            found.append("\n".join(console[i:i + 8]))
            skip_until = i + 30     # one report per splat, not per line
    return found


def timings(ktap_path):
    t = {}
    try:
        with open(ktap_path + ".times") as f:
            rows = [l.rstrip("\n").split(" ", 1) for l in f]
    except OSError:
        return t
    for stamp, line in (r for r in rows if len(r) == 2):
        s = float(stamp)
        if line == EXIT_MARK:
            t["exit"] = s
            continue
        if "plan" not in t and PLAN.match(line):
            t["plan"] = s
        m = re.match(r"^    # Subtest: (\w+)$", line)
        if m:
            t.setdefault(f"{m.group(1)}_start", s)
        m = RESULT.match(line)
        if m and not line.startswith(" "):
            t.setdefault(f"{m.group(3).strip()}_end", s)
        t["end"] = s
    if "modules_start" in t and "modules_end" in t:
        t["module_sweep"] = round(t["modules_end"] - t["modules_start"], 3)
    for suite in ("autoload", "functional", "hypervisor"):
        if f"{suite}_start" in t and f"{suite}_end" in t:
            t[suite] = round(t[f"{suite}_end"] - t[f"{suite}_start"], 3)
    if "exit" in t and "end" in t:
        t["shutdown"] = round(t["exit"] - t["end"], 3)
    return t


def main():
    ap = argparse.ArgumentParser(
        description="Judge one kslim boot test: KTAP, console splats, QEMU exit.")
    ap.add_argument("--stream", action="store_true",
                    help="read KTAP from stdin while the guest runs")
    ap.add_argument("--ktap", required=True, help="KTAP log (written with --stream)")
    ap.add_argument("--console", required=True, help="kernel console log")
    ap.add_argument("--qemu-rc", type=int, help="QEMU's exit status")
    ap.add_argument("--qemu-rc-file", help="file holding QEMU's exit status")
    ap.add_argument("--timeout", type=int, default=0,
                    help="the timeout QEMU ran under (for the message)")
    ap.add_argument("--name", default="boot", help="name in the summary line")
    ap.add_argument("--patterns", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "splat-patterns"))
    ap.add_argument("--json", help="also write the verdict as JSON here")
    args = ap.parse_args()

    if args.stream:
        stream(args.ktap)
    rc = args.qemu_rc
    if args.qemu_rc_file:
        try:
            with open(args.qemu_rc_file) as f:
                rc = int(f.read().strip() or "0")
        except (OSError, ValueError):
            rc = None

    root, errors = parse(read_lines(args.ktap))
    out = {"pass": [], "fail": [], "skip": [], "errors": list(errors)}
    if not errors:
        walk(root, "", out)
    console = read_lines(args.console)
    found = splats(console, load_patterns(args.patterns))
    problems = []
    if rc in (124, 137):
        problems.append(f"hang: QEMU killed after {args.timeout} s without "
                        "finishing (timeout)")
    elif rc not in (None, 0):
        problems.append(f"QEMU exited with status {rc}")
    problems += out["errors"]
    problems += [f"kernel splat on the console:\n{s}" for s in found]

    t = timings(args.ktap)
    failed = bool(problems or out["fail"])
    times = ""
    if "plan" in t:
        times = f", boot-to-plan {t['plan']:.1f} s"
        if "module_sweep" in t:
            times += f", module sweep {t['module_sweep']:.1f} s"
        times += f", total {t['end']:.1f} s"
    print(f"{args.name}: {'FAIL' if failed else 'PASS'}: "
          f"{len(out['pass'])} passed, {len(out['fail'])} failed, "
          f"{len(out['skip'])} skipped{times}")
    for p in problems:
        print(f"  error: {p}")
    for path, diag in out["fail"]:
        print(f"  not ok: {path}")
        for d in diag[-12:]:
            print(f"      # {d}")
    for path, why in out["skip"]:
        print(f"  skip: {path}: {why}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"name": args.name, "passed": not failed,
                       "pass": out["pass"],
                       "fail": [p for p, _ in out["fail"]],
                       "skip": [{"test": p, "why": w} for p, w in out["skip"]],
                       "errors": problems, "timing": t}, f, indent=1,
                      sort_keys=True)
            f.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

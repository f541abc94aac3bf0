#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""converted.py - the options a quilt series turns from bool into tristate

Usage: tests/candidates/converted.py PATCHDIR

Reads PATCHDIR/series and each patch listed, and prints CONFIG_NAME for
every Kconfig entry whose type line a patch adds as tristate (or
def_tristate) where a bool line is removed, one per line, sorted.  The
entry is the last `config NAME` / `menuconfig NAME` seen in the hunk's
header, context or removed/added lines of a Kconfig file.
"""
import os
import re
import sys

import kslim

CONFIG = re.compile(r"^[ +-]?\s*(?:menu)?config\s+([A-Za-z0-9_]+)")
HUNK = re.compile(r"^@@ .* @@\s*(?:menu)?config\s+([A-Za-z0-9_]+)")


def converted(patch):
    out = set()
    in_kconfig = False
    cur = None
    removed_bool = set()
    for line in patch.splitlines():
        if line.startswith("+++ "):
            in_kconfig = os.path.basename(line.split()[1]).startswith(
                "Kconfig")
            cur = None
            continue
        if not in_kconfig or line.startswith("--- "):
            continue
        m = HUNK.match(line)
        if m:
            cur = m.group(1)
            continue
        if line.startswith("@@"):
            cur = None
            continue
        m = CONFIG.match(line)
        if m:
            cur = m.group(1)
            continue
        if cur is None:
            continue
        if re.match(r"^-\s*(bool|def_bool)\b", line):
            removed_bool.add(cur)
        elif re.match(r"^\+\s*(tristate|def_tristate)\b", line) and \
                cur in removed_bool:
            out.add(cur)
    return out


def main():
    if len(sys.argv) != 2:
        print("usage: converted.py PATCHDIR", file=sys.stderr)
        return 2
    pdir = sys.argv[1]
    names = set()
    try:
        series = kslim.series(pdir)
    except OSError as e:
        print("converted: error: cannot open '{}': {}".format(
            e.filename, e.strerror), file=sys.stderr)
        return 2
    for p in series:
        try:
            with open(os.path.join(pdir, p), encoding="utf-8",
                      errors="replace") as f:
                names |= converted(f.read())
        except OSError:
            continue    # listed before it is written: nothing to read
    for n in sorted(names):
        print("CONFIG_" + n)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""kslim - the answers every kslim Python tool shares

Usage: scripts/kslim.py series PATCHES_DIR   (one patch name a line)
       scripts/kslim.py version SRCTREE      (VERSION.PATCHLEVEL.SUBLEVEL)

One reader per question, imported by the tools (PYTHONPATH is set by the
Makefile and tests/lib.sh) and run as a command by the shell scripts:

  die()             git-style "PROG: error: ..." and exit 2
  footprint_json()  `footprint --json` of one file: the only module and
                    vmlinux measurer (the interface is footprint(1))
  series()          the patch names of a quilt series file
  kernel_version()  the version of a kernel tree from its top Makefile
                    (makefile_version() parses, format_version() prints)

Exit codes of the command: 0 printed, 2 usage or input error.
"""

import json
import os
import subprocess
import sys


def die(prog, msg):
    print(f"{prog}: error: {msg}", file=sys.stderr)
    sys.exit(2)


class FootprintError(Exception):
    """footprint could not run or failed; .cmd, .returncode (None when it
    could not run) and .stderr say how."""

    def __init__(self, msg, cmd, returncode=None, stderr=""):
        super().__init__(msg)
        self.cmd = cmd
        self.returncode = returncode
        self.stderr = stderr


def footprint_json(tool, path, *args):
    """The parsed `TOOL --json ARGS PATH` (schema in footprint(1))."""
    cmd = [tool, "--json", *args, path]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    except OSError:
        raise FootprintError(f"cannot run '{tool}': No such file (make tools)",
                             cmd) from None
    if p.returncode != 0:
        raise FootprintError(f"footprint failed on '{path}': "
                             f"{p.stderr.strip()}", cmd, p.returncode,
                             p.stderr)
    return json.loads(p.stdout)


def series(patches):
    """Patch names of PATCHES/series, in order: quilt's format, one patch a
    line with optional options after it, '#' to the end of a line a
    comment.  OSError when the file cannot be read."""
    with open(os.path.join(patches, "series")) as f:
        return [ln.split()[0] for ln in
                (raw.split("#", 1)[0] for raw in f) if ln.strip()]


VERSION_KEYS = ("VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION")


def makefile_version(text):
    """{VERSION, PATCHLEVEL, SUBLEVEL, EXTRAVERSION: value} of the first
    assignment of each in a kernel's top Makefile; absent keys left out."""
    v = {}
    for line in text.splitlines():
        k, sep, val = line.partition("=")
        k = k.strip()
        if sep and k in VERSION_KEYS and k not in v:
            v[k] = val.strip()
    return v


def format_version(v, exact=False):
    """VERSION.PATCHLEVEL.SUBLEVEL (a missing field is 0: the tracker's
    labels, patches/BASE); exact: what `make kernelversion` prints,
    EXTRAVERSION included (Kconfig's KERNELVERSION)."""
    if not exact:
        return ".".join(v.get(k) or "0" for k in VERSION_KEYS[:3])
    ver = v.get("VERSION", "")
    if v.get("PATCHLEVEL"):
        ver += "." + v["PATCHLEVEL"]
        if v.get("SUBLEVEL"):
            ver += "." + v["SUBLEVEL"]
    return ver + v.get("EXTRAVERSION", "")


def read_makefile_version(srctree):
    """makefile_version() of SRCTREE/Makefile; OSError when unreadable."""
    with open(os.path.join(srctree, "Makefile"), errors="replace") as f:
        return makefile_version(f.read())


def kernel_version(srctree, exact=False):
    """format_version() of the kernel tree SRCTREE; OSError when its
    Makefile cannot be read."""
    return format_version(read_makefile_version(srctree), exact)


def main(argv):
    prog = "kslim"
    if len(argv) != 2 or argv[0] not in ("series", "version"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        if argv[0] == "series":
            for name in series(argv[1]):
                print(name)
        else:
            print(kernel_version(argv[1]))
    except OSError as e:
        die(prog, f"cannot open '{e.filename}': {e.strerror}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

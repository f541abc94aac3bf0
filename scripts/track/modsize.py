# SPDX-License-Identifier: GPL-2.0
"""modsize - the memory a loadable module (.ko) takes once loaded

The measure is footprint's (`footprint --json FILE.ko`, footprint(1)), the
same one scripts/report.py uses: a module's ALLOC sections classed as for
vmlinux (.init.* -> init, .data..ro_after_init -> rodata, ...), .modinfo
and __versions not counted since the loader does not keep them.  total is
footprint's resident: text + rodata + data + bss.  A compressed module
(.ko.xz, .ko.gz) is measured uncompressed.
"""

import gzip
import lzma
import os
import shutil
import tempfile

import kslim

CLASSES = ("text", "rodata", "data", "bss", "init")


def measure(footprint, path):
    """{'text':..,'rodata':..,'data':..,'bss':..,'init':..,'total':..};
    kslim.FootprintError when footprint fails on the file."""
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path[-3:])
    if opener is None:
        t = kslim.footprint_json(footprint, path)["totals"]
    else:
        with tempfile.NamedTemporaryFile(suffix=".ko") as tmp:
            with opener(path) as f:
                shutil.copyfileobj(f, tmp)
            tmp.flush()
            t = kslim.footprint_json(footprint, tmp.name)["totals"]
    out = {k: t.get(k, 0) for k in CLASSES}
    out["total"] = t["resident"]
    return out


def find_modules(objtree):
    """(name, path) of every installed module under OBJTREE/modroot, or of
    every .ko in the objtree when nothing was installed."""
    root = os.path.join(objtree, "modroot")
    found = []
    if os.path.isdir(root):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith((".ko", ".ko.xz", ".ko.gz")):
                    p = os.path.join(dirpath, f)
                    rel = os.path.relpath(p, root)
                    # lib/modules/REL/kernel/fs/foo.ko -> kernel/fs/foo.ko
                    parts = rel.split(os.sep)
                    if len(parts) > 3 and parts[0] == "lib" and \
                            parts[1] == "modules":
                        rel = os.sep.join(parts[3:])
                    found.append((rel, p))
        return found
    for dirpath, dirnames, filenames in os.walk(objtree):
        dirnames[:] = sorted(d for d in dirnames if d != "modroot")
        for f in sorted(filenames):
            if f.endswith(".ko"):
                p = os.path.join(dirpath, f)
                found.append((os.path.relpath(p, objtree), p))
    return found

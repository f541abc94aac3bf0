# SPDX-License-Identifier: GPL-2.0
"""modsize - the memory a loadable module (.ko) takes once loaded

A module's loaded size is the sum of its SHF_ALLOC sections, which the
module loader copies into the core or init layout (kernel/module/main.c,
layout_sections()).  Sections are classed like the footprint tool classes
vmlinux: .init.* / .exit.* -> init (freed after init, or never loaded for
.exit with MODULE_UNLOAD), executable -> text, NOBITS -> bss, writable ->
data, the rest -> rodata.  total = text + rodata + data + bss, as vmlinux's
resident size.  Alignment inside the layout is not counted.

The reader trusts nothing: a truncated or foreign file raises ValueError.
"""

import gzip
import lzma
import os
import struct

SHF_WRITE = 0x1
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4
SHT_NOBITS = 8
CLASSES = ("text", "rodata", "data", "bss", "init")


def _read(path):
    if path.endswith(".xz"):
        return lzma.open(path).read()
    if path.endswith(".gz"):
        return gzip.open(path).read()
    with open(path, "rb") as f:
        return f.read()


def section_class(name, flags, stype):
    if name.startswith((".init", ".exit")):
        return "init"
    if flags & SHF_EXECINSTR:
        return "text"
    if stype == SHT_NOBITS:
        return "bss"
    if flags & SHF_WRITE:
        return "data"
    return "rodata"


def measure(path):
    """{'text':..,'rodata':..,'data':..,'bss':..,'init':..,'total':..}"""
    buf = _read(path)
    if len(buf) < 64 or buf[:4] != b"\x7fELF":
        raise ValueError("'{}' is not an ELF file".format(path))
    if buf[4] != 2 or buf[5] != 1:
        raise ValueError("'{}' is not a little-endian ELF64 file"
                         .format(path))
    shoff, = struct.unpack_from("<Q", buf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", buf, 0x3a)
    if shentsize != 64 or shoff + shnum * 64 > len(buf) or \
            shstrndx >= shnum:
        raise ValueError("'{}': section headers out of range".format(path))
    secs = [struct.unpack_from("<IIQQQQIIQQ", buf, shoff + i * 64)
            for i in range(shnum)]
    stroff, strsize = secs[shstrndx][4], secs[shstrndx][5]
    if stroff + strsize > len(buf):
        raise ValueError("'{}': section names out of range".format(path))
    out = dict.fromkeys(CLASSES, 0)
    for s in secs:
        name_off, stype, flags, size = s[0], s[1], s[2], s[5]
        if not flags & SHF_ALLOC or size == 0:
            continue
        if name_off >= strsize:
            raise ValueError("'{}': section name out of range".format(path))
        end = buf.index(b"\0", stroff + name_off, stroff + strsize)
        name = buf[stroff + name_off:end].decode("ascii", "replace")
        out[section_class(name, flags, stype)] += size
    out["total"] = out["text"] + out["rodata"] + out["data"] + out["bss"]
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

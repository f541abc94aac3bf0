#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""cocci-modularize - run kslim's semantic patches over the code of one
Kconfig option (or a list of files) and leave a reviewable unified diff.

Usage: scripts/cocci-modularize.py --tree DIR (--config CONFIG_X | FILE...)
                                   [--out DIR] [--keep-level] [--no-exit]
                                   [--keep-name] [--desc TEXT] [--apply]

The rules run in patch mode, in this order, each on the output of the one
before: builtin_driver, initcall_module, setup_param, init_annotations (twice:
a function that loses __init may use __initdata), module_metadata; a rule is
not started on a file that lacks every word it matches on.  The tree
is never written: files are copied to OUT/stage-N/, and OUT holds one
NN-RULE.patch per rule plus modularize.patch, all -p1 against the tree, with
no timestamps, so the same input gives the same bytes.  --apply then applies
modularize.patch to the tree with patch(1), refusing the pristine tree.

Exit status: 0 done (a diff was written, possibly empty), 1 spatch or patch
failed, 2 usage or input error.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

PROG = "cocci-modularize"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SP = os.path.join(ROOT, "semantic-patches")
RULES = ["builtin_driver", "initcall_module", "setup_param",
         "init_annotations", "init_annotations", "module_metadata"]
SPATCH_OPTS = ["--very-quiet", "--no-includes", "--include-headers",
               "-D", "patch"]
# A rule cannot change a file that lacks every word it matches on, so
# spatch (a second or so per file and rule) is not started for it.  Each
# pattern must stay a superset of what its rule matches.
PREFILTER = {
    "builtin_driver": re.compile(r"builtin_"),
    "initcall_module": re.compile(r"initcall"),
    "setup_param": re.compile(r"__setup"),
    "init_annotations": re.compile(r"__init|module_exit"),
    "module_metadata": re.compile(r"module_|initcall"),
}


def die(msg, code=2):
    print("%s: error: %s" % (PROG, msg), file=sys.stderr)
    sys.exit(code)


def pristine_trees():
    out = os.environ.get("O") or os.path.join(ROOT, "build")
    return {os.path.realpath(os.path.join(out, "stock", "src")),
            os.path.realpath(os.path.join(ROOT, "build", "stock", "src"))}


def kbuild_files(tree):
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if f in ("Makefile", "Kbuild"):
                yield os.path.join(dirpath, f)


def logical_lines(path):
    with open(path, errors="replace") as f:
        text = f.read().replace("\\\n", " ")
    return text.split("\n")


def objects_of(tree, config):
    """The .c files that CONFIG_X builds, from the Kbuild makefiles."""
    sym = config if config.startswith("CONFIG_") else "CONFIG_" + config
    want = re.compile(r"^\s*obj-\$\(%s\)\s*[+:]?=\s*(.*)$" % re.escape(sym))
    files, dirs = [], []
    for mk in kbuild_files(tree):
        lines = logical_lines(mk)
        base = os.path.dirname(mk)
        for line in lines:
            m = want.match(line)
            if not m:
                continue
            for obj in m.group(1).split():
                if obj.endswith("/"):
                    dirs.append(os.path.relpath(os.path.join(base, obj), tree))
                    continue
                files.extend(expand(tree, base, lines, obj))
    return sorted(set(files)), sorted(set(dirs))


def expand(tree, base, lines, obj):
    """foo.o -> foo.c, or the parts of a composite foo-y / foo-objs."""
    stem = obj[:-2] if obj.endswith(".o") else obj
    comp = re.compile(r"^\s*%s-(y|objs|\$\([A-Z0-9_]+\))\s*[+:]?=\s*(.*)$"
                      % re.escape(stem))
    parts = []
    for line in lines:
        m = comp.match(line)
        if m:
            parts.extend(p for p in m.group(2).split() if p.endswith(".o"))
    if not parts:
        parts = [stem + ".o"]
    out = []
    for p in parts:
        c = os.path.join(base, p[:-2] + ".c")
        if os.path.isfile(c):
            out.append(os.path.relpath(c, tree))
    return out


def kconfig_prompt(tree, config):
    """The prompt of 'config X', the best one-line module description."""
    sym = config[7:] if config.startswith("CONFIG_") else config
    start = re.compile(r"^\s*(menu)?config\s+%s\s*$" % re.escape(sym))
    prompt = re.compile(r'^\s*(bool|tristate|prompt)\s+"([^"]+)"')
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("Kconfig"):
                continue
            with open(os.path.join(dirpath, f), errors="replace") as fh:
                lines = fh.read().split("\n")
            for i, line in enumerate(lines):
                if not start.match(line):
                    continue
                for nxt in lines[i + 1:i + 12]:
                    m = prompt.match(nxt)
                    if m:
                        return m.group(2)
                    if re.match(r"^\s*(menu)?config\s", nxt):
                        break
    return None


def udiff(rel, old, new):
    a = open(old, errors="surrogateescape").read().splitlines(True)
    b = open(new, errors="surrogateescape").read().splitlines(True)
    if a == b:
        return ""
    out = "diff -u a/%s b/%s\n" % (rel, rel)
    out += "".join(difflib.unified_diff(a, b, "a/" + rel, "b/" + rel, n=3))
    return out


def run_spatch(rule, path, defines, log):
    cmd = ["spatch", "--sp-file", os.path.join(SP, rule + ".cocci")]
    cmd += SPATCH_OPTS + defines + ["--in-place", path]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    with open(log, "a") as f:
        f.write("$ %s\n%s" % (" ".join(cmd), r.stdout))
    if r.returncode != 0:
        print("%s: error: spatch failed on '%s', full log in %s"
              % (PROG, path, log), file=sys.stderr)
        print("$ " + " ".join(cmd), file=sys.stderr)
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(
        prog=PROG, description=__doc__.split("\n\n")[0],
        epilog="Exit status: 0 done, 1 spatch/patch failed, 2 usage error.")
    ap.add_argument("--tree", required=True, help="kernel tree (read only)")
    ap.add_argument("--config", help="Kconfig option whose objects to treat")
    ap.add_argument("files", nargs="*", help="files, relative to the tree")
    ap.add_argument("--out", help="output dir (default $O/cocci/NAME)")
    ap.add_argument("--desc", help="MODULE_DESCRIPTION (default: the "
                    "Kconfig prompt of --config)")
    ap.add_argument("--keep-level", action="store_true",
                    help="keep *_initcall() levels, only add module_exit()")
    ap.add_argument("--no-exit", action="store_true",
                    help="generate no module_exit(): a permanent module")
    ap.add_argument("--keep-name", action="store_true",
                    help="add core_param() so __setup names keep working")
    ap.add_argument("--apply", action="store_true",
                    help="apply the diff to --tree (never the pristine one)")
    args = ap.parse_args()

    tree = os.path.realpath(args.tree)
    if not os.path.isdir(tree):
        die("cannot open '%s': No such file or directory" % args.tree)
    if shutil.which("spatch") is None:
        die("the external command 'spatch' is needed (Debian package "
            "coccinelle)")
    if args.apply and tree in pristine_trees():
        die("refusing to write into the pristine tree '%s'" % tree)
    if bool(args.config) == bool(args.files):
        die("give either --config or a list of files")
    if args.config:
        files, dirs = objects_of(tree, args.config)
        for d in dirs:
            print("%s: note: %s descends into %s/, not followed"
                  % (PROG, args.config, d), file=sys.stderr)
        if not files:
            die("no object of '%s' found in %s's makefiles"
                % (args.config, tree))
        name = args.config
    else:
        files = sorted(set(os.path.normpath(f) for f in args.files))
        for f in files:
            if not os.path.isfile(os.path.join(tree, f)):
                die("cannot open '%s': No such file or directory" % f)
        name = "files"
    desc = args.desc
    if desc is None and args.config:
        desc = kconfig_prompt(tree, args.config)

    o = os.environ.get("O") or os.path.join(ROOT, "build")
    out = os.path.abspath(args.out or os.path.join(o, "cocci", name))
    if os.path.realpath(out).startswith(tree + os.sep):
        die("output dir '%s' is inside the kernel tree" % out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    log = os.path.join(out, "spatch.log")

    prev = os.path.join(out, "stage-0")
    for f in files:
        os.makedirs(os.path.dirname(os.path.join(prev, f)), exist_ok=True)
        shutil.copyfile(os.path.join(tree, f), os.path.join(prev, f))
    with open(os.path.join(out, "files"), "w") as fh:
        fh.write("".join(f + "\n" for f in files))

    for n, rule in enumerate(RULES, 1):
        cur = os.path.join(out, "stage-%d" % n)
        shutil.copytree(prev, cur)
        defines = []
        if rule in ("initcall_module", "module_metadata") and \
                args.keep_level:
            defines += ["-D", "keep_level"]
        if rule == "initcall_module" and args.no_exit:
            defines += ["-D", "no_exit"]
        if rule == "setup_param" and args.keep_name:
            defines += ["-D", "keep_name"]
        if rule == "module_metadata" and desc:
            defines += ["-D", "desc=" + desc]
        print("  SPATCH  %s (%d file%s)" % (rule, len(files),
                                           "" if len(files) == 1 else "s"))
        for f in files:
            path = os.path.join(cur, f)
            with open(path, errors="surrogateescape") as fh:
                if not PREFILTER[rule].search(fh.read()):
                    continue
            run_spatch(rule, path, defines, log)
        patch = "".join(udiff(f, os.path.join(prev, f), os.path.join(cur, f))
                        for f in files)
        with open(os.path.join(out, "%02d-%s.patch" % (n, rule)), "w") as fh:
            fh.write(patch)
        prev = cur

    total = "".join(udiff(f, os.path.join(tree, f), os.path.join(prev, f))
                    for f in files)
    result = os.path.join(out, "modularize.patch")
    with open(result, "w") as fh:
        fh.write(total)
    changed = total.count("\ndiff -u ") + total.startswith("diff -u ")
    print("%s: %d of %d files changed, diff in %s"
          % (PROG, changed, len(files), result))

    if args.apply and total:
        r = subprocess.run(["patch", "-p1", "--forward", "--batch", "-d", tree,
                            "-i", result])
        if r.returncode != 0:
            die("patch -p1 -d %s -i %s failed" % (tree, result), 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

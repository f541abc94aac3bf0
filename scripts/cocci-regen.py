#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""cocci-regen - regenerate the generated hunks of the patch series with
kslim's semantic patches and check that each patch still carries them.

Usage: scripts/cocci-regen.py [--patches DIR] [--src DIR] [--out DIR]
                              [--list] [PATCH...]

A patch with an attribution file, patches/attribution/NAME.txt for
patches/NAME.patch (the block of Documentation/submitting.rst: "Generated
with kslim's semantic patches ...", the command, the files and rules, and
a "Written by hand:" paragraph), is checked on the tree just before it:
the pristine tree (--src, read only) is copied as hard links under --out,
the earlier patches of the series are applied with patch -p1 --fuzz=0,
and the recorded cocci-modularize.py command runs on it.  Then, for every
file the command treats:

  - the rules that change the file are exactly the rules the block lists
    for it (nothing generated goes unmentioned, nothing is claimed that
    the rules do not produce);
  - each hunk those rules generate is in the patched file as they wrote
    it, from its first to its last changed line, and every line they
    remove is gone: the patch may add lines by hand before, after and
    between them, but may not change, move or drop one.

The attribution stays in kslim's own files: the commit message, which
goes to kernel reviewers, only carries the kernel's usual one-line note
("... generated with Coccinelle.").  A patch with an attribution file must
have that note, a patch with the note must have the file, and every file
must belong to a patch of the series.

Without PATCH arguments every attributed patch of the series is checked.

Exit status: 0 all checked patches reproduce, 1 a check failed (the diff
is printed), 2 usage or input error.
"""

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys

import kslim

PROG = "cocci-regen"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRIVER = "scripts/cocci-modularize.py"
RULES = ["builtin_driver", "initcall_module", "setup_param",
         "init_annotations", "init_annotations", "module_metadata"]
HEAD = re.compile(r"^Generated with kslim's semantic patches "
                  r"\(spatch ([0-9][0-9.]*)\)")
FILE_LINE = re.compile(r"^  ([^\s:$]+): ([a-z_]+(?:, [a-z_]+)*)$")
# the kernel-facing note in the commit message, across line wraps
NOTE = re.compile(r"\bgenerated\s+(?:with|by|using)\s+Coccinelle\b", re.I)
ATTR_DIR = "attribution"


class InputError(Exception):
    pass


def die(msg, code=2):
    print("%s: error: %s" % (PROG, msg), file=sys.stderr)
    sys.exit(code)


def read(path):
    with open(path, errors="surrogateescape") as f:
        return f.read()


def message(text):
    """The commit message: the lines before the first '---'."""
    lines = text.split("\n")
    return lines[:lines.index("---")] if "---" in lines else lines


def attribution_file(patches, name):
    """patches/attribution/NAME.txt of patches/NAME.patch"""
    return os.path.join(patches, ATTR_DIR, re.sub(r"\.patch$", "", name)
                        + ".txt")


def attributions(patches, names):
    """{patch: parsed attribution} for the patches that have a file, after
    checking the files against the commit messages' one-line notes."""
    attrs = {}
    for n in names:
        path = attribution_file(patches, n)
        noted = NOTE.search(" ".join(message(read(os.path.join(patches,
                                                                  n)))))
        if not os.path.exists(path):
            if noted:
                raise InputError("%s: the message says Coccinelle generated "
                                 "part of it, but there is no '%s'"
                                 % (n, path))
            continue
        a = attribution(n, read(path).split("\n"))
        if not a:
            raise InputError("'%s' has no 'Generated with kslim's semantic "
                             "patches (spatch VERSION)' line" % path)
        if not noted:
            raise InputError("%s: '%s' exists, but the message lacks the "
                             "note that part of the change was generated "
                             "with Coccinelle" % (n, path))
        attrs[n] = a
    adir = os.path.join(patches, ATTR_DIR)
    known = {os.path.basename(attribution_file(patches, n)) for n in names}
    if os.path.isdir(adir):
        for f in sorted(os.listdir(adir)):
            if f not in known:
                raise InputError("'%s' belongs to no patch of %s/series"
                                 % (os.path.join(adir, f), patches))
    return attrs


def attribution(name, msg):
    """(spatch version, driver argv, {file: [rules]}, has_hand) or None,
    from the lines msg of an attribution file."""
    start = [i for i, line in enumerate(msg) if HEAD.match(line)]
    if not start:
        return None
    if len(start) > 1:
        raise InputError("%s: more than one attribution block" % name)
    i = start[0]
    version = HEAD.match(msg[i]).group(1)
    # The heading may wrap; the block proper starts at the "  $ " line.
    while i < len(msg) and not msg[i].startswith("  $ "):
        i += 1
    if i == len(msg):
        raise InputError("%s: attribution without a '  $ %s' command line"
                         % (name, DRIVER))
    cmd = msg[i][4:]
    while cmd.endswith("\\"):
        i += 1
        if i == len(msg) or not msg[i].startswith("  "):
            raise InputError("%s: command line ends in '\\'" % name)
        cmd = cmd[:-1] + " " + msg[i].strip()
    argv = shlex.split(cmd)
    if not argv or argv[0] != DRIVER:
        raise InputError("%s: the command must be %s" % (name, DRIVER))
    for a in argv[1:]:
        if a.split("=")[0] in ("--tree", "--out", "--apply"):
            raise InputError("%s: %s is supplied by the check, not the patch"
                             % (name, a))
    files = {}
    i += 1
    while i < len(msg) and msg[i].startswith("  "):
        m = FILE_LINE.match(msg[i])
        if not m:
            raise InputError("%s: cannot parse attribution line '%s'"
                             % (name, msg[i]))
        rules = m.group(2).split(", ")
        for r in rules:
            if r not in RULES:
                raise InputError("%s: unknown rule '%s'" % (name, r))
        files[m.group(1)] = rules
        i += 1
    hand = any(line.startswith("Written by hand:") for line in msg)
    return version, argv[1:], files, hand


def patched_files(text):
    return sorted(set(re.findall(r"^\+\+\+ b/(\S+)", text, re.M)))


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          **kw)


def apply_patch(tree, path):
    r = run(["patch", "-p1", "-s", "-N", "--fuzz=0", "--no-backup-if-mismatch",
             "-d", tree, "-i", path])
    if r.returncode != 0:
        raise InputError("'%s' does not apply with --fuzz=0:\n%s"
                         % (path, r.stdout))


def make_tree(src, patches, names, upto, tree):
    """The pristine tree as hard links.  The files that names[:upto + 1]
    patch are private copies, so nothing reaches the pristine tree
    however patch(1) writes them."""
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.dirname(tree), exist_ok=True)
    r = run(["cp", "-al", src, tree])
    if r.returncode != 0:
        raise InputError("cannot copy '%s': %s" % (src, r.stdout.strip()))
    touched = set()
    for n in names[:upto + 1]:
        touched.update(patched_files(read(os.path.join(patches, n))))
    for f in sorted(touched):
        dst = os.path.join(tree, f)
        if os.path.lexists(dst):
            os.unlink(dst)
            shutil.copyfile(os.path.join(src, f), dst)


def lines(path):
    return read(path).splitlines(True) if os.path.exists(path) else []


def opcodes(a, b):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def udiff(a, b, rel, n=3):
    return "".join(difflib.unified_diff(a, b, "a/" + rel, "b/" + rel, n=n))


def contained(pre, gen, post):
    """Problems with 'post = gen plus lines added by hand' (empty: fine).

    A generated hunk is protected from its first to its last changed line,
    unchanged lines in between included (a hunk's own context may not be
    moved or edited); lines written by hand may be inserted anywhere."""
    kept = set()         # gen indices that must stay as they are
    removed = []         # (gen start, gen end, removed texts)
    sm = difflib.SequenceMatcher(None, pre, gen, autojunk=False)
    for group in sm.get_grouped_opcodes(3):
        changed = [op for op in group if op[0] != "equal"]
        kept.update(range(changed[0][3], changed[-1][4]))
        for tag, i1, i2, j1, j2 in changed:
            if tag in ("delete", "replace"):
                removed.append((j1, j2,
                                {t for t in pre[i1:i2] if t.strip()}))
    problems = []
    for tag, i1, i2, j1, j2 in opcodes(gen, post):
        if tag in ("delete", "replace"):
            for i in sorted(i for i in range(i1, i2) if i in kept):
                problems.append("line %d of the generated hunk is not in "
                                "the patch: %s"
                                % (i + 1, gen[i].rstrip("\n")))
        if tag in ("insert", "replace"):
            for a, b, texts in removed:
                if i1 <= b and i2 >= a:
                    for t in post[j1:j2]:
                        if t in texts:
                            problems.append("the patch keeps a line the "
                                            "rules remove: %s"
                                            % t.rstrip("\n"))
    return problems


def rules_changing(out, f):
    """Rules whose stage changes file f, in order, without repeats."""
    found = []
    for n, rule in enumerate(RULES, 1):
        a = os.path.join(out, "stage-%d" % (n - 1), f)
        b = os.path.join(out, "stage-%d" % n, f)
        if lines(a) != lines(b) and rule not in found:
            found.append(rule)
    return found


def check_patch(args, tree, name, attr, log):
    """Run the recorded command on tree (the state before the patch),
    apply the patch to tree and compare."""
    version, argv, claimed, hand = attr
    ptext = read(os.path.join(args.patches, name))
    work = os.path.join(args.out, re.sub(r"\.patch$", "", name))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, "cocci")
    cmd = [sys.executable, os.path.join(ROOT, DRIVER), "--tree", tree,
           "--out", out] + argv
    shown = " ".join(shlex.quote(c) for c in [DRIVER, "--tree", tree,
                                               "--out", out] + argv)
    print("  REGEN   %s" % name, flush=True)
    r = run(cmd, cwd=ROOT)
    with open(os.path.join(work, "driver.log"), "w") as fh:
        fh.write("$ %s\n%s" % (shown, r.stdout))
    if r.returncode != 0:
        log.append("%s: the rules failed (exit %d)\n$ %s\n%s"
                   % (name, r.returncode, shown, r.stdout))
        apply_patch(tree, os.path.join(args.patches, name))
        return False
    installed = spatch_version()
    if installed != version:
        log.append("%s: note: recorded with spatch %s, running %s"
                   % (name, version, installed))
    apply_patch(tree, os.path.join(args.patches, name))
    files = read(os.path.join(out, "files")).split()
    ok = True
    for f in claimed:
        if f not in files:
            log.append("%s: %s is named but the command does not treat it "
                       "(it treats: %s)" % (name, f, " ".join(files)))
            ok = False
    generated_all = True
    for f in files:
        got = rules_changing(out, f)
        want = claimed.get(f, [])
        if got != want:
            log.append("%s: %s: the rules that change it are [%s], the "
                       "message says [%s]" % (name, f, ", ".join(got),
                                              ", ".join(want)))
            ok = False
            continue
        pre = lines(os.path.join(out, "stage-0", f))
        gen = lines(os.path.join(out, "stage-%d" % len(RULES), f))
        post = lines(os.path.join(tree, f))
        if gen != post:
            generated_all = False
        if not want:
            continue
        problems = contained(pre, gen, post)
        if problems:
            ok = False
            log.append("%s: %s: the generated hunks are not reproduced:\n"
                       "  %s\n--- what the rules generate (%s):\n%s"
                       "--- what the patch has instead, against that:\n%s"
                       "$ %s"
                       % (name, f, "\n  ".join(problems), ", ".join(want),
                          udiff(pre, gen, f), udiff(gen, post, f), shown))
        else:
            plus = sum(j2 - j1 for tag, i1, i2, j1, j2
                       in opcodes(gen, post) if tag != "equal")
            minus = sum(i2 - i1 for tag, i1, i2, j1, j2
                        in opcodes(gen, post) if tag != "equal")
            log.append("%s: %s: %s reproduced; by hand in this file: "
                       "+%d -%d lines" % (name, f, ", ".join(want), plus,
                                          minus))
    others = [f for f in patched_files(ptext) if f not in files]
    if (others or not generated_all) and not hand:
        log.append("%s: the patch changes more than the rules generate but "
                   "%s has no 'Written by hand:' paragraph"
                   % (name, attribution_file(args.patches, name)))
        ok = False
    return ok


def spatch_version():
    r = run(["spatch", "--version"])
    m = re.search(r"spatch version ([0-9.]+)", r.stdout)
    return m.group(1) if m else "unknown"


def main():
    o = os.environ.get("O") or os.path.join(ROOT, "build")
    ap = argparse.ArgumentParser(
        prog=PROG, description=__doc__.split("\n\n")[0],
        epilog="Exit status: 0 reproduced, 1 a check failed, 2 usage or "
        "input error.")
    ap.add_argument("--patches", default=os.path.join(ROOT, "patches"),
                    help="quilt patch directory (default: patches/)")
    ap.add_argument("--src", default=os.path.join(o, "stock", "src"),
                    help="pristine kernel tree, read only "
                    "(default: $O/stock/src)")
    ap.add_argument("--out", default=os.path.join(o, "cocci-regen"),
                    help="scratch directory (default: $O/cocci-regen)")
    ap.add_argument("--list", action="store_true",
                    help="only list the patches with an attribution")
    ap.add_argument("patch", nargs="*", help="patch names (default: all "
                    "attributed patches)")
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    args.patches = os.path.abspath(args.patches)
    args.src = os.path.abspath(args.src)

    try:
        names = kslim.series(args.patches)
    except OSError as e:
        die("cannot open '%s': %s" % (e.filename, e.strerror))
    try:
        attrs = attributions(args.patches, names)
    except InputError as e:
        die(str(e))
    except OSError as e:
        die("cannot open '%s': %s" % (e.filename, e.strerror))
    if args.list:
        for n in names:
            if n in attrs:
                print(n)
        return 0
    for p in args.patch:
        if p not in names:
            die("'%s' is not in %s/series" % (p, args.patches))
        if p not in attrs:
            die("'%s' has no attribution file '%s'"
                % (p, attribution_file(args.patches, p)))
    todo = args.patch or [n for n in names if n in attrs]
    if not os.path.isfile(os.path.join(args.src, "Makefile")):
        die("cannot open '%s': No such file or directory"
            % os.path.join(args.src, "Makefile"))
    for tool, pkg in (("spatch", "coccinelle"), ("patch", "patch")):
        if shutil.which(tool) is None:
            die("the external command '%s' is needed (Debian package %s)"
                % (tool, pkg))
    if os.path.realpath(args.out).startswith(os.path.realpath(args.src)
                                             + os.sep):
        die("scratch directory '%s' is inside the pristine tree" % args.out)

    # One tree, patched in series order; each attributed patch is checked
    # on the state just before it.
    tree = os.path.join(args.out, "tree")
    last = max(names.index(p) for p in todo)
    try:
        make_tree(args.src, args.patches, names, last, tree)
    except InputError as e:
        die(str(e))
    failed = 0
    for n in names[:last + 1]:
        if n not in todo:
            try:
                apply_patch(tree, os.path.join(args.patches, n))
            except InputError as e:
                die(str(e))
            continue
        log = []
        try:
            ok = check_patch(args, tree, n, attrs[n], log)
        except InputError as e:
            die(str(e))
        log.append("%s: %s" % ("ok" if ok else "FAILED", n))
        print("\n".join(log), flush=True)
        with open(os.path.join(args.out, re.sub(r"\.patch$", "", n),
                               "check.log"), "w") as fh:
            fh.write("\n".join(log) + "\n")
        failed += not ok
    if not failed:
        shutil.rmtree(tree, ignore_errors=True)
    print("%s: %d of %d patches reproduce their generated hunks"
          % (PROG, len(todo) - failed, len(todo)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

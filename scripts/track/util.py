# SPDX-License-Identifier: GPL-2.0
"""util - errors, progress lines and small helpers shared by kslim-track"""

import datetime
import hashlib
import os
import subprocess
import sys

import kslim

PROG = "kslim-track"


class TrackError(Exception):
    """A usage or input error: printed as 'kslim-track: error: ...', exit 2."""


# Where progress goes: stdout, or stderr when stdout carries --json.
PROGRESS = sys.stdout


def msg(tag, subject):
    """Kbuild-style progress line: '  BUILD   6.12.117 tiny'."""
    print("  {:<7} {}".format(tag, subject), file=PROGRESS, flush=True)


def warn(text):
    print("{}: warning: {}".format(PROG, text), file=sys.stderr, flush=True)


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def sha256_file(*paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def sha256_text(text):
    return hashlib.sha256(text.encode()).hexdigest()


def first_line(cmd):
    """First line of a command's output, "" when it cannot run."""
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True,
                             check=False).stdout
    except OSError:
        return ""
    return out.splitlines()[0].strip() if out.strip() else ""


def git(repo, *args, check=True):
    """Output of git -C repo ARGS, stripped; TrackError when it fails."""
    try:
        p = subprocess.run(["git", "-C", repo] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, check=False)
    except OSError:
        raise TrackError("the external command 'git' is needed but it could "
                         "not be found in PATH (Debian package git)")
    if check and p.returncode != 0:
        err = p.stderr.strip().splitlines()
        raise TrackError("git {} failed in '{}': {}".format(
            " ".join(args), repo, err[-1] if err else "exit %d" %
            p.returncode))
    return p.stdout.strip()


def kernelversion(srctree):
    """VERSION.PATCHLEVEL.SUBLEVEL from a tree's top Makefile."""
    try:
        return kslim.kernel_version(srctree)
    except OSError as e:
        raise TrackError("cannot open '{}': {}".format(e.filename,
                                                       e.strerror))


def kernelversion_text(text):
    """The same from the text of a top Makefile (git show REV:Makefile)."""
    return kslim.format_version(kslim.makefile_version(text))


def human(n):
    """Signed byte count for tables: +1,234."""
    return "{:+,}".format(n)

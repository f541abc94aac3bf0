# SPDX-License-Identifier: GPL-2.0
"""sources - name kernel versions, and get a read-only tree of each

A version is one of:

  tarball   PATH.tar.xz / .tar.gz / .tar.bz2 / .tar (Debian's
            linux-source-X.Y): unpacked once into
            $O/track/src/<name>/src, identity = path, size and mtime
  tree      an unpacked source directory, used in place and only read
            (Kbuild O=); identity = path plus ../src.id when there is one
            (scripts/ksrc.sh writes it) or the kernel version otherwise
  git       a revision of --git REPO: exported with `git archive` into
            $O/track/src/git-<sha12>/src; identity = the commit.  The
            user's repository and checkout are only read.

The identity (Source.key) is what the database remembers: a version
already built with the same config and toolchain is not built again.
"""

import os
import shutil
import subprocess

from .util import TrackError, git, kernelversion, kernelversion_text, msg

TAR_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tar")


class Source:
    def __init__(self, kind, location, key, label, kernelversion_=None,
                 rev=None, commit=None, commit_date=None, tree=None):
        self.kind = kind
        self.location = location
        self.key = key
        self.label = label
        self.kernelversion = kernelversion_
        self.rev = rev
        self.commit = commit
        self.commit_date = commit_date
        self.tree = tree        # the source directory, once materialized

    def __repr__(self):
        return "Source({!r})".format(self.key)


def resolve(spec, repo=None):
    """Turn a command-line version into a Source (nothing unpacked yet)."""
    if spec.endswith(TAR_SUFFIXES):
        path = os.path.abspath(spec)
        try:
            st = os.stat(path)
        except OSError as e:
            raise TrackError("cannot open '{}': {}".format(spec, e.strerror))
        name = os.path.basename(path)
        for suf in TAR_SUFFIXES:
            if name.endswith(suf):
                name = name[:-len(suf)]
                break
        key = "tarball:{}:{}:{}".format(path, st.st_size, int(st.st_mtime))
        src = Source("tarball", path, key, name)
        src.dirname = name      # the label becomes the version once known
        return src
    if repo is None or os.path.isdir(spec):
        if not os.path.isdir(spec):
            raise TrackError("cannot open '{}': No such file or directory "
                             "(a version is a tarball, a source tree, or a "
                             "revision with --git REPO)".format(spec))
        path = os.path.abspath(spec)
        if not os.path.isfile(os.path.join(path, "Makefile")):
            raise TrackError("'{}' is not a kernel source tree (no "
                             "Makefile)".format(spec))
        kv = kernelversion(path)
        ident = kv
        srcid = os.path.join(os.path.dirname(path), "src.id")
        if os.path.isfile(srcid):
            with open(srcid) as f:
                ident = f.read().strip()
        key = "tree:{}:{}".format(path, ident)
        return Source("tree", path, key, kv, kv, tree=path)
    commit = git(repo, "rev-parse", "--verify", "--quiet",
                 spec + "^{commit}", check=False)
    if not commit:
        raise TrackError("'{}' is not a revision of '{}'".format(spec, repo))
    date = git(repo, "log", "-1", "--format=%cI", commit)
    kv = kernelversion_text(git(repo, "show", commit + ":Makefile",
                                check=False)[:4096])
    return Source("git", os.path.abspath(repo), "git:" + commit, spec, kv,
                  rev=spec, commit=commit, commit_date=date)


def materialize(src, workdir):
    """Make src.tree a source directory; unpack or export when needed."""
    if src.kind == "tree":
        src.kernelversion = kernelversion(src.tree)
        return src.tree
    if src.kind == "tarball":
        base = os.path.join(workdir, "src", src.dirname)
    else:
        base = os.path.join(workdir, "src", "git-" + src.commit[:12])
    tree = os.path.join(base, "src")
    idfile = os.path.join(base, "src.id")
    have = None
    if os.path.isfile(idfile):
        with open(idfile) as f:
            have = f.read().strip()
    if have != src.key or not os.path.isdir(tree):
        _refill(src, base, tree)
        with open(idfile, "w") as f:
            f.write(src.key + "\n")
    src.tree = tree
    src.kernelversion = kernelversion(tree)
    if src.kind == "tarball":
        src.label = src.kernelversion
    return tree


def _make_writable(path):
    for dirpath, dirnames, _ in os.walk(path):
        os.chmod(dirpath, 0o755)


def _refill(src, base, tree):
    tmp = tree + ".tmp"
    for p in (tree, tmp):
        if os.path.isdir(p):
            _make_writable(p)
            shutil.rmtree(p)
    os.makedirs(tmp)
    if src.kind == "tarball":
        msg("UNPACK", "{} -> {}".format(src.location, tree))
        # tar(1) is several times faster than tarfile on a kernel tarball
        # and strips the top-level folder for us.
        rc = subprocess.run(["tar", "-xf", src.location, "-C", tmp,
                             "--strip-components=1"]).returncode
        if rc != 0:
            raise TrackError("cannot unpack '{}' (tar exit {})".format(
                src.location, rc))
    else:
        msg("EXPORT", "{} {} -> {}".format(src.location, src.rev, tree))
        archive = subprocess.Popen(
            ["git", "-C", src.location, "archive", "--format=tar",
             src.commit], stdout=subprocess.PIPE)
        untar = subprocess.run(["tar", "-xf", "-", "-C", tmp],
                               stdin=archive.stdout)
        archive.stdout.close()
        if archive.wait() != 0 or untar.returncode != 0:
            raise TrackError("git archive {} failed in '{}'".format(
                src.commit, src.location))
    # Read-only, as every pristine tree kslim builds from.
    for dirpath, dirnames, filenames in os.walk(tmp):
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode & 0o555)
    for dirpath, dirnames, _ in os.walk(tmp, topdown=False):
        os.chmod(dirpath, 0o555)
    os.chmod(tmp, 0o755)
    os.rename(tmp, tree)
    os.chmod(tree, 0o555)

# SPDX-License-Identifier: GPL-2.0
"""bisect - find the commit that grew vmlinux past a threshold

size-bisect GOOD BAD THRESHOLD: vmlinux's resident size at GOOD is the
baseline; a commit is "bad" when its resident size exceeds baseline +
THRESHOLD.  `git bisect run` then finds the first bad commit, assuming
the size grows monotonically enough between GOOD and BAD (a commit that
grows and a later one that shrinks back can hide each other, as with any
bisection).  A commit that does not build is skipped (exit 125).

Everything happens in a detached worktree of the repository under
$O/track/bisect/ (git worktree add --detach; bisect state is per worktree),
so the user's checkout and its bisect state are never touched; the
worktree is removed at the end.  Every measured commit is stored in the
database like a sweep's build, so a second bisection over the same range
builds nothing.
"""

import os
import re
import shutil
import subprocess
import sys

from . import builder, db, sources, sweep, util
from .util import TrackError, git, msg

# git bisect run: 0 good, 1..124 bad, 125 skip, >127 abort
GOOD, BAD, SKIP, ABORT = 0, 1, 125, 255


def measure_checkout(conn, opts, repo, tree, cfg):
    """Resident size of the commit checked out in tree (None: no build);
    from the database when that commit was built before."""
    cc, ld = builder.toolchain()
    tc = db.toolchain_id(conn, cc, ld)
    conn.commit()
    bid = builder.builder_id(opts.build_cmd)
    cname, frag, files = cfg
    chash = sweep.sha256_file(*files)
    commit = git(tree, "rev-parse", "HEAD")
    src = sources.resolve(commit, repo)
    src.label = git(repo, "describe", "--tags", "--always", commit)
    src.tree = tree
    sid = sweep.known_source(conn, src)
    row = db.find_build(conn, sid, cname, chash, tc, bid) \
        if sid is not None else None
    what = "{} {}".format(src.label, cname)
    if row is None or row["status"] == "running" or \
            (row["status"] == "failed" and
             getattr(opts, "retry_failed", False)):
        obj = os.path.join(opts.workdir, "bisect", "obj", cname)
        if not sweep.build_one(conn, opts, src, tree, obj,
                               (cname, frag, chash), (tc, bid), row, what):
            return commit, None
        row = db.find_build(conn, sweep.known_source(conn, src), cname,
                            chash, tc, bid)
    elif row["status"] == "failed":
        msg("FAILED", "{} (recorded: {})".format(what, row["error"]))
        return commit, None
    else:
        msg("CACHED", what)
    size = conn.execute("SELECT resident FROM totals WHERE build_id = ?",
                        (row["id"],)).fetchone()[0]
    return commit, size


def step(conn, opts, cfg, baseline, threshold):
    """One `git bisect run` step in the current directory; exit status."""
    try:
        tree = git(".", "rev-parse", "--show-toplevel")
        repo = opts.git or tree
        commit, size = measure_checkout(conn, opts, repo, tree, cfg)
    except Exception as e:      # anything else than good/bad/skip aborts
        print("kslim-track: error: {}".format(e), file=sys.stderr)
        return ABORT
    if size is None:
        return SKIP
    grew = size - baseline
    verdict = BAD if grew > threshold else GOOD
    msg("BISECT", "{} vmlinux {:,} ({:+,} over good, threshold {:,}): {}"
        .format(commit[:12], size, grew, threshold,
                "bad" if verdict == BAD else "good"))
    return verdict


def _remove_worktree(repo, wt):
    if os.path.isdir(wt):
        git(repo, "worktree", "remove", "--force", wt, check=False)
        shutil.rmtree(wt, ignore_errors=True)
    git(repo, "worktree", "prune", check=False)


def size_bisect(conn, opts, argv0, repo, good, bad, threshold, cfg):
    """Returns (exit code, result dict)."""
    repo = git(repo, "rev-parse", "--show-toplevel")
    g = sources.resolve(good, repo).commit
    b = sources.resolve(bad, repo).commit
    if subprocess.run(["git", "-C", repo, "merge-base", "--is-ancestor",
                       g, b]).returncode != 0:
        raise TrackError("'{}' is not an ancestor of '{}'".format(good, bad))
    builder.check_footprint(opts.footprint)
    wt = os.path.join(opts.workdir, "bisect", "worktree")
    os.makedirs(os.path.dirname(wt), exist_ok=True)
    _remove_worktree(repo, wt)
    git(repo, "worktree", "add", "--detach", wt, g)
    try:
        _, base = measure_checkout(conn, opts, repo, wt, cfg)
        if base is None:
            raise TrackError("the good revision '{}' does not build".format(
                good))
        git(wt, "checkout", "-q", "--detach", b)
        _, top = measure_checkout(conn, opts, repo, wt, cfg)
        if top is None:
            raise TrackError("the bad revision '{}' does not build".format(
                bad))
        res = {"good": g, "bad": b, "good_resident": base,
               "bad_resident": top, "threshold": threshold, "commit": None}
        if top - base <= threshold:
            msg("BISECT", "{} grew vmlinux by {:+,} bytes over {}: not more "
                "than {:,}, nothing to bisect".format(bad, top - base, good,
                                                      threshold))
            return 1, res
        conn.commit()       # the steps write to the database too
        git(wt, "bisect", "start", b, g)
        cmd = [sys.executable, argv0, "--git", repo, "--db", opts.db,
               "--workdir",
               opts.workdir, "--footprint", opts.footprint, "-j",
               str(opts.jobs), "--configs-dir", opts.configs_dir]
        if opts.build_cmd is not None:
            cmd += ["--build-cmd", opts.build_cmd]
        if opts.quiet:
            cmd.append("--quiet")
        cmd += ["bisect-step", "--config", cfg[1], "--baseline", str(base),
                "--threshold", str(threshold)]
        msg("BISECT", "git bisect run {} ({} commits)".format(
            " ".join(cmd[-7:]), git(repo, "rev-list", "--count",
                                    "{}..{}".format(g, b))))
        rc = subprocess.run(["git", "-C", wt, "bisect", "run"] + cmd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
        out = rc.stdout
        with open(os.path.join(opts.workdir, "bisect", "bisect.log"),
                  "w") as f:
            f.write(out)
        util.PROGRESS.write("".join(l + "\n" for l in out.splitlines()
                                 if re.match(r"  [A-Z]+ ", l)))
        first = git(wt, "rev-parse", "--verify", "--quiet", "refs/bisect/bad",
                    check=False)
        if rc.returncode != 0 or not first or "is the first bad commit" \
                not in out:
            tail = "\n".join(out.splitlines()[-15:])
            git(wt, "bisect", "reset", check=False)
            raise TrackError("git bisect run did not name a first bad "
                             "commit:\n" + tail)
        res["commit"] = first
        res["subject"] = git(repo, "log", "-1", "--format=%s", first)
        res["author"] = git(repo, "log", "-1", "--format=%an <%ae>", first)
        res["bisect_log"] = git(wt, "bisect", "log")
        res["resident"] = _stored_size(conn, first, cfg)
        res["parent_resident"] = _stored_size(conn, first + "^", cfg, repo)
        git(wt, "bisect", "reset", check=False)
        # Every verdict came from a measurement stored in the database:
        # check the answer against it rather than trust the exit codes.
        if res["resident"] is None or res["resident"] - base <= threshold:
            raise TrackError("git bisect named {} but its measured size "
                             "does not exceed the threshold; log: {}".format(
                                 first[:12], os.path.join(
                                     opts.workdir, "bisect", "bisect.log")))
        return 0, res
    finally:
        _remove_worktree(repo, wt)


def _stored_size(conn, rev, cfg, repo=None):
    commit = git(repo, "rev-parse", rev) if repo else rev
    r = conn.execute(
        "SELECT t.resident FROM totals t JOIN build b ON b.id = t.build_id "
        "JOIN source s ON s.id = b.source_id WHERE s.key = ? AND "
        "b.config_name = ? AND b.status = 'ok' ORDER BY b.id DESC LIMIT 1",
        ("git:" + commit, cfg[0])).fetchone()
    return r[0] if r else None

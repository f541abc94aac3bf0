# SPDX-License-Identifier: GPL-2.0
"""creep - what grew between two consecutive builds of the same config

For each pair (old, new) of a series:

  proper / modules   resident bytes of vmlinux and of all modules, their
                     deltas, and the share of the growth that went into the
                     kernel proper: d_proper / (d_proper + d_modules) when
                     the sum grew, else None (nothing to share)
  growers            top rows by resident delta for Kconfig options,
                     directories, objects (footprint's rollups) and symbols
                     (sizes summed per name, as bloat-o-meter does)
  new_bools          options =y in new that old's Kconfig does not define,
                     of type bool with a prompt, with the heuristic verdict
                     of options.py and the bytes footprint puts on them
  attribution        with git sources: for each top growing object, the
                     commits old..new that touched its source files
"""

import os

from . import options
from .util import git

TOP = 10


def top_dir(obj):
    """First path component of an object, arch/<arch> kept together."""
    parts = obj.split("/")
    if len(parts) > 2 and parts[0] == "arch":
        return "arch/" + parts[1]
    return parts[0] if len(parts) > 1 else "(top)"


def subsystems(conn, build_id):
    """{top-level dir: resident bytes} for a build, plus the unattributed
    rest, so the values add up to the resident size exactly."""
    out = {}
    for r in conn.execute("SELECT name, total FROM breakdown WHERE "
                          "build_id = ? AND kind = 'object'", (build_id,)):
        d = top_dir(r["name"])
        out[d] = out.get(d, 0) + r["total"]
    un = conn.execute("SELECT unattributed FROM totals WHERE build_id = ?",
                      (build_id,)).fetchone()[0]
    if un:
        out["(unattributed)"] = un
    return out


def _rows(conn, build_id, kind):
    return {r["name"]: r["total"] for r in conn.execute(
        "SELECT name, total FROM breakdown WHERE build_id = ? AND kind = ?",
        (build_id, kind))}


def _symbols(conn, build_id):
    out = {}
    for r in conn.execute("SELECT name, size, object FROM symbol WHERE "
                          "build_id = ?", (build_id,)):
        e = out.setdefault(r["name"], [0, r["object"]])
        e[0] += r["size"]
    return out


def _deltas(old, new, top):
    keys = set(old) | set(new)
    rows = [(k, old.get(k, 0), new.get(k, 0)) for k in keys]
    rows = [r for r in rows if r[2] - r[1] > 0]
    rows.sort(key=lambda r: (-(r[2] - r[1]), r[0]))
    return [{"name": k, "old": o, "new": n, "delta": n - o}
            for k, o, n in rows[:top]]


def totals(conn, build_id):
    return conn.execute("SELECT * FROM totals WHERE build_id = ?",
                        (build_id,)).fetchone()


def pair(conn, old, new, top=TOP, attribute=True):
    to, tn = totals(conn, old["id"]), totals(conn, new["id"])
    dp = tn["resident"] - to["resident"]
    dm = tn["mod_resident"] - to["mod_resident"]
    grown = dp + dm
    res = {"old": old["label"], "new": new["label"],
           "old_build": old["id"], "new_build": new["id"],
           "proper": {"old": to["resident"], "new": tn["resident"],
                      "delta": dp},
           "modules": {"old": to["mod_resident"], "new": tn["mod_resident"],
                       "delta": dm, "old_count": to["modules"],
                       "new_count": tn["modules"]},
           "proper_share": round(dp / grown, 4) if grown > 0 else None,
           "growers": {}}
    for kind in ("config", "dir", "object"):
        res["growers"][kind] = _deltas(_rows(conn, old["id"], kind),
                                       _rows(conn, new["id"], kind), top)
    so, sn = _symbols(conn, old["id"]), _symbols(conn, new["id"])
    syms = _deltas({k: v[0] for k, v in so.items()},
                   {k: v[0] for k, v in sn.items()}, top)
    for s in syms:
        s["object"] = sn.get(s["name"], [0, None])[1]
    res["growers"]["symbol"] = syms
    res["new_bools"], res["new_bools_note"] = new_bools(conn, old, new)
    res["attribution"] = attribution(old, new, res["growers"]["object"]) \
        if attribute else []
    return res


def new_bools(conn, old, new):
    n_old = conn.execute("SELECT count(*) FROM option WHERE build_id = ?",
                         (old["id"],)).fetchone()[0]
    if n_old == 0:
        return [], "the Kconfig of {} was not analysed".format(old["label"])
    sizes = _rows(conn, new["id"], "config")
    rows = conn.execute(
        "SELECT name, objects, modular_ok, reason FROM option n "
        "WHERE build_id = ? AND type = 'bool' AND value = 'y' AND "
        "has_prompt AND NOT EXISTS (SELECT 1 FROM option o WHERE "
        "o.build_id = ? AND o.name = n.name) ORDER BY name",
        (new["id"], old["id"])).fetchall()
    out = [{"name": "CONFIG_" + r["name"], "objects": r["objects"],
            "could_be_tristate": bool(r["modular_ok"]),
            "reason": r["reason"],
            "bytes": sizes.get("CONFIG_" + r["name"], 0)} for r in rows]
    out.sort(key=lambda r: (not r["could_be_tristate"], -r["bytes"],
                            r["name"]))
    return out, None


def _object_files(repo, commit, tree, obj):
    """Source files of an object at commit, repository-relative."""
    if tree and os.path.isdir(tree):
        gates, composite = options.scan_makefiles_cached(tree)
        files = options._sources(tree, obj, composite)
        if files:
            return files
    stem = obj[:-2] if obj.endswith(".o") else obj
    listed = git(repo, "ls-tree", "-r", "--name-only", commit, "--",
                 stem + ".c", stem + ".S", stem + ".rs").splitlines()
    return listed


def attribution(old, new, objects):
    """Commits old..new touching each growing object's sources."""
    if old["kind"] != "git" or new["kind"] != "git" or \
            old["location"] != new["location"]:
        return []
    repo = old["location"]
    # objtree is WORKDIR/obj/<version>/<config>; sources.py exports the
    # commit to WORKDIR/src/git-<sha12>/src
    workdir = os.path.dirname(os.path.dirname(os.path.dirname(
        new["objtree"])))
    tree = os.path.join(workdir, "src", "git-" + new["git_commit"][:12],
                        "src")
    out = []
    for o in objects:
        files = _object_files(repo, new["git_commit"], tree, o["name"])
        commits = []
        if files:
            log = git(repo, "log", "--numstat", "--no-renames",
                      "--format=%x00%H%x1f%s%x1f%an <%ae>%x1f%cI",
                      "{}..{}".format(old["git_commit"], new["git_commit"]),
                      "--", *files)
            for chunk in log.split("\0")[1:]:
                head, _, stat = chunk.partition("\n")
                sha, subject, author, date = head.split("\x1f")
                add = dele = 0
                for line in stat.splitlines():
                    f = line.split("\t")
                    if len(f) == 3:
                        add += int(f[0]) if f[0].isdigit() else 0
                        dele += int(f[1]) if f[1].isdigit() else 0
                commits.append({"commit": sha, "subject": subject,
                                "author": author, "date": date,
                                "added": add, "deleted": dele})
        out.append({"object": o["name"], "delta": o["delta"],
                    "files": files, "commits": commits})
    return out

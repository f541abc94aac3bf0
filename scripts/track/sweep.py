# SPDX-License-Identifier: GPL-2.0
"""sweep - build and measure every version x config not yet in the database

A build row is written as 'running' before the build starts and turned
into 'ok' (with all measurements, in one transaction) or 'failed' (with
the error and the log's tail) after.  So an interrupted sweep leaves a
'running' row, which the next sweep builds again (Kbuild's incremental
build makes that cheap), 'ok' rows are never rebuilt, and 'failed' rows
are retried only with --retry-failed.
"""

import os
import re
import time
import traceback

from . import builder, db, sources
from .util import TrackError, msg, now, sha256_file, sha256_text, warn


def config_files(configs_dir, name):
    """(fragment, [files hashed]) for configs/NAME.config (+ NAME.keep)."""
    if os.sep in name or name.endswith(".config"):
        frag = os.path.abspath(name)
    else:
        frag = os.path.join(configs_dir, name + ".config")
    if not os.path.isfile(frag):
        raise TrackError("cannot open config fragment '{}': No such file "
                         "or directory".format(frag))
    files = [frag]
    keep = frag[:-len(".config")] + ".keep"
    if frag.endswith(".config") and os.path.isfile(keep):
        files.append(keep)
    return frag, files


def config_label(name):
    base = os.path.basename(name)
    return base[:-len(".config")] if base.endswith(".config") else base


def slug(text):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def objtree_for(workdir, src, config):
    ident = src.commit[:12] if src.commit else sha256_text(src.key)[:8]
    return os.path.join(workdir, "obj", "{}-{}".format(slug(src.label), ident),
                        config)


def store(conn, build_id, m):
    fp = m["footprint"]
    t = fp["totals"]
    objs = fp.get("objects", [])
    unattr = t["resident"] - sum(o["total"] for o in objs)
    mods = m["modules"]
    ms = {k: sum(x[k] for x in mods) for k in
          ("text", "rodata", "data", "bss", "init", "total")}
    conn.execute(
        "INSERT OR REPLACE INTO totals VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (build_id, fp.get("arch"), t["text"], t["rodata"], t["data"],
         t["bss"], t.get("init"), t.get("padding"), t["resident"], unattr,
         len(mods), ms["text"], ms["rodata"], ms["data"], ms["bss"],
         ms["init"], ms["total"], t.get("kept")))
    for table in ("breakdown", "symbol", "module", "absent_option", "option"):
        conn.execute("DELETE FROM {} WHERE build_id = ?".format(table),
                     (build_id,))
    for kind, key in (("dir", "dirs"), ("config", "configs"),
                      ("object", "objects")):
        conn.executemany(
            "INSERT OR REPLACE INTO breakdown VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(build_id, kind, r["name"], r.get("text"), r.get("rodata"),
              r.get("data"), r.get("bss"), r.get("init"), r["total"])
             for r in fp.get(key, [])])
    conn.executemany(
        "INSERT INTO symbol VALUES (?, ?, ?, ?, ?)",
        [(build_id, s["name"], s["size"], s.get("class") or "",
          s.get("object")) for s in fp.get("symbols", [])])
    conn.executemany(
        "INSERT INTO module VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(build_id, x["name"], x["text"], x["rodata"], x["data"], x["bss"],
          x["init"], x["total"]) for x in mods])
    conn.executemany("INSERT OR IGNORE INTO absent_option VALUES (?, ?)",
                     [(build_id, n) for n in m["absent"]])
    conn.executemany(
        "INSERT OR REPLACE INTO option VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(build_id, o["name"], o["type"], o["value"], o["has_prompt"],
          o["objects"], o["modular_ok"], o["reason"])
         for o in m["options"]])


def known_source(conn, src):
    """The source's id when the database has it; its label and version
    then come from there (a tarball's are only known once unpacked)."""
    r = conn.execute("SELECT id, label, kernelversion FROM source WHERE "
                     "key = ?", (src.key,)).fetchone()
    if r is None:
        return None
    if src.kind != "git":
        src.label, src.kernelversion = r["label"], r["kernelversion"]
    return r["id"]


def build_one(conn, opts, src, tree, obj, cfg, ids, row, what):
    """Build src (its tree at tree) into obj and store the measurements.
    cfg = (name, fragment, hash), ids = (toolchain id, builder id), row =
    the existing build row or None.  True when it built."""
    cname, frag, chash = cfg
    tc, bid = ids
    sid = db.upsert_source(conn, src)
    if row is None:
        cur = conn.execute(
            "INSERT INTO build (source_id, config_name, config_hash,"
            " toolchain_id, builder, status, started, objtree) "
            "VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
            (sid, cname, chash, tc, bid, now(), obj))
        build_id = cur.lastrowid
    else:
        build_id = row["id"]
        if row["status"] == "running":
            msg("RESUME", "{} (interrupted sweep)".format(what))
        conn.execute(
            "UPDATE build SET status = 'running', started = ?, "
            "finished = NULL, error = NULL, log = NULL, objtree = ? "
            "WHERE id = ?", (now(), obj, build_id))
    conn.commit()
    msg("TRACK", "{} -> {}".format(what, obj))
    t0 = time.time()
    try:
        builder.build(opts.root, tree, obj, frag, cname, opts.build_cmd,
                      opts.jobs, opts.quiet)
        with open(frag) as f:
            m = builder.measure(opts.footprint, tree, obj, f.read())
    except TrackError:
        # The environment, not this version (the footprint tool went
        # away...): stop; the row stays 'running' and the next sweep
        # resumes it.
        raise
    except Exception as e:      # BuildFailed, or a bug while measuring
        if not isinstance(e, builder.BuildFailed):
            e = builder.BuildFailed(
                "measuring failed: {}: {}".format(type(e).__name__, e),
                traceback.format_exc())
        conn.execute(
            "UPDATE build SET status = 'failed', finished = ?, "
            "seconds = ?, error = ?, log = ? WHERE id = ?",
            (now(), time.time() - t0, e.error, e.log, build_id))
        conn.commit()
        warn("{}: {}".format(what, e.error))
        return False
    with conn:
        store(conn, build_id, m)
        conn.execute(
            "UPDATE build SET status = 'ok', finished = ?, "
            "seconds = ? WHERE id = ?", (now(), time.time() - t0, build_id))
    for a in m["absent"]:
        msg("ABSENT", "{}: {} does not exist in {}".format(
            cname, a, src.label))
    return True


def sweep(conn, opts, specs, repo, configs):
    """Build what is missing; returns (built, cached, failed) counts."""
    builder.check_footprint(opts.footprint)
    cc, ld = builder.toolchain()
    tc = db.toolchain_id(conn, cc, ld)
    conn.commit()
    bid = builder.builder_id(opts.build_cmd)
    todo = []
    for spec in specs:
        todo.append(sources.resolve(spec, repo))
    frags = [(config_label(c),) + config_files(opts.configs_dir, c)
             for c in configs]
    counts = {"built": 0, "cached": 0, "failed": 0}
    total = len(todo) * len(frags)
    n = 0
    for src in todo:
        for cname, frag, files in frags:
            n += 1
            chash = sha256_file(*files)
            sid = known_source(conn, src)
            row = None
            if sid is not None:
                row = db.find_build(conn, sid, cname, chash, tc, bid)
            what = "{} {} [{}/{}]".format(src.label, cname, n, total)
            if row is not None and row["status"] == "ok":
                msg("CACHED", what)
                counts["cached"] += 1
                continue
            if row is not None and row["status"] == "failed" and \
                    not opts.retry_failed:
                msg("FAILED", "{} (recorded {}: {}; --retry-failed to "
                    "build again)".format(what, row["finished"],
                                          row["error"]))
                counts["failed"] += 1
                continue
            tree = sources.materialize(src, opts.workdir)
            obj = objtree_for(opts.workdir, src, cname)
            if build_one(conn, opts, src, tree, obj, (cname, frag, chash),
                         (tc, bid), row, what):
                counts["built"] += 1
            else:
                counts["failed"] += 1
    return counts

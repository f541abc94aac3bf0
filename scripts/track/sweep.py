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

from . import builder, db, sources
from .util import TrackError, msg, now, sha256_file, warn


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
    ident = src.commit[:12] if src.commit else \
        sha256_file_key(src.key)[:8]
    return os.path.join(workdir, "obj", "{}-{}".format(slug(src.label), ident),
                        config)


def sha256_file_key(key):
    import hashlib
    return hashlib.sha256(key.encode()).hexdigest()


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
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (build_id, fp.get("arch"), t["text"], t["rodata"], t["data"],
         t["bss"], t.get("init"), t.get("padding"), t["resident"], unattr,
         len(mods), ms["text"], ms["rodata"], ms["data"], ms["bss"],
         ms["init"], ms["total"]))
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


def sweep(conn, opts, specs, repo, configs):
    """Build what is missing; returns (built, cached, failed) counts."""
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
            sid = db.upsert_source(conn, src)
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
            sid = db.upsert_source(conn, src)   # label/version now known
            obj = objtree_for(opts.workdir, src, cname)
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
                builder.build(opts.root, tree, obj, frag, cname,
                              opts.build_cmd, opts.jobs, opts.quiet)
                with open(frag) as f:
                    m = builder.measure(opts.footprint, tree, obj, f.read())
            except builder.BuildFailed as e:
                conn.execute(
                    "UPDATE build SET status = 'failed', finished = ?, "
                    "seconds = ?, error = ?, log = ? WHERE id = ?",
                    (now(), time.time() - t0, e.error, e.log, build_id))
                conn.commit()
                warn("{}: {}".format(what, e.error))
                counts["failed"] += 1
                continue
            with conn:
                store(conn, build_id, m)
                conn.execute(
                    "UPDATE build SET status = 'ok', finished = ?, "
                    "seconds = ? WHERE id = ?",
                    (now(), time.time() - t0, build_id))
            for a in m["absent"]:
                msg("ABSENT", "{}: {} does not exist in {}".format(
                    cname, a, src.label))
            counts["built"] += 1
    return counts

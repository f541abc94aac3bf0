# SPDX-License-Identifier: GPL-2.0
"""summary - series and bloat creep from the database: text, JSON, HTML

The report reads the database only: it builds nothing.  A series is the
successful builds of one config, in the order the versions were named (or
by kernel version and commit date when none were named).
"""

import json
import os

from . import creep, db, htmlreport, sources
from .util import TrackError, human, warn


def collect(conn, configs, specs=None, repo=None, top=creep.TOP,
            attribute=True):
    keys = None
    if specs:
        keys = [sources.resolve(s, repo).key for s in specs]
    out = {"schema": db.SCHEMA_VERSION, "configs": []}
    for cfg in configs:
        builds = db.builds_for(conn, cfg, keys)
        if keys is not None and len(builds) < len(keys):
            have = {b["key"] for b in builds}
            for spec, k in zip(specs, keys):
                if k not in have:
                    warn("{}: no successful build of '{}' in the database "
                         "(run kslim-track sweep)".format(cfg, spec))
        series = []
        for b in builds:
            t = creep.totals(conn, b["id"])
            tc = conn.execute("SELECT cc, ld FROM toolchain WHERE id = ?",
                              (b["toolchain_id"],)).fetchone()
            series.append({
                "label": b["label"], "kernelversion": b["kernelversion"],
                "commit": b["git_commit"], "build": b["id"],
                "date": b["finished"], "seconds": b["seconds"],
                "toolchain": "{}; {}".format(tc["cc"], tc["ld"]),
                "text": t["text"], "rodata": t["rodata"], "data": t["data"],
                "bss": t["bss"], "init": t["init"],
                "resident": t["resident"], "kept": t["kept"],
                "unattributed": t["unattributed"],
                "modules": t["mod_resident"], "module_count": t["modules"],
                "subsystems": creep.subsystems(conn, b["id"]),
                "absent": [r[0] for r in conn.execute(
                    "SELECT name FROM absent_option WHERE build_id = ? "
                    "ORDER BY name", (b["id"],))]})
        pairs = [creep.pair(conn, a, b, top, attribute)
                 for a, b in zip(builds, builds[1:])]
        failed = [dict(label=r["label"], error=r["error"], log=r["log"],
                       finished=r["finished"])
                  for r in conn.execute(
                      "SELECT s.label, b.error, b.log, b.finished FROM build b"
                      " JOIN source s ON s.id = b.source_id WHERE "
                      "b.config_name = ? AND b.status = 'failed' ORDER BY "
                      "b.id", (cfg,))]
        out["configs"].append({"name": cfg, "series": series,
                               "pairs": pairs, "failed": failed})
    return out


def configs_in_db(conn):
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT config_name FROM build ORDER BY config_name")]


def pct(delta, base):
    return "{:+.2f}%".format(100.0 * delta / base) if base else "n/a"


def text(data):
    lines = []
    for c in data["configs"]:
        s = c["series"]
        lines.append("{}: {} versions measured, {} failed".format(
            c["name"], len(s), len(c["failed"])))
        if s:
            lines.append("  {:<24} {:>12} {:>12} {:>12} {:>8}".format(
                "version", "vmlinux", "kept", "modules", "(.ko)"))
        for v in s:
            lines.append("  {:<24} {:>12,} {:>12} {:>12,} {:>8}".format(
                v["label"], v["resident"],
                "-" if v["kept"] is None else "{:,}".format(v["kept"]),
                v["modules"], v["module_count"]))
            if v["absent"]:
                lines.append("    absent in this version: " +
                             " ".join(v["absent"]))
        for p in c["pairs"]:
            pr, mo = p["proper"], p["modules"]
            share = "" if p["proper_share"] is None else \
                "; {:.0%} of the growth went into vmlinux".format(
                    p["proper_share"])
            lines.append("{} -> {}: vmlinux Before={:,}, After={:,}, chg {} "
                         "({}); modules chg {}{}".format(
                             p["old"], p["new"], pr["old"], pr["new"],
                             human(pr["delta"]), pct(pr["delta"], pr["old"]),
                             human(mo["delta"]), share))
            for kind, title in (("config", "options"), ("dir", "dirs"),
                                ("object", "objects"),
                                ("symbol", "symbols")):
                rows = p["growers"][kind][:5]
                if rows:
                    lines.append("  top {}: ".format(title) + ", ".join(
                        "{} {}".format(r["name"], human(r["delta"]))
                        for r in rows))
            cands = [b for b in p["new_bools"] if b["could_be_tristate"]]
            if cands:
                lines.append("  new bool options that could be tristate: " +
                             ", ".join("{} ({:,} bytes)".format(
                                 b["name"], b["bytes"]) for b in cands))
            for a in p["attribution"]:
                for cm in a["commits"][:3]:
                    lines.append("  {} {}: {} {} (+{}/-{})".format(
                        a["object"], human(a["delta"]), cm["commit"][:12],
                        cm["subject"], cm["added"], cm["deleted"]))
        for f in c["failed"]:
            lines.append("  FAILED {}: {}".format(f["label"], f["error"]))
    return "\n".join(lines) + "\n"


def write(conn, data, outdir):
    """JSON, plots and index.html into outdir (one folder, opens offline)."""
    from . import plot
    os.makedirs(outdir, exist_ok=True)
    for c in data["configs"]:
        c["plot"] = None
        if c["series"]:
            base = "resident-{}".format(c["name"])
            plot.plot(c["series"], c["name"],
                      os.path.join(outdir, base + ".svg"),
                      os.path.join(outdir, base + ".png"))
            c["plot"] = {"svg": base + ".svg", "png": base + ".png"}
    with open(os.path.join(outdir, "report.json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(outdir, "report.txt"), "w") as f:
        f.write(text(data))
    page = htmlreport.render(data, outdir)
    with open(os.path.join(outdir, "index.html"), "w") as f:
        f.write(page)
    return os.path.join(outdir, "index.html")


def need_builds(data):
    if not any(c["series"] or c["failed"] for c in data["configs"]):
        raise TrackError("the database has no build of the requested "
                         "configs and versions (run kslim-track sweep)")

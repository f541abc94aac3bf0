# SPDX-License-Identifier: GPL-2.0
"""cli - kslim-track's command line (see scripts/kslim-track --help)"""

import argparse
import json
import os
import sys

from . import bisect, db, summary, sweep, util
from .util import PROG, TrackError

DESCRIPTION = """\
Track the size of the kernel proper (vmlinux, everything that can be a
module built as one) over a history of kernel versions, and find what
made it grow.

A VERSION is a kernel tarball (Debian's linux-source-X.Y), an unpacked
source tree, or, with --git REPO, a tag or commit of that repository
(exported with `git archive`; the repository is only read)."""

EPILOG = """\
commands:
  sweep        build and measure every VERSION x --config not yet in the
               database (an interrupted sweep resumes; failed builds are
               recorded with their log and skipped until --retry-failed)
  report       text summary, and with --out the HTML report, plots
               (SVG, PNG) and JSON of the series and of the bloat creep
               between consecutive versions
  size-bisect  find the first commit between --good and --bad that grew
               vmlinux by more than --threshold bytes (git bisect run in a
               worktree under the work folder)
  list         the builds in the database

exit status:
  0  success
  1  a build failed (sweep), nothing to bisect or no first bad commit
  2  usage or input error

Documentation/bloat-tracker.rst has the database schema and the build
command contract (--build-cmd)."""


def _root():
    return os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))


def default_versions(out):
    """Debian's 6.1 and 6.12: the 6.12 tree kslim already unpacked when it
    is the tarball's, else the tarball itself."""
    t61 = "/usr/src/linux-source-6.1.tar.xz"
    t612 = "/usr/src/linux-source-6.12.tar.xz"
    stock = os.path.join(out, "stock", "src")
    idfile = os.path.join(out, "stock", "src.id")
    v612 = t612
    try:
        with open(idfile) as f:
            if f.read().startswith("tarball " + t612 + " ") and \
                    os.path.isdir(stock):
                v612 = stock
    except OSError:
        pass
    return [t61, v612]


def parser():
    root = _root()
    out = os.path.abspath(os.environ.get("O") or os.path.join(root, "build"))
    work = os.path.join(out, "track")
    p = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default=os.path.join(work, "kslim-track.db"),
                   help="database file (default: $O/track/kslim-track.db)")
    p.add_argument("--workdir", default=work,
                   help="unpacked sources, objtrees, bisect worktree "
                        "(default: $O/track)")
    p.add_argument("--git", metavar="REPO",
                   help="the VERSIONs are revisions of this git repository")
    p.add_argument("--footprint",
                   default=os.environ.get("FOOTPRINT") or
                   os.path.join(out, "tools", "footprint"),
                   help="the footprint tool (default: $O/tools/footprint)")
    p.add_argument("--build-cmd", metavar="CMD",
                   help="shell command that builds KSLIM_SRC with "
                        "KSLIM_FRAGMENT into KSLIM_OBJ (default: "
                        "scripts/build-kernel.sh --modularize)")
    p.add_argument("--configs-dir", default=os.path.join(root, "configs"),
                   help="where --config NAME finds NAME.config")
    p.add_argument("-j", "--jobs", type=int,
                   default=int(os.environ.get("J") or 2),
                   help="parallel build jobs (default: $J or 2)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="do not echo the build output")
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")

    def configs(sp, default):
        sp.add_argument("-c", "--config", action="append", metavar="NAME",
                        help="config fragment configs/NAME.config, or a path "
                             "(repeatable; default: {})".format(default))

    s = sub.add_parser("sweep", help="build and measure what is missing")
    configs(s, "tiny and kvm-host")
    s.add_argument("--retry-failed", action="store_true",
                   help="build again the versions recorded as failed")
    s.add_argument("versions", nargs="*", metavar="VERSION",
                   help="default: Debian's linux-source-6.1 and -6.12")

    r = sub.add_parser("report", help="summary, plots, HTML")
    configs(r, "every config in the database")
    r.add_argument("--out", metavar="DIR",
                   help="write index.html, plots and report.json here")
    r.add_argument("--json", action="store_true",
                   help="print the report as JSON instead of text")
    r.add_argument("--top", type=int, default=10,
                   help="rows per top-growers table (default 10)")
    r.add_argument("versions", nargs="*", metavar="VERSION",
                   help="the series, in order (default: every version in "
                        "the database, by kernel version)")

    b = sub.add_parser("size-bisect",
                       help="the commit that grew vmlinux past a threshold")
    b.add_argument("--good", required=True, metavar="REV")
    b.add_argument("--bad", required=True, metavar="REV")
    b.add_argument("--threshold", required=True, type=int, metavar="BYTES",
                   help="bad = resident size > good's + BYTES")
    b.add_argument("-c", "--config", default="tiny", metavar="NAME",
                   help="config fragment (default: tiny)")
    b.add_argument("--json", action="store_true")

    st = sub.add_parser("bisect-step")   # internal: git bisect run
    st.add_argument("--config", required=True)
    st.add_argument("--baseline", required=True, type=int)
    st.add_argument("--threshold", required=True, type=int)

    sub.add_parser("list", help="the builds in the database")
    return p


def cmd_sweep(conn, a):
    if a.git and not a.versions:
        raise TrackError("--git needs the revisions to sweep")
    out = os.path.dirname(a.workdir)
    versions = a.versions or default_versions(out)
    counts = sweep.sweep(conn, a, versions, a.git,
                         a.config or ["tiny", "kvm-host"])
    print("kslim-track: {built} built, {cached} cached, {failed} failed"
          .format(**counts))
    return 1 if counts["failed"] else 0


def cmd_report(conn, a):
    cfgs = [sweep.config_label(c) for c in a.config] if a.config else \
        summary.configs_in_db(conn)
    data = summary.collect(conn, cfgs, a.versions, a.git, a.top)
    summary.need_builds(data)
    if a.out:
        page = summary.write(conn, data, os.path.abspath(a.out))
    if a.json:
        json.dump(data, sys.stdout, indent=1, sort_keys=True)
        print()
    else:
        sys.stdout.write(summary.text(data))
    if a.out:
        print("  REPORT  " + page)
    return 0


def cmd_bisect(conn, a):
    if not a.git:
        raise TrackError("size-bisect needs --git REPO")
    if a.threshold < 0:
        raise TrackError("--threshold must be >= 0")
    cfg = (sweep.config_label(a.config),) + \
        sweep.config_files(a.configs_dir, a.config)
    self_path = os.path.join(a.root, "scripts", "kslim-track")
    rc, res = bisect.size_bisect(conn, a, self_path, a.git, a.good, a.bad,
                                 a.threshold, cfg)
    if a.json:
        json.dump(res, sys.stdout, indent=1, sort_keys=True)
        print()
    elif res.get("commit"):
        par = res.get("parent_resident")
        own = "" if par is None or res["resident"] is None else \
            " (this commit: {:+,})".format(res["resident"] - par)
        print("{} is the first commit over the threshold: {}\n"
              "  author: {}\n  vmlinux {:,} -> {:,}: {:+,} over {} "
              "(threshold {:,}){}".format(
                  res["commit"], res["subject"], res["author"],
                  res["good_resident"], res["resident"] or 0,
                  (res["resident"] or 0) - res["good_resident"], a.good,
                  a.threshold, own))
    return rc


def cmd_step(conn, a):
    cfg = (sweep.config_label(a.config),) + \
        sweep.config_files(a.configs_dir, a.config)
    return bisect.step(conn, a, cfg, a.baseline, a.threshold)


def cmd_list(conn, a):
    rows = conn.execute(
        "SELECT b.id, s.label, s.kind, b.config_name, b.status, b.finished,"
        " b.seconds, t.resident, t.mod_resident, b.error FROM build b "
        "JOIN source s ON s.id = b.source_id LEFT JOIN totals t ON "
        "t.build_id = b.id ORDER BY b.id").fetchall()
    print("{:>4} {:<20} {:<9} {:<8} {:<7} {:>12} {:>12} {:>7}".format(
        "id", "version", "config", "source", "status", "vmlinux", "modules",
        "seconds"))
    for r in rows:
        print("{:>4} {:<20} {:<9} {:<8} {:<7} {:>12} {:>12} {:>7}".format(
            r["id"], r["label"], r["config_name"], r["kind"], r["status"],
            "{:,}".format(r["resident"]) if r["resident"] is not None
            else "-",
            "{:,}".format(r["mod_resident"]) if r["mod_resident"] is not None
            else "-",
            "{:.0f}".format(r["seconds"]) if r["seconds"] is not None
            else "-"))
    return 0


COMMANDS = {"sweep": cmd_sweep, "report": cmd_report,
            "size-bisect": cmd_bisect, "bisect-step": cmd_step,
            "list": cmd_list}


def main(argv=None):
    a = parser().parse_args(argv)
    if a.cmd is None:
        parser().print_usage(sys.stderr)
        print("{}: error: a command is required (sweep, report, size-bisect,"
              " list)".format(PROG), file=sys.stderr)
        return 2
    a.root = _root()
    if getattr(a, "json", False):
        util.PROGRESS = sys.stderr
    a.db = os.path.abspath(a.db)
    a.workdir = os.path.abspath(a.workdir)
    a.footprint = os.path.abspath(a.footprint)
    if a.git:
        a.git = os.path.abspath(a.git)
    if a.jobs < 1:
        print("{}: error: -j must be at least 1".format(PROG),
              file=sys.stderr)
        return 2
    try:
        if a.cmd in ("report", "list") and not os.path.isfile(a.db):
            raise TrackError("cannot open database '{}': No such file or "
                             "directory (run kslim-track sweep)".format(a.db))
        os.makedirs(os.path.dirname(a.db), exist_ok=True)
        conn = db.open_db(a.db)
        try:
            return COMMANDS[a.cmd](conn, a)
        finally:
            conn.close()
    except TrackError as e:
        print("{}: error: {}".format(PROG, e), file=sys.stderr)
        return bisect.ABORT if a.cmd == "bisect-step" else 2
    except KeyboardInterrupt:
        print("{}: interrupted; the next sweep resumes".format(PROG),
              file=sys.stderr)
        return 130

# SPDX-License-Identifier: GPL-2.0
"""kslim-track: the bloat tracker's modules (entry point: scripts/kslim-track)

db          SQLite schema, migrations (PRAGMA user_version), queries
sources     versions: tarballs, trees, git revisions -> read-only trees
builder     build one version (build-kernel.sh or --build-cmd), measure it
modsize     the installed .ko files, measured by footprint
options     Kconfig analysis: absent options, bool options that could be =m
sweep       the incremental, resumable loop over versions x configs
creep       growth between consecutive versions, git attribution
summary     the report: text/JSON summary; plot (matplotlib) and htmlreport (HTML)
bisect      size-bisect with git bisect run in a worktree
cli         argparse front end
"""

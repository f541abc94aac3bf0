# SPDX-License-Identifier: GPL-2.0
"""db - the bloat tracker's SQLite database: schema, migrations, queries

Usage (library):

    conn = db.open_db("build/track/kslim-track.db")   # creates/migrates

The schema is versioned with PRAGMA user_version: MIGRATIONS[i] takes a
database from version i to i + 1, each in one transaction, so a database
written by an older kslim-track is upgraded in place and one written by a
newer one is refused.  Documentation/bloat-tracker.rst shows the schema.
"""

import sqlite3

from .util import TrackError

# Each entry moves the schema one version up.  Never edit a released entry:
# append a new one.
MIGRATIONS = [
    # 0 -> 1: the first schema
    """
    CREATE TABLE toolchain (
        id      INTEGER PRIMARY KEY,
        cc      TEXT NOT NULL,          -- first line of `gcc --version`
        ld      TEXT NOT NULL,          -- first line of `ld --version`
        UNIQUE (cc, ld)
    );
    CREATE TABLE source (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE, -- identity, see sources.py
        kind        TEXT NOT NULL CHECK (kind IN ('tarball', 'tree', 'git')),
        location    TEXT NOT NULL,      -- tarball, tree or repository path
        rev         TEXT,               -- the revision as the user named it
        git_commit  TEXT,               -- full sha1 for git sources
        label       TEXT NOT NULL,      -- what plots and tables show
        kernelversion TEXT NOT NULL,    -- VERSION.PATCHLEVEL.SUBLEVEL
        commit_date TEXT                -- committer date (ISO 8601), git only
    );
    CREATE TABLE build (
        id          INTEGER PRIMARY KEY,
        source_id   INTEGER NOT NULL REFERENCES source(id),
        config_name TEXT NOT NULL,      -- configs/NAME.config
        config_hash TEXT NOT NULL,      -- sha256 of fragment (+ .keep)
        toolchain_id INTEGER NOT NULL REFERENCES toolchain(id),
        builder     TEXT NOT NULL,      -- "kbuild" or "cmd:<sha256>"
        status      TEXT NOT NULL
                    CHECK (status IN ('running', 'ok', 'failed')),
        started     TEXT NOT NULL,      -- UTC, ISO 8601
        finished    TEXT,
        seconds     REAL,               -- wall time of build + measure
        objtree     TEXT NOT NULL,
        error       TEXT,               -- one line, failed builds
        log         TEXT,               -- build output (tail), failed builds
        UNIQUE (source_id, config_name, config_hash, toolchain_id, builder)
    );
    CREATE TABLE totals (
        build_id    INTEGER PRIMARY KEY REFERENCES build(id) ON DELETE CASCADE,
        arch        TEXT,
        text INTEGER, rodata INTEGER, data INTEGER, bss INTEGER,
        init INTEGER, padding INTEGER,
        resident    INTEGER NOT NULL,   -- text + rodata + data + bss
        unattributed INTEGER NOT NULL,  -- resident - sum of objects
        modules     INTEGER NOT NULL,   -- number of .ko files
        mod_text INTEGER, mod_rodata INTEGER, mod_data INTEGER,
        mod_bss INTEGER, mod_init INTEGER,
        mod_resident INTEGER NOT NULL   -- sum over modules, init excluded
    );
    -- per-directory, per-Kconfig-option and per-object rows of footprint
    CREATE TABLE breakdown (
        build_id    INTEGER NOT NULL REFERENCES build(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('dir', 'config', 'object')),
        name        TEXT NOT NULL,
        text INTEGER, rodata INTEGER, data INTEGER, bss INTEGER,
        init INTEGER,
        total       INTEGER NOT NULL,   -- resident bytes
        PRIMARY KEY (build_id, kind, name)
    ) WITHOUT ROWID;
    CREATE TABLE symbol (
        build_id    INTEGER NOT NULL REFERENCES build(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        class       TEXT NOT NULL,      -- text, rodata, data, bss, init
        object      TEXT                -- NULL when unattributed
    );
    CREATE INDEX symbol_build ON symbol (build_id, name);
    CREATE TABLE module (
        build_id    INTEGER NOT NULL REFERENCES build(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,      -- path under lib/modules/REL/
        text INTEGER, rodata INTEGER, data INTEGER, bss INTEGER,
        init INTEGER,
        total       INTEGER NOT NULL,
        PRIMARY KEY (build_id, name)
    ) WITHOUT ROWID;
    -- options the config fragment asks for that this version lacks
    CREATE TABLE absent_option (
        build_id    INTEGER NOT NULL REFERENCES build(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,      -- CONFIG_FOO
        PRIMARY KEY (build_id, name)
    ) WITHOUT ROWID;
    -- every Kconfig symbol the version defines, with its value in the
    -- build and, for bool options =y, whether it could have been tristate
    CREATE TABLE option (
        build_id    INTEGER NOT NULL REFERENCES build(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,      -- without CONFIG_
        type        TEXT NOT NULL,      -- bool, tristate, int, ...
        value       TEXT NOT NULL,      -- y, m, n, or the string value
        has_prompt  INTEGER NOT NULL,
        objects     TEXT,               -- obj-$(CONFIG_X) objects, space sep.
        modular_ok  INTEGER,            -- 1/0 for bool =y, else NULL
        reason      TEXT,               -- why (not), for bool =y
        PRIMARY KEY (build_id, name)
    ) WITHOUT ROWID;
    """,
    # 1 -> 2: footprint's kept after boot (x86-64: the image minus what the
    # boot frees, PTI not active); NULL for builds measured before
    """
    ALTER TABLE totals ADD COLUMN kept INTEGER;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def open_db(path, create=True):
    """Open (and create or migrate) the database at path."""
    try:
        if not create:
            # mode=rw: a missing file is an error, not a new empty database
            conn = sqlite3.connect("file:{}?mode=rw".format(path), uri=True)
        else:
            conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, path)
    except sqlite3.DatabaseError as e:
        raise TrackError("cannot open database '{}': {}".format(path, e))
    return conn


def migrate(conn, path="database"):
    have = conn.execute("PRAGMA user_version").fetchone()[0]
    if have > SCHEMA_VERSION:
        raise TrackError("'{}' has schema version {}, this kslim-track knows "
                         "up to {}".format(path, have, SCHEMA_VERSION))
    for v in range(have, SCHEMA_VERSION):
        # executescript() commits first; wrap each step in its own
        # transaction so a failure leaves the previous version intact.
        conn.executescript("BEGIN;\n" + MIGRATIONS[v] +
                           "\nPRAGMA user_version = {};\nCOMMIT;".format(
                               v + 1))
    return have


def toolchain_id(conn, cc, ld):
    conn.execute("INSERT OR IGNORE INTO toolchain (cc, ld) VALUES (?, ?)",
                 (cc, ld))
    return conn.execute("SELECT id FROM toolchain WHERE cc = ? AND ld = ?",
                        (cc, ld)).fetchone()[0]


def upsert_source(conn, src):
    """Insert or refresh the source row for a sources.Source; its id."""
    conn.execute(
        "INSERT INTO source (key, kind, location, rev, git_commit, label, "
        "kernelversion, commit_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET location = excluded.location, "
        "rev = excluded.rev, label = excluded.label, "
        "kernelversion = excluded.kernelversion, "
        "commit_date = excluded.commit_date",
        (src.key, src.kind, src.location, src.rev, src.commit, src.label,
         src.kernelversion, src.commit_date))
    return conn.execute("SELECT id FROM source WHERE key = ?",
                        (src.key,)).fetchone()[0]


def find_build(conn, source_id, config_name, config_hash, tc_id, builder):
    return conn.execute(
        "SELECT * FROM build WHERE source_id = ? AND config_name = ? AND "
        "config_hash = ? AND toolchain_id = ? AND builder = ?",
        (source_id, config_name, config_hash, tc_id, builder)).fetchone()


def builds_for(conn, config_name, source_keys=None, status="ok"):
    """Builds of config_name (the newest toolchain/config per source), in
    the order of source_keys, or by version when source_keys is None."""
    rows = conn.execute(
        "SELECT b.*, s.key, s.label, s.kernelversion, s.kind, s.git_commit, "
        "s.location, s.commit_date, s.rev FROM build b "
        "JOIN source s ON s.id = b.source_id "
        "WHERE b.config_name = ? AND b.status = ? ORDER BY b.id",
        (config_name, status)).fetchall()
    latest = {}
    for r in rows:              # a later build of the same source wins
        latest[r["key"]] = r
    if source_keys is not None:
        return [latest[k] for k in source_keys if k in latest]
    return sorted(latest.values(), key=_version_order)


def _version_order(r):
    v = []
    for part in r["kernelversion"].split("."):
        v.append(int(part) if part.isdigit() else 0)
    return (v, r["commit_date"] or "", r["id"])

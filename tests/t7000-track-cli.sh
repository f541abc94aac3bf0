#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t7000-track-cli: kslim-track's interface and database: --help, git-style
# errors and exit codes, the schema is created at the current version, an
# older database is migrated and a newer one refused.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

need_cmd sqlite3 sqlite3
trk="$KSLIM_ROOT/scripts/kslim-track"

check_exit "--help exits 0" 0 "$PY" "$trk" --help
check_grep "... and documents the exit codes" "2  usage or input error" "$(last_log)"
check_exit "no command is a usage error (2)" 2 "$PY" "$trk"
check_exit "an unknown option is a usage error (2)" 2 "$PY" "$trk" --bogus list
check_exit "report without a database: 2" 2 "$PY" "$trk" --db "$T/none.db" report
check_grep "... says so, git style" \
	"^kslim-track: error: cannot open database '$T/none.db': No such file or directory" "$(last_log)"
check_exit "sweep of a missing version: 2" 2 "$PY" "$trk" --db "$T/a.db" \
	--workdir "$T/w" sweep -c tiny "$T/nonexistent"
check_grep "... names it" "^kslim-track: error: cannot open '$T/nonexistent'" "$(last_log)"
check_exit "sweep with a missing config fragment: 2" 2 "$PY" "$trk" --db "$T/a.db" \
	--workdir "$T/w" sweep -c no-such-config "$KSLIM_ROOT"
check_exit "size-bisect without --git: 2" 2 "$PY" "$trk" --db "$T/a.db" \
	size-bisect --good a --bad b --threshold 1

# The sweep above created the database at the current schema version.
want=$("$PY" -c "from track import db; print(db.SCHEMA_VERSION)")
check "a new database has PRAGMA user_version $want" \
	test "$(sqlite3 "$T/a.db" 'PRAGMA user_version')" = "$want"
for t in toolchain source build totals breakdown symbol module absent_option option; do
	check "table $t exists" test "$(sqlite3 "$T/a.db" \
		"SELECT count(*) FROM sqlite_master WHERE type='table' AND name='$t'")" = 1
done
check_exit "list on an empty database: 0" 0 "$PY" "$trk" --db "$T/a.db" list

# Migration: a version-0 file (empty, user_version 0) is brought up to date;
# one claiming a future version is refused, untouched.
sqlite3 "$T/old.db" 'CREATE TABLE unrelated (x); PRAGMA user_version = 0;'
check_exit "an old database is migrated" 0 "$PY" "$trk" --db "$T/old.db" list
check "... to user_version $want" \
	test "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = "$want"
sqlite3 "$T/new.db" 'PRAGMA user_version = 99;'
check_exit "a database from a newer kslim-track: 2" 2 "$PY" "$trk" --db "$T/new.db" list
check_grep "... with the versions in the message" "schema version 99, this kslim-track knows up to $want" "$(last_log)"
check "... and left alone" test "$(sqlite3 "$T/new.db" \
	"SELECT count(*) FROM sqlite_master")" = 0

check "the python code compiles" "$PY" -m py_compile "$trk" \
	"$KSLIM_ROOT"/scripts/track/*.py
if command -v shellcheck >/dev/null 2>&1; then
	# shellcheck disable=SC2016 # $1 is expanded by the inner sh
	check "shell scripts are shellcheck-clean" sh -c 'cd "$1" &&
		shellcheck -x tests/t7*.sh tests/track/*.sh scripts/bench-track.sh' \
		sh "$KSLIM_ROOT"
else
	skip "shellcheck" "the external command 'shellcheck' is needed (Debian package shellcheck)"
fi
done_testing

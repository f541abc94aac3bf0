#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t7900-track-real: the real sweep, Debian's linux-source-6.1 and 6.12 with
# the tiny config, everything modularized (what `make track` does), on the
# shared database $O/track/kslim-track.db.  Slow the first time (two kernel
# builds), so it runs only with KSLIM_TRACK_REAL=1 (make track-check).
# Checks what was stored against the objtrees it came from, that a second
# sweep builds nothing, and that the report renders.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

[ "${KSLIM_TRACK_REAL:-0}" = 1 ] ||
	skip_all "the real 6.1/6.12 sweep runs with KSLIM_TRACK_REAL=1 (make track-check)"
need_cmd sqlite3 sqlite3
need_built "scripts/deps.sh track; make tools" /usr/src/linux-source-6.1.tar.xz "$FOOTPRINT"
need_built "make source" "$O/stock/src/Makefile"

db=$O/track/kslim-track.db
trk() {
	"$PY" "$KSLIM_ROOT/scripts/kslim-track" --db "$db" --workdir "$O/track" \
		--footprint "$FOOTPRINT" -j "${J:-2}" "$@"
}
start=$(date +%s)
check "sweep 6.1 and 6.12, tiny" trk sweep -c tiny
diag "sweep: $(grep 'built,' "$(last_log)") in $(( $(date +%s) - start ))s"
q() {
	sqlite3 "$db" "$1"
}
for kv in 6.1 6.12; do
	id=$(q "SELECT b.id FROM build b JOIN source s ON s.id = b.source_id
		WHERE b.config_name = 'tiny' AND b.status = 'ok' AND
		s.kernelversion LIKE '$kv.%' ORDER BY b.id DESC LIMIT 1")
	if [ -z "$id" ]; then
		not_ok "$kv tiny is in the database"
		continue
	fi
	ok "$kv tiny is in the database (build $id)"
	obj=$(q "SELECT objtree FROM build WHERE id = $id")
	label=$(q "SELECT s.label FROM build b JOIN source s ON s.id = b.source_id WHERE b.id = $id")
	diag "$label: $(q "SELECT 'vmlinux ' || resident || ', ' || modules || ' modules ' || mod_resident || ', built in ' || CAST(b.seconds AS INT) || 's' FROM totals t JOIN build b ON b.id = t.build_id WHERE t.build_id = $id")"
	fp=$("$FOOTPRINT" --json --objtree "$obj" "$obj/vmlinux" |
		"$PY" -c 'import json, sys; print(json.load(sys.stdin)["totals"]["resident"])')
	check "$kv: stored resident size is footprint's on $obj/vmlinux ($fp)" \
		test "$(q "SELECT resident FROM totals WHERE build_id = $id")" = "$fp"
	nko=$(find "$obj/modroot" -name '*.ko' | wc -l)
	check "$kv: one module row per installed .ko ($nko)" \
		test "$(q "SELECT count(*) FROM module WHERE build_id = $id")" = "$nko"
	check "$kv: the modularizer explained what stays built in" \
		test -s "$obj/modularize.txt"
	check "$kv: objects add up to resident - unattributed" test \
		"$(q "SELECT sum(total) FROM breakdown WHERE build_id = $id AND kind = 'object'")" = \
		"$(q "SELECT resident - unattributed FROM totals WHERE build_id = $id")"
	check "$kv: symbols stored" test "$(q "SELECT count(*) FROM symbol WHERE build_id = $id")" -gt 1000
	check "$kv: Kconfig options analysed" test "$(q "SELECT count(*) FROM option WHERE build_id = $id")" -gt 1000
	check "$kv: every option the fragment names exists or is listed absent" \
		"$PY" - "$db" "$id" "$KSLIM_ROOT/configs/tiny.config" <<'PYEOF'
import re, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
b = int(sys.argv[2])
want = re.findall(r"^CONFIG_(\w+)=", open(sys.argv[3]).read(), re.M)
have = {r[0] for r in c.execute("SELECT name FROM option WHERE build_id=?", (b,))}
absent = {r[0] for r in c.execute("SELECT name FROM absent_option WHERE build_id=?", (b,))}
bad = [w for w in want if (w in have) == ("CONFIG_" + w in absent)]
assert not bad, bad
PYEOF
done
check "a second sweep" trk sweep -c tiny
check_grep "... builds nothing" "0 built, 2 cached, 0 failed" "$(last_log)"
check "report --out" trk report -c tiny --out "$T/report"
log=$(last_log)
check_grep "... compares 6.1 with 6.12" "^6\.1\.[0-9]* -> 6\.12\.[0-9]*: vmlinux Before=" "$log"
sed -n '/ -> /,$p' "$log" | head -n 12 | diag_stdin
check "... wrote the HTML and the plots" test -s "$T/report/index.html" -a \
	-s "$T/report/resident-tiny.svg" -a -s "$T/report/resident-tiny.png"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t7200-track-creep: the bloat creep report over the synthetic history
# names the right growers, the right commits behind each grown object, the
# new bool option that could be tristate (and not the one with a
# core_initcall), and the share of the growth that went into vmlinux.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/track/setup.sh
. "$KSLIM_ROOT/tests/track/setup.sh"

check "sweep v1.0 v1.1 v1.2" trk sweep -c "$T/synth.config" v1.0 v1.1 v1.2
check "report --json" sh -c "\"\$0\" \"\$@\" >'$T/report.json'" \
	"$PY" "$KSLIM_ROOT/scripts/kslim-track" --db "$T/track.db" \
	--workdir "$T/work" --git "$T/linux" report --json v1.0 v1.1 v1.2

# q EXPR: evaluate a Python expression on the report (r) as a test point
q() {
	"$PY" - "$T/report.json" "$1" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["configs"][0]
p = c["pairs"]
v = eval(sys.argv[2])
print(v)
sys.exit(0 if v is True else 1)
PYEOF
}

check "one series of 3 versions, 2 pairs" q 'len(c["series"]) == 3 and len(p) == 2'
check "pair 1: vmlinux +5120, modules +2048" \
	q 'p[0]["proper"]["delta"] == 5120 and p[0]["modules"]["delta"] == 2048'
check "pair 1: share of growth in vmlinux = 5120/7168" \
	q 'p[0]["proper_share"] == round(5120 / 7168, 4)'
check "pair 2: all growth in vmlinux (share 1.0)" q 'p[1]["proper_share"] == 1.0'
check "pair 1: top objects are core.o +4096, sched.o +1024" \
	q '[(g["name"], g["delta"]) for g in p[0]["growers"]["object"]] == [("kernel/core.o", 4096), ("kernel/sched.o", 1024)]'
check "pair 2: top options (built-in) +16384, CONFIG_FOO +8192, CONFIG_BAR +512" \
	q '[(g["name"], g["delta"]) for g in p[1]["growers"]["config"]] == [("(built-in)", 16384), ("CONFIG_FOO", 8192), ("CONFIG_BAR", 512)]'
check "pair 2: top symbol core_cache +16384 in kernel/core.o" \
	q 'p[1]["growers"]["symbol"][0] == {"name": "core_cache", "old": 0, "new": 16384, "delta": 16384, "object": "kernel/core.o"}'
check "pair 2: top dirs kernel +24576, drivers +512" \
	q '[(g["name"], g["delta"]) for g in p[1]["growers"]["dir"]] == [("kernel", 24576), ("drivers", 512)]'

# Attribution: the commits of the manifest, and only those.
for pair in "0 kernel/core.o 2" "0 kernel/sched.o 5" "1 kernel/core.o 8" \
	    "1 kernel/foo.o 6" "1 drivers/bar.o 7"; do
	# shellcheck disable=SC2086 # "pair object commit" split on purpose
	set -- $pair
	check "pair $(($1 + 1)): $2 is attributed to commit $3 alone ($(sha "$3" | cut -c1-12))" \
		q "[cm['commit'] for a in p[$1]['attribution'] if a['object'] == '$2' for cm in a['commits']] == ['$(sha "$3")']"
done
check "attribution carries subject, author and lines (+1/-0)" \
	q '[(cm["subject"], cm["author"], cm["added"], cm["deleted"]) for a in p[0]["attribution"] if a["object"] == "kernel/core.o" for cm in a["commits"]] == [("kernel: grow the core table", "Carl Core <carl.core@example.org>", 1, 0)]'

check "new bool options of v1.2: FOO could be tristate" \
	q '[(b["name"], b["could_be_tristate"], b["bytes"]) for b in p[1]["new_bools"]] [0] == ("CONFIG_FOO", True, 8192)'
check "... BAR could not: its core_initcall (the candidate finder)" \
	q '[(b["name"], b["could_be_tristate"], b["reason"]) for b in p[1]["new_bools"]][1] == ("CONFIG_BAR", False, "1 core_initcall")'
check "pair 1 has no new bool options" q 'p[0]["new_bools"] == []'

check "text report" trk report v1.0 v1.1 v1.2
log=$(last_log)
check_grep "... summary line bloat-o-meter style" \
	"^v1.1 -> v1.2: vmlinux Before=6,915, After=32,003, chg +25,088" "$log"
check_grep "... names the candidate" "could be tristate: CONFIG_FOO (8,192 bytes)" "$log"
check_grep "... lists absent options per version" "absent in this version: CONFIG_BAR CONFIG_FOO CONFIG_NOT_IN_ANY_VERSION" "$log"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t7100-track-sweep: a sweep over the synthetic history (tests/track/)
# stores exactly the bytes each commit added, per version, object, option,
# symbol and module; a second sweep builds nothing; a failed build is
# recorded with its log and the sweep goes on; an interrupted sweep resumes.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/track/setup.sh
. "$KSLIM_ROOT/tests/track/setup.sh"

nbuilds() {
	grep -c '^build ' "$FAKE_BUILD_LOG" || true
}
# resident VERSION-LABEL: vmlinux resident size stored for a version
resident() {
	sql "SELECT t.resident FROM totals t JOIN build b ON b.id = t.build_id
	     JOIN source s ON s.id = b.source_id WHERE s.label = '$1'"
}
# bid LABEL: build id of a version
bid() {
	sql "SELECT b.id FROM build b JOIN source s ON s.id = b.source_id
	     WHERE s.label = '$1'"
}
# grown FROM TO [OBJECT]: bytes the manifest says commits FROM+1..TO added
# to vmlinux (drivers/net.o is =m: a module), or to one object
grown() {
	awk -v a="$1" -v b="$2" -v o="${3:-}" 'NR > a && NR <= b &&
		$2 != "-" && (o == "" ? $2 != "drivers/net.o" : $2 == o) {
		s += $3 } END { print s + 0 }' "$T/history.txt"
}

check "sweep v1.0 v1.1 v1.2" trk sweep -c "$T/synth.config" v1.0 v1.1 v1.2
check_grep "... 3 built" "3 built, 0 cached, 0 failed" "$(last_log)"
check "... ran the build command 3 times" test "$(nbuilds)" = 3
check "... 3 builds ok in the database" \
	test "$(sql "SELECT count(*) FROM build WHERE status = 'ok'")" = 3

r0=$(resident v1.0)
r1=$(resident v1.1)
r2=$(resident v1.2)
diag "vmlinux resident: v1.0 $r0, v1.1 $r1, v1.2 $r2"
check "v1.0 -> v1.1: vmlinux grew by exactly $(grown 1 5) bytes" \
	test "$((r1 - r0))" = "$(grown 1 5)"
check "v1.1 -> v1.2: vmlinux grew by exactly $(grown 5 8) bytes (new options included)" \
	test "$((r2 - r1))" = "$(grown 5 8)"
b0=$(bid v1.0)
b1=$(bid v1.1)
b2=$(bid v1.2)
obj() {
	sql "SELECT total FROM breakdown WHERE build_id = $1 AND kind = '$2' AND name = '$3'"
}
check "object kernel/core.o grew by $(grown 1 8 kernel/core.o)" \
	test "$(($(obj "$b2" object kernel/core.o) - $(obj "$b0" object kernel/core.o)))" = "$(grown 1 8 kernel/core.o)"
check "object kernel/foo.o: $(grown 1 8 kernel/foo.o) in v1.2, absent in v1.0" \
	test "$(obj "$b2" object kernel/foo.o)/$(obj "$b0" object kernel/foo.o)" = "$(grown 1 8 kernel/foo.o)/"
check "Kconfig option CONFIG_FOO carries kernel/foo.o's bytes" \
	test "$(obj "$b2" config CONFIG_FOO)" = "$(grown 1 8 kernel/foo.o)"
check "directory kernel adds up to its objects" \
	test "$(obj "$b2" dir kernel)" = "$(sql "SELECT sum(total) FROM breakdown WHERE build_id = $b2 AND kind = 'object' AND name LIKE 'kernel/%'")"
check "symbol core_cache: 16384 bytes of rodata in kernel/core.o" \
	test "$(sql "SELECT size, class, object FROM symbol WHERE build_id = $b2 AND name = 'core_cache'")" = "16384|rodata|kernel/core.o"
check "module drivers/net.ko grew by $(grown 1 5 drivers/net.o) (module only)" \
	test "$(($(sql "SELECT mod_resident FROM totals WHERE build_id = $b1") - $(sql "SELECT mod_resident FROM totals WHERE build_id = $b0")))" = "$(grown 1 5 drivers/net.o)"
vm=$(find "$T/work/obj" -path '*v1.2*' -name vmlinux -type f | head -n 1)
fp_kept=$("$FOOTPRINT" --json "$vm" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["totals"].get("kept", "NULL"))')
check "kept after boot stored, as footprint measures it ($fp_kept)" \
	test "$(sql "SELECT coalesce(kept, 'NULL') FROM totals WHERE build_id = $b2")" = "$fp_kept"
ko=$(find "$T/work/obj" -path '*v1.1*' -name net.ko -path '*modroot*' | head -n 1)
fp_ko=$("$FOOTPRINT" --json "$ko" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["totals"]["resident"])')
check "module size agrees with footprint on the same .ko ($fp_ko)" \
	test "$(sql "SELECT total FROM module WHERE build_id = $b1")" = "$fp_ko"
check "absent options of v1.0 stored" test "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM absent_option WHERE build_id = $b0 ORDER BY name)")" = "CONFIG_BAR CONFIG_FOO CONFIG_NOT_IN_ANY_VERSION"
check "absent options of v1.2 stored" test "$(sql "SELECT group_concat(name, ' ') FROM absent_option WHERE build_id = $b2")" = "CONFIG_NOT_IN_ANY_VERSION"
check "toolchain recorded (gcc, ld)" sh -c "sqlite3 '$T/track.db' 'SELECT cc, ld FROM toolchain' | grep -q '^gcc.*|GNU ld'"
check "commit and kernel version recorded" test "$(sql "SELECT git_commit, kernelversion FROM source WHERE label = 'v1.2'")" = "$(sha 8)|1.2.0"

# Incremental: nothing to do the second time.
check "second sweep" trk sweep -c "$T/synth.config" v1.0 v1.1 v1.2
check_grep "... 0 built, 3 cached" "0 built, 3 cached, 0 failed" "$(last_log)"
check "... did not run the build command" test "$(nbuilds)" = 3

# A failing version is recorded with its log; the next one still builds.
n=$(nbuilds)
FAKE_FAIL_IF=bar_table check_exit "a sweep with a failing build exits 1" 1 \
	trk sweep -c "$T/synth.config" "$(sha 7)" "$(sha 6)"
check "... the failure is recorded" test "$(sql "SELECT status FROM build b JOIN source s ON s.id = b.source_id WHERE s.git_commit = '$(sha 7)'")" = failed
check "... with the build log" sh -c "sqlite3 '$T/track.db' \"SELECT log FROM build WHERE status = 'failed'\" | grep -q 'simulated compile error'"
check "... and the sweep went on" test "$(sql "SELECT status FROM build b JOIN source s ON s.id = b.source_id WHERE s.git_commit = '$(sha 6)'")" = ok
check_exit "a failed build is not retried by default" 1 trk sweep -c "$T/synth.config" "$(sha 7)"
check "... (no build ran)" test "$(nbuilds)" = "$((n + 2))"
check "--retry-failed builds it again" trk sweep --retry-failed -c "$T/synth.config" "$(sha 7)"
check "... now ok" test "$(sql "SELECT status FROM build b JOIN source s ON s.id = b.source_id WHERE s.git_commit = '$(sha 7)'")" = ok

# Interrupted: the tracker dies (SIGKILL) in the middle of a build.
FAKE_HANG_IF=core_table FAKE_HANG_PIDFILE=$T/hang.pid "$PY" \
	"$KSLIM_ROOT/scripts/kslim-track" --db "$T/track.db" --workdir "$T/work" \
	--footprint "$FOOTPRINT" --git "$T/linux" \
	--build-cmd "sh $KSLIM_ROOT/tests/track/fakebuild.sh" \
	sweep -c "$T/synth.config" "$(sha 2)" >"$T/hang.log" 2>&1 &
tracker=$!
i=0
while [ ! -s "$T/hang.pid" ] && [ "$i" -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -KILL "$tracker" 2>/dev/null || true
[ ! -s "$T/hang.pid" ] || kill "$(cat "$T/hang.pid")" 2>/dev/null || true
wait "$tracker" 2>/dev/null || true
check "a killed sweep leaves its build 'running'" test "$(sql "SELECT status FROM build b JOIN source s ON s.id = b.source_id WHERE s.git_commit = '$(sha 2)'")" = running
check "the next sweep resumes it" trk sweep -c "$T/synth.config" "$(sha 2)"
check_grep "... says so" "RESUME" "$(last_log)"
check "... and it is ok" test "$(sql "SELECT status FROM build b JOIN source s ON s.id = b.source_id WHERE s.git_commit = '$(sha 2)'")" = ok
check "... measured right: v1.0 + $(grown 1 2)" test "$(resident "$(sha 2)")" = "$((r0 + $(grown 1 2)))"

# A missing footprint tool is the environment's fault, not the version's.
n=$(sql "SELECT count(*) FROM build")
check_exit "no footprint tool: exit 2 before building" 2 "$PY" \
	"$KSLIM_ROOT/scripts/kslim-track" --db "$T/track.db" --workdir "$T/work" \
	--footprint "$T/no-footprint" --git "$T/linux" sweep -c "$T/synth.config" "$(sha 3)"
check "... and nothing recorded" test "$(sql "SELECT count(*) FROM build")" = "$n"

cd "$T/linux"
check "the repository's checkout was not touched" test -z "$(git status --porcelain)"
check "... no worktree was left behind" test "$(git worktree list | wc -l)" = 1
done_testing

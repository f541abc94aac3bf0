#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t7300-track-bisect: size-bisect over the synthetic history finds, for each
# threshold, exactly the first commit whose vmlinux exceeds v1.0's by more
# than the threshold; the user's checkout and bisect state are untouched.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/track/setup.sh
. "$KSLIM_ROOT/tests/track/setup.sh"

# first_over BYTES: the manifest's answer (vmlinux growth only: drivers/net.o
# is a module; drivers/bar.o adds its initcall to init, not resident)
first_over() {
	awk -v t="$1" 'NR > 1 && $2 != "-" && $2 != "drivers/net.o" {
		s += $3; if (s > t) { print $1; exit } }' "$T/history.txt"
}
head_before=$(git -C "$T/linux" rev-parse HEAD)

for th in 0 4095 4096 5119 5120 12000 30000; do
	want=$(first_over "$th")
	trk size-bisect -c "$T/synth.config" --good v1.0 --bad v1.2 \
		--threshold "$th" --json >"$T/bisect-$th.json" 2>"$T/bisect-$th.err" || true
	got=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["commit"])' \
		"$T/bisect-$th.json" 2>/dev/null || echo none)
	if [ "$got" = "$want" ]; then
		ok "threshold $th: size-bisect names $(echo "$want" | cut -c1-12)"
	else
		not_ok "threshold $th: size-bisect names $(echo "$want" | cut -c1-12) (got $got)"
		tail -n 20 "$T/bisect-$th.err" | diag_stdin
	fi
done
n=$(grep -c '^build ' "$FAKE_BUILD_LOG" || true)
check "every commit was built once over all bisections ($n builds)" test "$n" -le 8

check_exit "nothing over the threshold: exit 1" 1 trk size-bisect \
	-c "$T/synth.config" --good v1.0 --bad v1.2 --threshold 100000
check_grep "... and says why" "nothing to bisect" "$(last_log)"
check_exit "good not an ancestor of bad: exit 2" 2 trk size-bisect \
	-c "$T/synth.config" --good v1.2 --bad v1.0 --threshold 1
check "human output names commit, subject and growth" trk size-bisect \
	-c "$T/synth.config" --good v1.0 --bad v1.2 --threshold 5119
log=$(last_log)
check_grep "... the commit and its subject" "^$(sha 5) is the first commit over the threshold: kernel/sched: add load tracking" "$log"
check_grep "... with the sizes" "vmlinux 1,795 -> 6,915: +5,120 over v1.0 (threshold 5,119) (this commit: +1,024)" "$log"

cd "$T/linux"
check "HEAD did not move" test "$(git rev-parse HEAD)" = "$head_before"
check "the checkout is clean" test -z "$(git status --porcelain)"
check "no bisect in progress in the repository" test ! -e .git/BISECT_LOG
check "the worktree was removed" test "$(git worktree list | wc -l)" = 1
done_testing

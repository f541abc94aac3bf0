#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t5000 - every semantic patch against its test cases (Coccinelle's layout)
#
# Usage: sh tests/t5000-semantic-patches.sh
#
# For each semantic-patches/tests/RULE_N.c: spatch -D patch (plus the options
# of a "// cocci-options:" line) must produce RULE_N.res exactly; a case whose
# .res equals its .c must not change.  Every .res must compile with
# gcc -fsyntax-only -Werror against tests/stubs.h (a generated exit function
# or unwinding that is not valid C fails here).  Each rule must carry the
# kernel's coccicheck header, and report mode must print one
# "file:line:col-col: message" line per site.
# shellcheck source=tests/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

need_cmd spatch coccinelle
need_cmd gcc gcc

SP=$KSLIM_ROOT/semantic-patches
cd "$SP" || exit 2

for cocci in *.cocci; do
	check "$cocci: kernel coccicheck header" sh -c '
		head -n 1 "$1" | grep -q "^// SPDX-License-Identifier: " &&
		grep -q "^///" "$1" && grep -q "^// Confidence: " "$1" &&
		grep -q "^// Options:" "$1" &&
		for m in patch context org report; do
			grep -q "^virtual $m\$" "$1" || exit 1
		done' sh "$cocci"
	check "$cocci: parses" spatch --parse-cocci "$cocci" -D report
done

for c in tests/*_[0-9]*.c; do
	case=$(basename "$c" .c)
	rule=${case%_*}
	opts=$(sed -n 's|^// cocci-options: ||p' "$c")
	out=$T/$case.c
	# spatch -o writes nothing when no rule fires: the input is the output
	cp "$c" "$out"
	eval "set -- $opts"
	if spatch --very-quiet --sp-file "$rule.cocci" -D patch "$@" \
		--in-place "$out" >"$T/$case.log" 2>&1; then
		check_golden "$case: $rule.cocci -D patch $opts" "tests/$case.res" "$out"
	else
		not_ok "$case: spatch failed"
		diag_stdin <"$T/$case.log"
	fi
	if cmp -s "$c" "tests/$case.res"; then
		check "$case: must not change" cmp -s "$c" "$out"
	fi
	check "$case.res compiles" gcc -fsyntax-only -Werror -Wall \
		-Wno-unused-variable -Wno-unused-function \
		-include tests/stubs.h -x c "tests/$case.res"
done

# Report mode: one line per site in coccicheck's format, nothing patched.
spatch --very-quiet --sp-file builtin_driver.cocci -D report --no-show-diff \
	tests/builtin_driver_1.c 2>/dev/null | sort >"$T/report.out"
cat >"$T/report.exp" <<'EOS'
tests/builtin_driver_1.c:21:0-23: builtin registration of foo_driver can use the module_*() twin
EOS
check_golden "report mode output (builtin_driver)" "$T/report.exp" "$T/report.out"

spatch --very-quiet --sp-file initcall_module.cocci -D report --no-show-diff \
	tests/initcall_module_1.c tests/initcall_module_4.c 2>/dev/null |
	sort >"$T/report2.out"
cat >"$T/report2.exp" <<'EOS'
tests/initcall_module_1.c:28:12-20: fs_initcall(foo_init) can be module_init(); module_exit() can undo: sock_unregister, misc_deregister, unregister_filesystem
tests/initcall_module_4.c:10:14-22: late_initcall(qux_init) can be module_init(); nothing to undo: module_init() without module_exit()
EOS
check_golden "report mode output (initcall_module)" "$T/report2.exp" "$T/report2.out"

done_testing

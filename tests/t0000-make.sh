#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t0000-make: the Makefile's interface: `make help` documents every target
# and knob, and the dependency installer speaks one clear line.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$KSLIM_ROOT"
check "make help runs" make -s help
cp "$(last_log)" "$T/help"

# Every target a user can type (a .PHONY one) must have its line in help.
# A .PHONY line may continue over backslash-newlines: join them first.
sed -e ':a' -e '/\\$/{N;s/\\\n/ /;ba' -e '}' Makefile mk/*.mk |
	sed -n 's/^\.PHONY: *//p' | tr ' \t' '\n\n' | grep -v '^$' |
	sort -u >"$T/phony"
: >"$T/undocumented"
while read -r t; do
	grep -q "^  $t " "$T/help" || echo "$t" >>"$T/undocumented"
done <"$T/phony"
check_golden "every .PHONY target is listed by make help" /dev/null "$T/undocumented"

for knob in O= KSRC= CONFIG= V= J= DEVELOPER= C= TESTS= PYTHON=; do
	check_grep "make help documents $knob" "^    $knob" "$T/help"
done

check_exit "deps.sh: an unknown group is exit 2" 2 scripts/deps.sh nosuchgroup
check_grep "deps.sh: ... and says which" "deps: error: unknown package group 'nosuchgroup'" "$(last_log)"

# As a user, a missing package is one line with the exact command to run.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho 1000\n' >"$T/bin/id"
printf '#!/bin/sh\necho "unknown ok not-installed"\n' >"$T/bin/dpkg-query"
chmod +x "$T/bin/id" "$T/bin/dpkg-query"
check_exit "deps.sh as a user with a missing package: exit 2" 2 \
	env PATH="$T/bin:$PATH" scripts/deps.sh cocci
check_grep "deps.sh: names the apt-get command" \
	"^deps: error: missing Debian packages; run: sudo apt-get install -y coccinelle$" \
	"$(last_log)"

check_exit "build-kernel.sh without arguments: exit 2" 2 scripts/build-kernel.sh
check_exit "build-kernel.sh with a missing fragment: exit 2" 2 \
	scripts/build-kernel.sh "$T" "$T/obj" "$T/nonexistent.config"
done_testing

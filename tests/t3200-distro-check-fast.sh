#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t3200-distro-check-fast: the fast part of `make distro-check`
# (scripts/distro-check.sh --fast): on Debian's own amd64 config the options
# the series makes tristate come out of olddefconfig as
# Documentation/distro-check.rst states, the C files the series touches
# compile with that config and W=1 brings no new warning against the
# pristine tree, and on i386 the touched directories compile with the
# options =y and =n.  Linking vmlinux is `make distro-check`'s (hours).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

debian_xz=${KSLIM_DEBIAN_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
dc=$KSLIM_ROOT/scripts/distro-check.sh

check_exit "no output folder: usage error" 2 "$dc" --fast
check_exit "unknown step: usage error" 2 "$dc" --step nosuch "$O"
check_exit "no Debian config: input error" 2 \
	env KSLIM_DEBIAN_CONFIG="$T/none.xz" "$dc" --fast "$O"
check_grep "... naming the Debian package" "linux-config-6.12" "$(last_log)"

if [ ! -f "$debian_xz" ]; then
	skip "distro-check --fast" "no $debian_xz (Debian package linux-config-6.12)"
	done_testing
	exit
fi
if [ ! -f "$O/stock/src/Makefile" ]; then
	skip "distro-check --fast" "no pristine tree $O/stock/src (run make pristine)"
	done_testing
	exit
fi

check "distro-check --fast passes" "$dc" -j "${J:-$(nproc)}" --fast "$O"
log=$(last_log)
diag "$(grep -E '^  (OPTION|W=1|BUILD|CONFIG) ' "$log" | sed 's/^  //')"

# Debian's config with the series: as Documentation/distro-check.rst says,
# every option the series makes tristate (report.py's reader of patches/)
# is =m (PHYLIB=m there, so nothing selects ETHTOOL_NETLINK =y); one that
# Kconfig keeps =y shows up in the diff with the reason.
"$PY" - "$KSLIM_ROOT/scripts" "$KSLIM_ROOT/patches" >"$T/options.expected" <<'EOF'
import sys
import report
for _, opts, _ in report.series_options(sys.argv[2]):
    for o in opts:
        print(o + "=m")
EOF
check_golden "Debian config: each series option's value after olddefconfig" \
	"$T/options.expected" "$O/distro/modular/debian-obj/options.txt"
for s in 'CONFIG_DEBUG_INFO_NONE=y' 'CONFIG_SYSTEM_TRUSTED_KEYS=""' \
	'# CONFIG_MODULE_SIG_ALL is not set'; do
	check_grep "Debian config: local-build setting $s" "^$s\$" \
		"$O/distro/modular/debian-obj/.config"
done
# An option Kconfig keeps =y comes with the reason, as distro-check reads
# it from fragment.py: with PHYLIB=y (Debian has =m) the PHY core selects
# ETHTOOL_NETLINK.
mkdir -p "$T/phylib"
cp "$O/distro/modular/debian-obj/.config" "$T/phylib/.config"
"$O/distro/modular/src/scripts/config" --file "$T/phylib/.config" -e PHYLIB
make -s -C "$O/distro/modular/src" O="$T/phylib" ARCH=x86_64 olddefconfig \
	>"$T/phylib.log" 2>&1 || true
check_exit "PHYLIB=y: ETHTOOL_NETLINK cannot be =m" 1 \
	"$PY" "$KSLIM_ROOT/scripts/kconfig/fragment.py" check \
	--srctree "$O/distro/modular/src" --config "$T/phylib/.config" \
	"$O/distro/modular/debian-obj/series-m.config"
check_grep "... the reason: selected by PHYLIB" \
	"^Missing: CONFIG_ETHTOOL_NETLINK=m (got =y: selected by PHYLIB" "$(last_log)"

check_grep "W=1: no new warning in the touched files" "^  W=1     clean" "$log"
for v in y n; do
	check "i386 =$v: the touched directories compile" \
		test -f "$O/distro/modular/i386/build-obj-$v.log.ok"
	check "i386 =$v: ... and the fragment survived allnoconfig" \
		grep -q "all .* requested options survived" \
		"$O/distro/modular/i386/fragment-$v.log"
done

# A build that fails: exit 1, its log, the command to reproduce it.  A make
# that refuses W=1 stands in for a compiler error (the config step before
# it is up to date, a few seconds).
real_make=$(command -v make)
mkdir -p "$T/bin"
cat >"$T/bin/make" <<EOF
#!/bin/sh
case " \$* " in *" W=1 "*) echo "t3200: W=1 refused" >&2; exit 2 ;; esac
exec $real_make "\$@"
EOF
chmod +x "$T/bin/make"
check_exit "a failing build: exit 1" 1 env PATH="$T/bin:$PATH" "$dc" --step w1 "$O"
log=$(last_log)
check_grep "... naming its log" "^distro-check: error: 'W=1 .*log: $O/distro/" "$log"
check_grep "... and the command to reproduce it" \
	"^distro-check: reproduce: \\$ .*make -C $O/distro/modular/src .* W=1 " "$log"

done_testing

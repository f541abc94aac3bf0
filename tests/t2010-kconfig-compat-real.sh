#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t2010-kconfig-compat-real - kslimconf.py reads the real Linux 6.12 Kconfig
# and resolves .configs exactly as the kernel's `make olddefconfig` does:
# the kvm-host config and, when installed, Debian's own 6.12 configs
# (linux-config-6.12).  KSLIM_SRC61=tree adds the same on a 6.1 tree.
#
# Usage: sh tests/t2010-kconfig-compat-real.sh
# sh -c '...' bodies get their values as "$1"..., not expanded here.
# shellcheck disable=SC2016 source=/dev/null
. "$(dirname "$0")/lib.sh"

tools=$KSLIM_ROOT/scripts/kconfig
stock=$O/stock/src
frag=$KSLIM_ROOT/configs/kvm-host.config

need_built "make source, or scripts/ksrc.sh" "$stock/Kconfig"
need_cmd make make
need_cmd gcc gcc

# same SRC NAME INPUT: make olddefconfig and kslimconf.py agree byte for byte
same() {
	mkdir -p "$T/$2/obj"
	cp "$3" "$T/$2/obj/.config"
	if ! make -s -C "$1" O="$T/$2/obj" olddefconfig >"$T/$2/make.log" 2>&1
	then
		not_ok "$2: make olddefconfig (log: $T/$2/make.log)"
		return
	fi
	check "$2: kslimconf.py reads the Kconfig" \
		"$PY" "$tools/kslimconf.py" --srctree "$1" -o "$T/$2/kslim.config" \
		"$3"
	check_golden "$2: same .config as make olddefconfig" \
		"$T/$2/obj/.config" "$T/$2/kslim.config"
}

# The "modules" keyword is understood: MODULES gates m.
check "6.12: MODULES is the modules symbol" "$PY" -c '
import sys
import kslimconf
k = kslimconf.load(sys.argv[2])
assert k.modules.name == "MODULES" and k.modules.nodes, "no MODULES"
assert "CC_IS_GCC" in k.syms and k.syms["CC_IS_GCC"].nodes
' "$tools" "$stock"

if [ -f "$frag" ]; then
	same "$stock" kvm-host "$frag"
	# Values that come from $(shell,...) in scripts/Kconfig.include.
	check "kvm-host: compiler facts as make sees them" sh -c '
		for v in CC_IS_GCC=y AS_IS_GNU=y LD_IS_BFD=y \
			"CC_VERSION_TEXT=\"$(LC_ALL=C gcc --version | head -n1)\"" \
			"GCC_VERSION=$(gcc -dumpfullversion | awk -F. "{ printf \"%d%02d%02d\", \$1, \$2, \$3 }")"; do
			grep -qx "CONFIG_$v" "$1" || { echo "no CONFIG_$v"; exit 1; }
		done' sh "$T/kvm-host/kslim.config"
else
	skip "kvm-host: same .config as make olddefconfig" "no $frag"
fi

for c in amd64_none_amd64 amd64_none_cloud-amd64; do
	x=/usr/src/linux-config-6.12/config.$c.xz
	if [ -f "$x" ]; then
		xz -dc "$x" >"$T/debian-$c.config"
		same "$stock" "debian-6.12-$c" "$T/debian-$c.config"
	else
		skip "debian-6.12-$c" "no $x (Debian package linux-config-6.12)"
	fi
done

if [ -n "${KSLIM_SRC61:-}" ] && [ -f "$KSLIM_SRC61/Kconfig" ]; then
	same "$KSLIM_SRC61" kvm-host-6.1 "$frag"
else
	skip "6.1: same .config as make olddefconfig" \
		"set KSLIM_SRC61 to an unpacked linux-source-6.1 tree"
fi

done_testing

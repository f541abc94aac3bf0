#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t2030-fragment-check-real - fragment.py on the real 6.12 Kconfig: a
# fragment asking for what a small config cannot have fails with one exact
# line per option; --allow-absent and `absent` report without failing.
#
# Usage: sh tests/t2030-fragment-check-real.sh
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

tools=$KSLIM_ROOT/scripts/kconfig
stock=$O/stock/src

need_built "make source, or scripts/ksrc.sh" "$stock/Kconfig"
need_cmd make make
need_cmd gcc gcc

cat >"$T/base.frag" <<'EOT'
CONFIG_64BIT=y
CONFIG_SMP=y
CONFIG_MODULES=y
CONFIG_NET=y
CONFIG_INET=y
CONFIG_BLOCK=y
CONFIG_ACPI=y
CONFIG_PCI=y
EOT
check "allnoconfig with a small fragment" make -s -C "$stock" O="$T/obj" \
	allnoconfig KCONFIG_ALLCONFIG="$T/base.frag"

cat >"$T/impossible.frag" <<'EOT'
CONFIG_NET=y
CONFIG_USB_STORAGE=m
CONFIG_KSLIM_NO_SUCH_OPTION=y
# CONFIG_CRC32 is not set
CONFIG_VIRTIO_NET=m
CONFIG_NR_CPUS=100000
EOT
cat >"$T/expected" <<'EOT'
fragment: 5 of 6 requested options missing
Missing: CONFIG_USB_STORAGE=m (unmet dependency: SCSI [=n] && USB [=n] && USB_SUPPORT [=n])
Missing: CONFIG_KSLIM_NO_SUCH_OPTION=y (no such option in this kernel)
Missing: CONFIG_CRC32=n (got =y: selected by ACPI [=y] (bool) if ARCH_SUPPORTS_ACPI [=y]; selected by EFI_PARTITION [=y] (bool) if BLOCK [=y])
Missing: CONFIG_VIRTIO_NET=m (unmet dependency: VIRTIO [=n] && NET_CORE [=n] && NETDEVICES [=n])
Missing: CONFIG_NR_CPUS=100000 (got =64: range 2..512)
EOT
check_exit "impossible options: exit 1" 1 "$PY" "$tools/fragment.py" check \
	--srctree "$stock" --config "$T/obj/.config" "$T/impossible.frag"
"$PY" "$tools/fragment.py" check --srctree "$stock" \
	--config "$T/obj/.config" "$T/impossible.frag" >"$T/out" 2>&1 || true
check_golden "impossible options: one exact line each" "$T/expected" "$T/out"

check "its own fragment survives" "$PY" "$tools/fragment.py" check \
	--srctree "$stock" --config "$T/obj/.config" "$T/base.frag"

# A fragment for a newer kernel, checked on this one (bloat tracker).
printf 'CONFIG_NET=y\nCONFIG_KSLIM_NEWER_OPTION=y\n' >"$T/newer.frag"
check_exit "--allow-absent: exit 0" 0 "$PY" "$tools/fragment.py" check \
	--srctree "$stock" --config "$T/obj/.config" --allow-absent \
	"$T/newer.frag"
"$PY" "$tools/fragment.py" absent --srctree "$stock" --json "$T/a.json" \
	"$T/newer.frag" >"$T/absent.out" 2>&1 || true
printf '%s\n' \
	"fragment: 1 of 2 requested options do not exist in $(sed -n 's/^VERSION = //p' "$stock/Makefile").$(sed -n 's/^PATCHLEVEL = //p' "$stock/Makefile").$(sed -n 's/^SUBLEVEL = //p' "$stock/Makefile")" \
	'Absent: CONFIG_KSLIM_NEWER_OPTION=y (no such option in this kernel)' \
	>"$T/absent.expected"
check_golden "absent: lists what this kernel lacks" "$T/absent.expected" \
	"$T/absent.out"
check "absent --json" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert [a["option"] for a in j["absent"]] == ["CONFIG_KSLIM_NEWER_OPTION"], j
' "$T/a.json"

done_testing

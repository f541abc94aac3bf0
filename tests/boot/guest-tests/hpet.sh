# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# hpet.sh - /dev/hpet (CONFIG_HPET as a module): the driver found the
# platform HPET with the channels the kernel keeps for itself reserved,
# a free channel opens, and its sysctl is there.
MODULES="hpet"

exercise() {
	[ -c /dev/hpet ] || { echo "no /dev/hpet"; return 1; }
	[ -r /proc/sys/dev/hpet/max-user-freq ] ||
		{ echo "no /proc/sys/dev/hpet/max-user-freq"; return 1; }
	# hpet_open() returns EBUSY when no HPET was handed over or every
	# channel is reserved, and EINVAL to a writer: a successful read-only
	# open proves the platform HPET reached the module with a free channel.
	kslim-probe open /dev/hpet ro || return 1
}

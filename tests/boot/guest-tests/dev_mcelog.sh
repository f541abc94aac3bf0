# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# dev_mcelog.sh - /dev/mcelog (X86_MCELOG_LEGACY as a module): a full read
# returns the (empty) log, a short one is refused, and the machinecheck
# "trigger" attribute, which stays in the MCE core, is still there.
MODULES="dev_mcelog"

exercise() {
	[ -c /dev/mcelog ] || { echo "no /dev/mcelog"; return 1; }
	# The driver only supports reads of the whole log (EINVAL otherwise).
	dd if=/dev/mcelog of=/tmp/mcelog bs=65536 count=1 2>/tmp/mcelog.err ||
		{ echo "full read of /dev/mcelog failed: $(cat /tmp/mcelog.err)"; return 1; }
	if dd if=/dev/mcelog of=/dev/null bs=8 count=1 2>/dev/null; then
		echo "an 8-byte read of /dev/mcelog succeeded, the driver refuses those"
		return 1
	fi
	# The trigger lives with the machinecheck devices, which exist when
	# the CPU has MCE/MCA (QEMU's "max" CPU does).
	[ -d /sys/devices/system/machinecheck/machinecheck0 ] || return 0
	t=/sys/devices/system/machinecheck/machinecheck0/trigger
	[ -w "$t" ] || { echo "no $t"; return 1; }
	echo /bin/true >"$t" || return 1
	[ "$(cat "$t")" = /bin/true ] || { echo "$t reads '$(cat "$t")'"; return 1; }
	echo >"$t"
}

cleanup() {
	echo >/sys/devices/system/machinecheck/machinecheck0/trigger 2>/dev/null
	rm -f /tmp/mcelog /tmp/mcelog.err
}

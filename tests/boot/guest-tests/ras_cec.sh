# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# ras_cec.sh - the correctable errors collector (RAS_CEC, built in, as
# kvm-host has it): corrected DRAM errors, injected with mce-inject's
# software injection (it feeds the MCE decode chain, no MCA register is
# written), are counted per page; the page is soft-offlined when its
# count reaches the action threshold and not before, and memory-failure
# acts on the request.  Each run takes a different page.
MODULES=""

CEC=/sys/kernel/debug/ras/cec
INJ=/sys/kernel/debug/mce-inject

# A page near the top of the highest System RAM range, a
# different one for each run (the exercise runs before and after reload).
pick_pfn() {
	local n end
	n=$(cat /tmp/ras_cec.runs 2>/dev/null || echo 0)
	echo $((n + 1)) >/tmp/ras_cec.runs
	end=$(awk -F'[- :]+' '/System RAM/ { e = $2 } END { print e }' /proc/iomem)
	[ -n "$end" ] || return 1
	printf '0x%x\n' $((0x$end / 4096 - 256 - 16 * n))
}

# inject PFN: one corrected DRAM error at PFN, as this CPU vendor's MCA
# reports it: AMD northbridge bank 4 with extended error code 8 (usable
# address by definition), Intel memory controller error code 0x9f with a
# physical address of page granularity in MISC.
inject() {
	local addr=$(($1 * 4096)) status misc=0 bank
	case "$VENDOR" in
	AuthenticAMD|HygonGenuine)
		bank=4 status=0x9400000000080000 ;;	# VAL EN ADDRV, XEC 8
	GenuineIntel)
		bank=1 status=0x9c0000000000009f misc=0x8c ;;	# + MISCV
	esac
	echo sw >$INJ/flags && echo 0 >$INJ/cpu &&
		echo $status >$INJ/status && echo $addr >$INJ/addr &&
		echo $misc >$INJ/misc &&
		echo $bank >$INJ/bank	# writing the bank injects
}

# wait_log PATTERN: the kernel logs PATTERN within 5 seconds (decoding
# runs from a work item after the injection returns).
wait_log() {
	local i=0
	while [ $i -lt 50 ]; do
		dmesg | grep -q "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

corrupted_kb() {
	awk '/^HardwareCorrupted:/ { print $2 }' /proc/meminfo
}

exercise() {
	local pfn before after
	VENDOR=$(awk '/^vendor_id/ { print $3; exit }' /proc/cpuinfo)
	case "$VENDOR" in
	AuthenticAMD|HygonGenuine)
		if grep -qw smca /proc/cpuinfo; then
			echo "SMCA CPU: a software injection cannot name a UMC bank"
			return 1
		fi ;;
	GenuineIntel) ;;
	*) echo "no corrected DRAM error format for vendor '$VENDOR'"; return 1 ;;
	esac
	[ -d $CEC ] || { echo "no $CEC"; return 1; }
	[ "$(cat $CEC/decay_interval)" = 86400 ] ||
		{ echo "decay_interval is '$(cat $CEC/decay_interval)', not 86400"; return 1; }
	echo 2 >$CEC/action_threshold || return 1
	[ "$(cat $CEC/action_threshold)" = 2 ] ||
		{ echo "action_threshold did not take 2"; return 1; }
	modprobe mce-inject || return 1
	pfn=$(pick_pfn) || { echo "no System RAM in /proc/iomem"; return 1; }
	before=$(corrupted_kb)

	inject "$pfn" || { echo "mce-inject refused the error"; return 1; }
	# The collector takes the error (MCE_HANDLED_CEC): nothing else logs
	# it, and a count of 1 is below the threshold.
	sleep 1
	if dmesg | grep -q "Soft-offlining pfn: $pfn\$"; then
		echo "pfn $pfn offlined after one error, the threshold is 2"
		return 1
	fi
	inject "$pfn" || { echo "mce-inject refused the second error"; return 1; }
	wait_log "Soft-offlining pfn: $pfn\$" ||
		{ echo "two errors at pfn $pfn, no soft-offline: $(dmesg | tail -n 5)"; return 1; }
	# memory_failure_queue() runs soft_offline_page() from a work item.
	# A free or movable page is taken out of use (HardwareCorrupted
	# grows); for a page the kernel holds, memory-failure says why not
	# ("Soft offline: PFN: ..." or "Memory failure: PFN: ...").  Either
	# shows the request arrived; which depends on who owns the page.
	local i=0
	while [ $i -lt 50 ]; do
		after=$(corrupted_kb)
		[ "$after" -le "$before" ] || return 0
		dmesg | grep -qE "(Soft offline|Memory failure): $pfn: " && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "pfn $pfn: neither HardwareCorrupted ($after kB) nor memory-failure moved: $(dmesg | tail -n 3)"
	return 1
}

cleanup() {
	echo 1023 >$CEC/action_threshold 2>/dev/null
	:
}

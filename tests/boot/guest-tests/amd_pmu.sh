# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# amd_pmu.sh - the AMD core PMU driver (PERF_EVENTS_AMD_CORE as a module):
# loading it ran the x86 PMU registration, which either installed the
# "cpu" PMU (hardware events count) or, on a CPU whose counters do not
# work (QEMU's TCG has none), left perf with software events only; the
# kernel log says which, and sysfs and perf_event_open() must agree.
MODULES="amd_pmu"

exercise() {
	local log
	# Everything from the last "Performance Events:" line: the one this
	# load printed, and the check_hw_exists() verdict after it.
	log=$(dmesg | awk '/Performance Events:/ { buf = "" } { buf = buf $0 "\n" }
		END { printf "%s", buf }')
	case "$log" in
	*"Performance Events:"*"PMU driver."*)
		[ -d /sys/bus/event_source/devices/cpu ] ||
			{ echo "registered, but no cpu PMU in sysfs"; return 1; }
		kslim-probe perf hw || return 1
		;;
	*"Performance Events:"*"software events only"*)
		[ ! -d /sys/bus/event_source/devices/cpu ] ||
			{ echo "cpu PMU in sysfs without counters"; return 1; }
		if kslim-probe perf hw 2>/dev/null; then
			echo "a hardware event opened without a PMU"
			return 1
		fi
		;;
	*)
		echo "amd_pmu did not register the x86 PMU: '$log'"
		return 1
		;;
	esac
	kslim-probe perf sw
}

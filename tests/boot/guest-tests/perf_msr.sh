# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# perf_msr.sh - the msr PMU (PERF_EVENTS_MSR as a module): the "msr" event
# source is registered, lists the TSC event every x86 CPU with a TSC has,
# and a per-task TSC counter opened through perf_event_open() counts.
MODULES="perf_msr"

exercise() {
	local dir=/sys/bus/event_source/devices/msr type
	[ -r "$dir/type" ] || { echo "no msr PMU in sysfs"; return 1; }
	[ "$(cat "$dir/events/tsc")" = "event=0x00" ] ||
		{ echo "msr PMU without its tsc event"; return 1; }
	type=$(cat "$dir/type")
	kslim-probe perf "$type:0"
}

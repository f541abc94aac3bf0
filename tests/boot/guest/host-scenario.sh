#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
# host-scenario.sh - guest side of `make`'s memory figure: run the KVM host
# scenario (host-scenario.list) and report what the kernel keeps
#
# Usage: host-scenario.sh [-c VCPUS] [-o KTAP_OUTPUT] [-d DATA_OUTPUT]
#
# init runs it instead of kslim-run.sh with kslim.mode=scenario
# (boot-test.sh --scenario).  Each step of the list is one KTAP result on
# KTAP_OUTPUT (default /dev/ttyS1), with the modules it loaded as a
# diagnostic.  The measurements then go to DATA_OUTPUT (default
# /dev/ttyS2, which boot-test.sh saves as scenario.txt), one record a
# line, read by scripts/report.py (format: Documentation/boot-harness.rst):
#
#   kslim-scenario 1
#   release RELEASE
#   step NAME ok|fail [MODULE...]   modules that went live during the step
#   output NAME LINE                what the step's command printed
#   freeing LINE                    dmesg's "Freeing ... memory: NK" lines
#   module LINE                     /proc/modules after the last step
#   meminfo LINE                    MemTotal, MemFree and MemAvailable
#   end
#
# Raw lines, not figures: which freed ranges belong to the kernel image is
# decided once, on the host.
set -u

# shellcheck source=tests/boot/guest/lib.sh
. /kslim/lib.sh

vcpus=2
ktap_out=/dev/ttyS1
data_out=/dev/ttyS2
while getopts c:o:d: opt; do
	case "$opt" in
	c) vcpus=$OPTARG ;;
	o) ktap_out=$OPTARG ;;
	d) data_out=$OPTARG ;;
	*)
		echo "usage: host-scenario.sh [-c VCPUS] [-o KTAP_OUTPUT] [-d DATA_OUTPUT]" >&2
		exit 2
		;;
	esac
done
# read by the kvm step of the list
export vcpus

DATA=/tmp/host-scenario.data

# nic_up: what a host's network configuration does with its NIC: the
# interface virtio_net bound, up, with QEMU's user-network address and
# route (static: a DHCP client would also load af_packet)
nic_up() {
	local n l nic=
	for n in /sys/class/net/*; do
		l=$(readlink "$n/device/driver" 2>/dev/null) || continue
		[ "${l##*/}" = virtio_net ] && { nic=${n##*/}; break; }
	done
	[ -n "$nic" ] || { echo "no interface bound to virtio_net:" /sys/class/net/*; return 1; }
	ip link set "$nic" up &&
		ip addr add 10.0.2.15/24 dev "$nic" &&
		ip route add default via 10.0.2.2 dev "$nic"
}

live_modules() {
	awk '$5 == "Live" { print $1 }' /proc/modules | sort
}

# run_step NAME COMMAND: one KTAP result and its data records
run_step() {
	local name="$1" cmd="$2" before out rc=0 m new=""
	before=" $(live_modules | tr '\n' ' ') "
	out=$(eval "$cmd" 2>&1 </dev/null) || rc=$?
	for m in $(live_modules); do
		case "$before" in *" $m "*) ;; *) new="$new $m" ;; esac
	done
	if [ "$rc" -eq 0 ]; then
		echo "step $name ok$new" >>"$DATA"
	else
		echo "step $name fail$new" >>"$DATA"
	fi
	[ -z "$out" ] || printf '%s\n' "$out" | sed "s/^/output $name /" >>"$DATA"
	kt_diag "$name: \$ $cmd; loaded:${new:- nothing}"
	if [ "$rc" -eq 0 ]; then
		kt_result ok "$name"
	else
		kt_result fail "$name" "exit $rc: $out"
	fi
}

trim() {
	local s="$1"
	s=${s#"${s%%[! ]*}"}
	printf '%s' "${s%"${s##*[! ]}"}"
}

exec 3>"$ktap_out"
stty -F "$ktap_out" raw -echo 2>/dev/null || true
stty -F "$data_out" raw -echo 2>/dev/null || true
grep '^[a-z]' "$KSLIM/host-scenario.list" >/tmp/host-scenario.list

{
	echo "kslim-scenario 1"
	echo "release $REL"
} >"$DATA"
# All of them are logged before init runs (free_initmem, mark_rodata_ro),
# so the ring buffer is read before the scenario adds to it.
dmesg | grep 'Freeing .* memory' | sed 's/^/freeing /' >>"$DATA"

kt_line "KTAP version 1"
kt_plan "$(grep -c . /tmp/host-scenario.list)"
kt_diag "kslim: host scenario at uptime $(cut -d' ' -f1 /proc/uptime) s, kernel $REL"
while IFS='|' read -r name cmd; do
	run_step "$(trim "$name")" "$(trim "$cmd")"
done </tmp/host-scenario.list
kt_diag "kslim: done at uptime $(cut -d' ' -f1 /proc/uptime) s"

{
	sed 's/^/module /' /proc/modules
	grep -E '^(MemTotal|MemFree|MemAvailable):' /proc/meminfo | sed 's/^/meminfo /'
	echo end
} >>"$DATA"
cat "$DATA" >"$data_out"
exec 3>&-

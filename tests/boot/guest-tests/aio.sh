# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# aio.sh - POSIX AIO (io_setup() and friends): a context of 64 events
# counts in fs.aio-nr, a pread goes through it, io_destroy() gives the
# events back.  Built in on stock and on the series; a module, loaded by
# the first io_setup(), with patches/wip's AIO patches.
#
# Busy (the unload_busy suite, when aio is a module):
#  - autoload: with aio unloaded the fs.aio-* sysctls are there (the
#    accounting stays built in) and the first io_setup() loads aio.
#  - context_pins_module: while a context lives (kslim-probe aio-hold)
#    rmmod aio is refused; the context then still works; after its
#    io_destroy() the module unloads.
#  - orphan_ring: a child keeps the mapping of a destroyed context's
#    ring (kslim-probe aio-orphan); aio unloads, then the child moves the
#    mapping (mremap() reaches the ring's operations, which stay in the
#    core: it must refuse) and unmaps it; no splat.
#  - stress: 100 unload/load cycles of aio while kslim-probe aio-busy
#    sets up, uses and destroys contexts, 20 ms apart (a context pins the
#    module, so each rmmod has to find a gap): each io_setup() works, or
#    is refused with EAGAIN (module going) or ENOSYS (gone, not back in
#    time), none hangs, no splat.
# Fault injection: the load of aio with each allocation failing in turn;
# gone() checks that a failed load left no provider behind.
MODULES="aio"
BUSY="autoload context_pins_module orphan_ring stress"
FAULT_INJECT="aio"

exercise() {
	kslim-probe aio
}

# run with autoload off: io_setup() cannot load aio, only find what a
# failed load left
gone() {
	kslim-probe aio-none >/dev/null 2>&1 && return 0
	echo "io_setup() does not fail with ENOSYS after a failed load of aio"
	return 1
}

cleanup() {
	hold_release 2>/dev/null
	modprobe aio
}

busy_autoload() {
	local max
	unload_retry aio || { echo "$WHY"; return 1; }
	max=$(cat /proc/sys/fs/aio-max-nr 2>&1) ||
		{ echo "no fs.aio-max-nr without the aio module: $max"; return 1; }
	kslim-probe aio || return 1
	is_live aio || { echo "io_setup() did not load aio"; return 1; }
	echo "fs.aio-max-nr $max without the module; io_setup() loaded aio"
}

busy_context_pins_module() {
	local refcnt out
	modprobe aio || return 1
	hold_start kslim-probe aio-hold || { echo "$WHY"; return 1; }
	read -r refcnt </sys/module/aio/refcnt
	if out=$(rmmod aio 2>&1); then
		echo "rmmod aio succeeded with a live context (refcnt was $refcnt)"
		hold_abandon
		return 1
	fi
	is_live aio || { echo "aio not live after the refused rmmod"; hold_release; return 1; }
	if ! hold_release; then
		echo "the held context failed after the refused rmmod: $(cat "$HOLD_OUT")"
		return 1
	fi
	# the context is freed after a grace period (free_ioctx() is RCU work)
	if ! unload_retry aio; then
		echo "aio does not unload after io_destroy(): $WHY"
		return 1
	fi
	echo "rmmod refused with a live context (refcnt $refcnt), the context worked on; rmmod after io_destroy() passed"
}

busy_orphan_ring() {
	local out
	modprobe aio || return 1
	hold_start kslim-probe aio-orphan || { echo "$WHY"; return 1; }
	if ! unload_retry aio; then
		echo "aio does not unload while only an orphan ring is mapped: $WHY"
		hold_release
		return 1
	fi
	if ! hold_release; then
		echo "the orphan ring's child failed after rmmod aio: $(cat "$HOLD_OUT")"
		return 1
	fi
	out=$(tail -n 1 "$HOLD_OUT")
	echo "aio unloaded under an inherited ring; then $out"
}

busy_stress() {
	local pid rc=0 why="" t0 t1
	modprobe aio || return 1
	kslim-probe aio-busy >/tmp/aio-busy.out 2>&1 &
	pid=$!
	t0=$(cut -d' ' -f1 /proc/uptime)
	cycle_module 100 aio || { rc=1; why=$WHY; }
	t1=$(cut -d' ' -f1 /proc/uptime)
	kill -0 "$pid" 2>/dev/null || { rc=1; why="$why${why:+; }aio-busy ended during the cycles"; }
	bg_stop "$pid" || rc=1
	[ -z "$why" ] || echo "$why"
	echo "100 cycles of aio in $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s; $(cat /tmp/aio-busy.out)"
	return "$rc"
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-syscall.sh - the system call round trip in the guest, kernels
# booted alternately, medians side by side and their ratio
#
# Usage: scripts/bench-syscall.sh [--boots N] [--rounds R] [--calls C]
#                                 [--append ARGS] [--out DIR] NAME=OBJTREE...
#
# Boots every kernel N times (default 5), in turn (A B, B A, A B...), each
# with kslim.mode=bench: the guest (tests/boot/guest/bench-syscall.sh)
# times R rounds (default 5) of C getppid() calls (default 200000).  A
# boot's figure is the median of its rounds; a kernel's the median of its
# boots.  --append adds kernel parameters (pti=on).  Under TCG the figure
# is QEMU's emulation of the entry path: it shows a change in the
# instructions run, not in the TLB cost of page sizes, which TCG does not
# model.  Results: DIR/results.txt and DIR/results.json.
# Exit codes: 0 measured, 1 a boot failed, 2 usage or input error.
set -eu

me=bench-syscall
root=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$root/build}
PYTHON=${PYTHON:-/usr/bin/python3}
boots=5
rounds=5
calls=200000
append=
out=$O/bench/syscall

die() {
	echo "$me: error: $*" >&2
	exit 2
}

posint() {
	case "$2" in ''|*[!0-9]*|0) die "$1 wants a positive number, not '$2'" ;; esac
}

while [ "$#" -gt 0 ]; do
	case "$1" in
	--boots) boots=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--calls) calls=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) sed -n '3,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) break ;;
	esac
done
posint --boots "$boots"
posint --rounds "$rounds"
posint --calls "$calls"
[ "$#" -gt 0 ] || die "no kernel given (NAME=OBJTREE, see --help)"
progs=$O/boot/progs
[ -x "$progs/kslim-probe" ] || die "cannot open '$progs/kslim-probe': No such file or directory (make boot-progs)"
for spec in "$@"; do
	case "$spec" in *=*) ;; *) die "'$spec' is not NAME=OBJTREE" ;; esac
	case "$spec" in *[[:space:]]*) die "'$spec': no spaces in NAME=OBJTREE" ;; esac
	obj=${spec#*=}
	if [ ! -f "$obj/arch/x86/boot/bzImage" ] || [ ! -d "$obj/modroot" ]; then
		die "no kernel in '$obj' (arch/x86/boot/bzImage and modroot/; build it first)"
	fi
done
mkdir -p "$out"
gen=$O/boot/tools/gen_init_cpio
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
names=
for spec in "$@"; do
	names="$names ${spec%%=*}"
	: >"$out/${spec%%=*}.values"
done

kernels=$*
reversed=
for spec in $kernels; do reversed="$spec $reversed"; done
failed=0
i=1
while [ "$i" -le "$boots" ]; do
	# alternate the order, so drift in the host's load hits both
	order=$kernels
	[ $((i % 2)) -eq 1 ] || order=$reversed
	for spec in $order; do
		name=${spec%%=*}
		obj=${spec#*=}
		echo "  BENCH   $name boot $i/$boots"
		set -- --kernel "$obj/arch/x86/boot/bzImage" --modroot "$obj/modroot" \
			--progs "$progs" --accel tcg --name "$name" --out "$out/$name" \
			--append "kslim.mode=bench kslim.bench_rounds=$rounds kslim.bench_calls=$calls${append:+ $append}"
		[ ! -x "$gen" ] || set -- "$@" --gen-init-cpio "$gen"
		if "$root/tests/boot/boot-test.sh" "$@" >"$out/$name.log" 2>&1; then
			sed -n 's/^ok [0-9]* syscalls # ns_per_call=\([0-9.]*\)$/\1/p' \
				"$out/$name/ktap.log" | tr '\n' ' ' >>"$out/$name.values"
			echo >>"$out/$name.values"
		else
			echo "  FAIL    $name boot $i: see $out/$name.log and $out/$name/console.log"
			failed=1
		fi
	done
	i=$((i + 1))
done

# shellcheck disable=SC2086 # $names: one word per kernel
"$PYTHON" - "$out" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" \
	"$(nproc)" "$calls" "$append" $names <<'PY'
import json, statistics, sys

out, load0, load1, cpus, calls, append = sys.argv[1:7]
names = sys.argv[7:]
res = {}
for n in names:
    boots = [[float(x) for x in ln.split()] for ln in open(f"{out}/{n}.values")
             if ln.split()]
    per_boot = [statistics.median(b) for b in boots]
    res[n] = {"boots": per_boot, "rounds": boots,
              "median": statistics.median(per_boot) if per_boot else None}
lines = [f"bench-syscall: TCG, getppid() round trip, ns per call: median of "
         f"the boots' medians (min-max), {calls} calls a round"
         + (f", kernel parameters '{append}'" if append else ""),
         f"host: {cpus} CPUs, load average {load0} before, {load1} after "
         f"(other work on the host slows TCG)"]
w = max(len(n) for n in names)
for n in names:
    b = sorted(res[n]["boots"])
    lines.append(f"{n:<{w}} {res[n]['median']:>9.1f} ({b[0]:.1f}-{b[-1]:.1f}), "
                 f"{len(b)} boots" if b else f"{n:<{w}} no boot measured")
if len(names) == 2 and all(res[n]["median"] for n in names):
    lines.append(f"ratio {names[1]} / {names[0]}: "
                 f"{res[names[1]]['median'] / res[names[0]]['median']:.3f}")
text = "\n".join(lines) + "\n"
sys.stdout.write(text)
open(f"{out}/results.txt", "w").write(text)
json.dump(res, open(f"{out}/results.json", "w"), indent=1, sort_keys=True)
PY
echo "  RESULTS $out/results.txt"
exit "$failed"

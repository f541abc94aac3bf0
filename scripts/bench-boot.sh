#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-boot.sh - boot-to-KTAP-plan and module sweep times under TCG, the
# median of several boots per kernel, kernels side by side
#
# Usage: scripts/bench-boot.sh [--boots N] [--out DIR] NAME=OBJTREE...
#
# Each OBJTREE needs arch/x86/boot/bzImage and modroot/ (modules_install).
# Every boot is the full normal boot test (tests/boot/boot-test.sh --accel
# tcg); times are host wall clock from QEMU start, stamped as the KTAP lines
# arrive: "plan" = the guest printed its KTAP plan (kernel boot + init),
# one row per suite (modules = load, unload, reload every module), "last
# KTAP line", "QEMU exit" (after the guest powered off) and "boot-test.sh"
# (the whole harness: initramfs, QEMU, verdict).  Results:
# DIR/results.txt and DIR/results.json.
# Exit codes: 0 measured, 1 a boot failed, 2 usage or input error.
set -eu

me=bench-boot
root=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$root/build}
PYTHON=${PYTHON:-/usr/bin/python3}
boots=5
out=$O/bench/boot

die() {
	echo "$me: error: $*" >&2
	exit 2
}

while [ "$#" -gt 0 ]; do
	case "$1" in
	--boots) boots=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) sed -n '3,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) break ;;
	esac
done
[ "$#" -gt 0 ] || die "no kernel given (NAME=OBJTREE, see --help)"
case "$boots" in ''|*[!0-9]*|0) die "--boots wants a positive number" ;; esac
progs=$O/boot/progs
[ -x "$progs/kslim-vmm" ] || die "cannot open '$progs/kslim-vmm': No such file or directory (make boot-progs)"
mkdir -p "$out"
gen=$O/boot/tools/gen_init_cpio

failed=0
names=
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for spec in "$@"; do
	name=${spec%%=*}
	obj=${spec#*=}
	if [ ! -f "$obj/arch/x86/boot/bzImage" ] || [ ! -d "$obj/modroot" ]; then
		echo "  SKIP    $name: no kernel in '$obj' (build it first)"
		continue
	fi
	names="$names $name"
	: >"$out/$name.runs"
	i=1
	while [ "$i" -le "$boots" ]; do
		echo "  BENCH   $name boot $i/$boots"
		set -- --kernel "$obj/arch/x86/boot/bzImage" --modroot "$obj/modroot" \
			--progs "$progs" --accel tcg --name "$name" --out "$out/$name"
		[ ! -x "$gen" ] || set -- "$@" --gen-init-cpio "$gen"
		rm -f "$out/$name.run$i.json"
		t0=$(date +%s.%N)
		if "$root/tests/boot/boot-test.sh" "$@" >"$out/$name.log" 2>&1; then
			t1=$(date +%s.%N)
			"$PYTHON" -c 'import json, sys
v = json.load(open(sys.argv[1]))
v["timing"]["wall"] = round(float(sys.argv[3]) - float(sys.argv[2]), 3)
json.dump(v, open(sys.argv[4], "w"), indent=1, sort_keys=True)' \
				"$out/$name/verdict.json" "$t0" "$t1" "$out/$name.run$i.json"
			echo "$out/$name.run$i.json" >>"$out/$name.runs"
		else
			# the next boot overwrites the logs: keep this one's
			for f in "$out/$name.log" "$out/$name/ktap.log" "$out/$name/console.log"; do
				[ ! -f "$f" ] || cp "$f" "${f%.log}.fail$i.log"
			done
			echo "  FAIL    $name boot $i: see $out/$name.fail$i.log, $out/$name/{ktap,console}.fail$i.log"
			failed=1
		fi
		i=$((i + 1))
	done
done
[ -n "$names" ] || die "none of the kernels is built"

# shellcheck disable=SC2086 # $names: one word per kernel
"$PYTHON" - "$out" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" \
	"$(nproc)" $names <<'PY'
import json, statistics, sys

out, load0, load1, cpus, names = (sys.argv[1], sys.argv[2], sys.argv[3],
                                  sys.argv[4], sys.argv[5:])
keys = [("plan", "boot to KTAP plan"), ("module_sweep", "modules suite"),
        ("autoload", "autoload suite"), ("functional", "functional suite"),
        ("hypervisor", "hypervisor suite"), ("end", "last KTAP line"),
        ("shutdown", "poweroff to exit"), ("exit", "QEMU exit"),
        ("wall", "boot-test.sh")]
res = {}
for n in names:
    runs = [json.load(open(p.strip()))["timing"]
            for p in open(f"{out}/{n}.runs") if p.strip()]
    res[n] = {k: sorted(r[k] for r in runs if k in r) for k, _ in keys}
    res[n]["boots"] = len(runs)


def cell(v):
    if not v:
        return f"{'-':>20}"
    return f"{statistics.median(v):>7.2f} ({v[0]:.2f}-{v[-1]:.2f})".rjust(20)


lines = [f"bench-boot: TCG, median (min-max) seconds of "
         f"{max(res[n]['boots'] for n in names)} boots, host wall clock",
         f"host: {cpus} CPUs, load average {load0} before, {load1} after "
         f"(other work on the host slows TCG)",
         f"{'':<18}" + "".join(f"{n:>20}" for n in names)
         + (f"{'ratio':>8}" if len(names) == 2 else "")]
if len(names) == 2:
    lines.insert(2, f"ratio: {names[1]} / {names[0]}, medians")
for k, title in keys:
    row = f"{title:<18}" + "".join(cell(res[n][k]) for n in names)
    if len(names) == 2 and res[names[0]][k] and res[names[1]][k]:
        a = statistics.median(res[names[0]][k])
        b = statistics.median(res[names[1]][k])
        row += f"{b / a:>8.2f}" if a else f"{'-':>8}"
    lines.append(row)
text = "\n".join(lines) + "\n"
sys.stdout.write(text)
open(f"{out}/results.txt", "w").write(text)
json.dump({n: {k: {"median": statistics.median(v), "runs": v}
               for k, v in res[n].items() if k != "boots" and v}
           for n in names}, open(f"{out}/results.json", "w"), indent=1,
          sort_keys=True)
PY
echo "  RESULTS $out/results.txt"
exit "$failed"

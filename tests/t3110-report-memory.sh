#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t3110-report-memory.sh - the host-scenario rows of scripts/report.py:
# image kept after boot, modules loaded, their sum.  On objtrees built from
# footprint's fixture kernel with scenario.txt files written here, good
# ones give exact figures and every malformed one is one error line and
# exit 2; then the real report (make) must hold the rows, consistent with
# each other, with the kernels' System.map and with footprint's kept after
# boot (the boot log must free what footprint says it frees).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_cmd ld binutils
need_built "make tools" "$FOOTPRINT"
REPORT=$KSLIM_ROOT/scripts/report.py
rel=6.12.0-t3110

check "build the fixture kernel (tests/footprint/mkfixtures.sh)" \
	"$KSLIM_ROOT/tests/footprint/mkfixtures.sh" "$T/fx"

# objtree DIR VMLINUX MODULE...: vmlinux, kernel.release, modroot/
objtree() {
	_d=$T/$1
	mkdir -p "$_d/include/config" "$_d/modroot/lib/modules/$rel/kernel"
	cp "$2" "$_d/vmlinux"
	echo "$rel" >"$_d/include/config/kernel.release"
	shift 2
	for _m in "$@"; do
		cp "$T/fx/mod.ko" "$_d/modroot/lib/modules/$rel/kernel/$_m.ko"
	done
}
objtree stock "$T/fx/vmlinux" kvm kvm-amd kvm-intel virtio_net
objtree modular "$T/fx/new/vmlinux" kvm kvm-amd kvm-intel virtio_net perf-msr

# The fixture's init is 16 KiB in both kernels (what the boot frees as
# initmem); the scenarios differ in the gaps freed and the modules loaded.
cat >"$T/stock.txt" <<EOF
kslim-scenario 1
release $rel
freeing [    0.912345] Freeing unused kernel image (initmem) memory: 16K
freeing [    0.913000] Freeing unused kernel image (text/rodata gap) memory: 8K
freeing [    0.913100] Freeing unused kernel image (rodata/data gap) memory: 4K
freeing [    0.800000] Freeing initrd memory: 1024K
step coldplug ok virtio_net kvm kvm_amd
step devpts ok
step pty ok
output pty kslim-probe: pty /dev/pts/0: a line went from master to slave
step kvm ok
output kvm KTAP version 1
output kvm 1..2
output kvm ok 1 kvm_api_version
output kvm ok 2 vcpu0_long_mode
module kvm_amd 200704 0 - Live 0xffffffffc0400000
module kvm 1234944 1 kvm_amd, Live 0xffffffffc0200000
module virtio_net 73728 0 - Live 0xffffffffc0100000
module kvm_intel 16384 0 - Loading 0xffffffffc0600000
meminfo MemTotal:        1004928 kB
meminfo MemFree:          861244 kB
meminfo MemAvailable:     912760 kB
end
EOF
sed -e 's/(rodata\/data gap) memory: 4K/(rodata\/data gap) memory: 8K/' \
	-e 's/^step coldplug ok .*/& perf_msr/' \
	-e 's/^module kvm_intel .*/module perf_msr 8192 0 - Live 0xffffffffc0700000/' \
	-e 's/MemTotal:        1004928/MemTotal:        1004944/' \
	"$T/stock.txt" >"$T/modular.txt"

report() {
	"$PY" "$REPORT" --footprint "$FOOTPRINT" --name fx --out "$T/$1" \
		--scenario "$2" "$3" "$T/stock" "$T/modular"
}
check "report.py with both scenarios" report out "$T/stock.txt" "$T/modular.txt"

# image 86016 (footprint: _text to __end_of_kernel_reserve); stock frees
# 16+8+4 KiB and loads 200704+1234944+73728 (kvm_intel is still Loading);
# modular frees 16+8+8 KiB and loads perf_msr as well.
cat >"$T/rows.expected" <<'EOF'
fx: host scenario kernel memory Before=1566720, After=1570816, chg +0.26% (image kept 57344 -> 53248; 3 -> 4 modules loaded, 1509376 -> 1517568 bytes)
image (_text to __end_of_kernel_reserve)                         86016        86016           +0
image freed by the boot (boot log)                               28672        32768        +4096
image kept after boot                                            57344        53248        -4096
modules loaded in the host scenario (count)                          3            4           +1
modules loaded in the host scenario (bytes)                    1509376      1517568        +8192
kernel memory in the host scenario (image kept + modules)      1566720      1570816        +4096
MemTotal in the host scenario (bytes)                       1029046272   1029062656       +16384
host scenario, loaded only by stock: none
host scenario, loaded only by modular: perf_msr (8192)
EOF
grep -E '^(fx: host|image|modules loaded|kernel memory|MemTotal|host scenario)' \
	"$T/out/summary.txt" >"$T/rows.got" || true
check_golden "summary.txt: the host-scenario rows" "$T/rows.expected" "$T/rows.got"
check_grep "summary.txt: the kept-after-boot line" \
	'^fx: kept after boot Before=69632, After=69632, chg +0.00% ' "$T/out/summary.txt"
check "summary.txt: the resident summary line stays first" \
	grep -q '^fx: resident Before=' "$T/out/summary.txt"
sed -n 1p "$T/out/summary.txt" >"$T/first"
check_grep "... on the first line" '^fx: resident' "$T/first"
check_grep "summary.md: the kernel memory row" \
	'^| kernel memory in the host scenario (image kept + modules) | 1566720 | 1570816 | +4096 |$' \
	"$T/out/summary.md"
check_grep "summary.md: the image kept row" \
	'^| image kept after boot | 57344 | 53248 | -4096 |$' "$T/out/summary.md"
check_grep "summary.rst: the modules row" \
	'^   \* - modules loaded in the host scenario (bytes)$' "$T/out/summary.rst"
# shellcheck disable=SC2016 # the Python code is in single quotes
check "summary.json: the rows, the freed ranges and the modules" "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
s, m, d = j["stock"], j["modular"], j["delta"]
assert s["image_kept"] == 57344 and m["image_kept"] == 53248, (s, m)
assert s["scenario_modules"] == 3 and m["scenario_modules"] == 4
assert s["scenario_total"] == 1566720 and d["scenario_total"] == 4096
assert s["scenario"]["image_freed"] == {
    "unused kernel image (initmem)": 16384,
    "unused kernel image (text/rodata gap)": 8192,
    "unused kernel image (rodata/data gap)": 4096}, s["scenario"]
assert s["scenario"]["other_freed"] == {"initrd": 1048576}
assert "kvm_intel" not in s["scenario"]["modules"]
assert m["scenario"]["modules"]["perf_msr"] == 8192
assert s["scenario"]["kvm"] == {"ok": 2, "not_ok": 0}
assert s["scenario"]["steps"][0] == {"name": "coldplug",
    "loaded": ["virtio_net", "kvm", "kvm_amd"]}
' "$T/out/summary.json"
check "report.py without --scenario" "$PY" "$REPORT" --footprint "$FOOTPRINT" \
	--name fx --out "$T/plain" "$T/stock" "$T/modular"
if grep -q "host scenario" "$T/plain/summary.txt"; then
	not_ok "... has no host-scenario rows"
else
	ok "... has no host-scenario rows"
fi

# bad NAME WHY SED-SCRIPT: the stock scenario, edited, must be refused:
# exit 2, nothing on stdout, one "report: error:" line, no summary written
bad() {
	_f=$T/bad-$1.txt
	sed -e "$3" "$T/stock.txt" >"$_f"
	_rc=0
	report "out-$1" "$_f" "$T/modular.txt" >"$T/bad.out" 2>"$T/bad.err" || _rc=$?
	if [ "$_rc" -eq 2 ] && [ ! -s "$T/bad.out" ] && [ ! -e "$T/out-$1" ] &&
		[ "$(wc -l <"$T/bad.err")" -eq 1 ] &&
		grep -q "^report: error: .*$2" "$T/bad.err"; then
		ok "refused, exit 2 in one line: $1"
	else
		not_ok "refused, exit 2 in one line: $1 (exit $_rc)"
		diag_stdin <"$T/bad.err"
		head -n 5 "$T/bad.out" | diag_stdin
	fi
}
bad empty "not a scenario file" 'd'
bad format "not a scenario file" '1s/.*/kslim-scenario 2/'
# shellcheck disable=SC2016 # a sed address
bad cut-short "cut short" '$d'
bad step-failed "step 'kvm' of the host scenario failed" 's/^step kvm ok/step kvm fail/'
bad kvm-guest "the KVM guest did not pass" 's/^output kvm ok 2/output kvm not ok 2/'
bad freeing-garbage "not a 'Freeing ... memory: NK' line" 's/(initmem) memory: 16K/(initmem) memory: lots/'
bad no-initmem "no 'Freeing unused kernel image (initmem) memory' line" '/(initmem)/d'
bad freed-twice "freed twice" '/(text\/rodata gap)/p'
bad module-garbage "not a /proc/modules line" 's/^module kvm 1234944/module kvm big/'
bad no-memavailable "no 'MemAvailable' meminfo record" '/MemAvailable/d'
bad meminfo-unit "not a /proc/meminfo line" 's/^\(meminfo MemFree: *[0-9]*\) kB/\1 MB/'
bad unknown-record "unknown record" '2a\
garbage in the stream'
bad no-release "no 'release' record" '/^release /d'
bad other-release "is from kernel 6.12.0-other" 's/^release .*/release 6.12.0-other/'
bad other-initmem "freed 20480 bytes of initmem, this vmlinux has 16384" \
	's/(initmem) memory: 16K/(initmem) memory: 20K/'
bad foreign-module "modules this objtree does not build: nosuch" \
	'/^meminfo MemTotal/i\
module nosuch 4096 0 - Live 0xffffffffc0800000'
_rc=0
report out-missing "$T/no-such.txt" "$T/modular.txt" >/dev/null 2>"$T/bad.err" || _rc=$?
check "a missing scenario.txt: exit 2 ($_rc)" test "$_rc" -eq 2
check_grep "... saying which file and what to run" \
	"^report: error: cannot open '$T/no-such.txt': No such file or directory (make boot-scenario)$" \
	"$T/bad.err"

# --- the real report (make), when it is there ------------------------------
real=$O/report/kvm-host/summary.json
if [ ! -r "$real" ] ||
	! "$PY" -c 'import json, sys; sys.exit("image_kept" not in json.load(open(sys.argv[1]))["stock"])' "$real"; then
	skip "the real report's host-scenario rows" "no $real with them (make)"
	done_testing
	exit
fi
check_grep "real summary.txt: the kernel memory row" \
	'^kernel memory in the host scenario (image kept + modules) ' \
	"$O/report/kvm-host/summary.txt"
check_grep "real summary.txt: the image kept row" '^image kept after boot ' \
	"$O/report/kvm-host/summary.txt"
for v in stock modular; do
	# shellcheck disable=SC2016 # the Python code is in single quotes
	check "real report, $v: figures nonzero and consistent with each other and System.map" \
		"$PY" -c '
import json, sys
k = json.load(open(sys.argv[1]))[sys.argv[2]]
sym = {}
for ln in open(sys.argv[3]):
    f = ln.split()
    if len(f) == 3 and f[2] in ("_text", "_end", "__init_begin", "__init_end"):
        sym[f[2]] = int(f[0], 16)
span = sym["_end"] - sym["_text"]
sc = k["scenario"]
mods = sc["modules"]
def need(cond, what):
    if not cond:
        sys.exit(f"{sys.argv[2]}: {what}: {k}")
need(sc["image_freed"]["unused kernel image (initmem)"] ==
     sym["__init_end"] - sym["__init_begin"], "initmem of this System.map")
need(0 < k["image"] <= span, "image within _end - _text")
need(0 < k["image_kept"] < span, "0 < image kept < _end - _text")
need(k["image_kept"] >= k["resident"], "image kept >= resident")
need(k["image_freed"] >= k["init"] > 0, "freed >= init > 0")
need(k["image_kept"] + k["image_freed"] == k["image"], "kept + freed = image")
need(k["kept"] == k["image_kept"],
     "footprint kept after boot %d = image - boot log freed %d"
     % (k["kept"], k["image_kept"]))
need(k["image_kept"] % 4096 == k["image"] % 4096, "freed whole pages")
need(k["scenario_modules"] == len(mods) > 0, "modules counted")
need(k["scenario_modules_bytes"] == sum(mods.values()), "modules summed")
need(all(b > 0 and b % 4096 == 0 for b in mods.values()),
     "every module a whole number of pages")
need(k["scenario_modules_bytes"] % 4096 == 0, "modules bytes page multiple")
need(k["scenario_total"] == k["image_kept"] + k["scenario_modules_bytes"],
     "total = image kept + modules")
need({"kvm", "kvm_amd", "virtio_net"} <= set(mods), "kvm, kvm_amd, virtio_net loaded")
need(sc["kvm"]["ok"] > 0 and sc["kvm"]["not_ok"] == 0, "the KVM guest passed")
mi = sc["meminfo"]
need(0 < mi["MemAvailable"] < mi["MemTotal"], "MemAvailable < MemTotal")
need(k["scenario_mem_total"] == mi["MemTotal"], "MemTotal row")
' "$real" "$v" "$O/$v/kvm-host/System.map"
done
# The RAM the kernel reserves (the image kept among it) is what MemTotal
# does not count: the two deltas agree unless other reservations moved.
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
d = j["delta"]
print("image kept %+d bytes, MemTotal %+d bytes, kernel memory in the host "
      "scenario %+d bytes" % (d["image_kept"], d["scenario_mem_total"],
                              d["scenario_total"]))
' "$real" | diag_stdin
sed -n 2,3p "$O/report/kvm-host/summary.txt" | diag_stdin

done_testing

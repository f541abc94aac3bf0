#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# boot-test.sh - boot one kernel in QEMU and judge the guest's KTAP
#
# Usage: tests/boot/boot-test.sh --kernel BZIMAGE --modroot DIR --progs DIR
#                                --out DIR [--name NAME] [--conf FILE]
#                                [--gen-init-cpio PATH] [--accel auto|tcg|kvm]
#                                [--debug] [--iterations N] [--timeout S]
#                                [--interactive] [--scenario] [--verbose]
#                                [--append ARGS]
#
#   --kernel BZIMAGE   arch/x86/boot/bzImage of the kernel under test
#   --modroot DIR      its INSTALL_MOD_PATH (DIR/lib/modules/RELEASE)
#   --progs DIR        kslim-vmm and kslim-probe (static, mk/boot.mk)
#   --out DIR          console.log, ktap.log, initramfs, verdict.json here
#   --conf FILE        QEMU parameters (default configs/qemu-x86_64.conf)
#   --accel MODE       auto probes KVM with a 5-instruction guest under a
#                      timeout and falls back to TCG (default auto)
#   --debug            the debug boot: debug_iterations passes + kmemleak
#   --interactive      a shell on the console instead of the tests
#   --scenario         only the KVM host scenario (guest/host-scenario.list),
#                      its measurements saved in OUT/scenario.txt
#   --verbose          show the console live (V=1)
#   --append ARGS      more kernel parameters after the conf's append line
#
# Prints the QEMU command, the summary from ktap-check.py and where the logs
# are.  With --scenario, a failed boot's scenario.txt is renamed
# scenario.failed.txt: only a passing boot's figures are the scenario's.
# Exit codes: 0 the boot passed, 1 it failed, 2 usage or input error.
set -eu

me=boot-test
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}

die() {
	echo "$me: error: $*" >&2
	exit 2
}

kernel=
modroot=
progs=
out=
name=
conf=$root/configs/qemu-x86_64.conf
gen=
accel=auto
debug=0
iterations=
timeout=
interactive=0
scenario=0
verbose=0
extra=
while [ "$#" -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--modroot) modroot=$2; shift 2 ;;
	--progs) progs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--conf) conf=$2; shift 2 ;;
	--gen-init-cpio) gen=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--debug) debug=1; shift ;;
	--iterations) iterations=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--interactive) interactive=1; shift ;;
	--scenario) scenario=1; shift ;;
	--verbose) verbose=1; shift ;;
	--append) extra=$2; shift 2 ;;
	-h|--help) sed -n '3,29s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
if [ -z "$kernel" ] || [ -z "$modroot" ] || [ -z "$progs" ] || [ -z "$out" ]; then
	die "--kernel, --modroot, --progs and --out are required (see --help)"
fi
[ -f "$kernel" ] || die "cannot open '$kernel': No such file or directory"
kernel=$(cd "$(dirname "$kernel")" && pwd)/$(basename "$kernel")
[ -r "$conf" ] || die "cannot open '$conf': No such file or directory"
case "$accel" in auto|tcg|kvm) ;; *) die "--accel must be auto, tcg or kvm" ;; esac
[ "$interactive" -eq 0 ] || [ "$scenario" -eq 0 ] ||
	die "--interactive and --scenario exclude each other"
[ -n "$name" ] || name=$(basename "$out")

# conf KEY: the value of KEY in the QEMU parameter file
conf() {
	sed -n "s/^$1[[:space:]]*=[[:space:]]*//p" "$conf" | tail -n 1
}

qemu=$(conf qemu)
command -v "$qemu" >/dev/null 2>&1 ||
	die "the external command '$qemu' is needed (Debian package qemu-system-x86)"
command -v timeout >/dev/null 2>&1 ||
	die "the external command 'timeout' is needed (Debian package coreutils)"
if [ "$debug" -eq 1 ]; then
	: "${timeout:=$(conf debug_timeout)}" "${iterations:=$(conf debug_iterations)}"
else
	: "${timeout:=$(conf timeout)}" "${iterations:=1}"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/console.log" "$out/ktap.log" "$out/ktap.log.times" \
	"$out/qemu.rc" "$out/verdict.json" "$out/scenario.txt" \
	"$out/scenario.failed.txt"

# KVM only when it demonstrably works: /dev/kvm opening is not enough (here
# QEMU -enable-kvm aborts with -cpu host and hangs with other models).  The
# probe boots the kernel under test, without initramfs, under a timeout:
# with working KVM it reaches the "VFS: Unable to mount root fs" panic in
# about a second and QEMU exits (panic=-1, -no-reboot).  The verdict is
# kept in $(dirname OUT)/kvm-probe.cache for this host and QEMU.
kvm_works() {
	[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	cache=$(dirname "$out")/kvm-probe.cache
	key="$($qemu --version | head -n 1)|$(uname -r)|$(conf machine)|$(conf cpu_kvm)"
	if [ -r "$cache" ] && [ "$(sed -n 1p "$cache")" = "$key" ]; then
		[ "$(sed -n 2p "$cache")" = yes ]
		return
	fi
	echo "  PROBE   KVM ($(conf kvm_probe_timeout) s at most, cached in $cache)"
	timeout -k 1 "$(conf kvm_probe_timeout)" "$qemu" -nodefaults -display none \
		-no-reboot -machine "$(conf machine),accel=kvm" -cpu "$(conf cpu_kvm)" \
		-m 256M -kernel "$kernel" -append "console=ttyS0 panic=-1" \
		-serial "file:$out/kvm-probe.log" </dev/null >/dev/null 2>&1 || true
	verdict=no
	grep -q 'Unable to mount root' "$out/kvm-probe.log" 2>/dev/null && verdict=yes
	printf '%s\n%s\n' "$key" "$verdict" >"$cache"
	[ "$verdict" = yes ]
}
case "$accel" in
auto)
	if kvm_works; then
		accel=kvm
	else
		accel=tcg
		echo "  ACCEL   tcg (KVM probe failed or hung: QEMU -enable-kvm unusable)"
	fi
	;;
kvm) kvm_works || die "--accel kvm: the KVM probe failed (QEMU -enable-kvm hangs or errors)" ;;
esac
if [ "$accel" = kvm ]; then
	cpu=$(conf cpu_kvm)
else
	cpu=$(conf cpu_tcg)
fi

# initramfs and the virtio disk
echo "  CPIO    $out/initramfs.cpio"
set -- --modroot "$modroot" --progs "$progs" --out "$out/initramfs.cpio"
[ -z "$gen" ] || set -- "$@" --gen-init-cpio "$gen"
sh "$here/mkinitramfs.sh" "$@" || exit 2
rm -f "$out/disk.img"
truncate -s "$(conf disk_size)" "$out/disk.img"
printf 'kslim-virtio-blk' | dd of="$out/disk.img" conv=notrunc 2>/dev/null

mode="test"
[ "$interactive" -eq 0 ] || mode=shell
[ "$scenario" -eq 0 ] || mode=scenario
append="$(conf append) kslim.mode=$mode kslim.iterations=$iterations${extra:+ $extra}"
if [ "$interactive" -eq 1 ]; then
	console="-chardev stdio,id=con,mux=on,signal=off,logfile=$out/console.log -serial chardev:con -mon chardev=con,mode=readline"
	ktap="-chardev file,id=ktap,path=$out/ktap.log -serial chardev:ktap"
else
	console="-chardev file,id=con,path=$out/console.log -serial chardev:con"
	ktap="-chardev stdio,id=ktap,signal=off -serial chardev:ktap"
fi
# the scenario's measurements: a third serial port (ttyS2), a file here
data=
[ "$scenario" -eq 0 ] ||
	data="-chardev file,id=data,path=$out/scenario.txt -serial chardev:data"

# shellcheck disable=SC2086 # $console, $ktap, $data: option lists, split on purpose
set -- "$qemu" -nodefaults -nographic -no-reboot \
	-machine "$(conf machine)" -accel "$(conf "accel_$accel")" -cpu "$cpu" \
	-m "$(conf memory)" -smp "$(conf smp)" \
	-kernel "$kernel" -initrd "$out/initramfs.cpio" -append "$append" \
	$console $ktap $data \
	-netdev user,id=net0 -device "$(conf nic),netdev=net0" \
	-drive "if=none,id=disk0,format=raw,file=$out/disk.img" \
	-device "$(conf disk),drive=disk0"

# the exact command, quoted so it can be pasted
quoted=
for a in "$@"; do
	case "$a" in
	*[!A-Za-z0-9_./:=,+-]*) quoted="$quoted '$a'" ;;
	*) quoted="$quoted $a" ;;
	esac
done
echo "$quoted" | sed 's/^ /$ /' >"$out/qemu-cmd.txt"

if [ "$interactive" -eq 1 ]; then
	echo "  QEMU    $name (interactive: Ctrl-A x quits)"
	"$@"
	exit 0
fi

echo "  BOOT    $name ($accel, -cpu $cpu, timeout ${timeout}s)"
tailpid=
if [ "$verbose" -eq 1 ]; then
	cat "$out/qemu-cmd.txt"
	: >"$out/console.log"
	tail -n +1 -f "$out/console.log" &
	tailpid=$!
fi
rc=0
{
	qrc=0
	timeout -k 5 "$timeout" "$@" </dev/null 2>"$out/qemu.stderr" || qrc=$?
	echo "$qrc" >"$out/qemu.rc"
} | "$PYTHON" "$here/ktap-check.py" --stream --ktap "$out/ktap.log" \
	--console "$out/console.log" --qemu-rc-file "$out/qemu.rc" \
	--timeout "$timeout" --name "$name" --json "$out/verdict.json" || rc=$?
[ -z "$tailpid" ] || kill "$tailpid" 2>/dev/null || true
if [ -s "$out/qemu.stderr" ]; then
	sed 's/^/  qemu: /' "$out/qemu.stderr" | head -n 5
fi
if [ "$rc" -ne 0 ]; then
	echo "  console log: $out/console.log (last lines below)"
	tail -n 15 "$out/console.log" | sed 's/^/  | /'
	echo "  KTAP log:    $out/ktap.log"
	echo "  reproduce:"
	sed 's/^/  /' "$out/qemu-cmd.txt"
	[ ! -f "$out/scenario.txt" ] ||
		mv "$out/scenario.txt" "$out/scenario.failed.txt"
	exit 1
fi
echo "  LOGS    $out/{console,ktap}.log; reproduce: $out/qemu-cmd.txt"
[ "$scenario" -eq 0 ] || echo "  DATA    $out/scenario.txt"

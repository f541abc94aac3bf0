#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# distro-check.sh - the series beyond the reference config: Debian's own
# amd64 config, an i386 build, and each option's =y/=m/=n on kvm-host
#
# Usage: scripts/distro-check.sh [--fast] [-j N] [--step STEP]... O
#
# O is kslim's output folder (build/): O/stock/src is the pristine tree
# (`make pristine`).  Everything is written under O/distro/:
#   stock/src, modular/src   a copy of O/stock/src and a working copy of it
#                            with patches/series pushed (scripts/ksrc.sh)
#   modular/debian           Debian's config.amd64_none_amd64 (package
#                            linux-config-6.12) with every option the series
#                            makes tristate (scripts/report.py's reader of
#                            the series) set =m, then olddefconfig
#   {stock,modular}/debian-obj  the same config, the touched objects only
#   modular/i386             ARCH=i386 allnoconfig + a small fragment
#   modular/kvm-host         configs/kvm-host.config + kvm-host.series.config
#                            built by scripts/build-kernel.sh --modularize
#
# Steps (all by default, in this order; --fast runs config, w1, i386-obj):
#   config    Debian config, series options =m, olddefconfig; prints each
#             option's final value and, when Kconfig kept it =y, why
#   debian    vmlinux and the .ko of each series option that is =m (single
#             .ko targets: modpost runs on them against vmlinux.o, so an
#             unexported symbol is an "undefined!" error); modpost clean
#   w1        the C files the series touches, built with W=1 from the
#             series tree and from the pristine tree: only new warnings count
#   i386-obj  i386: the directories of the touched files, options =y and =n
#   i386      i386: vmlinux with the options =y, =m (and modules), =n
#   matrix    kvm-host: each option =y, =m, =n with the others at their
#             reference value: vmlinux and modules
#
# Local-build settings on Debian's config, as a kernel developer builds it:
# MODULE_SIG_ALL off (a key is generated, nothing is signed),
# SYSTEM_TRUSTED_KEYS="" and SYSTEM_REVOCATION_KEYS="" (Debian's certs are
# not in the tree), DEBUG_INFO_NONE=y (most of the build time otherwise).
#
# Compiles use ccache (CCACHE_DIR, default ~/.cache/kslim-ccache).  Logs are
# kept beside each objtree.  V=1 shows the kernel build output.
# Exit codes: 0 every step passed, 1 a step failed (its log and the command
# to reproduce it are printed), 2 usage or input error (missing package).
set -eu

me=distro-check
root=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
V=${V:-0}
debian_xz=${KSLIM_DEBIAN_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}

die() {
	echo "$me: error: $*" >&2
	exit 2
}

usage="usage: scripts/distro-check.sh [--fast] [-j N] [--step STEP]... O"
jobs=${J:-$(nproc)}
steps=
while [ "$#" -gt 0 ]; do
	case "$1" in
	--fast) steps="$steps config w1 i386-obj" ;;
	--step)
		[ "$#" -ge 2 ] || die "$usage"
		case "$2" in
		config|debian|w1|i386-obj|i386|matrix) steps="$steps $2" ;;
		*) die "unknown step '$2' (config, debian, w1, i386-obj, i386, matrix)" ;;
		esac
		shift
		;;
	-j) [ "$#" -ge 2 ] || die "$usage"; jobs=$2; shift ;;
	-j[0-9]*) jobs=${1#-j} ;;
	-h|--help) sed -n '3,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
	shift
done
[ "$#" -eq 1 ] || die "$usage"
case "$jobs" in
''|0|*[!0-9]*) die "-j wants a number of jobs, not '$jobs'" ;;
esac
[ -n "$steps" ] || steps="config debian w1 i386-obj i386 matrix"
O=$(cd "$1" 2>/dev/null && pwd) || die "cannot open '$1': No such directory"
[ -f "$O/stock/src/Makefile" ] ||
	die "cannot open '$O/stock/src/Makefile': No such file (run 'make pristine')"
[ -f "$debian_xz" ] ||
	die "cannot open '$debian_xz': No such file (Debian package linux-config-6.12: apt-get install linux-config-6.12)"
for c in xz quilt ccache; do
	command -v "$c" >/dev/null 2>&1 ||
		die "the external command '$c' is needed but it could not be found in PATH (scripts/deps.sh build)"
done

out=$O/distro
# comm(1) and sort(1) must agree on the order.
export LC_ALL=C
stock=$out/stock/src
work=$out/modular/src
failed=0

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/kslim-ccache}"
export CCACHE_NOHASHDIR=1
export CCACHE_COMPILERCHECK="${CCACHE_COMPILERCHECK:-content}"
export KBUILD_BUILD_TIMESTAMP="kslim" KBUILD_BUILD_USER=kslim \
	KBUILD_BUILD_HOST=kslim KBUILD_BUILD_VERSION=1

# words LIST: the list on one line, for messages
words() {
	# shellcheck disable=SC2086 # splitting and joining is the point
	echo $1
}

step_on() {
	case " $steps " in *" $1 "*) return 0 ;; esac
	return 1
}

# kmake SRC OBJ ARCH MAKE-ARGS...: base_dir is the folder holding src/ and
# the objtrees, so the cache hits across objtrees of the same layout (and
# with build/modular/kvm-host, which has the same one).
kmake() {
	_src=$1 _obj=$2 _arch=$3
	shift 3
	CCACHE_BASEDIR=$(dirname "$_src") \
		make -C "$_src" O="$_obj" ARCH="$_arch" CC="ccache gcc" "$@"
}

# run LOG WHAT SRC OBJ ARCH MAKE-ARGS...: one logged kernel make with
# progress lines; on failure the log and the command to reproduce it, and
# the step fails (exit 1 at the end).
run() {
	_log=$1 _what=$2 _rsrc=$3 _robj=$4 _rarch=$5
	shift 5
	echo "  $_what"
	rm -f "$_log.ok"
	_start=$(date +%s)
	_rc=0
	if [ "$V" = 1 ]; then
		{ kmake "$_rsrc" "$_robj" "$_rarch" "$@" 2>&1 || echo "rc=$?" >"$_log.rc"; } | tee "$_log"
		[ ! -f "$_log.rc" ] || { _rc=$(sed 's/rc=//' "$_log.rc"); rm -f "$_log.rc"; }
	else
		kmake "$_rsrc" "$_robj" "$_rarch" "$@" >"$_log" 2>&1 &
		_pid=$!
		while kill -0 "$_pid" 2>/dev/null; do
			_i=0
			while [ "$_i" -lt 60 ] && kill -0 "$_pid" 2>/dev/null; do
				sleep 1
				_i=$((_i + 1))
			done
			if kill -0 "$_pid" 2>/dev/null; then
				echo "          $(( $(date +%s) - _start ))s, $(grep -c '^  CC ' "$_log" || true) objects compiled, now $(grep '^  [A-Z]' "$_log" | tail -n 1 | sed 's/^ *//')"
			fi
		done
		wait "$_pid" || _rc=$?
	fi
	_secs=$(( $(date +%s) - _start ))
	echo "$_secs" >"$_log.secs"
	if [ "$_rc" -ne 0 ]; then
		[ "$V" = 1 ] || grep -B2 -A6 -m5 -E 'error|Error|undefined!' "$_log" | tail -n 30 >&2 || true
		echo "$me: error: '$_what' failed (exit $_rc, ${_secs}s); log: $_log" >&2
		echo "$me: reproduce: \$ CCACHE_BASEDIR=$(dirname "$_rsrc") make -C $_rsrc O=$_robj ARCH=$_rarch CC=\"ccache gcc\" $*" >&2
		failed=1
		return 1
	fi
	: >"$_log.ok"
	echo "          done in ${_secs}s"
}

# fail WHAT: a check (not a make) failed.
fail() {
	echo "$me: error: $*" >&2
	failed=1
}

# --- the series: working copy, options, touched files, modules ----------

echo "  SOURCE  $out/{stock,modular}/src"
if ! "$root/scripts/ksrc.sh" "$out" "$O/stock/src" >"$out.ksrc.log" 2>&1; then
	cat "$out.ksrc.log" >&2
	echo "$me: error: scripts/ksrc.sh failed; log: $out.ksrc.log" >&2
	exit 1
fi

# The options the series makes tristate: report.py's reader of the series
# (one reader, not two).
options=$("$PYTHON" - "$root/scripts" "$root/patches" <<'EOF'
import sys
import report
for _, opts, _ in report.series_options(sys.argv[2]):
    for o in opts:
        print(o[len("CONFIG_"):])
EOF
)
[ -n "$options" ] || die "patches/series makes no option tristate: nothing to check"
echo "  SERIES  options made tristate: $(words "$options")"

# The C files the series touches, as quilt lists them.
touched=$(cd "$work" && QUILT_PATCHES="$root/patches" QUILT_PC=.pc \
	quilt --quiltrc - files -a | sort -u)
touched_c=$(printf '%s\n' "$touched" | grep '\.c$' || true)
touched_o=$(printf '%s\n' "$touched_c" | sed 's/\.c$/.o/')
touched_dirs=$(printf '%s\n' "$touched_c" | sed 's,/[^/]*$,/,' | sort -u)

# module_of OPTION: the .ko Kbuild makes of it (obj-$(CONFIG_X) += name.o).
module_of() {
	grep -rH --include=Makefile --include=Kbuild -E "^obj-\\\$\(CONFIG_$1\)[[:space:]]*[:+]?=" "$work" |
		sed -e "s,^$work/,," | awk -F: '{
			d = $1; sub("/[^/]*$", "", d)
			n = split($2, w, /[ \t=]+/)
			for (i = 2; i <= n; i++)
				if (w[i] ~ /\.o$/) { sub(/\.o$/, ".ko", w[i]); print d "/" w[i] }
		}'
}

# value CONFIG OPTION: y, m, n or the string, as .config has it
value() {
	v=$(sed -n "s/^CONFIG_$2=//p" "$1")
	echo "${v:-n}"
}

# --- Debian's config ----------------------------------------------------

deb=$out/modular/debian
deb_stock=$out/stock/debian-obj
deb_obj=$out/modular/debian-obj

# debian_config SRC OBJ [OPTION...]: Debian's config, the local-build
# settings, the options =m, olddefconfig.
debian_config() {
	_s=$1 _o=$2
	shift 2
	mkdir -p "$_o"
	xz -dc "$debian_xz" >"$_o/.config.debian"
	cp "$_o/.config.debian" "$_o/.config.new"
	_set=
	for _x in "$@"; do _set="$_set -m $_x"; done
	# shellcheck disable=SC2086 # one -m per option
	"$_s/scripts/config" --file "$_o/.config.new" $_set \
		-d MODULE_SIG_ALL --set-str MODULE_SIG_KEY certs/signing_key.pem \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
		-d DEBUG_INFO -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		-d DEBUG_INFO_DWARF4 -d DEBUG_INFO_DWARF5 -e DEBUG_INFO_NONE \
		-d DEBUG_INFO_BTF
	# Only a changed .config goes in: an unchanged one keeps the objtree
	# up to date.
	if ! cmp -s "$_o/.config.new" "$_o/.config.in" 2>/dev/null || [ ! -f "$_o/.config" ]; then
		mv "$_o/.config.new" "$_o/.config.in"
		cp "$_o/.config.in" "$_o/.config"
	else
		rm -f "$_o/.config.new"
	fi
	run "$_o/config.log" "CONFIG  ${_o#"$O"/} (Debian amd64 + local build, olddefconfig)" \
		"$_s" "$_o" x86_64 olddefconfig
}

if step_on config || step_on debian || step_on w1; then
	# shellcheck disable=SC2086 # one argument per option
	debian_config "$work" "$deb_obj" $options || exit 1
	frag=$deb_obj/series-m.config
	for x in $options; do echo "CONFIG_$x=m"; done >"$frag"
	"$PYTHON" "$root/scripts/kconfig/fragment.py" check --srctree "$work" \
		--config "$deb_obj/.config" "$frag" >"$deb_obj/options.check" 2>&1 || true
	: >"$deb_obj/options.txt"
	for x in $options; do
		v=$(value "$deb_obj/.config" "$x")
		why=$(sed -n "s/^Missing: CONFIG_$x=m (\(.*\))$/\1/p" "$deb_obj/options.check")
		if [ "$v" = m ]; then
			echo "CONFIG_$x=m" >>"$deb_obj/options.txt"
		else
			echo "CONFIG_$x=$v (kept: ${why:-see $deb_obj/options.check})" >>"$deb_obj/options.txt"
		fi
	done
	sed 's/^/  OPTION  /' "$deb_obj/options.txt"
	grep -q '^Traceback' "$deb_obj/options.check" &&
		fail "fragment.py failed on the Debian config; log: $deb_obj/options.check"
	for s in "DEBUG_INFO_NONE=y" "SYSTEM_TRUSTED_KEYS=\"\"" "MODULE_SIG_ALL=n"; do
		[ "$(value "$deb_obj/.config" "${s%%=*}")" = "${s#*=}" ] ||
			fail "local-build setting CONFIG_$s did not survive olddefconfig ($deb_obj/.config)"
	done
fi

if step_on debian; then
	mkdir -p "$deb"
	if ! cmp -s "$deb_obj/.config" "$deb/.config" 2>/dev/null; then
		cp "$deb_obj/.config" "$deb/.config"
	fi
	kos=
	for x in $options; do
		[ "$(value "$deb/.config" "$x")" = m ] || continue
		kos="$kos $(module_of "$x")"
	done
	if run "$deb/build-vmlinux.log" "BUILD   ${deb#"$O"/} (vmlinux, -j$jobs)" \
		"$work" "$deb" x86_64 -j"$jobs" vmlinux; then
		if [ -n "$kos" ]; then
			# shellcheck disable=SC2086 # single .ko targets
			run "$deb/build-modules.log" "BUILD   ${deb#"$O"/} ($(words "$kos"), modpost)" \
				"$work" "$deb" x86_64 -j"$jobs" $kos || true
		fi
		if grep -h -E '(WARNING|ERROR): modpost:' "$deb/build-vmlinux.log" \
			"$deb/build-modules.log" 2>/dev/null >"$deb/modpost.txt"; then
			sed 's/^/          /' "$deb/modpost.txt"
			fail "modpost is not clean on the Debian config; see $deb/modpost.txt"
		else
			echo "  MODPOST ${deb#"$O"/}: clean (vmlinux$kos)"
		fi
	fi
fi

# --- W=1 on the touched files, series against pristine -------------------

# warnings LOG: "file: warning: text [-Wflag]" without line and column.
warnings() {
	sed -n -E 's,^(\.\./)*(src/)?([^ :]+):[0-9]+:[0-9]+: warning: ,\3: warning: ,p' "$1" |
		sed -e "s,^$O/distro/[a-z]*/src/,," | sort
}

# config_builds OBJ CONFIG: the Kbuild rule of OBJ in its directory's
# Makefile ("obj-$(CONFIG_X) += name.o") has its option set in CONFIG, or
# OBJ has no such rule (obj-y, composite objects: compile it).  A touched
# file the config does not build (kernel/module/debug_kmemleak.c without
# DEBUG_KMEMLEAK) cannot be compiled on its own.  A crude reader beside
# footprint's kbuild.c: the one-reader-per-format issue is to merge them.
config_builds() {
	_mk="$work/${1%/*}/Makefile"
	_opt=$(sed -n "s/^obj-\$(\(CONFIG_[A-Z0-9_]*\))[[:space:]]*+=[[:space:]]*${1##*/}\$/\1/p" \
		"$_mk" 2>/dev/null | head -n 1)
	[ -z "$_opt" ] || grep -q "^$_opt=[ym]$" "$2"
}

if step_on w1; then
	# The pristine tree has no new options: Debian's values stand.
	debian_config "$stock" "$deb_stock" || exit 1
	built_o=
	for o in $touched_o; do
		if config_builds "$o" "$deb_obj/.config"; then
			built_o="$built_o $o"
		else
			echo "  W=1     skip $o: its option is off in the Debian config"
		fi
	done
	touched_o=$built_o
	pristine_o=
	for o in $touched_o; do
		[ ! -f "$stock/${o%.o}.c" ] || pristine_o="$pristine_o $o"
	done
	# Warnings are printed only when an object is compiled: compile them
	# every time (ccache replays a cached compile's warnings).
	for o in $touched_o; do
		rm -f "$deb_obj/$o" "$deb_stock/$o"
	done
	# shellcheck disable=SC2086 # one target per object
	run "$deb_obj/build-w1.log" "W=1     ${deb_obj#"$O"/} ($(words "$touched_o" | wc -w) touched objects)" \
		"$work" "$deb_obj" x86_64 -j"$jobs" W=1 $touched_o &&
	run "$deb_stock/build-w1.log" "W=1     ${deb_stock#"$O"/} (the same, pristine)" \
		"$stock" "$deb_stock" x86_64 -j"$jobs" W=1 $pristine_o && {
		warnings "$deb_obj/build-w1.log" >"$deb_obj/w1.txt"
		warnings "$deb_stock/build-w1.log" >"$deb_stock/w1.txt"
		comm -13 "$deb_stock/w1.txt" "$deb_obj/w1.txt" >"$out/w1-new.txt"
		missing=
		for o in $touched_o; do
			[ -f "$deb_obj/$o" ] || missing="$missing $o"
		done
		[ -z "$missing" ] || fail "not built with the Debian config:$missing"
		if [ -s "$out/w1-new.txt" ]; then
			sed 's/^/          /' "$out/w1-new.txt"
			fail "W=1: $(wc -l <"$out/w1-new.txt") new warnings in the touched files; list: $out/w1-new.txt"
		else
			echo "  W=1     clean: no new warning ($(wc -l <"$deb_obj/w1.txt") with the series, $(wc -l <"$deb_stock/w1.txt") pristine)"
		fi
	}
fi

# --- i386 ---------------------------------------------------------------

i386=$out/modular/i386

# i386_config VALUE: allnoconfig + the fragment with every option =VALUE
i386_config() {
	mkdir -p "$i386"
	{
		cat <<'EOF'
# What the touched files need on i386 allnoconfig
CONFIG_MODULES=y
CONFIG_NET=y
CONFIG_INET=y
CONFIG_PERF_EVENTS=y
CONFIG_X86_UP_APIC=y
CONFIG_TTY=y
CONFIG_UNIX98_PTYS=y
EOF
		for x in $options; do
			if [ "$1" = n ]; then
				echo "# CONFIG_$x is not set"
			else
				echo "CONFIG_$x=$1"
			fi
		done
	} >"$i386/kslim-$1.fragment"
	run "$i386/config-$1.log" "CONFIG  ${i386#"$O"/} (ARCH=i386 allnoconfig + options =$1)" \
		"$work" "$i386" i386 allnoconfig KCONFIG_ALLCONFIG="$i386/kslim-$1.fragment" || return 1
	"$PYTHON" "$root/scripts/kconfig/fragment.py" check --arch i386 --srctree "$work" \
		--config "$i386/.config" "$i386/kslim-$1.fragment" >"$i386/fragment-$1.log" 2>&1 || {
		cat "$i386/fragment-$1.log" >&2
		fail "i386: the fragment did not survive allnoconfig; log: $i386/fragment-$1.log"
		return 1
	}
}

if step_on i386-obj; then
	for v in y n; do
		i386_config "$v" || continue
		# shellcheck disable=SC2086 # one target per directory
		run "$i386/build-obj-$v.log" "BUILD   ${i386#"$O"/} =$v ($(words "$touched_dirs"))" \
			"$work" "$i386" i386 -j"$jobs" $touched_dirs || true
	done
fi

if step_on i386; then
	for v in y m n; do
		i386_config "$v" || continue
		t=vmlinux
		[ "$v" != m ] || t="vmlinux modules"
		# shellcheck disable=SC2086 # two targets for =m
		run "$i386/build-$v.log" "BUILD   ${i386#"$O"/} =$v ($t, -j$jobs)" \
			"$work" "$i386" i386 -j"$jobs" $t || true
	done
fi

# --- kvm-host matrix ----------------------------------------------------

# config_flag VALUE: scripts/config's flag that sets a tristate to VALUE
config_flag() {
	case "$1" in
	y) printf "%s\n" -e ;;
	m) printf "%s\n" -m ;;
	*) printf "%s\n" -d ;;
	esac
}

kvm=$out/modular/kvm-host

if step_on matrix; then
	frags="$root/configs/kvm-host.config"
	[ ! -f "$root/configs/kvm-host.series.config" ] ||
		frags="$frags $root/configs/kvm-host.series.config"
	# A run stopped inside the matrix left a cell's .config: build-kernel.sh
	# must configure again.
	if [ -f "$kvm/.kslim-config.id.reference" ]; then
		rm -f "$kvm/.kslim-config.id" "$kvm/.kslim-config.id.reference"
	fi
	echo "  MATRIX  ${kvm#"$O"/}: reference (scripts/build-kernel.sh --modularize)"
	# shellcheck disable=SC2086 # one argument per fragment
	if ! "$root/scripts/build-kernel.sh" --modularize -j "$jobs" \
		--targets "vmlinux modules" "$work" "$kvm" $frags; then
		fail "the kvm-host reference does not build"
	else
		cp "$kvm/.config" "$kvm/.config.reference"
		mv "$kvm/.kslim-config.id" "$kvm/.kslim-config.id.reference"
		: >"$out/matrix.txt"
		for x in $options; do
			ref=$(value "$kvm/.config.reference" "$x")
			for v in y m n; do
				if [ "$v" = "$ref" ]; then
					echo "CONFIG_$x=$v reference: builds" >>"$out/matrix.txt"
					continue
				fi
				cp "$kvm/.config.reference" "$kvm/.config"
				"$work/scripts/config" --file "$kvm/.config" "$(config_flag "$v")" "$x"
				run "$kvm/config-$x-$v.log" "CONFIG  ${kvm#"$O"/} CONFIG_$x=$v" \
					"$work" "$kvm" x86_64 olddefconfig || continue
				got=$(value "$kvm/.config" "$x")
				if [ "$got" != "$v" ]; then
					printf 'CONFIG_%s=%s\n' "$x" "$v" >"$kvm/cell.config"
					why=$("$PYTHON" "$root/scripts/kconfig/fragment.py" check --srctree "$work" \
						--config "$kvm/.config" "$kvm/cell.config" | sed -n 's/^Missing: [^ ]* (\(.*\))$/\1/p')
					echo "CONFIG_$x=$v not possible: $why" >>"$out/matrix.txt"
					echo "  SKIP    CONFIG_$x=$v: Kconfig gives =$got ($why)"
					continue
				fi
				diff "$kvm/.config.reference" "$kvm/.config" | sed -n 's/^> CONFIG_/CONFIG_/p;s/^> # \(CONFIG_[A-Z0-9_]*\) is not set/\1=n/p' |
					tr '\n' ' ' | sed 's/ $//' >"$kvm/cell-$x-$v.diff"
				if run "$kvm/build-$x-$v.log" "BUILD   ${kvm#"$O"/} CONFIG_$x=$v (vmlinux modules, -j$jobs)" \
					"$work" "$kvm" x86_64 -j"$jobs" vmlinux modules; then
					echo "CONFIG_$x=$v builds ($(cat "$kvm/build-$x-$v.log.secs")s; .config changes: $(cat "$kvm/cell-$x-$v.diff"))" >>"$out/matrix.txt"
				else
					echo "CONFIG_$x=$v FAILS: $kvm/build-$x-$v.log" >>"$out/matrix.txt"
				fi
			done
		done
		# Leave the reference in place.
		cp "$kvm/.config.reference" "$kvm/.config"
		run "$kvm/config-reference.log" "CONFIG  ${kvm#"$O"/} back to the reference" \
			"$work" "$kvm" x86_64 olddefconfig &&
			mv "$kvm/.kslim-config.id.reference" "$kvm/.kslim-config.id"
		sed 's/^/  CELL    /' "$out/matrix.txt"
	fi
fi

if [ "$failed" -ne 0 ]; then
	echo "  FAIL    distro-check ($(words "$steps"))"
	exit 1
fi
echo "  PASS    distro-check ($(words "$steps"))"

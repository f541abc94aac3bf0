#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh - configure and build one kernel out of tree, the kslim way
#
# Usage: scripts/build-kernel.sh [--modularize] [--allow-absent]
#                                [--base TARGET] [-j N]
#                                [--targets "bzImage modules"]
#                                SRCTREE OBJTREE FRAGMENT...
#
#   1. make TARGET (default allnoconfig) with KCONFIG_ALLCONFIG set to the
#      fragments, then check that every option they ask for survived
#      (scripts/kconfig/fragment.py);
#   2. --modularize: turn every tristate =y into =m where Kconfig allows it
#      (scripts/kconfig/modularize.py; OBJTREE/modularize.txt says why the
#      rest stays built in), except the options listed in NAME.keep beside
#      a fragment NAME.config (needed before modules can load), then
#      olddefconfig and check the fragments again;
#      --allow-absent: options a fragment names that this kernel version
#      does not have are reported, not fatal (older kernels);
#   3. build the targets with ccache, then modules_install into
#      OBJTREE/modroot.
#
# The source tree is only read (Kbuild O=).  The objtree is wiped when the
# source it was built from changed identity (SRCTREE/../src.id), since
# unpacked files may carry mtimes older than the objects.  V=1 shows the
# kernel build live; otherwise progress is printed every 30 seconds and the
# log is kept in OBJTREE/build.log.  Exit codes: 0 built, 1 a step failed
# (the command to reproduce it is printed), 2 usage or input error.
set -eu

me=build-kernel
root=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
V=${V:-0}

die() {
	echo "$me: error: $*" >&2
	exit 2
}

modularize=
allow_absent=
base=allnoconfig
jobs=${J:-$(nproc)}
targets="bzImage modules"
while [ "$#" -gt 0 ]; do
	case "$1" in
	--modularize) modularize=1 ;;
	--allow-absent) allow_absent=--allow-absent ;;
	--base) base=$2; shift ;;
	-j) jobs=$2; shift ;;
	--targets) targets=$2; shift ;;
	-h|--help) sed -n '3,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
	shift
done
[ "$#" -ge 3 ] || die "usage: scripts/build-kernel.sh [options] SRCTREE OBJTREE FRAGMENT..."
src=$(cd "$1" 2>/dev/null && pwd) || die "cannot open '$1': No such directory"
[ -f "$src/Makefile" ] || die "'$src' is not a kernel source tree"
mkdir -p "$2"
obj=$(cd "$2" && pwd)
shift 2
for f in "$@"; do
	[ -f "$f" ] || die "cannot open fragment '$f': No such file"
done
name=${obj#"$root"/}

# Two builds in one objtree corrupt it: the second one waits.
exec 9>"$obj.lock"
if ! flock -n 9; then
	echo "  WAIT    $name: another build holds $obj.lock"
	flock 9
fi

# One ccache for every kslim build; base_dir makes the cache hit across
# output folders that share a layout.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/kslim-ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$(dirname "$obj")")}"
export CCACHE_NOHASHDIR=1
export CCACHE_COMPILERCHECK="${CCACHE_COMPILERCHECK:-content}"
# Same input, same bytes out: no time or host in the image.
export KBUILD_BUILD_TIMESTAMP="kslim" KBUILD_BUILD_USER=kslim \
	KBUILD_BUILD_HOST=kslim KBUILD_BUILD_VERSION=1

srcid_file=$(dirname "$src")/src.id
if [ -f "$srcid_file" ]; then
	if ! cmp -s "$srcid_file" "$obj/.kslim-src.id" 2>/dev/null; then
		[ ! -f "$obj/.kslim-src.id" ] ||
			echo "  CLEAN   $name (its source tree changed)"
		find "$obj" -mindepth 1 -delete
		cp "$srcid_file" "$obj/.kslim-src.id"
	fi
fi

kmake() {
	make -C "$src" O="$obj" ARCH=x86_64 CC="ccache gcc" "$@"
}

# run LOG DESCRIPTION MAKE-ARGS...: one kernel make step, logged, with
# progress, and the command to reproduce it when it fails.
run() {
	log=$1
	what=$2
	shift 2
	echo "  $what"
	start=$(date +%s)
	if [ "$V" = 1 ]; then
		{ rc=0; kmake "$@" 2>&1 || rc=$?; echo "$rc" >"$log.rc"; } |
			tee "$log"
		rc=$(cat "$log.rc")
		rm -f "$log.rc"
	else
		rc=0
		kmake "$@" >"$log" 2>&1 &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			i=0
			while [ "$i" -lt 30 ] && kill -0 "$pid" 2>/dev/null; do
				sleep 1
				i=$((i + 1))
			done
			if kill -0 "$pid" 2>/dev/null; then
				n=$(grep -c '^  CC ' "$log" || true)
				last=$(grep '^  [A-Z]' "$log" | tail -n 1 | sed 's/^ *//')
				echo "          $name: $(( $(date +%s) - start ))s, $n objects compiled, now $last"
			fi
		done
		wait "$pid" || rc=$?
	fi
	if [ "$rc" -ne 0 ]; then
		[ "$V" = 1 ] || grep -B2 -A8 -m3 -E 'error|Error' "$log" | tail -n 30 >&2 || true
		echo "$me: error: '$what' failed for $name (exit $rc); log: $log" >&2
		echo "$me: reproduce: \$ make -C $src O=$obj ARCH=x86_64 CC=\"ccache gcc\" $*" >&2
		exit 1
	fi
}

fragment=$obj/kslim.fragment
cat "$@" >"$fragment.new"
mv "$fragment.new" "$fragment"

# Everything the .config is made from: when none of it changed, the
# configuration steps (a minute of Kconfig work) are skipped.
config_id=$({
	cat "$fragment"
	for f in "$@"; do cat "${f%.config}.keep" 2>/dev/null || true; done
	cat "$(dirname "$src")/src.id" "$(dirname "$src")/series.id" 2>/dev/null || true
	echo "$base $modularize $allow_absent"
	cat "$0" "$root"/scripts/kconfig/*.py
} | md5sum | cut -d' ' -f1)

configure() {
	run "$obj/config.log" "CONFIG  $name ($base + $(for f in "$@"; do basename "$f"; done | tr '\n' ' ' | sed 's/ $//'))" \
		"$base" KCONFIG_ALLCONFIG="$fragment"
	keep=
	for f in "$@"; do
		k=${f%.config}.keep
		[ ! -f "$k" ] || keep="$keep $(sed -e 's/#.*//' "$k" | xargs)"
	done
	# shellcheck disable=SC2086 # $allow_absent is empty or one flag
	"$PYTHON" "$root/scripts/kconfig/fragment.py" check $allow_absent --srctree "$src" \
		--config "$obj/.config" "$fragment" ||
		{ echo "$me: error: $name: the fragment did not survive $base (see Missing: lines above)" >&2; exit 1; }

	if [ -n "$modularize" ]; then
		echo "  MODULAR $name"
		# shellcheck disable=SC2046 # one --keep per option
		"$PYTHON" "$root/scripts/kconfig/modularize.py" --srctree "$src" \
			$(for k in $keep; do printf -- '--keep %s ' "$k"; done) \
			--explain "$obj/modularize.txt" --json "$obj/modularize.json" \
			-o "$obj/.config.modular" "$obj/.config" >"$obj/modularize.log" 2>&1 ||
			{ cat "$obj/modularize.log" >&2; echo "$me: error: modularize.py failed for $name; log: $obj/modularize.log" >&2; exit 1; }
		head -n 1 "$obj/modularize.log" | sed 's/^/          /'
		mv "$obj/.config.modular" "$obj/.config"
		run "$obj/config.log" "OLDCONF $name" olddefconfig
		# shellcheck disable=SC2086
		"$PYTHON" "$root/scripts/kconfig/fragment.py" check --modularized $allow_absent \
			--srctree "$src" --config "$obj/.config" "$fragment" ||
			{ echo "$me: error: $name: the fragment did not survive modularization" >&2; exit 1; }
	fi
}

if [ -f "$obj/.config" ] &&
	[ "$(cat "$obj/.kslim-config.id" 2>/dev/null)" = "$config_id" ] &&
	[ -z "$(find "$src" -name 'Kconfig*' -newer "$obj/.kslim-config.id" -print -quit)" ]; then
	echo "  CONFIG  $name: up to date"
else
	rm -f "$obj/.kslim-config.id"
	configure "$@"
	echo "$config_id" >"$obj/.kslim-config.id"
fi

# shellcheck disable=SC2086 # the target list is split on purpose
run "$obj/build.log" "BUILD   $name ($targets, -j$jobs)" -j"$jobs" $targets

case " $targets " in
*" modules "*)
	rm -rf "$obj/modroot"
	run "$obj/install.log" "INSTALL $name/modroot" modules_install \
		INSTALL_MOD_PATH="$obj/modroot" DEPMOD=/sbin/depmod
	;;
esac
echo "  DONE    $name: $(kmake -s kernelrelease)"

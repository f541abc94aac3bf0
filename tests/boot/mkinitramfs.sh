#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh - build the boot-test initramfs: busybox, modules, tests
#
# Usage: tests/boot/mkinitramfs.sh --modroot DIR --progs DIR --out FILE
#                                  [--release REL] [--gen-init-cpio PATH]
#
#   --modroot DIR        the kernel's INSTALL_MOD_PATH (holds lib/modules/REL)
#   --release REL        kernel release (default: the only one under DIR)
#   --progs DIR          kslim-vmm and kslim-probe, built static by mk/boot.mk
#   --out FILE           the newc cpio to write; FILE.d/ is the staging tree
#   --gen-init-cpio PATH the kernel's usr/gen_init_cpio (no root needed);
#                        without it `cpio -H newc` is used (root: mknod)
#
# Contents: Debian's busybox-static as /bin/busybox with one link per applet,
# the modules (debug info stripped from unsigned ones, depmod rerun), and
# kslim's guest side (tests/boot/guest/, guest-tests/, splat-patterns).
# Nothing is downloaded.  Exit codes: 0 written, 2 usage or input error.
set -eu

me=mkinitramfs
here=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "$me: error: $*" >&2
	exit 2
}

need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "the external command '$1' is needed (Debian package $2)"
}

modroot=
release=
progs=
out=
gen=
while [ "$#" -gt 0 ]; do
	case "$1" in
	--modroot) modroot=$2; shift 2 ;;
	--release) release=$2; shift 2 ;;
	--progs) progs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--gen-init-cpio) gen=$2; shift 2 ;;
	-h|--help) sed -n '3,19s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
if [ -z "$modroot" ] || [ -z "$progs" ] || [ -z "$out" ]; then
	die "--modroot, --progs and --out are required (see --help)"
fi
[ -d "$modroot/lib/modules" ] ||
	die "cannot open '$modroot/lib/modules': No such file or directory"
if [ -z "$release" ]; then
	release=$(ls "$modroot/lib/modules")
	[ "$(echo "$release" | wc -l)" -eq 1 ] ||
		die "several releases under '$modroot/lib/modules': pass --release"
fi
[ -d "$modroot/lib/modules/$release" ] ||
	die "cannot open '$modroot/lib/modules/$release': No such file or directory"
for p in kslim-vmm kslim-probe; do
	[ -x "$progs/$p" ] || die "cannot open '$progs/$p': No such file or directory"
done
[ -x /bin/busybox ] ||
	die "cannot open '/bin/busybox': No such file or directory (Debian package busybox-static)"
file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' ||
	! command -v file >/dev/null ||
	die "/bin/busybox is not static: install busybox-static, not busybox"
need depmod kmod
need strip binutils

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
root=$out.d
rm -rf "$root"
mkdir -p "$root/bin" "$root/kslim/bin" "$root/kslim/tests" "$root/lib/modules" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/mnt" \
	"$root/etc" "$root/root"

# busybox and its applet links (absolute targets work from any directory)
cp /bin/busybox "$root/bin/busybox"
/bin/busybox --list-full >"$out.applets"
sed -n 's,/[^/]*$,,p' "$out.applets" | sort -u | (cd "$root" && xargs mkdir -p)
while read -r applet; do
	[ -e "$root/$applet" ] || [ -L "$root/$applet" ] ||
		ln -s /bin/busybox "$root/$applet"
done <"$out.applets"
rm -f "$out.applets"

# modules: a copy, so stripping and depmod never touch the kernel's tree
mods=$root/lib/modules/$release
cp -R "$modroot/lib/modules/$release" "$mods"
rm -f "$mods/build" "$mods/source"
# a stripped signed module would no longer verify; one strip for the rest
find "$mods" -name '*.ko' | while read -r ko; do
	[ "$(tail -c 28 "$ko")" = "~Module signature appended~" ] || echo "$ko"
done | xargs -r strip --strip-debug
if find "$mods" -name '*.ko.*' | grep -q .; then
	die "compressed modules in '$modroot' (CONFIG_MODULE_COMPRESS): busybox modprobe cannot load them"
fi
depmod -b "$root" "$release" ||
	die "depmod -b '$root' '$release' failed"

# kslim's guest side
cp "$here/guest/init" "$root/init"
cp "$here/guest/lib.sh" "$here/guest/kslim-run.sh" "$here/guest/autoload.list" \
	"$here/guest/modules.exceptions" "$here/guest/host-scenario.sh" \
	"$here/guest/bench-syscall.sh" \
	"$here/guest/host-scenario.list" "$here/splat-patterns" "$root/kslim/"
cp "$here"/guest-tests/*.sh "$root/kslim/tests/"
cp "$progs/kslim-vmm" "$progs/kslim-probe" "$root/kslim/bin/"
chmod 755 "$root/init" "$root/kslim/kslim-run.sh" "$root/kslim/host-scenario.sh" \
	"$root/kslim/bench-syscall.sh"
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"

if [ -n "$gen" ] && [ -x "$gen" ]; then
	list=$out.list
	(
		echo "nod /dev/console 0600 0 0 c 5 1"
		cd "$root"
		# type, mode, path, link target in one find(1): no stat per file
		find . -mindepth 1 -printf '%y %m %P %l\n' | LC_ALL=C sort -k3,3 |
			while read -r type mode f link; do
				case "$type" in
				l) echo "slink /$f $link 0777 0 0" ;;
				d) echo "dir /$f $mode 0 0" ;;
				*) echo "file /$f $root/$f $mode 0 0" ;;
				esac
			done
	) >"$list"
	# -t 0: same inputs, same bytes out
	"$gen" -t 0 "$list" >"$out.tmp"
else
	need cpio cpio
	[ "$(id -u)" -eq 0 ] ||
		die "without --gen-init-cpio, /dev/console needs mknod: run as root"
	mknod "$root/dev/console" c 5 1
	(cd "$root" && find . | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) >"$out.tmp"
fi
mv "$out.tmp" "$out"

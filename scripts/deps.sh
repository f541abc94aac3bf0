#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# deps.sh - install the Debian packages a kslim step needs, or name them
#
# Usage: scripts/deps.sh GROUP...
#
# GROUP is one of the package sets below.  Run as root, missing packages are
# installed with apt-get (after one `apt-get update` if the lists are empty);
# otherwise the script stops with the exact command to run.  Exit 0 when
# everything is present, 2 when it is not and cannot be installed.
set -eu

pkgs_build="build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils
	kmod rsync quilt ccache python3 python3-kconfiglib linux-source-6.12
	linux-config-6.12"
pkgs_boot="qemu-system-x86 busybox-static"
pkgs_cocci="coccinelle"
pkgs_sparse="sparse"
pkgs_track="linux-source-6.1 python3-matplotlib sqlite3 git chromium"
pkgs_lint="shellcheck perl time"
pkgs_submit="git b4 perl quilt python3-markdown python3-yaml"

want=""
for group in "$@"; do
	case "$group" in
	build) want="$want $pkgs_build" ;;
	boot) want="$want $pkgs_boot" ;;
	cocci) want="$want $pkgs_cocci" ;;
	sparse) want="$want $pkgs_sparse" ;;
	track) want="$want $pkgs_track" ;;
	lint) want="$want $pkgs_lint" ;;
	submit) want="$want $pkgs_submit" ;;
	*)
		echo "deps: error: unknown package group '$group'" >&2
		exit 2
		;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
missing=${missing# }

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: error: missing Debian packages; run: sudo apt-get install -y $missing" >&2
	exit 2
fi

echo "  APT     $missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the package list is wanted
if ! apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		{ echo "deps: error: apt-get install -y $missing failed" >&2; exit 2; }
fi

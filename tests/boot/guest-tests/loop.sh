# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# loop.sh - loop block device: attach a file, read it back, detach
MODULES="loop"

exercise() {
	dd if=/dev/urandom of=/tmp/loop.img bs=64k count=16 2>/dev/null
	dev=$(losetup -f) || { echo "losetup -f: no free loop device"; return 1; }
	losetup "$dev" /tmp/loop.img || return 1
	if ! cmp /tmp/loop.img "$dev"; then
		echo "$dev does not read back /tmp/loop.img"
		losetup -d "$dev"
		return 1
	fi
	size=$(blockdev --getsize64 "$dev")
	losetup -d "$dev" || return 1
	[ "$size" -eq $((64 * 1024 * 16)) ] ||
		{ echo "$dev is $size bytes, the file 1048576"; return 1; }
}

cleanup() {
	losetup -D 2>/dev/null
	rm -f /tmp/loop.img
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# ext4.sh - ext4: mount a fresh filesystem on a loop device, write, remount, read
MODULES="ext4"

exercise() {
	rm -f /tmp/ext4.img
	dd if=/dev/zero of=/tmp/ext4.img bs=1M count=8 2>/dev/null
	mke2fs -q -F /tmp/ext4.img >/dev/null || return 1
	dev=$(losetup -f) && losetup "$dev" /tmp/ext4.img || return 1
	mkdir -p /mnt/ext4
	mount -t ext4 "$dev" /mnt/ext4 || { losetup -d "$dev"; return 1; }
	grep -q " /mnt/ext4 ext4 " /proc/mounts ||
		{ echo "/mnt/ext4 not listed as ext4 in /proc/mounts"; return 1; }
	seq 1 2000 >/mnt/ext4/numbers
	umount /mnt/ext4 || return 1
	mount -t ext4 -o ro "$dev" /mnt/ext4 || return 1
	sum=$(awk '{ s += $1 } END { print s }' /mnt/ext4/numbers)
	umount /mnt/ext4
	losetup -d "$dev"
	[ "$sum" = 2001000 ] || { echo "read back sum $sum, wrote 2001000"; return 1; }
}

cleanup() {
	umount /mnt/ext4 2>/dev/null
	losetup -D 2>/dev/null
	rm -f /tmp/ext4.img
}

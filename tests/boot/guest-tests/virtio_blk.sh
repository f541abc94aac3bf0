# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# virtio_blk.sh - virtio-blk: read the label the host wrote on the disk,
# write a block, drop the caches, read it back
MODULES="virtio_blk"

exercise() {
	modprobe virtio_pci 2>/dev/null
	dev=
	for b in /sys/block/vd*; do
		[ -e "$b" ] && dev=/dev/${b##*/} && break
	done
	[ -n "$dev" ] || { echo "no virtio block device"; return 1; }
	label=$(dd if="$dev" bs=512 count=1 2>/dev/null | head -c 16)
	[ "$label" = "kslim-virtio-blk" ] ||
		{ echo "$dev label '$label', the host wrote 'kslim-virtio-blk'"; return 1; }
	seq 1 100 >/tmp/blk.pattern
	dd if=/tmp/blk.pattern of="$dev" bs=4096 seek=1 conv=fsync 2>/dev/null || return 1
	echo 3 >/proc/sys/vm/drop_caches
	dd if="$dev" bs=4096 skip=1 count=1 2>/dev/null | head -c "$(wc -c </tmp/blk.pattern)" |
		cmp - /tmp/blk.pattern || return 1
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# virtio_net.sh - virtio-net: the NIC QEMU provides binds, comes up, and
# gets a DHCP lease from QEMU's user network (TX and RX both work)
MODULES="virtio_net"

virtio_nic() {
	for n in /sys/class/net/*; do
		[ "$(basename "$(readlink "$n/device/driver" 2>/dev/null)")" = virtio_net ] &&
			{ basename "$n"; return 0; }
	done
	return 1
}

exercise() {
	# virtio_pci must be there for the device to exist at all
	modprobe virtio_pci 2>/dev/null
	nic=$(virtio_nic) || { echo "no interface bound to virtio_net"; ls /sys/class/net; return 1; }
	ip link set "$nic" up || return 1
	udhcpc -i "$nic" -n -q -f -t 5 -T 1 -s /bin/true 2>&1 ||
		{ echo "no DHCP lease on $nic"; return 1; }
	ip link set "$nic" down
}

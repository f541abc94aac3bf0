# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# tun.sh - TUN/TAP: create a persistent tap, bring it up, delete it
MODULES="tun"

exercise() {
	kslim-probe tap kstap0 || return 1
	[ -r /sys/class/net/kstap0/tun_flags ] ||
		{ echo "no /sys/class/net/kstap0/tun_flags"; return 1; }
	ip link set kstap0 up || return 1
	kslim-probe tap-del kstap0 || return 1
	[ ! -e /sys/class/net/kstap0 ] ||
		{ echo "kstap0 still present after TUNSETPERSIST 0"; return 1; }
}

cleanup() {
	kslim-probe tap-del kstap0 2>/dev/null
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# af_packet.sh - AF_PACKET: send a raw frame on lo and receive it back
MODULES="af_packet"

exercise() {
	ip link set lo up || return 1
	kslim-probe packet lo
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# vhost_net.sh - vhost-net: open the device, take ownership, read features
MODULES="vhost_net"

exercise() {
	kslim-probe vhost-net
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# vfio.sh - VFIO: open the container device and check the API version
MODULES="vfio"

exercise() {
	kslim-probe vfio
}

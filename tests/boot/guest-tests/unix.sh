# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# unix.sh - AF_UNIX (CONFIG_UNIX, built in), which every KVM host's
# management stack leans on (libvirt hands QEMU its descriptors this
# way): a socketpair passes one of its own descriptors (SCM_RIGHTS, an
# in-flight socket the garbage collector tracks) and the receiver gets
# the sender's pidfd (SCM_PIDFD).
MODULES=""

exercise() {
	kslim-probe unix
}

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash disable=SC2034
# kvm.sh - KVM: run kslim-vmm on one vCPU (the hypervisor suite runs more)
MODULES="kvm_amd kvm"

exercise() {
	modprobe kvm_amd || return 1
	kslim-vmm -n 1 -t 60
}

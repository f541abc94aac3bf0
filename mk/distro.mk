# SPDX-License-Identifier: GPL-2.0
# mk/distro.mk - the series beyond the reference config (scripts/distro-check.sh)
#
# Debian's own amd64 config (package linux-config-6.12) with every option
# the series makes tristate =m: vmlinux and the series' modules link,
# modpost clean, W=1 clean on the touched files; an i386 build with the
# options =y, =m and =n; each option's =y/=m/=n on kvm-host.  Hours on two
# cores, hence not part of `make check`: t3200 runs the fast part
# (distro-check-fast).  Outputs under $(O)/distro/; results and timings in
# Documentation/distro-check.rst.

DISTRO_STEPS ?=

##knob DISTRO_STEPS=list: distro-check steps (config debian w1 i386-obj i386 matrix; default all)

.PHONY: distro-check distro-check-fast

## distro-check: the series on Debian's amd64 config, i386 and the kvm-host =y/=m/=n matrix
distro-check: pristine
	$(Q)scripts/deps.sh build
	$(Q)scripts/distro-check.sh -j $(J) \
		$(foreach s,$(DISTRO_STEPS),--step $(s)) $(O)

## distro-check-fast: its fast part (Debian config values, touched objects W=1, i386 compile)
distro-check-fast: pristine
	$(Q)scripts/deps.sh build
	$(Q)scripts/distro-check.sh -j $(J) --fast $(O)

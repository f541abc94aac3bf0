# SPDX-License-Identifier: GPL-2.0
# mk/mbox.mk - the series as patch sets for the maintainer trees
# (Documentation/submitting.rst)
#
# `make mbox` reads the numbers `make` measured ($(O)/report/, the boot
# results in $(O)/boot/, the distro check's matrix) and builds nothing
# itself: it refuses, in one line, when they are missing.  t8100 (round
# trip) runs in `make check`, and so does t8200, the CI size gate of
# Documentation/size-gate.rst (scripts/size-gate.sh, ci/), whose packages
# deps-submit installs too.

MBOX_OUT := $(O)/mbox

.PHONY: mbox deps-submit

CHECK_DEPS += deps-submit

## deps-submit: install git, b4, python3-markdown (mbox and the size gate)
deps-submit:
	$(Q)scripts/deps.sh submit

## mbox: one patch set per maintainer tree in $(O)/mbox/SET/ and SET.mbox
mbox: deps-submit
	$(Q)O=$(O) scripts/mbox.sh --report $(O)/report/$(firstword $(CONFIG)) \
		--boot $(O)/boot --distro $(O)/distro/matrix.txt $(MBOX_OUT)

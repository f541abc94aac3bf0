# SPDX-License-Identifier: GPL-2.0
# mk/kernel.mk - kernel trees, reference kernel builds and the footprint report
#
# For each reference config NAME (configs/NAME.config, CONFIG=NAME):
#   $(O)/stock/NAME     pristine tree, fragment + modularizer
#   $(O)/modular/NAME   the same with patches/series pushed
# Both objtrees are normal Kbuild O= folders; modules are installed under
# OBJTREE/modroot.


# Options the series adds (new tristates split out of a bool) that config
# NAME needs: configs/NAME.series.config, merged after configs/NAME.config
# into the modular builds of NAME.
series_fragment = $(wildcard configs/$(1).series.config)

.PHONY: pristine source kernel-stock kernel-modular kernels report gate results-doc

## pristine: unpack (or copy KSRC into) the read-only pristine tree
pristine:
	$(Q)scripts/deps.sh build
	$(Q)scripts/ksrc.sh --pristine-only $(O) $(KSRC)

## source: the pristine tree plus a working copy with patches/series pushed
source: pristine
	$(Q)scripts/ksrc.sh $(O) $(KSRC)

## kernel-stock: build configs/$(CONFIG).config + modularizer, no patches
kernel-stock: pristine
	$(Q)for c in $(CONFIG); do \
		scripts/build-kernel.sh --modularize $(STOCK_SRC) $(O)/stock/$$c \
			configs/$$c.config || exit; \
	done

## kernel-modular: the same with the series applied (its new tristates =m)
kernel-modular: source
	$(Q)$(foreach c,$(CONFIG),\
		scripts/build-kernel.sh --modularize $(MODULAR_SRC) $(O)/modular/$(c) \
			configs/$(c).config $(call series_fragment,$(c)) || exit;)

## kernels: kernel-stock and kernel-modular
kernels: kernel-stock kernel-modular

## report: print and write (build/report/) stock vs modular footprint and host memory
# The memory a booted host spends on kernel code and data comes from the
# host-scenario boots of both kernels (boot-scenario, mk/boot.mk).
report: kernels tools boot-scenario
	$(Q)for c in $(CONFIG); do \
		$(PYTHON) scripts/report.py --footprint $(FOOTPRINT) --name $$c \
			--series patches --out $(O)/report/$$c \
			--scenario $(BOOT_DIR)/scenario-stock-$$c/scenario.txt \
				$(BOOT_DIR)/scenario-modular-$$c/scenario.txt \
			$(O)/stock/$$c $(O)/modular/$$c || exit; \
	done
	$(Q)for c in $(CONFIG); do \
		echo "  REPORT  $(O)/report/$$c/summary.txt (.md, .json)"; \
	done

## results-doc: regenerate Documentation/conversions/results.rst from the report
results-doc: report
	$(Q)cp $(O)/report/kvm-host/summary.rst Documentation/conversions/results.rst
	@echo "  DOC     Documentation/conversions/results.rst (review and commit it)"

## gate: CI size gate: the modular kernel against configs/budgets/$(CONFIG)
gate: kernels tools
	$(Q)for c in $(CONFIG); do \
		$(FOOTPRINT) gate --budget configs/budgets/$$c \
			--baseline $(O)/stock/$$c/vmlinux $(O)/modular/$$c/vmlinux || exit; \
	done

# The integration and boot tests run on both reference kernels.  A run of
# chosen tests (TESTS=...) does not start kernel builds: those tests skip,
# saying why, when the kernels are not there.
CHECK_DEPS += pristine
ifeq ($(TESTS),)
CHECK_DEPS += report
endif

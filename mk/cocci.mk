# SPDX-License-Identifier: GPL-2.0
# mk/cocci.mk - kslim's Coccinelle semantic patches: tests, tree-wide
# report, the kernel's own coccicheck, and the modularize driver
#
# The rules live in semantic-patches/ (Documentation/semantic-patches.rst).
# Nothing here writes into a kernel tree: coccicheck runs in a small working
# copy under $(O)/cocci/tree, cocci-modularize writes a diff under $(O)/cocci.

##knob COCCI_SRC: tree cocci-report scans and coccicheck copies (default $(STOCK_SRC))
COCCI_SRC ?= $(STOCK_SRC)
##knob COCCI_JOBS: spatch --jobs for cocci-report and coccicheck (default 2)
COCCI_JOBS ?= 2
##knob COCCI_TIMEOUT: cocci-report: seconds spatch may spend on one file (default 60)
COCCI_TIMEOUT ?= 60
##knob COCCI: semantic patch for coccicheck (default every semantic-patches/*.cocci)
COCCI ?=
##knob MODE: coccicheck mode: patch, report, context, org (default report)
MODE ?= report
##knob M: directory (relative to the tree) coccicheck works on
M ?=
##knob KCONFIG: Kconfig option cocci-modularize treats, e.g. CONFIG_FOO
KCONFIG ?=
##knob COCCI_TREE: tree cocci-modularize reads (default $(MODULAR_SRC) if present)
COCCI_TREE ?= $(if $(wildcard $(MODULAR_SRC)/Makefile),$(MODULAR_SRC),$(STOCK_SRC))

COCCI_WC := $(O)/cocci/tree
COCCI_RULES := $(sort $(wildcard $(KSLIM_ROOT)/semantic-patches/*.cocci))

.PHONY: cocci-test cocci-report coccicheck cocci-modularize

## cocci-test: run every semantic patch on its test cases (golden diff -u)
cocci-test:
	$(Q)O=$(O) tests/run.sh tests/t5000-semantic-patches.sh \
		tests/t5100-cocci-modularize.sh

## cocci-report: count each rule's sites per directory in COCCI_SRC (report mode)
cocci-report:
	$(Q)scripts/deps.sh cocci
	$(call msg,COCCI,$(O)/report/cocci)
	$(Q)PYTHON=$(PYTHON) scripts/cocci-report.sh -j $(COCCI_JOBS) -t $(COCCI_TIMEOUT) \
		$(COCCI_SRC) $(O)/report/cocci

# The kernel's coccicheck needs its Makefile, scripts/ and the headers it
# passes to spatch; M= is refreshed on every run, the rest copied once.
$(COCCI_WC)/Makefile:
	$(call msg,COPY,$(COCCI_WC))
	$(Q)test -f $(COCCI_SRC)/Makefile || \
		{ echo "cocci: error: cannot open '$(COCCI_SRC)/Makefile': No such file or directory (make pristine)" >&2; exit 2; }
	$(Q)rm -rf $(COCCI_WC) && mkdir -p $(COCCI_WC)/arch/x86
	$(Q)cp -R $(COCCI_SRC)/scripts $(COCCI_SRC)/include $(COCCI_WC)/
	$(Q)cp -R $(COCCI_SRC)/arch/x86/include $(COCCI_WC)/arch/x86/
	$(Q)cp $(COCCI_SRC)/arch/x86/Makefile* $(COCCI_WC)/arch/x86/
	$(Q)chmod -R u+w $(COCCI_WC)
	$(Q)cp $(COCCI_SRC)/Makefile $(COCCI_WC)/Makefile

## coccicheck: run a rule through the kernel's make coccicheck (COCCI= MODE= M=) on a copy
coccicheck: $(COCCI_WC)/Makefile
	$(Q)test -n "$(M)" || { echo "cocci: error: coccicheck needs M=dir" >&2; exit 2; }
	$(Q)test -d $(COCCI_SRC)/$(M) || \
		{ echo "cocci: error: cannot open '$(COCCI_SRC)/$(M)': No such file or directory" >&2; exit 2; }
	$(Q)rm -rf $(COCCI_WC)/$(M) && mkdir -p $(COCCI_WC)/$(M)
	$(Q)cp -R $(COCCI_SRC)/$(M)/. $(COCCI_WC)/$(M)/ && chmod -R u+w $(COCCI_WC)/$(M)
	$(Q)for c in $(if $(COCCI),$(abspath $(COCCI)),$(COCCI_RULES)); do \
		env -u O -u KBUILD_OUTPUT $(MAKE) -s -C $(COCCI_WC) O= coccicheck MODE=$(MODE) COCCI=$$c \
			M=$(M) J=$(COCCI_JOBS) || exit 1; \
	done

## cocci-modularize: run every rule on KCONFIG's files, diff under $(O)/cocci/KCONFIG
cocci-modularize:
	$(Q)test -n "$(KCONFIG)" || { echo "cocci: error: cocci-modularize needs KCONFIG=CONFIG_X" >&2; exit 2; }
	$(Q)O=$(O) $(PYTHON) scripts/cocci-modularize.py --tree $(COCCI_TREE) \
		--config $(KCONFIG) --out $(O)/cocci/$(KCONFIG)

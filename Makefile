# SPDX-License-Identifier: GPL-2.0
#
# kslim - move everything a KVM host does not need at boot out of vmlinux
#
# The two commands (README.md):
#   make          build the kvm-host kernel stock and with the series applied,
#                 print the resident footprint of both and the difference
#   make check    run every test (TAP, closing line "N passed, N failed")
#
# Settings (on the command line, in the environment, or in an ignored
# config.mak next to this file):
#
#   O=dir         all output goes here (default build/), nothing elsewhere;
#                 least of all into a kernel tree
#   KSRC=dir      kernel tree to use instead of Debian's linux-source-6.12;
#                 it is copied, never built in or modified
#   CONFIG=name   reference config(s) from configs/ to build (default kvm-host)
#   V=1           show full commands and the kernel build output
#   J=n           parallel jobs for kernel builds (default: number of CPUs)
#   DEVELOPER=1   build kslim's C tools with -Werror and extra warnings
#   C=1           run sparse over kslim's C tools while building them
#   SANITIZE=1    build kslim's C tools with AddressSanitizer and UBSan
#   TESTS=...     run only these test scripts (tests/tNNNN-*.sh) in make check
#   PYTHON=path   Debian's interpreter with python3-kconfiglib (/usr/bin/python3)
#
# Every target and setting has a one-line entry in `make help`.

-include config.mak

KSLIM_ROOT := $(CURDIR)
O ?= build
override O := $(abspath $(O))
KSRC ?=
CONFIG ?= kvm-host
V ?= 0
J ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON ?= /usr/bin/python3
HOSTCC ?= gcc
TESTS ?=

ifeq ($(V),1)
Q :=
else
Q := @
endif

# $(call msg,TAG,subject): Kbuild's "  CC      file" progress lines
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'

TOOLS := $(O)/tools
FOOTPRINT := $(TOOLS)/footprint
STOCK_SRC := $(O)/stock/src
MODULAR_SRC := $(O)/modular/src

HOST_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -D_GNU_SOURCE
ifeq ($(DEVELOPER),1)
HOST_CFLAGS += -Werror -Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Wshadow -Wformat=2 -Wno-unused-parameter
endif
ifeq ($(SANITIZE),1)
HOST_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif
SPARSE_FLAGS := -Wsparse-all -Wno-declaration-after-statement \
	-Wno-unknown-attribute -D__FLT_EVAL_METHOD__=0 -D_GNU_SOURCE -std=gnu11

# kslim's C tools: scripts/DIR/x.c compiles to $(TOOLS)/obj/DIR/x.o (sparse
# first with C=1, header dependencies from -MMD).  The footprint library,
# scripts/footprint/libfootprint.h, is built once into $(FP_LIB) and linked
# into footprint (mk/footprint.mk) and symgraph (mk/candidates.mk).
FP_LIB := $(TOOLS)/libfootprint.a

$(TOOLS)/obj/%.o: scripts/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
ifeq ($(C),1)
	$(call msg,CHECK,$<)
	$(Q)sparse $(SPARSE_FLAGS) $<
endif
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(TOOLS)/obj/*/*.d)

# kslim's Python modules are flat (kunit_tool's layout), imported at the top
# of each tool and found through this one PYTHONPATH (tests/lib.sh sets the
# same): scripts/ (kslim.py, report.py, the track/ package),
# scripts/kconfig/ (kslimconf.py) and scripts/candidates/ (candidates.py,
# which the tracker asks).  Their bytecode goes to the output folder
# (PYTHONPYCACHEPREFIX), not next to scripts/.
PYTHONPATH := $(KSLIM_ROOT)/scripts:$(KSLIM_ROOT)/scripts/kconfig:$(KSLIM_ROOT)/scripts/candidates
PYTHONPYCACHEPREFIX := $(O)/pycache
export O KSLIM_ROOT PYTHON FOOTPRINT KSRC V J PYTHONPATH PYTHONPYCACHEPREFIX

.DEFAULT_GOAL := all
.PHONY: all help deps check bench clean distclean

## all: build the reference kernel(s) stock and modular, print the footprint table
all: report

## deps: install the Debian packages every step needs (root), or name them
deps:
	$(Q)scripts/deps.sh build boot cocci sparse lint track

# Test scripts add their prerequisites (tools, kernels) to CHECK_DEPS.
CHECK_DEPS := deps

include $(sort $(wildcard mk/*.mk))

## check: run every test script under tests/ (TAP; TESTS= to pick some)
# The full run includes the bloat tracker's real sweep (two tiny builds,
# Debian's 6.1 and 6.12); a run of chosen TESTS= only if KSLIM_TRACK_REAL=1.
check: $(CHECK_DEPS)
	$(Q)O=$(O) KSLIM_TRACK_REAL=$(if $(TESTS),$(KSLIM_TRACK_REAL),1) \
		tests/run.sh $(TESTS)

## bench: run every benchmark and print medians and ratios
bench: $(BENCH_TARGETS)

## help: list every target and setting
help:
	@echo 'kslim targets:'
	@sed -n 's/^## \([^:]*\): \(.*\)/\1|\2/p' Makefile $(sort $(wildcard mk/*.mk)) | \
		awk -F'|' '{ printf "  %-18s %s\n", $$1, $$2 }'
	@echo
	@echo 'Settings (make VAR=value, or config.mak):'
	@sed -n 's/^#   \([A-Z_]*=[^ ]*\) *\(.*\)/\1|\2/p' Makefile | \
		awk -F'|' '{ printf "    %-16s %s\n", $$1, $$2 }'
	@sed -n 's/^##knob \([^:]*\): \(.*\)/\1|\2/p' $(sort $(wildcard mk/*.mk)) | \
		awk -F'|' '{ printf "    %-16s %s\n", $$1, $$2 }'

## clean: remove kslim's tools, reports and test scratch (kernel builds stay)
clean:
	$(Q)rm -rf $(TOOLS) $(O)/report $(O)/tests

## distclean: remove the whole output folder, kernel trees and builds included
distclean:
	$(Q)chmod -R u+w $(O) 2>/dev/null || true
	$(Q)rm -rf $(O)

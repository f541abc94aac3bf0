# SPDX-License-Identifier: GPL-2.0
# mk/candidates.mk - the candidate finder: which built-in options to modularize
#
# $(TOOLS)/symgraph is C (scripts/candidates/*.c) linked with footprint's
# ELF reader, Kbuild Makefile parser, JSON writer and helpers
# (scripts/footprint/), so both tools agree on objects, gates and bytes.
# scripts/candidates/candidates.py adds Kconfig (kconfiglib) and ranks.

.PHONY: candidates bench-candidates

##knob CAND_OBJTREE: build folder `make candidates` analyses (default O/stock/kvm-host)
##knob BENCH_CAND_RUNS: runs of the full analysis in bench-candidates (default 5)
CAND_OBJTREE ?= $(O)/stock/$(firstword $(CONFIG))
BENCH_CAND_RUNS ?= 5

SYMGRAPH := $(TOOLS)/symgraph
SYMGRAPH_SRCS := $(addprefix scripts/candidates/, \
	symgraph.c objects.c objscan.c graph.c cfguse.c)
SYMGRAPH_FP_SRCS := $(addprefix scripts/footprint/, \
	elf.c image.c boot.c kbuild.c json.c util.c)
SYMGRAPH_HDRS := scripts/candidates/symgraph.h scripts/footprint/libfootprint.h

$(SYMGRAPH): $(SYMGRAPH_SRCS) $(SYMGRAPH_FP_SRCS) $(SYMGRAPH_HDRS)
	$(Q)mkdir -p $(dir $@)
	$(call msg,HOSTCC,$@)
ifeq ($(C),1)
	$(Q)sparse -D_GNU_SOURCE $(SYMGRAPH_SRCS)
endif
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(SYMGRAPH_SRCS) $(SYMGRAPH_FP_SRCS) -lelf -lm

## symgraph: build the candidate finder's symbol-graph tool (O/tools/symgraph)
symgraph: $(SYMGRAPH)
.PHONY: symgraph

## candidates: rank built-in options by bytes and blockers (report/candidates/)
candidates: $(SYMGRAPH) $(FOOTPRINT)
	$(call msg,CAND,$(CAND_OBJTREE))
	$(Q)$(PYTHON) scripts/candidates/candidates.py --symgraph $(SYMGRAPH) \
		--footprint $(FOOTPRINT) --out $(O)/report/candidates \
		$(CAND_OBJTREE)

## bench-candidates: time the full candidate analysis of the kvm-host build
bench-candidates: $(SYMGRAPH) $(FOOTPRINT)
	$(Q)SYMGRAPH=$(SYMGRAPH) FOOTPRINT=$(FOOTPRINT) scripts/bench-candidates.sh \
		--runs $(BENCH_CAND_RUNS) $(CAND_OBJTREE)

CHECK_DEPS += $(SYMGRAPH)
BENCH_TARGETS += bench-candidates

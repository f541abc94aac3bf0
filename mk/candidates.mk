# SPDX-License-Identifier: GPL-2.0
# mk/candidates.mk - the candidate finder: which built-in options to modularize
#
# $(TOOLS)/symgraph is C (scripts/candidates/*.c) linked with the footprint
# library $(FP_LIB) (scripts/footprint/libfootprint.h: ELF reader, Kbuild
# Makefile parser, JSON writer and helpers), so both tools agree on
# objects, gates and bytes.
# scripts/candidates/candidates.py adds Kconfig (kconfiglib) and ranks.

.PHONY: candidates bench-candidates

##knob CAND_OBJTREE: build folder `make candidates` analyses (default O/stock/kvm-host)
##knob BENCH_CAND_RUNS: runs of the full analysis in bench-candidates (default 5)
CAND_OBJTREE ?= $(O)/stock/$(firstword $(CONFIG))
BENCH_CAND_RUNS ?= 5

SYMGRAPH := $(TOOLS)/symgraph
SYMGRAPH_SRCS := symgraph.c objects.c objscan.c graph.c cfguse.c
SYMGRAPH_OBJS := $(addprefix $(TOOLS)/obj/candidates/,$(SYMGRAPH_SRCS:.c=.o))

$(SYMGRAPH): $(SYMGRAPH_OBJS) $(FP_LIB)
	$(call msg,LD,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(SYMGRAPH_OBJS) $(FP_LIB) -lelf -lm

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

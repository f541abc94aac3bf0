# SPDX-License-Identifier: GPL-2.0
# mk/footprint.mk - the footprint tool (scripts/footprint/, C with libelf):
# build, sparse (C=1), libFuzzer harness and benchmark against bloat-o-meter
#
# Outputs: $(FOOTPRINT) = $(O)/tools/footprint, objects in $(O)/tools/obj/,
# $(O)/tools/footprint-fuzz and its corpus in $(O)/tools/fuzz/.

FP_SRC := scripts/footprint
FP_OBJDIR := $(TOOLS)/obj
FP_LIB_SRCS := util.c elf.c image.c boot.c kbuild.c attrib.c json.c bom.c
FP_SRCS := $(FP_LIB_SRCS) footprint.c report.c diff.c gate.c
FP_OBJS := $(addprefix $(FP_OBJDIR)/,$(FP_SRCS:.c=.o))
FP_HDRS := $(FP_SRC)/libfootprint.h $(FP_SRC)/footprint.h
FP_LIBS := -lelf -lm
FUZZ_TIME ?= 60
FUZZ_CC ?= clang
BENCH_FP_OLD ?= $(O)/stock/kvm-host/vmlinux
BENCH_FP_NEW ?= $(O)/modular/kvm-host/vmlinux
BENCH_FP_RUNS ?= 7

##knob FUZZ_TIME=s: seconds fuzz-footprint runs the libFuzzer harness (default 60)
##knob BENCH_FP_OLD=file: bench-footprint's old vmlinux (default stock kvm-host)
##knob BENCH_FP_NEW=file: bench-footprint's new vmlinux (default modular kvm-host)
##knob BENCH_FP_RUNS=n: runs per tool in bench-footprint (median; default 7)

.PHONY: tools fuzz-footprint bench-footprint

## tools: build kslim's C tools (footprint) into $(O)/tools
tools: $(FOOTPRINT)

CHECK_DEPS += tools
BENCH_TARGETS += bench-footprint

$(FP_OBJDIR)/%.o: $(FP_SRC)/%.c $(FP_HDRS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
ifeq ($(C),1)
	$(call msg,CHECK,$<)
	$(Q)sparse -Wsparse-all -Wno-declaration-after-statement -Wno-unknown-attribute -D__FLT_EVAL_METHOD__=0 \
		-D_GNU_SOURCE -std=gnu11 $<
endif
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

$(FOOTPRINT): $(FP_OBJS)
	$(call msg,LD,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(FP_OBJS) $(FP_LIBS)

# libFuzzer + ASan + UBSan build of the reader; seeds are the test fixtures
$(TOOLS)/footprint-fuzz: $(FP_SRC)/fuzz.c $(addprefix $(FP_SRC)/,$(FP_LIB_SRCS)) $(FP_HDRS)
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $(FP_SRC)/fuzz.c \
		$(addprefix $(FP_SRC)/,$(FP_LIB_SRCS)) $(FP_LIBS)

## fuzz-footprint: fuzz footprint's ELF reader with libFuzzer for FUZZ_TIME seconds
fuzz-footprint: $(TOOLS)/footprint-fuzz
	$(Q)command -v $(FUZZ_CC) >/dev/null || \
		{ echo "footprint: error: fuzzing needs $(FUZZ_CC) (Debian package clang)" >&2; exit 2; }
	$(call msg,SEEDS,$(TOOLS)/fuzz/seeds)
	$(Q)tests/footprint/mkfixtures.sh $(TOOLS)/fuzz/fixtures >/dev/null
	$(Q)mkdir -p $(TOOLS)/fuzz/seeds $(TOOLS)/fuzz/corpus
	$(Q)cp $(TOOLS)/fuzz/fixtures/vmlinux $(TOOLS)/fuzz/fixtures/mod.ko \
		$(TOOLS)/fuzz/fixtures/kernel/core.o $(TOOLS)/fuzz/seeds/
	$(call msg,FUZZ,$(FUZZ_TIME)s)
	$(Q)cd $(TOOLS)/fuzz && ../footprint-fuzz -max_total_time=$(FUZZ_TIME) \
		-max_len=65536 -print_final_stats=1 corpus seeds

## bench-footprint: time footprint diff against bloat-o-meter (medians, ratio)
bench-footprint: $(FOOTPRINT)
	$(Q)FOOTPRINT=$(FOOTPRINT) scripts/bench-footprint.sh \
		--runs $(BENCH_FP_RUNS) --bloat-o-meter $(STOCK_SRC)/scripts/bloat-o-meter \
		$(BENCH_FP_OLD) $(BENCH_FP_NEW)

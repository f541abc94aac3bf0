# SPDX-License-Identifier: GPL-2.0
# mk/footprint.mk - the footprint tool (scripts/footprint/, C with libelf):
# its library, the front end, the libFuzzer harness and the benchmark
# against bloat-o-meter
#
# Outputs: $(FP_LIB) = $(O)/tools/libfootprint.a (the library, also linked
# into symgraph), $(FOOTPRINT) = $(O)/tools/footprint, objects in
# $(O)/tools/obj/footprint/; $(O)/tools/footprint-fuzz, its own build of
# the library in $(O)/tools/fuzz/ and its corpus in $(O)/tools/fuzz/corpus.

FP_SRC := scripts/footprint
FP_LIB_SRCS := util.c elf.c image.c boot.c kbuild.c attrib.c json.c bom.c
FP_LIB_OBJS := $(addprefix $(TOOLS)/obj/footprint/,$(FP_LIB_SRCS:.c=.o))
FP_SRCS := footprint.c report.c diff.c gate.c
FP_OBJS := $(addprefix $(TOOLS)/obj/footprint/,$(FP_SRCS:.c=.o))
FP_LIBS := -lelf -lm
FUZZ_TIME ?= 60
FUZZ_CC ?= clang
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_LIB := $(TOOLS)/fuzz/libfootprint.a
FUZZ_LIB_OBJS := $(addprefix $(TOOLS)/fuzz/obj/,$(FP_LIB_SRCS:.c=.o))
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

$(FP_LIB): $(FP_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FOOTPRINT): $(FP_OBJS) $(FP_LIB)
	$(call msg,LD,$@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(FP_OBJS) $(FP_LIB) $(FP_LIBS)

# libFuzzer + ASan + UBSan: the same library sources, compiled with
# coverage and sanitizers (an uninstrumented archive would leave the
# reader unseen); seeds are the test fixtures
$(TOOLS)/fuzz/obj/%.o: $(FP_SRC)/%.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
		-c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(TOOLS)/footprint-fuzz: $(TOOLS)/fuzz/obj/fuzz.o $(FUZZ_LIB)
	$(call msg,FUZZLD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FP_LIBS)

-include $(wildcard $(TOOLS)/fuzz/obj/*.d)

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

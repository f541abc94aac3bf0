# SPDX-License-Identifier: GPL-2.0
# mk/boot.mk - the boot harness: every kernel kslim builds boots in QEMU,
# loads and unloads every module and runs a KVM guest (tests/boot/)
#
# Outputs: $(O)/boot/progs (static guest programs), $(O)/boot/VARIANT-NAME/
# (initramfs, console.log, ktap.log, verdict.json, qemu-cmd.txt per boot).

BOOT_DIR := $(O)/boot
BOOT_PROGS := $(BOOT_DIR)/progs
BOOT_CFLAGS := $(HOST_CFLAGS) -static -pthread
BOOT_GEN_INIT_CPIO := $(BOOT_DIR)/tools/gen_init_cpio
BOOT_VARIANTS ?= stock modular
KERNEL ?=
MODULES ?=
INTERACTIVE ?=
BOOT_ACCEL ?= auto
BOOT_APPEND ?=
BENCH_BOOTS ?= 5

##knob KERNEL=bzImage: boot-test this kernel instead of the reference builds
##knob MODULES=dir: with KERNEL=, its INSTALL_MOD_PATH (default: objtree/modroot)
##knob INTERACTIVE=1: boot-test gives a shell on the guest console, no tests
##knob BOOT_ACCEL=mode: auto (probe KVM, fall back to TCG), tcg or kvm
##knob BOOT_APPEND=args: more kernel parameters for boot-test (after the conf's)
##knob BOOT_VARIANTS=list: reference builds boot-test boots (stock modular)
##knob BENCH_BOOTS=n: boots per kernel in bench-boot (median; default 5)

# KERNEL=/x/stock/kvm-host/arch/x86/boot/bzImage boots as "stock-kvm-host"
BOOT_KERNEL_OBJ = $(abspath $(dir $(KERNEL))../../..)
BOOT_KERNEL_NAME = $(notdir $(patsubst %/,%,$(dir $(BOOT_KERNEL_OBJ))))-$(notdir $(BOOT_KERNEL_OBJ))

BOOT_FLAGS = --progs $(BOOT_PROGS) --accel $(BOOT_ACCEL) \
	$(if $(wildcard $(BOOT_GEN_INIT_CPIO)),--gen-init-cpio $(BOOT_GEN_INIT_CPIO)) \
	$(if $(filter 1,$(V)),--verbose) $(if $(filter 1,$(INTERACTIVE)),--interactive) \
	$(if $(BOOT_APPEND),--append "$(BOOT_APPEND)")

.PHONY: boot-progs boot-test boot-test-debug kernel-debug bench-boot bench-syscall boot-scenario

$(BOOT_PROGS)/kslim-vmm: tests/boot/vmm/vmm.c tests/boot/vmm/guest.S \
		tests/boot/vmm/layout.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(BOOT_CFLAGS) -o $@ tests/boot/vmm/vmm.c tests/boot/vmm/guest.S

$(BOOT_PROGS)/kslim-probe: tests/boot/progs/kslim-probe.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(BOOT_CFLAGS) -o $@ $<

# The kernel's own cpio writer: makes /dev/console without root.  Built from
# the pristine tree (unpacked first: boot-progs needs `pristine`); with a
# KSRC that has no usr/gen_init_cpio.c, mkinitramfs uses cpio(1).
$(BOOT_GEN_INIT_CPIO): $(wildcard $(STOCK_SRC)/usr/gen_init_cpio.c)
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) -O2 -o $@ $<

## boot-progs: build the static guest programs (kslim-vmm, kslim-probe)
boot-progs: $(BOOT_PROGS)/kslim-vmm $(BOOT_PROGS)/kslim-probe | pristine
	$(Q)if [ -f $(STOCK_SRC)/usr/gen_init_cpio.c ]; then \
		$(MAKE) -s --no-print-directory $(BOOT_GEN_INIT_CPIO); fi

CHECK_DEPS += boot-progs

## boot-test: boot stock+modular kernels (or KERNEL=) under QEMU, KTAP verdict
boot-test: boot-progs $(if $(KERNEL),,$(addprefix kernel-,$(BOOT_VARIANTS)))
	$(Q)scripts/deps.sh boot
ifneq ($(KERNEL),)
	$(Q)tests/boot/boot-test.sh $(BOOT_FLAGS) --kernel $(abspath $(KERNEL)) \
		--modroot $(abspath $(or $(MODULES),$(BOOT_KERNEL_OBJ)/modroot)) \
		--out $(BOOT_DIR)/$(BOOT_KERNEL_NAME)
else
	$(Q)rc=0; for v in $(BOOT_VARIANTS); do for c in $(CONFIG); do \
		tests/boot/boot-test.sh $(BOOT_FLAGS) --name $$v-$$c \
			--kernel $(O)/$$v/$$c/arch/x86/boot/bzImage \
			--modroot $(O)/$$v/$$c/modroot --out $(BOOT_DIR)/$$v-$$c || rc=1; \
	done; done; exit $$rc
endif

## kernel-debug: the modular kvm-host kernel plus configs/debug.config (KASAN...)
kernel-debug: source
	$(Q)scripts/build-kernel.sh --modularize $(MODULAR_SRC) $(O)/modular/debug \
		configs/kvm-host.config $(call series_fragment,kvm-host) \
		configs/debug.config

## boot-test-debug: debug kernel: 20 load/exercise/unload passes, kmemleak scan
boot-test-debug: boot-progs $(if $(KERNEL),,kernel-debug)
	$(Q)tests/boot/boot-test.sh $(BOOT_FLAGS) --debug --name modular-debug \
		--kernel $(or $(KERNEL),$(O)/modular/debug/arch/x86/boot/bzImage) \
		--modroot $(or $(MODULES),$(O)/modular/debug/modroot) \
		--out $(BOOT_DIR)/modular-debug

## bench-boot: boot-to-KTAP-plan and module sweep times, stock vs modular (TCG)
bench-boot: boot-progs
	$(Q)scripts/bench-boot.sh --boots $(BENCH_BOOTS) --out $(O)/bench/boot \
		$(foreach v,$(BOOT_VARIANTS),$(foreach c,$(CONFIG),$(v)-$(c)=$(O)/$(v)/$(c)))

BENCH_TARGETS += bench-boot

##knob BENCH_SYSCALL_APPEND=args: kernel parameters for bench-syscall's boots (e.g. pti=on)
## bench-syscall: getppid() round trip in the guest, stock vs modular booted alternately (TCG)
bench-syscall: boot-progs
	$(Q)scripts/bench-syscall.sh --boots $(BENCH_BOOTS) --out $(O)/bench/syscall \
		$(if $(BENCH_SYSCALL_APPEND),--append "$(BENCH_SYSCALL_APPEND)") \
		$(foreach v,$(BOOT_VARIANTS),$(foreach c,$(CONFIG),$(v)-$(c)=$(O)/$(v)/$(c)))

BENCH_TARGETS += bench-syscall

# Everything a scenario boot's figures depend on, as one md5: the kernel,
# its modules, the guest programs and scripts, busybox, the machine and
# BOOT_ACCEL/BOOT_APPEND.  An unchanged id skips the boot (modules_install
# rewrites modroot/ on every build, so mtimes cannot tell).
boot_scenario_id = { echo "$(BOOT_ACCEL) $(BOOT_APPEND)"; md5sum $(O)/$(1)/arch/x86/boot/bzImage \
	$(BOOT_PROGS)/kslim-vmm $(BOOT_PROGS)/kslim-probe /bin/busybox \
	tests/boot/boot-test.sh tests/boot/mkinitramfs.sh tests/boot/ktap-check.py \
	tests/boot/splat-patterns tests/boot/guest/* configs/qemu-x86_64.conf; \
	cd $(O)/$(1)/modroot && find . -name '*.ko' | LC_ALL=C sort | xargs md5sum; } | md5sum

## boot-scenario: boot stock+modular in the KVM host scenario (make's memory rows)
boot-scenario: boot-progs kernel-stock kernel-modular
	$(Q)scripts/deps.sh boot
	$(Q)for v in stock modular; do for c in $(CONFIG); do \
		out=$(BOOT_DIR)/scenario-$$v-$$c; \
		id=$$($(call boot_scenario_id,$$v/$$c)) || exit 2; \
		if [ -s $$out/scenario.txt ] && \
			[ "$$(cat $$out/scenario.id 2>/dev/null)" = "$$id" ]; then \
			echo "  BOOT    scenario-$$v-$$c: up to date ($$out/scenario.txt)"; \
			continue; \
		fi; \
		rm -f $$out/scenario.id; \
		tests/boot/boot-test.sh $(BOOT_FLAGS) --scenario --name scenario-$$v-$$c \
			--kernel $(O)/$$v/$$c/arch/x86/boot/bzImage \
			--modroot $(O)/$$v/$$c/modroot --out $$out || exit; \
		echo "$$id" >$$out/scenario.id; \
	done; done

# SPDX-License-Identifier: GPL-2.0
# mk/series.mk - checks of the patch series itself (patches/series)
#
# series-bisect builds every prefix of the series (patch 1, patches 1-2,
# ...) with the modular kvm-host config, so that a patch that only builds
# together with a later one is caught.  It is a full kernel build per
# patch (incremental after the first, ccache helps), hence not part of
# `make check`; t8000 (checkpatch) and t8001 (apply/pop) are.

SERIES_BISECT := $(O)/series-bisect
SERIES_CONFIG ?= kvm-host

.PHONY: series-bisect

##knob SERIES_CONFIG: reference config series-bisect builds each prefix with (kvm-host)
## series-bisect: build vmlinux and modules for every prefix of patches/series
series-bisect: kernel-modular
	$(Q)set -eu; \
	src=$(SERIES_BISECT)/src; obj=$(SERIES_BISECT)/$(SERIES_CONFIG); \
	export QUILT_PATCHES=$(KSLIM_ROOT)/patches QUILT_PC=.pc; \
	export CCACHE_DIR="$${CCACHE_DIR:-$$HOME/.cache/kslim-ccache}"; \
	export CCACHE_BASEDIR=$(SERIES_BISECT) CCACHE_NOHASHDIR=1; \
	rm -rf "$$src"; mkdir -p "$$obj"; \
	printf '  %-7s %s\n' COPY "$(STOCK_SRC) -> $$src"; \
	cp -a $(STOCK_SRC) "$$src"; chmod -R u+w "$$src"; \
	cp $(O)/modular/$(SERIES_CONFIG)/.config "$$obj/.config"; \
	n=0; \
	for p in $$($(PYTHON) scripts/kslim.py series patches); do \
		n=$$((n + 1)); \
		printf '  %-7s %s\n' PUSH "$$n $$p"; \
		(cd "$$src" && quilt --quiltrc - push -q --fuzz=0 >/dev/null) || \
			{ echo "series-bisect: error: $$p does not apply" >&2; exit 1; }; \
		printf '  %-7s %s\n' BUILD "$$n: vmlinux modules ($(SERIES_CONFIG))"; \
		if ! make -C "$$src" O="$$obj" ARCH=x86_64 CC="ccache gcc" -j$(J) \
			olddefconfig vmlinux modules >"$$obj/build-$$n.log" 2>&1; then \
			echo "series-bisect: error: the series up to $$p does not build; log: $$obj/build-$$n.log" >&2; \
			echo "series-bisect: reproduce: cd $$src && quilt push $$p && make O=$$obj -j$(J) vmlinux modules" >&2; \
			exit 1; \
		fi; \
	done; \
	echo "  DONE    series-bisect: all $$n prefixes build"

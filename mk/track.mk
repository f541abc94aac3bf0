# SPDX-License-Identifier: GPL-2.0
# mk/track.mk - the bloat tracker (scripts/kslim-track, scripts/track/):
# vmlinux size, everything modularized, over a history of kernel versions
#
# Outputs under $(O)/track/: kslim-track.db (SQLite), src/ (unpacked or
# exported trees), obj/<version>/<config>/ (objtrees), report/ (HTML, SVG,
# PNG, JSON), bisect/ (size-bisect's worktree and objtree, while it runs).
# Documentation/bloat-tracker.rst describes the tool and the database.

TRACK := $(PYTHON) scripts/kslim-track
TRACK_CONFIGS ?= tiny
TRACK_VERSIONS ?=
TRACK_DB ?= $(O)/track/kslim-track.db
KGIT ?=
REVS ?=
GOOD ?=
BAD ?=
THRESHOLD ?=
TRACK_BUILD_CMD ?=

##knob TRACK_CONFIGS=names: configs the tracker sweeps (default tiny; kvm-host too is slow)
##knob TRACK_VERSIONS=list: tarballs or trees to sweep (default Debian's 6.1 and 6.12)
##knob KGIT=repo: sweep (REVS=) or bisect revisions of this git repository instead
##knob REVS=list: revisions of KGIT to sweep, in order (e.g. "v6.1 v6.6 v6.12")
##knob GOOD=rev: size-bisect's good revision (KGIT)
##knob BAD=rev: size-bisect's bad revision (KGIT)
##knob THRESHOLD=bytes: size-bisect: vmlinux growth over GOOD that makes a commit bad
##knob TRACK_BUILD_CMD=cmd: build command instead of build-kernel.sh (see bloat-tracker.rst)

track_common = --db $(TRACK_DB) --workdir $(O)/track --footprint $(FOOTPRINT) \
	-j $(J) $(if $(KGIT),--git $(KGIT)) \
	$(if $(TRACK_BUILD_CMD),--build-cmd '$(TRACK_BUILD_CMD)')
track_versions = $(if $(KGIT),$(REVS),$(TRACK_VERSIONS))
track_configs = $(foreach c,$(TRACK_CONFIGS),-c $(c))

.PHONY: track track-sweep track-report size-bisect track-check bench-track \
	track-deps track-source

## track-deps: install (root) or name the Debian packages the tracker needs
track-deps:
	$(Q)scripts/deps.sh build track

# The default 6.12 version is the pristine tree `make source` unpacks.
## track-source: unpack the pristine 6.12 tree the default sweep measures
track-source: track-deps
	$(Q)$(if $(KGIT)$(TRACK_VERSIONS),true,scripts/ksrc.sh --pristine-only $(O) $(KSRC))

## track-sweep: build and measure every version x TRACK_CONFIGS not yet in the database
track-sweep: track-source tools $(SYMGRAPH)
	$(Q)$(TRACK) $(track_common) sweep $(track_configs) $(track_versions)

## track: track-sweep, then track-report
track: track-sweep
	$(Q)$(MAKE) --no-print-directory track-report

## track-report: plots, bloat creep tables and HTML ($(O)/track/report/index.html)
track-report:
	$(Q)$(TRACK) $(track_common) report $(track_configs) \
		--out $(O)/track/report $(track_versions)

## size-bisect: first commit of KGIT in GOOD..BAD growing vmlinux by > THRESHOLD bytes
size-bisect: track-deps tools $(SYMGRAPH)
	$(Q)test -n "$(KGIT)" -a -n "$(GOOD)" -a -n "$(BAD)" -a -n "$(THRESHOLD)" || \
		{ echo "size-bisect: error: set KGIT=, GOOD=, BAD= and THRESHOLD=" >&2; exit 2; }
	$(Q)$(TRACK) $(track_common) size-bisect -c $(firstword $(TRACK_CONFIGS)) \
		--good $(GOOD) --bad $(BAD) --threshold $(THRESHOLD)

## track-check: the tracker's tests, including the real 6.1/6.12 tiny sweep
track-check: tools $(SYMGRAPH) track-source
	$(Q)KSLIM_TRACK_REAL=1 O=$(O) tests/run.sh $(sort $(wildcard tests/t7*.sh))

## bench-track: cold and ccache-warm time of a tiny build per version
bench-track: tools track-source
	$(Q)scripts/bench-track.sh

BENCH_TARGETS += bench-track

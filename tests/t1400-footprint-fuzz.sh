#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# t1400-footprint-fuzz.sh - truncate and bit-flip the fixtures: footprint
# must exit 0 or 2 with one error line, never die of a signal; then a short
# libFuzzer run (ASan + UBSan) when clang is installed
#
# FP_MUTATIONS (default 400) and FP_FUZZ_SECONDS (default 10) tune it;
# `make fuzz-footprint FUZZ_TIME=600` is the long run.
. "$(dirname "$0")/lib.sh"

need_cmd gcc gcc
need_built "make tools" "$FOOTPRINT"

fx=$T/fx
check "build the fixture kernel (tests/footprint/mkfixtures.sh)" \
	"$KSLIM_ROOT/tests/footprint/mkfixtures.sh" "$fx"

mutate() {
	"$PY" - "$FOOTPRINT" "$T/mut" "${FP_MUTATIONS:-400}" "$@" <<'PY'
import os, random, struct, subprocess, sys

fp, work, count, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
os.makedirs(work, exist_ok=True)
rng = random.Random(20240601)       # same mutations every run
bad = []
runs = 0
for seed in seeds:
    orig = open(seed, "rb").read()
    shoff = struct.unpack_from("<Q", orig, 0x28)[0]
    # the places a reader trips over: header, section table, the rest
    hot = [(0, 64), (shoff, len(orig))]
    for i in range(count // len(seeds)):
        d = bytearray(orig)
        kind = i % 4
        if kind == 0:
            d = d[:rng.randrange(len(d))]
        else:
            lo, hi = hot[rng.randrange(2)] if kind < 3 else (0, len(d))
            for _ in range(rng.randint(1, 8)):
                p = rng.randrange(lo, max(lo + 1, hi))
                if p < len(d):
                    d[p] ^= 1 << rng.randrange(8) if kind != 2 else 0xff
        path = os.path.join(work, "m%d" % i)
        open(path, "wb").write(d)
        for args in ([fp, "--top", "3", path], [fp, "diff", path, seed]):
            r = subprocess.run(args, capture_output=True)
            runs += 1
            err = r.stderr.decode(errors="replace").splitlines()
            if r.returncode < 0 or r.returncode not in (0, 2) or \
               (r.returncode == 2 and (len(err) != 1 or
                                       not err[0].startswith("footprint: error: "))):
                keep = path + ".fail"
                os.rename(path, keep)
                bad.append("%s: exit %d, stderr %r (input kept: %s)" %
                           (" ".join(args[:-1]), r.returncode, err[:3], keep))
                break
        else:
            os.unlink(path)
print("%d runs on %d mutated files" % (runs, count))
for b in bad[:10]:
    print(b)
sys.exit(1 if bad else 0)
PY
}
check "mutated vmlinux, .ko and .o: exit 0/2, one error line, no signal" \
	mutate "$fx/vmlinux" "$fx/mod.ko" "$fx/kernel/core.o"
diag "$(sed -n 1p "$T/check-2.log")"

if command -v clang >/dev/null 2>&1 &&
   clang -fsanitize=fuzzer -x c -o "$T/probe" - >/dev/null 2>&1 <<'C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }
C
then
	check "build the libFuzzer harness (make's footprint-fuzz: clang, ASan, UBSan)" \
		make --no-print-directory -C "$KSLIM_ROOT" O="$T/o" \
		"$T/o/tools/footprint-fuzz"
	cp "$T/o/tools/footprint-fuzz" "$T/footprint-fuzz"
	mkdir -p "$T/corpus" "$T/seeds"
	cp "$fx/vmlinux" "$fx/mod.ko" "$fx/kernel/core.o" "$T/seeds/"
	check "libFuzzer: ${FP_FUZZ_SECONDS:-10}s without a crash or sanitizer report" \
		sh -c 'cd "$1" && ./footprint-fuzz -max_total_time="$2" -max_len=65536 corpus seeds >libfuzzer.log 2>&1 || { tail -n 30 libfuzzer.log; exit 1; }' \
		sh "$T" "${FP_FUZZ_SECONDS:-10}"
	diag "$(grep -E '^Done [0-9]+ runs' "$T/libfuzzer.log" || true)"
else
	skip "libFuzzer run" "clang with -fsanitize=fuzzer is needed (Debian package clang)"
fi

done_testing

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""fuzz.py - feed symgraph damaged copies of a fixture's objects and vmlinux

Usage: tests/candidates/fuzz.py SYMGRAPH OBJTREE RUNS [FILE...]

Each run replaces one FILE (relative to OBJTREE; default: a few objects
and vmlinux) with a truncated or byte-flipped copy (seeded, so a failure
is reproducible), runs SYMGRAPH on OBJTREE, and restores the file.  A run
fails when symgraph exits with anything but 0 or 2 (a signal, a
sanitizer abort) or prints a sanitizer report.  Prints the failures and a
last line "RUNS runs, N failures"; exits 1 if there was any.
"""
import os
import random
import subprocess
import sys

DEFAULT = ["kernel/core.o", "drivers/early.o", "drivers/needs.o",
           "drivers/keys.o", "vmlinux"]


def main():
    if len(sys.argv) < 4:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    sg, obj, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    files = sys.argv[4:] or DEFAULT
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:abort_on_error=0",
               UBSAN_OPTIONS="halt_on_error=1")
    bad = 0
    for run in range(runs):
        rnd = random.Random(run)
        name = files[run % len(files)]
        path = os.path.join(obj, name)
        with open(path, "rb") as f:
            good = f.read()
        data = bytearray(good)
        if run % 3 == 0:
            data = data[:rnd.randrange(len(data))]
        else:
            for _ in range(rnd.randint(1, 16)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        try:
            with open(path, "wb") as f:
                f.write(data)
            p = subprocess.run([sg, "-o", os.devnull, obj], env=env,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=60)
            err = p.stderr.decode("utf-8", "replace")
            if p.returncode not in (0, 2) or "Sanitizer" in err or \
                    "runtime error" in err:
                bad += 1
                print("run {} ({}): exit {}\n{}".format(
                    run, name, p.returncode, err[-1500:]))
        except subprocess.TimeoutExpired:
            bad += 1
            print("run {} ({}): no answer in 60 s".format(run, name))
        finally:
            with open(path, "wb") as f:
                f.write(good)
    print("{} runs, {} failures".format(runs, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

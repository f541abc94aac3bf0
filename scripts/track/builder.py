# SPDX-License-Identifier: GPL-2.0
"""builder - build one version with one config, and measure the result

Two builders:

  kbuild      the real kernel: scripts/build-kernel.sh --modularize
              --allow-absent SRC OBJ configs/NAME.config (allnoconfig +
              fragment, every tristate =y made =m, modules installed into
              OBJ/modroot)
  --build-cmd any shell command, for trees that are not Linux (the tests'
              synthetic history) or for a different kernel recipe.  It runs
              with sh -c in OBJ with these variables set:
                KSLIM_SRC       the source tree (read-only)
                KSLIM_OBJ       the output folder (exists, may hold the
                                previous build of the same version)
                KSLIM_FRAGMENT  the config fragment
                KSLIM_CONFIG    its name (tiny, kvm-host, ...)
                J               parallel jobs
              and must leave OBJ/vmlinux (ELF with the kernel's boundary
              symbols _stext, _etext, __bss_start, ...) and, when it builds
              modules, install them under OBJ/modroot.  OBJ/.config, when
              written, feeds the Kconfig analysis.  Exit status non-zero =
              failed build.

Measuring: footprint --json --objtree OBJ OBJ/vmlinux for the kernel
proper and, through modsize, for every installed module (footprint is the
one module measurer, as for scripts/report.py), options.analyse for Kconfig.
"""

import lzma
import os
import subprocess
import time

import kslim

from . import modsize, options, util
from .util import TrackError, first_line, msg, sha256_text

LOG_KEEP = 400          # lines of a failed build's log kept in the database


class BuildFailed(Exception):
    def __init__(self, error, log):
        super().__init__(error)
        self.error = error
        self.log = log


def toolchain():
    cc = first_line(["gcc", "--version"]) or "unknown"
    ld = first_line(["ld", "--version"]) or "unknown"
    return cc, ld


def builder_id(build_cmd):
    return "kbuild" if build_cmd is None else "cmd:" + sha256_text(build_cmd)


def _tail(path, n=LOG_KEEP):
    try:
        with open(path, errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return ""
    return "".join(lines[-n:])


def _run_logged(cmd, log_path, env, cwd, quiet):
    """Run cmd, its output to log_path and (unless quiet) to stdout."""
    with open(log_path, "w") as log:
        log.write("$ {}\n".format(" ".join(cmd)))
        log.flush()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env, cwd=cwd,
                             text=True, errors="replace")
        for line in p.stdout:
            log.write(line)
            log.flush()
            if not quiet:
                util.PROGRESS.write(line)
                util.PROGRESS.flush()
        return p.wait()


def build(root, src, objtree, fragment, config_name, build_cmd, jobs,
          quiet=False):
    """Build; raises BuildFailed with the log's tail."""
    os.makedirs(objtree, exist_ok=True)
    # Beside the objtree, not in it: build-kernel.sh empties the objtree
    # when the source tree changed identity.
    log_path = objtree.rstrip(os.sep) + ".log"
    env = dict(os.environ)
    if build_cmd is None:
        cmd = [os.path.join(root, "scripts", "build-kernel.sh"),
               "--modularize", "--allow-absent", "-j", str(jobs),
               src, objtree, fragment]
    else:
        env.update(KSLIM_SRC=src, KSLIM_OBJ=objtree, KSLIM_FRAGMENT=fragment,
                   KSLIM_CONFIG=config_name, J=str(jobs))
        cmd = ["sh", "-c", build_cmd]
    rc = _run_logged(cmd, log_path, env, objtree, quiet)
    if rc != 0:
        log = _tail(log_path)
        # build-kernel.sh names the kernel make log that failed
        for name in ("build.log", "config.log", "install.log"):
            p = os.path.join(objtree, name)
            if name in log:
                log += "\n--- {} (tail) ---\n".format(p) + _tail(p, 100)
                break
        raise BuildFailed("build command exited {}; log: {}".format(
            rc, log_path), log)
    if not os.path.isfile(os.path.join(objtree, "vmlinux")):
        raise BuildFailed("the build left no vmlinux in '{}'".format(objtree),
                          _tail(log_path))


def check_footprint(footprint):
    if not os.access(footprint, os.X_OK):
        raise TrackError("cannot run the footprint tool '{}': No such file "
                         "or directory (make tools)".format(footprint))


def footprint_json(footprint, objtree):
    check_footprint(footprint)
    try:
        return kslim.footprint_json(footprint,
                                    os.path.join(objtree, "vmlinux"),
                                    "--objtree", objtree)
    except kslim.FootprintError as e:
        raise BuildFailed("footprint failed (exit {}): {}".format(
            e.returncode, e.stderr.strip()), "$ " + " ".join(e.cmd) + "\n" +
            e.stderr)


def measure(footprint, src, objtree, fragment_text):
    """Everything the database stores about one finished build."""
    t0 = time.time()
    fp = footprint_json(footprint, objtree)
    mods = []
    for name, path in modsize.find_modules(objtree):
        try:
            m = modsize.measure(footprint, path)
        except kslim.FootprintError as e:
            raise BuildFailed("cannot measure module: {}".format(e),
                              "$ " + " ".join(e.cmd) + "\n" + e.stderr)
        except (OSError, EOFError, lzma.LZMAError) as e:
            raise BuildFailed("cannot measure module '{}': {}".format(
                path, e), "")
        m["name"] = name
        mods.append(m)
    opts, absent, note = options.analyse(
        src, objtree, fragment_text,
        os.path.join(os.path.dirname(footprint), "symgraph"), footprint)
    msg("MEASURE", "{}: resident {:,}, {} modules {:,} ({} options, "
        "{}; {:.1f}s)".format(os.path.join(*objtree.split(os.sep)[-2:]),
                              fp["totals"]["resident"], len(mods),
                              sum(m["total"] for m in mods), len(opts), note,
                              time.time() - t0))
    return {"footprint": fp, "modules": mods, "options": opts,
            "absent": absent}

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""facts.py - the compiler-independent facts of a candidates.json

Usage: tests/candidates/facts.py candidates.json [CONFIG_X...]

One block per option (all, or those named): its objects, its hard-blocker
count and each blocker by name, in a stable order.  Byte counts are left
out so the golden file does not depend on the compiler's code generation.
"""
import json
import sys


def main():
    if len(sys.argv) < 2:
        print("usage: facts.py candidates.json [CONFIG_X...]",
              file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        rep = json.load(f)
    want = set(sys.argv[2:])
    for r in sorted(rep["options"], key=lambda r: r["name"]):
        if want and r["name"] not in want:
            continue
        k = r["kconfig"] or {}
        print("{} {} objects={} hard={}".format(
            r["name"], k.get("type", "?"), ",".join(r["objects"]) or "-",
            r["hard_blockers"]))
        for e in r["inbound_core"]:
            print("  inbound-core: {} <- {}".format(e["symbol"], "; ".join(
                "{}:{}".format(c["object"], ",".join(c["functions"]))
                for c in e["callers"])))
        for e in r["inbound_dependent"]:
            print("  inbound-dependent: {} <- {}".format(
                e["symbol"], "; ".join("{}:{}".format(
                    c["object"], ",".join(c["functions"]))
                    for c in e["callers"])))
        for e in r["exports_needed"]:
            print("  export: {} ({})".format(e["symbol"], e["defined_in"]))
        for s in r["linker_symbols"]:
            print("  linker-symbol: " + s)
        for i in r["initcalls"]:
            print("  initcall: {} {} early={}".format(i["level"],
                                                     i["function"],
                                                     i["early"]))
        for p in r["boot_params"]:
            print("  param: {} {} {}".format(p["kind"], p["param"],
                                             p["function"]))
        for s in r["syscalls"]:
            print("  syscall: " + s)
        for s in r["sysctl"]:
            print("  sysctl: {} via {}".format(s["function"], s["via"]))
        for e in r["static_keys"].get("used_outside", ()):
            print("  static-key: {}".format(e["symbol"]))
        for s in k.get("selected_by", ()):
            print("  selected-by: {} ({})".format(s["name"], s["type"]))
        for s in k.get("depended_on_by", ()):
            print("  depended-on-by: {} ({})".format(s["name"], s["type"]))
        for s in k.get("forced_y_by", ()):
            print("  held-at-y: " + s)
        for s in r["config_sites"]:
            print("  config-site: {} {}".format(s["at"], s["kind"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

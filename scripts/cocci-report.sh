#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cocci-report.sh - count the sites every kslim semantic patch matches in a
#                   kernel tree, per top-level directory
#
# Usage: scripts/cocci-report.sh [-j N] [-t SECONDS] KSRC OUTDIR
#
# Each rule of semantic-patches/ runs in report mode (read only) over the .c
# files of KSRC that mention what the rule needs (a grep prefilter: spatch
# never sees the other files), with spatch --jobs N and --timeout SECONDS per
# file (default 60; files that time out or that spatch cannot handle are
# counted as "skipped").  Writes OUTDIR/RULE.log (spatch's report lines,
# sorted), RULE.err, OUTDIR/report.txt (summary line, then per rule the sites
# per top-level directory and the busiest second-level directories) and
# OUTDIR/report.json, with the time each rule took.
# Exit status: 0 done, 1 spatch failed, 2 usage or input error.
set -eu

prog=cocci-report
jobs=2
timeout=60
while [ "$#" -gt 2 ]; do
	case "$1" in
	-j) jobs=$2 ;;
	-t) timeout=$2 ;;
	*) break ;;
	esac
	shift 2
done
if [ "$#" -ne 2 ]; then
	echo "usage: scripts/cocci-report.sh [-j N] [-t SECONDS] KSRC OUTDIR" >&2
	exit 2
fi
ksrc=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
sp=$root/semantic-patches
py=${PYTHON:-/usr/bin/python3}

if ! command -v spatch >/dev/null 2>&1; then
	echo "$prog: error: the external command 'spatch' is needed (Debian package coccinelle)" >&2
	exit 2
fi
if [ ! -d "$ksrc/kernel" ]; then
	echo "$prog: error: cannot open '$ksrc/kernel': No such file or directory" >&2
	exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/times.tmp"

# rule|extended regex a file must match to be worth parsing
rules='builtin_driver|^[[:space:]]*builtin_(platform_driver|platform_driver_probe|pci_driver|i2c_driver|amba_driver|misc_device|mips_cdmm_driver)\(
initcall_module|^(__initcall|(core|postcore|arch|subsys|fs|rootfs|device|late)_initcall(_sync)?)\(
init_annotations|^module_exit\(
module_metadata|^(module_init|module_exit|module_[a-z0-9_]*driver(_probe)?|module_misc_device)\(
setup_param|^__setup\('

cd "$ksrc"
echo "$rules" | while IFS='|' read -r rule re; do
	start=$(date +%s.%N)
	grep -rlE --include='*.c' "$re" . | sed 's|^\./||' | LC_ALL=C sort >"$out/$rule.files"
	if [ "$rule" = module_metadata ]; then
		# only modules that lack a licence are of interest
		tr '\n' '\0' <"$out/$rule.files" |
			xargs -0 grep -L 'MODULE_LICENSE' >"$out/$rule.files.tmp" || true
		mv "$out/$rule.files.tmp" "$out/$rule.files"
	fi
	n=$(wc -l <"$out/$rule.files")
	printf '  SPATCH  %s (%s files)\n' "$rule" "$n"
	: >"$out/$rule.log"
	if [ "$n" -gt 0 ]; then
		# spatch takes a command line of files as one group (one process,
		# cross-file matching); --dir treats each file alone and --jobs
		# spreads them, so the candidates are copied into a scratch tree.
		work=$out/$rule.tree
		rm -rf "$work"
		mkdir -p "$work"
		tr '\n' '\0' <"$out/$rule.files" | xargs -0 cp --parents -t "$work"
		(cd "$work" && spatch --very-quiet --no-includes --include-headers \
			-D report --no-show-diff --sp-file "$sp/$rule.cocci" \
			--jobs "$jobs" --chunksize 1 --timeout "$timeout" --dir .) \
			>"$out/$rule.raw" 2>"$out/$rule.err" || {
			echo "$prog: error: spatch failed for $rule, log in $out/$rule.err" >&2
			exit 1
		}
		sed 's|^\./||' "$out/$rule.raw" | LC_ALL=C sort >"$out/$rule.log"
		rm -rf "$work" "$out/$rule.raw"
	fi
	end=$(date +%s.%N)
	echo "$rule $n $start $end" >>"$out/times.tmp"
done
mv "$out/times.tmp" "$out/times"

"$py" - "$out" <<'EOPY'
import json, os, re, sys
out = sys.argv[1]
line_re = re.compile(r"^(\S+?):(\d+):\d+-\d+: (.*)$")
rules = {}
for ln in open(os.path.join(out, "times")):
    rule, files, t0, t1 = ln.split()
    sites, top, sub = [], {}, {}
    for s in open(os.path.join(out, rule + ".log"), errors="replace"):
        m = line_re.match(s.strip())
        if not m:
            continue
        path = m.group(1)
        sites.append(path)
        parts = path.split("/")
        top[parts[0]] = top.get(parts[0], 0) + 1
        if len(parts) > 2:
            k = "/".join(parts[:2])
            sub[k] = sub.get(k, 0) + 1
    errf = os.path.join(out, rule + ".err")
    err = open(errf, errors="replace").read() if os.path.exists(errf) else ""
    rules[rule] = {
        "skipped": len(re.findall(r"(?m)^EXN", err)),
        "files_scanned": int(files), "sites": len(sites),
        "files_matched": len(set(sites)),
        "seconds": round(float(t1) - float(t0), 1),
        "by_dir": dict(sorted(top.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_subdir": dict(sorted(sub.items(), key=lambda kv: (-kv[1], kv[0]))[:10]),
    }
total = sum(r["sites"] for r in rules.values())
secs = sum(r["seconds"] for r in rules.values())
with open(os.path.join(out, "report.json"), "w") as f:
    json.dump({"rules": rules, "sites": total, "seconds": round(secs, 1)},
              f, indent=1, sort_keys=True)
    f.write("\n")
lines = ["cocci-report: %d sites, %d rules, %.1f s" % (total, len(rules), secs), ""]
for rule in sorted(rules):
    r = rules[rule]
    lines.append("%s: %d sites in %d files (%d files scanned, %d skipped, %.1f s)"
                 % (rule, r["sites"], r["files_matched"], r["files_scanned"],
                    r["skipped"], r["seconds"]))
    for d, n in r["by_dir"].items():
        lines.append("  %-28s %6d" % (d, n))
    if r["by_subdir"]:
        lines.append("  busiest: " + ", ".join("%s %d" % kv for kv in r["by_subdir"].items()))
    lines.append("")
with open(os.path.join(out, "report.txt"), "w") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
EOPY

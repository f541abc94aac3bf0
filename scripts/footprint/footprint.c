// SPDX-License-Identifier: GPL-2.0
/*
 * footprint.c - report the resident footprint of a vmlinux (or .ko)
 *
 * Usage: footprint [--json] [--objtree DIR] [--srctree DIR]
 *                  [--by symbol|object|dir|config|all] [--top N] FILE
 *        footprint diff [--json|--markdown] OLD NEW
 *        footprint gate --budget FILE [--baseline OLD] [--json] VMLINUX
 *
 * The front end: main() picks the command (report.c, diff.c, gate.c);
 * what they share is the library libfootprint.h describes.  See
 * Documentation/footprint.rst for what each class means and how symbols
 * and objects are attributed to directories and Kconfig options.
 */
#include <malloc.h>
#include <string.h>

#include "footprint.h"

int main(int argc, char **argv)
{
	int ret;

	/*
	 * A short run over megabyte arrays: keep freed memory for the next
	 * file instead of unmapping it and faulting in fresh zeroed pages
	 * (a quarter of the page faults of `footprint diff`).
	 */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 1024 << 20);
	if (argc > 1 && !strcmp(argv[1], "diff"))
		ret = cmd_diff(argc - 1, argv + 1);
	else if (argc > 1 && !strcmp(argv[1], "gate"))
		ret = cmd_gate(argc - 1, argv + 1);
	else
		ret = cmd_report(argc, argv);
	if (fflush(stdout) || ferror(stdout))
		die("cannot write the output");
	return ret;
}

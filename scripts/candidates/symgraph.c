// SPDX-License-Identifier: GPL-2.0
/*
 * symgraph.c - what ties each Kconfig option's objects into vmlinux
 *
 * Usage: symgraph [--modules] [--no-config-uses] [--option CONFIG_X]...
 *                 [-o FILE] OBJTREE
 *
 * Reads every object of a built kernel (vmlinux.a, linked lib.a members,
 * and with --modules the objects of each module), groups them by the
 * Kconfig option that gates them in the Makefiles, and writes as JSON,
 * for each option: its bytes, the references core code makes into it
 * (with the calling functions), the unexported symbols it uses, its
 * initcalls, __setup/early_param entries, syscalls, sysctl registrations,
 * static keys, and the CONFIG_X tests in built-in code outside it.
 * scripts/candidates/candidates.py adds Kconfig and ranks the options.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "symgraph.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: symgraph [options] OBJTREE\n"
"\n"
"Write the symbol graph of the kernel built in OBJTREE (a Kbuild O=\n"
"folder holding vmlinux, vmlinux.a and the objects), grouped by the\n"
"Kconfig option gating each object, as JSON.\n"
"\n"
"  --vmlinux FILE      the linked image (default OBJTREE/vmlinux)\n"
"  --srctree DIR       kernel source (default OBJTREE/source, or OBJTREE)\n"
"  --modules           also read the objects of each module\n"
"                      (modules.order, *.mod)\n"
"  --option CONFIG_X   only report this option (repeatable)\n"
"  --no-config-uses    skip the scan of CONFIG_X tests in the sources\n"
"  -o, --output FILE   write the JSON here (default: standard output)\n"
"  -h, --help          this text\n"
"\n"
"Exit status: 0 written, 2 usage or input error (unreadable OBJTREE,\n"
"vmlinux or vmlinux.a).\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "srctree", required_argument, NULL, 's' },
		{ "modules", no_argument, NULL, 'm' },
		{ "option", required_argument, NULL, 'O' },
		{ "no-config-uses", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sg_graph g = { NULL };
	struct cfguse *cu = NULL;
	const char *vmlinux = NULL, *output = NULL;
	bool with_modules = false, config_uses = true;
	char **only = NULL, *p;
	size_t nonly = 0, i, nbuiltin = 0, nlinked_lib = 0, nmod = 0;
	struct json j;
	FILE *out = stdout;
	double t0 = now(), t_objs, t_cfg;
	int c;

	progname = "symgraph";
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			vmlinux = optarg;
			break;
		case 's':
			g.srctree = xstrdup(optarg);
			break;
		case 'm':
			with_modules = true;
			break;
		case 'O':
			only = xrealloc(only, nonly + 1, sizeof(*only));
			only[nonly++] = optarg;
			break;
		case 'n':
			config_uses = false;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	g.objtree = argv[optind];
	if (!is_dir(g.objtree))
		die("cannot open '%s': not a directory", g.objtree);
	if (!g.srctree) {
		p = xasprintf("%s/source", g.objtree);
		g.srctree = is_dir(p) ? p : xstrdup(g.objtree);
		if (g.srctree != p)
			free(p);
	}
	p = vmlinux ? NULL : xasprintf("%s/vmlinux", g.objtree);
	if (!vmlinux)
		vmlinux = p;
	strmap_init(&g.names);

	if (graph_read_vmlinux(&g, vmlinux))
		die("%s", last_error());
	if (objects_collect(&g, with_modules))
		die("%s", last_error());
	graph_resolve(&g);
	t_objs = now();
	if (config_uses)
		cu = cfguse_scan(&g);
	t_cfg = now();

	if (output) {
		out = fopen(output, "w");
		if (!out)
			die("cannot open '%s': %m", output);
	}
	for (i = 0; i < g.nobjs; i++) {
		const struct sg_obj *o = &g.objs[i];

		if (o->module)
			nmod++;
		else if (o->from_lib && o->linked)
			nlinked_lib++;
		else if (!o->from_lib)
			nbuiltin++;
	}
	json_begin(&j, out);
	json_obj_open(&j, NULL);
	json_str(&j, "objtree", g.objtree);
	json_str(&j, "srctree", g.srctree);
	json_str(&j, "vmlinux", vmlinux);
	json_obj_open(&j, "objects");
	json_u64(&j, "vmlinux_a", nbuiltin);
	json_u64(&j, "lib_a_linked", nlinked_lib);
	json_u64(&j, "lib_a_total", g.nlib_total);
	json_u64(&j, "modules", nmod);
	json_arr_open(&j, "unattributed");
	for (i = 0; i < g.nunattributed; i++)
		json_str(&j, NULL, g.unattributed[i]);
	json_arr_close(&j);
	json_arr_open(&j, "unreadable");
	for (i = 0; i < g.nunreadable; i++)
		json_str(&j, NULL, g.unreadable[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	json_obj_open(&j, "exports");
	json_u64(&j, "count", g.nksyms);
	json_u64(&j, "ksymtab_bytes", g.ksymtab_bytes);
	json_u64(&j, "kcrctab_bytes", g.kcrctab_bytes);
	json_u64(&j, "ksymtab_entry", g.ksym_entry);
	json_u64(&j, "kcrctab_entry", g.kcrc_entry);
	json_obj_close(&j);
	if (cu) {
		size_t files, missing;
		uint64_t bytes;

		cfguse_stats(cu, &files, &bytes, &missing);
		json_obj_open(&j, "source_scan");
		json_u64(&j, "files", files);
		json_u64(&j, "bytes", bytes);
		json_u64(&j, "objects_without_cmd", missing);
		json_obj_close(&j);
	}
	graph_emit_options(&g, cu, &j, only, nonly);
	json_obj_close(&j);
	json_end(&j);
	if (out != stdout && fclose(out))
		die("cannot write '%s': %m", output);
	if (getenv("SYMGRAPH_TIMING"))
		fprintf(stderr, "symgraph: objects %.2fs, config uses %.2fs, "
			"total %.2fs\n", t_objs - t0, t_cfg - t_objs,
			now() - t0);
	return 0;
}

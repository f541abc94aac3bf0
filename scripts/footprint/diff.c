// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c - `footprint diff OLD NEW`: bloat-o-meter's symbol deltas (bom.c)
 *          plus the deltas of the section classes
 *
 * Usage: footprint diff [--json | --markdown [--top N]]
 *                       [--old-objtree DIR] [--new-objtree DIR] OLD NEW
 *
 * --markdown writes the same for a CI job page or a review comment: the
 * summary line, the class table, and the symbols, objects and Kconfig
 * options that grew and shrank most (objects and options when both
 * files have their objtree, as the report finds it).
 */
#include <elf.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "footprint.h"

/* ---- --markdown ---------------------------------------------------- */

#define MD_TOP	10

/* a name in a table cell: a code span, with GitHub's '|' escaped */
static void md_name(FILE *f, const char *s)
{
	fputc('`', f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('`', f);
}

static void md_size(FILE *f, int64_t v)
{
	if (v < 0)
		fputs(" | -", f);
	else
		fprintf(f, " | %lld", (long long)v);
}

static void md_rows(FILE *f, const char *title, const char *what,
		    const struct bom_entry *e, size_t n, bool grow, size_t top)
{
	size_t i, shown = 0;

	fprintf(f, "\n#### %s\n\n", title);
	for (i = 0; i < n && shown < top; i++) {
		const struct bom_entry *x = grow ? &e[i] : &e[n - 1 - i];

		if (grow ? x->delta <= 0 : x->delta >= 0)
			break;
		if (!shown++)
			fprintf(f, "| %s | old | new | delta |\n"
				"|---|---:|---:|---:|\n", what);
		fputs("| ", f);
		md_name(f, x->name);
		md_size(f, x->old);
		md_size(f, x->new);
		fprintf(f, " | %+lld |\n", (long long)x->delta);
	}
	if (!shown)
		fputs("none\n", f);
}

/*
 * Deltas of two rollups (objects or options) by name, sorted like the
 * symbols: old and new are -1 where a side has no such row.
 */
static struct bom_entry *row_deltas(const struct fp_row *a, size_t na,
				    const struct fp_row *b, size_t nb,
				    size_t *n)
{
	struct bom_entry *e = xmalloc_array(na + nb + 1, sizeof(*e));
	struct strmap m;
	size_t i, k = 0;

	strmap_init(&m);
	for (i = 0; i < na + nb; i++) {
		const struct fp_row *r = i < na ? &a[i] : &b[i - na];
		long *slot = strmap_slot(&m, r->name);

		if (*slot < 0) {
			*slot = k;
			e[k].name = r->name;
			e[k].old = -1;
			e[k].new = -1;
			k++;
		}
		if (i < na)
			e[*slot].old = r->total;
		else
			e[*slot].new = r->total;
	}
	strmap_free(&m);
	*n = 0;
	for (i = 0; i < k; i++) {
		e[i].delta = (e[i].new < 0 ? 0 : e[i].new) -
			(e[i].old < 0 ? 0 : e[i].old);
		if (e[i].delta)
			e[(*n)++] = e[i];
	}
	bom_sort(e, *n);
	return e;
}

static void md_rollup(FILE *f, const char *what, const char *key,
		      const struct fp_row *a, size_t na,
		      const struct fp_row *b, size_t nb, size_t top)
{
	struct bom_entry *e;
	size_t n;
	char *t;

	e = row_deltas(a, na, b, nb, &n);
	t = xasprintf("Growers by %s (resident bytes)", what);
	md_rows(f, t, key, e, n, true, top);
	free(t);
	t = xasprintf("Shrinkers by %s (resident bytes)", what);
	md_rows(f, t, key, e, n, false, top);
	free(t);
	free(e);
}

static const char *class_label(const char *key)
{
	if (!strcmp(key, "rodata"))
		return "rodata (incl. ORC unwind tables)";
	if (!strcmp(key, "init"))
		return "init (freed after boot)";
	if (!strcmp(key, "resident"))
		return "resident (text+rodata+data+bss)";
	if (!strcmp(key, "kept"))
		return "kept after boot (image minus what the boot frees)";
	return key;
}

static void md_print(FILE *f, const char *oldpath, const char *newpath,
		     const struct fp_image *a, const struct fp_image *b,
		     const struct bom_result *r, const struct fp_attrib *ata,
		     const struct fp_attrib *atb, const char *no_attrib,
		     size_t top)
{
	double percent = 0;
	int k;

	if (r->otot)
		percent = ((double)r->ntot - (double)r->otot) * 100.0 /
			(double)r->otot;
	fputs("### footprint diff: ", f);
	md_name(f, oldpath);
	fputs(" to ", f);
	md_name(f, newpath);
	fputs("\n\n", f);
	fprintf(f, "```\nadd/remove: %ld/%ld grow/shrink: %ld/%ld up/down: %lld/%lld (%lld)\n"
		"Total: Before=%llu, After=%llu, chg %+.2f%%\n```\n\n",
		r->add, r->remove, r->grow, r->shrink, (long long)r->up,
		-(long long)r->down, (long long)(r->up - r->down),
		(unsigned long long)r->otot, (unsigned long long)r->ntot,
		percent);
	fputs("| class | old | new | delta |\n|---|---:|---:|---:|\n", f);
	for (k = 0; total_keys[k]; k++) {
		uint64_t o = totals_get(&a->tot, total_keys[k], NULL);
		uint64_t n = totals_get(&b->tot, total_keys[k], NULL);

		if (!strcmp(total_keys[k], "kept") && !o && !n)
			continue;	/* not a vmlinux */
		fprintf(f, "| %s | %llu | %llu | %+lld |\n",
			class_label(total_keys[k]), (unsigned long long)o,
			(unsigned long long)n, (long long)n - (long long)o);
	}
	md_rows(f, "Growers by symbol", "symbol", r->e, r->n, true, top);
	md_rows(f, "Shrinkers by symbol", "symbol", r->e, r->n, false, top);
	if (!ata || !atb) {
		fprintf(f, "\nNo rollup by object and Kconfig option: %s.\n",
			no_attrib);
		return;
	}
	md_rollup(f, "object", "object", ata->objects, ata->nobjects,
		  atb->objects, atb->nobjects, top);
	md_rollup(f, "Kconfig option", "option", ata->configs, ata->nconfigs,
		  atb->configs, atb->nconfigs, top);
}

/*
 * The objtree of a vmlinux as `footprint FILE` finds it: the given one,
 * else the file's directory when it holds vmlinux.a; NULL if none.
 */
static char *find_objtree(const char *file, const char *given)
{
	if (given) {
		if (!is_dir(given))
			die("cannot open objtree '%s': not a directory", given);
		return xstrdup(given);
	}
	return kbuild_objtree_of(file);
}

/* attribute img to its objtree; false (and *why set) when it has none */
static bool diff_attrib(struct fp_image *img, const char *file,
			const char *side, const char *given,
			struct fp_attrib *at, char **why)
{
	char *objtree = find_objtree(file, given), *srctree;

	if (!objtree || img->elf.e_type != ET_EXEC) {
		if (!*why)
			*why = xasprintf("'%s' has no objtree (no vmlinux.a beside it; --%s-objtree)",
					 file, side);
		free(objtree);
		return false;
	}
	srctree = kbuild_srctree_of(objtree);
	if (!srctree)
		die("cannot resolve '%s/source'", objtree);
	if (attrib_build(img, objtree, srctree, at))
		die("%s", last_error());
	free(srctree);
	free(objtree);
	return true;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: footprint diff [--json | --markdown [--top N]]\n"
		"                      [--old-objtree DIR] [--new-objtree DIR] OLD NEW\n"
		"\n"
		"Symbol size deltas of two vmlinux (or .ko/.o) files, in the exact\n"
		"format and selection of the kernel's scripts/bloat-o-meter, then\n"
		"the deltas of the classes text, rodata, data, bss, init, padding.\n"
		"\n"
		"  --json             machine-readable output (schema in footprint(1))\n"
		"  --markdown         GitHub/GitLab Markdown for a CI job page: the\n"
		"                     summary line, the class table, the top growers\n"
		"                     and shrinkers by symbol, object and Kconfig option\n"
		"  --top N            rows per Markdown table (default 10)\n"
		"  --old-objtree DIR  OLD's kernel build tree, for the object and option\n"
		"  --new-objtree DIR  rollups (default: the file's directory, if it has\n"
		"                     vmlinux.a)\n"
		"\n"
		"Exit status: 0 success, 2 usage or input error.\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "top", required_argument, NULL, 't' },
		{ "old-objtree", required_argument, NULL, 'O' },
		{ "new-objtree", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *old_objtree = NULL, *new_objtree = NULL;
	struct fp_attrib ata, atb;
	bool have_a = false, have_b = false;
	struct fp_image a, b;
	struct bom_result r;
	bool json = false, markdown = false;
	size_t top = MD_TOP;
	char *why = NULL, *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jmt:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'm':
			markdown = true;
			break;
		case 't':
			top = strtoul(optarg, &end, 10);
			if (*end || !*optarg || *optarg == '-')
				die("--top needs a number, not '%s'", optarg);
			break;
		case 'O':
			old_objtree = optarg;
			break;
		case 'N':
			new_objtree = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "%s: error: diff needs two files\n", progname);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (json && markdown) {
		fprintf(stderr, "%s: error: --json and --markdown exclude each other\n",
			progname);
		return EXIT_USAGE;
	}
	if (markdown) {
		/* the rollups need every symbol's class: the full load */
		if (image_load(argv[optind], &a))
			die("%s", last_error());
		if (image_load(argv[optind + 1], &b))
			die("%s", last_error());
		if (!top)
			top = (size_t)-1;
		have_a = diff_attrib(&a, argv[optind], "old", old_objtree,
				     &ata, &why);
		have_b = have_a &&
			diff_attrib(&b, argv[optind + 1], "new", new_objtree,
				    &atb, &why);
	} else {
		if (image_load_totals(argv[optind], &a))
			die("%s", last_error());
		if (image_load_totals(argv[optind + 1], &b))
			die("%s", last_error());
	}
	bom_compute(&a.elf, &b.elf, &r);
	if (markdown) {
		md_print(stdout, argv[optind], argv[optind + 1], &a, &b, &r,
			 have_a ? &ata : NULL, have_b ? &atb : NULL, why, top);
	} else if (json) {
		struct json j;
		size_t i;

		json_begin(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "old", argv[optind]);
		json_str(&j, "new", argv[optind + 1]);
		json_obj_open(&j, "summary");
		json_i64(&j, "add", r.add);
		json_i64(&j, "remove", r.remove);
		json_i64(&j, "grow", r.grow);
		json_i64(&j, "shrink", r.shrink);
		json_i64(&j, "up", r.up);
		json_i64(&j, "down", -r.down);
		json_i64(&j, "delta", r.up - r.down);
		json_u64(&j, "before", r.otot);
		json_u64(&j, "after", r.ntot);
		json_double(&j, "chg_percent", r.otot ?
			    ((double)r.ntot - (double)r.otot) * 100.0 /
			    (double)r.otot : 0.0);
		json_obj_close(&j);
		json_arr_open(&j, "symbols");
		for (i = 0; i < r.n; i++) {
			json_obj_open(&j, NULL);
			json_str(&j, "name", r.e[i].name);
			if (r.e[i].old < 0)
				json_null(&j, "old");
			else
				json_i64(&j, "old", r.e[i].old);
			if (r.e[i].new < 0)
				json_null(&j, "new");
			else
				json_i64(&j, "new", r.e[i].new);
			json_i64(&j, "delta", r.e[i].delta);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_class_deltas(&j, &a.tot, &b.tot);
		json_obj_close(&j);
		json_end(&j);
	} else {
		bom_print(stdout, &r);
		fputc('\n', stdout);
		print_class_deltas(stdout, &a.tot, &b.tot);
	}
	bom_free(&r);
	if (have_a)
		attrib_free(&ata);
	if (have_b)
		attrib_free(&atb);
	free(why);
	image_free(&a);
	image_free(&b);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - `footprint FILE`: the resident footprint of a vmlinux (or .ko)
 *
 * Usage: footprint [--json] [--objtree DIR] [--srctree DIR]
 *                  [--by symbol|object|dir|config|all] [--top N] FILE
 *
 * The summary line, the classes, what the boot frees, then the tables by
 * object, directory, Kconfig option and symbol (attrib.c), or the same
 * as JSON (the schema is in footprint(1)).
 */
#include <elf.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "footprint.h"

enum { BY_SYMBOL = 1, BY_OBJECT = 2, BY_DIR = 4, BY_CONFIG = 8 };

struct report_opts {
	bool json;
	unsigned int by;
	bool by_given;
	size_t top;
	bool top_given;
};

static int cmp_row(const void *a, const void *b)
{
	const struct fp_row *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_sym_size(const void *a, const void *b, void *ctx)
{
	const struct fp_sym *s = ctx, *x = &s[*(const size_t *)a],
		*y = &s[*(const size_t *)b];
	int r;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	r = strcmp(x->name, y->name);
	if (r)
		return r;
	return x->value < y->value ? -1 : x->value > y->value;
}

static void print_rows(const char *title, const char *what,
		       struct fp_row *rows, size_t n, size_t top)
{
	size_t i, shown = top && top < n ? top : n;

	qsort(rows, n, sizeof(*rows), cmp_row);
	printf("\n%s (%zu of %zu, by resident bytes):\n", title, shown, n);
	printf("%10s %10s %10s %10s %10s %10s  %s\n", "resident", "text",
	       "rodata", "data", "bss", "init", what);
	for (i = 0; i < shown; i++)
		printf("%10llu %10llu %10llu %10llu %10llu %10llu  %s\n",
		       (unsigned long long)rows[i].total,
		       (unsigned long long)rows[i].cls[CL_TEXT],
		       (unsigned long long)rows[i].cls[CL_RODATA],
		       (unsigned long long)rows[i].cls[CL_DATA],
		       (unsigned long long)rows[i].cls[CL_BSS],
		       (unsigned long long)rows[i].cls[CL_INIT], rows[i].name);
}

static void json_rows(struct json *j, const char *key, struct fp_row *rows,
		      size_t n, size_t top)
{
	size_t i, shown = top && top < n ? top : n;

	qsort(rows, n, sizeof(*rows), cmp_row);
	json_arr_open(j, key);
	for (i = 0; i < shown; i++) {
		json_obj_open(j, NULL);
		json_str(j, "name", rows[i].name);
		json_u64(j, "text", rows[i].cls[CL_TEXT]);
		json_u64(j, "rodata", rows[i].cls[CL_RODATA]);
		json_u64(j, "data", rows[i].cls[CL_DATA]);
		json_u64(j, "bss", rows[i].cls[CL_BSS]);
		json_u64(j, "init", rows[i].cls[CL_INIT]);
		json_u64(j, "total", rows[i].total);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void print_summary(const struct fp_image *img, const char *file)
{
	const struct fp_totals *t = &img->tot;

	printf("%s: %s resident %llu (text %llu rodata %llu data %llu bss %llu) init %llu padding %llu percpu %llu\n",
	       file, elf_machine_name(img->elf.e_machine),
	       (unsigned long long)t->resident,
	       (unsigned long long)t->cls[CL_TEXT],
	       (unsigned long long)t->cls[CL_RODATA],
	       (unsigned long long)t->cls[CL_DATA],
	       (unsigned long long)t->cls[CL_BSS],
	       (unsigned long long)t->cls[CL_INIT],
	       (unsigned long long)t->padding,
	       (unsigned long long)t->cls[CL_PERCPU]);
}

static void print_classes(const struct fp_image *img)
{
	static const char *const notes[] = {
		[CL_TEXT] = "code",
		[CL_RODATA] = "read-only data, incl. ro_after_init",
		[CL_DATA] = "initialised writable data",
		[CL_BSS] = "zero-initialised data",
		[CL_INIT] = "freed after boot, not resident",
		[CL_PERCPU] = "per-CPU template, one copy per CPU at boot",
	};
	const struct fp_totals *t = &img->tot;
	int c;

	printf("\n%-10s %12s %10s  %s\n", "class", "bytes", "KiB", "meaning");
	for (c = 0; c < CL_NONE; c++)
		printf("%-10s %12llu %10.1f  %s\n", class_names[c],
		       (unsigned long long)t->cls[c], t->cls[c] / 1024.0,
		       notes[c]);
	printf("%-10s %12llu %10.1f  %s\n", "padding",
	       (unsigned long long)t->padding, t->padding / 1024.0,
	       img->is_vmlinux ? "alignment holes, not counted" :
	       "not computed for relocatable files");
	printf("%-10s %12llu %10.1f  %s\n", "resident",
	       (unsigned long long)t->resident, t->resident / 1024.0,
	       "text + rodata + data + bss");
	if (img->boot.known)
		printf("%-10s %12llu %10.1f  %s\n", "kept",
		       (unsigned long long)t->kept, t->kept / 1024.0,
		       "image minus what the boot frees, PTI not active");
}

static const char *const freed_when[] = {
	[FREED_ALWAYS] = "every boot",
	[FREED_NO_PTI] = "PTI not active",
};

/* the image after boot: what is freed, what stays, and the holes kept */
static void print_boot(const struct fp_image *img)
{
	const struct fp_boot *b = &img->boot;
	const struct fp_totals *t = &img->tot;
	size_t i;

	if (!img->is_vmlinux)
		return;
	if (!b->known) {
		printf("\nafter boot: not computed (the %s rules of what the boot frees are not known)\n",
		       elf_machine_name(img->elf.e_machine));
		return;
	}
	printf("\nafter boot (%s, rodata on):\n", elf_machine_name(img->elf.e_machine));
	printf("  %-26s %12llu\n", "image",
	       (unsigned long long)t->image);
	printf("  %-26s %12llu\n", "freed, PTI not active",
	       (unsigned long long)b->freed_bytes);
	printf("  %-26s %12llu\n", "kept, PTI not active",
	       (unsigned long long)t->kept);
	printf("  %-26s %12llu\n", "kept, PTI active",
	       (unsigned long long)b->kept_pti);
	printf("  %-26s %12llu\n", "padding kept, PTI not active",
	       (unsigned long long)b->padding_kept);
	printf("\n%-18s %-18s %10s  %-14s %s\n", "freed from", "to", "bytes",
	       "when", "boot log: Freeing ... memory");
	for (i = 0; i < b->nfreed; i++)
		printf("%016llx   %016llx   %10llu  %-14s %s\n",
		       (unsigned long long)b->freed[i].start,
		       (unsigned long long)b->freed[i].end,
		       (unsigned long long)(b->freed[i].end - b->freed[i].start),
		       freed_when[b->freed[i].when], b->freed[i].what);
	printf("\n%-18s %-18s %10s  %s\n", "kept hole from", "to", "bytes",
	       "why");
	for (i = 0; i < b->nholes; i++)
		printf("%016llx   %016llx   %10llu  %s%s%s%s\n",
		       (unsigned long long)b->holes[i].start,
		       (unsigned long long)b->holes[i].end,
		       (unsigned long long)(b->holes[i].end - b->holes[i].start),
		       b->holes[i].why,
		       b->holes[i].before ? ", before " : "",
		       b->holes[i].before ? b->holes[i].before : "",
		       b->holes[i].freed_no_pti ? " (kept only while PTI is active)" : "");
}

static void json_boot(struct json *j, const struct fp_image *img)
{
	const struct fp_boot *b = &img->boot;
	size_t i;

	if (!img->is_vmlinux || !b->known)
		return;
	json_obj_open(j, "boot");
	json_u64(j, "image", img->tot.image);
	json_u64(j, "freed", b->freed_bytes);
	json_u64(j, "kept", img->tot.kept);
	json_u64(j, "freed_pti", b->freed_pti);
	json_u64(j, "kept_pti", b->kept_pti);
	json_u64(j, "padding_kept", b->padding_kept);
	json_arr_open(j, "freed_ranges");
	for (i = 0; i < b->nfreed; i++) {
		json_obj_open(j, NULL);
		json_u64(j, "start", b->freed[i].start);
		json_u64(j, "end", b->freed[i].end);
		json_u64(j, "bytes", b->freed[i].end - b->freed[i].start);
		json_str(j, "what", b->freed[i].what);
		json_str(j, "when", b->freed[i].when == FREED_ALWAYS ?
			 "always" : "no_pti");
		json_obj_close(j);
	}
	json_arr_close(j);
	json_arr_open(j, "kept_holes");
	for (i = 0; i < b->nholes; i++) {
		json_obj_open(j, NULL);
		json_u64(j, "start", b->holes[i].start);
		json_u64(j, "end", b->holes[i].end);
		json_u64(j, "bytes", b->holes[i].end - b->holes[i].start);
		json_str(j, "why", b->holes[i].why);
		if (b->holes[i].before)
			json_str(j, "before", b->holes[i].before);
		json_bool(j, "pti_only", b->holes[i].freed_no_pti);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_obj_close(j);
}

static size_t *sorted_symbols(const struct fp_image *img, size_t *n)
{
	const struct fp_elf *ef = &img->elf;
	size_t *ord = xcalloc(ef->nsyms + 1, sizeof(*ord)), i, k = 0;

	for (i = 0; i < ef->nsyms; i++)
		if (sym_reportable(ef, &ef->syms[i]) &&
		    ef->syms[i].cls != CL_NONE)
			ord[k++] = i;
	qsort_r(ord, k, sizeof(*ord), cmp_sym_size, ef->syms);
	*n = k;
	return ord;
}

static const char *sym_object(const struct fp_attrib *at,
			      const struct fp_sym *s)
{
	if (!at || s->obj < 0 || (size_t)s->obj >= at->nobject_names)
		return NULL;
	return at->object_names[s->obj];
}

static void report_text(const struct fp_image *img, struct fp_attrib *at,
			const char *file, const struct report_opts *o)
{
	const struct fp_elf *ef = &img->elf;
	size_t n, i, *ord, shown;
	int c;

	print_summary(img, file);
	print_classes(img);
	print_boot(img);
	if (at && (o->by & BY_OBJECT))
		print_rows("objects", "object", at->objects, at->nobjects,
			   o->top);
	if (at && (o->by & BY_DIR))
		print_rows("directories", "directory", at->dirs, at->ndirs,
			   o->top);
	if (at && (o->by & BY_CONFIG) && at->nconfigs)
		print_rows("Kconfig options", "option", at->configs,
			   at->nconfigs, o->top);
	if (o->by & BY_SYMBOL) {
		ord = sorted_symbols(img, &n);
		shown = o->top && o->top < n ? o->top : n;
		printf("\nsymbols (%zu of %zu, by size):\n", shown, n);
		if (at)
			printf("%10s  %-7s %-40s %s\n", "size", "class",
			       "symbol", "object");
		else
			printf("%10s  %-7s %s\n", "size", "class", "symbol");
		for (i = 0; i < shown; i++) {
			const struct fp_sym *s = &ef->syms[ord[i]];
			const char *obj = sym_object(at, s);

			if (at)
				printf("%10llu  %-7s %-40s %s\n",
				       (unsigned long long)s->size,
				       class_names[s->cls], s->name,
				       obj ? obj : "(unattributed)");
			else
				printf("%10llu  %-7s %s\n",
				       (unsigned long long)s->size,
				       class_names[s->cls], s->name);
		}
		free(ord);
	}
	if (!at)
		return;
	printf("\nunattributed:\n");
	printf("  symbols: %zu of %zu (%llu bytes) match no object\n",
	       at->syms_total - at->syms_matched, at->syms_total,
	       (unsigned long long)at->unattr_sym_bytes);
	printf("  bytes no object accounts for:");
	for (c = 0; c < NR_SIZE_CLASSES; c++)
		printf(" %s %lld", class_names[c],
		       (long long)at->unattr_bytes[c]);
	printf("\n");
	printf("  objects no Makefile rule names: %zu\n",
	       at->nunattr_objects);
	for (i = 0; i < at->nunattr_objects && (!o->top || i < o->top); i++)
		printf("    %s\n", at->unattr_objects[i]);
	printf("  objects that could not be read: %zu\n",
	       at->nmissing_objects);
	for (i = 0; i < at->nmissing_objects && (!o->top || i < o->top); i++)
		printf("    %s\n", at->missing_objects[i]);
}

static void report_json(const struct fp_image *img, struct fp_attrib *at,
			const char *file, const struct report_opts *o)
{
	const struct fp_elf *ef = &img->elf;
	const struct fp_totals *t = &img->tot;
	size_t n, i, *ord, top = o->top_given ? o->top : 0;
	struct json j;
	int c;

	json_begin(&j, stdout);
	json_obj_open(&j, NULL);
	json_str(&j, "file", file);
	json_str(&j, "arch", elf_machine_name(ef->e_machine));
	json_obj_open(&j, "totals");
	for (c = 0; c < NR_SIZE_CLASSES; c++)
		json_u64(&j, class_names[c], t->cls[c]);
	json_u64(&j, "padding", t->padding);
	json_u64(&j, "resident", t->resident);
	json_u64(&j, "percpu", t->cls[CL_PERCPU]);
	json_u64(&j, "image", t->image);
	if (img->boot.known)
		json_u64(&j, "kept", t->kept);
	json_obj_close(&j);
	json_boot(&j, img);
	if (at) {
		json_rows(&j, "objects", at->objects, at->nobjects, top);
		json_rows(&j, "dirs", at->dirs, at->ndirs, top);
		json_rows(&j, "configs", at->configs, at->nconfigs, top);
	} else {
		json_arr_open(&j, "objects");
		json_arr_close(&j);
		json_arr_open(&j, "dirs");
		json_arr_close(&j);
		json_arr_open(&j, "configs");
		json_arr_close(&j);
	}
	ord = sorted_symbols(img, &n);
	if (top && top < n)
		n = top;
	json_arr_open(&j, "symbols");
	for (i = 0; i < n; i++) {
		const struct fp_sym *s = &ef->syms[ord[i]];
		const char *obj = sym_object(at, s);

		json_obj_open(&j, NULL);
		json_str(&j, "name", s->name);
		json_u64(&j, "size", s->size);
		json_str(&j, "class", class_names[s->cls]);
		if (obj)
			json_str(&j, "object", obj);
		else
			json_null(&j, "object");
		json_obj_close(&j);
	}
	json_arr_close(&j);
	free(ord);
	json_obj_open(&j, "unattributed");
	if (at) {
		json_u64(&j, "symbols", at->syms_total - at->syms_matched);
		json_u64(&j, "symbols_total", at->syms_total);
		json_u64(&j, "symbol_bytes", at->unattr_sym_bytes);
		json_obj_open(&j, "bytes");
		for (c = 0; c < NR_SIZE_CLASSES; c++)
			json_i64(&j, class_names[c], at->unattr_bytes[c]);
		json_obj_close(&j);
		json_arr_open(&j, "objects_without_rule");
		for (i = 0; i < at->nunattr_objects; i++)
			json_str(&j, NULL, at->unattr_objects[i]);
		json_arr_close(&j);
		json_arr_open(&j, "objects_unreadable");
		for (i = 0; i < at->nmissing_objects; i++)
			json_str(&j, NULL, at->missing_objects[i]);
		json_arr_close(&j);
	}
	json_obj_close(&j);
	json_obj_close(&j);
	json_end(&j);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: footprint [--json] [--objtree DIR] [--srctree DIR]\n"
		"                 [--by symbol|object|dir|config|all] [--top N] FILE\n"
		"       footprint diff [--json|--markdown] OLD NEW\n"
		"       footprint gate --budget FILE [--baseline OLD] [--json] VMLINUX\n"
		"\n"
		"Report the resident footprint of a vmlinux (or .ko): text, rodata,\n"
		"data, bss, init (freed after boot), percpu and alignment padding,\n"
		"split by the kernel's own boundary symbols, with rollups per symbol,\n"
		"object, directory and Kconfig option.\n"
		"\n"
		"  --json          machine-readable output (schema in footprint(1))\n"
		"  --objtree DIR   kernel build tree with vmlinux.a and the .o files\n"
		"                  (default: FILE's directory, if it has vmlinux.a)\n"
		"  --srctree DIR   kernel source tree for the Makefile rules\n"
		"                  (default: OBJTREE/source, else OBJTREE)\n"
		"  --by WHAT       tables to print: symbol, object, dir, config or all;\n"
		"                  repeat or comma-separate (default: all)\n"
		"  --top N         rows per table, 0 for all (default 20; in --json\n"
		"                  every row unless --top is given)\n"
		"\n"
		"Exit status: 0 success, 1 check failed (gate: over budget),\n"
		"2 usage or input error (unreadable, truncated or corrupt file).\n");
}

static unsigned int parse_by(const char *arg)
{
	char *s = xstrdup(arg), *tok, *save;
	unsigned int by = 0;

	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "symbol"))
			by |= BY_SYMBOL;
		else if (!strcmp(tok, "object"))
			by |= BY_OBJECT;
		else if (!strcmp(tok, "dir"))
			by |= BY_DIR;
		else if (!strcmp(tok, "config"))
			by |= BY_CONFIG;
		else if (!strcmp(tok, "all"))
			by |= BY_SYMBOL | BY_OBJECT | BY_DIR | BY_CONFIG;
		else
			die("unknown --by '%s' (symbol, object, dir, config or all)",
			    tok);
	}
	free(s);
	return by;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "objtree", required_argument, NULL, 'o' },
		{ "srctree", required_argument, NULL, 's' },
		{ "by", required_argument, NULL, 'b' },
		{ "top", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts o = { .top = 20 };
	char *objtree = NULL, *srctree = NULL, *end;
	struct fp_attrib at, *atp = NULL;
	struct fp_image img;
	const char *file;
	int c;

	while ((c = getopt_long(argc, argv, "jo:s:b:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'o':
			objtree = xstrdup(optarg);
			break;
		case 's':
			srctree = xstrdup(optarg);
			break;
		case 'b':
			o.by |= parse_by(optarg);
			o.by_given = true;
			break;
		case 't':
			o.top = strtoul(optarg, &end, 10);
			if (*end || !*optarg || *optarg == '-')
				die("--top needs a number, not '%s'", optarg);
			o.top_given = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "%s: error: expected one FILE\n", progname);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!o.by_given)
		o.by = BY_SYMBOL | BY_OBJECT | BY_DIR | BY_CONFIG;
	file = argv[optind];
	if (image_load(file, &img))
		die("%s", last_error());
	if (objtree && !is_dir(objtree))
		die("cannot open objtree '%s': not a directory", objtree);
	if (!objtree && img.is_vmlinux)
		objtree = kbuild_objtree_of(file);
	if (objtree && !srctree) {
		srctree = kbuild_srctree_of(objtree);
		if (!srctree)
			die("cannot resolve '%s/source'", objtree);
	}
	if (srctree && !is_dir(srctree))
		die("cannot open srctree '%s': not a directory", srctree);
	if (objtree && img.elf.e_type != ET_EXEC) {
		warn("'%s' is not a linked kernel, ignoring the objtree", file);
	} else if (objtree) {
		if (attrib_build(&img, objtree, srctree, &at))
			die("%s", last_error());
		atp = &at;
	}
	if (o.json)
		report_json(&img, atp, file, &o);
	else
		report_text(&img, atp, file, &o);
	if (atp)
		attrib_free(atp);
	image_free(&img);
	free(objtree);
	free(srctree);
	return 0;
}

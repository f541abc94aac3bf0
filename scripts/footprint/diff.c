// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c - `footprint diff OLD NEW`: bloat-o-meter's symbol deltas, in
 *          process, plus the deltas of the section classes
 *
 * Usage: footprint diff [--json] OLD NEW
 *
 * The symbol selection copies scripts/bloat-o-meter's default mode
 * exactly: the symbols `nm --size-sort` prints (defined, not absolute,
 * size > 0), of nm type t T d D b B r R v V w W, minus the generated
 * __mod_*, __se_sys*, __se_compat_sys*, __addressable_* and linux_banner,
 * vermagic; every ".<digits>" in a name is removed and sizes of equal
 * names are summed.  Output lines are byte-identical to bloat-o-meter's.
 */
#include <elf.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "footprint.h"

static bool bom_type_ok(char t)
{
	return t && strchr("tTdDbBrRvVwW", t);
}

static bool bom_skip_name(const char *n)
{
	return !*n || strchr(n, ':') || strchr(n, ' ') ||
		!strncmp(n, "__mod_", 6) || !strncmp(n, "__se_sys", 8) ||
		!strncmp(n, "__se_compat_sys", 15) ||
		!strncmp(n, "__addressable_", 14) ||
		!strcmp(n, "linux_banner") || !strcmp(n, "vermagic");
}

/* re.sub(r'\.[0-9]+', '', name) into out, which has room for n */
static void strip_numbers(const char *n, char *out)
{
	char *o = out;

	while (*n) {
		if (n[0] == '.' && n[1] >= '0' && n[1] <= '9') {
			n++;
			while (*n >= '0' && *n <= '9')
				n++;
			continue;
		}
		*o++ = *n++;
	}
	*o = '\0';
}

static struct bom_sym *bom_collect(const struct fp_elf *ef, size_t *count,
				   struct strmap *m)
{
	struct bom_sym *v = xcalloc(ef->nsyms + 1, sizeof(*v));
	size_t i, n = 0, cap = 256;
	char *buf = xmalloc(cap);

	strmap_init(m);
	for (i = 0; i < ef->nsyms; i++) {
		const struct fp_sym *s = &ef->syms[i];
		const char *stored;
		size_t len;
		long *slot;

		if (!s->size || s->shndx == SHN_ABS ||
		    !bom_type_ok(elf_nm_type(ef, s)) || bom_skip_name(s->name))
			continue;
		len = strlen(s->name) + 1;
		if (len > cap) {
			cap = len;
			buf = xrealloc(buf, cap, 1);
		}
		strip_numbers(s->name, buf);
		slot = strmap_slot_key(m, buf, &stored);
		if (*slot < 0) {
			v[n].name = stored;
			v[n].size = 0;
			*slot = n++;
		}
		v[*slot].size += s->size;
	}
	free(buf);
	*count = n;
	return v;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct bom_entry *x = a, *y = b;

	/* Python's delta.sort(reverse=True) on (delta, name) tuples */
	if (x->delta != y->delta)
		return x->delta > y->delta ? -1 : 1;
	return -strcmp(x->name, y->name);
}

void bom_compute(const struct fp_elf *oldf, const struct fp_elf *newf,
		 struct bom_result *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->oldsyms = bom_collect(oldf, &r->nold, &r->oldmap);
	r->newsyms = bom_collect(newf, &r->nnew, &r->newmap);
	r->e = xcalloc(r->nold + r->nnew, sizeof(*r->e));
	for (i = 0; i < r->nold; i++) {
		long j = strmap_get(&r->newmap, r->oldsyms[i].name);
		struct bom_entry *e = &r->e[r->n];

		r->otot += r->oldsyms[i].size;
		e->name = r->oldsyms[i].name;
		e->old = r->oldsyms[i].size;
		if (j < 0) {
			r->remove++;
			r->down += e->old;
			e->new = -1;
			e->delta = -e->old;
		} else {
			e->new = r->newsyms[j].size;
			e->delta = e->new - e->old;
			if (e->delta > 0) {
				r->grow++;
				r->up += e->delta;
			} else if (e->delta < 0) {
				r->shrink++;
				r->down -= e->delta;
			}
		}
		if (e->delta)
			r->n++;
	}
	for (i = 0; i < r->nnew; i++) {
		struct bom_entry *e = &r->e[r->n];

		r->ntot += r->newsyms[i].size;
		if (strmap_get(&r->oldmap, r->newsyms[i].name) >= 0)
			continue;
		r->add++;
		r->up += r->newsyms[i].size;
		e->name = r->newsyms[i].name;
		e->old = -1;
		e->new = r->newsyms[i].size;
		e->delta = e->new;
		if (e->delta)
			r->n++;
	}
	qsort(r->e, r->n, sizeof(*r->e), cmp_entry);
}

void bom_free(struct bom_result *r)
{
	strmap_free(&r->oldmap);
	strmap_free(&r->newmap);
	free(r->oldsyms);
	free(r->newsyms);
	free(r->e);
	memset(r, 0, sizeof(*r));
}

static void print_size(FILE *f, int64_t v)
{
	char buf[32];

	if (v < 0)
		snprintf(buf, sizeof(buf), "-");
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	fprintf(f, " %7s", buf);
}

void bom_print(FILE *f, const struct bom_result *r)
{
	double percent = 0;
	size_t i;

	fprintf(f, "add/remove: %ld/%ld grow/shrink: %ld/%ld up/down: %lld/%lld (%lld)\n",
		r->add, r->remove, r->grow, r->shrink, (long long)r->up,
		-(long long)r->down, (long long)(r->up - r->down));
	fprintf(f, "%-40s %7s %7s %7s\n", "Function", "old", "new", "delta");
	for (i = 0; i < r->n; i++) {
		const struct bom_entry *e = &r->e[i];

		fprintf(f, "%-40s", e->name);
		print_size(f, e->old);
		print_size(f, e->new);
		fprintf(f, " %+7lld\n", (long long)e->delta);
	}
	if (r->otot)
		percent = ((double)r->ntot - (double)r->otot) * 100.0 /
			(double)r->otot;
	fprintf(f, "Total: Before=%llu, After=%llu, chg %+.2f%%\n",
		(unsigned long long)r->otot, (unsigned long long)r->ntot,
		percent);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: footprint diff [--json] OLD NEW\n"
		"\n"
		"Symbol size deltas of two vmlinux (or .ko/.o) files, in the exact\n"
		"format and selection of the kernel's scripts/bloat-o-meter, then\n"
		"the deltas of the classes text, rodata, data, bss, init, padding.\n"
		"\n"
		"Exit status: 0 success, 2 usage or input error.\n");
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fp_image a, b;
	struct bom_result r;
	bool json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
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
	if (image_load(argv[optind], &a))
		die("%s", last_error());
	if (image_load(argv[optind + 1], &b))
		die("%s", last_error());
	bom_compute(&a.elf, &b.elf, &r);
	if (json) {
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
	image_free(&a);
	image_free(&b);
	return 0;
}

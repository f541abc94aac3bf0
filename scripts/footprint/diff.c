// SPDX-License-Identifier: GPL-2.0
/*
 * diff.c - `footprint diff OLD NEW`: bloat-o-meter's symbol deltas, in
 *          process, plus the deltas of the section classes
 *
 * Usage: footprint diff [--json | --markdown [--top N]]
 *                       [--old-objtree DIR] [--new-objtree DIR] OLD NEW
 *
 * The symbol selection copies scripts/bloat-o-meter's default mode
 * exactly: the symbols `nm --size-sort` prints (defined, not absolute,
 * size > 0), of nm type t T d D b B r R v V w W, minus the generated
 * __mod_*, __se_sys*, __se_compat_sys*, __addressable_* and linux_banner,
 * vermagic; every ".<digits>" in a name is removed and sizes of equal
 * names are summed.  Output lines are byte-identical to bloat-o-meter's.
 *
 * --markdown writes the same for a CI job page or a review comment: the
 * summary line, the class table, and the symbols, objects and Kconfig
 * options that grew and shrank most (objects and options when both
 * files have their objtree, as the report finds it).
 */
#include <elf.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "footprint.h"

static bool bom_type_ok(char t)
{
	switch (t) {
	case 't': case 'T': case 'd': case 'D': case 'b': case 'B':
	case 'r': case 'R': case 'v': case 'V': case 'w': case 'W':
		return true;
	}
	return false;
}

static bool bom_skip_prefix(const char *n)
{
	switch (n[0]) {
	case '_':
		return !strncmp(n, "__mod_", 6) || !strncmp(n, "__se_sys", 8) ||
			!strncmp(n, "__se_compat_sys", 15) ||
			!strncmp(n, "__addressable_", 14);
	case 'l':
		return !strcmp(n, "linux_banner");
	case 'v':
		return !strcmp(n, "vermagic");
	}
	return false;
}

/* the name bloat-o-meter keys on, its length and hash */
struct bom_key {
	const char *s;
	size_t len;
	uint64_t hash;
};

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* nonzero when one of the eight bytes of w is c */
static uint64_t has_byte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);

	return (x - ONES) & ~x & HIGHS;
}

/*
 * The word of a name's bytes [i, i + 8) where i + 8 <= len, else its last
 * eight bytes (overlapping the word before), or for names shorter than
 * eight, its bytes zero-extended: never a read past the name.
 */
static uint64_t load_word(const char *s, size_t len, size_t i)
{
	uint64_t w = 0;
	size_t j;

	if (len >= 8) {
		memcpy(&w, s + (i + 8 <= len ? i : len - 8), 8);
		return w;
	}
	for (j = 0; j < len; j++)
		w |= (uint64_t)(unsigned char)s[j] << (8 * j);
	return w;
}

/*
 * Eight bytes at a time (load_word): a name averages 25 bytes, and a
 * byte-wise hash (FNV-1a) was the largest cost of the whole diff.  The
 * length is mixed in, so the overlapping last word of a long name and the
 * zero fill of a short one hash like any other bytes.
 */
static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = len * 0x9e3779b97f4a7c15ULL;
	size_t i = 0;

	do {
		h = (h ^ load_word(s, len, i)) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		i += 8;
	} while (i < len);
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The key of name n: re.sub(r'\.[0-9]+', '', n).  Most names have no
 * ".<digits>": the key is then n itself, in the ELF string table, and
 * only the others are copied (into *buf).  False for the names
 * bloat-o-meter drops: empty, or with a ':' or ' '.
 */
static bool bom_key(const char *n, char **buf, size_t *cap,
		    struct bom_key *k)
{
	size_t len = strlen(n), i;
	uint64_t dots = 0, w;
	const char *p;
	char *o;

	if (!len)
		return false;
	for (i = 0; i < len; i += 8) {
		w = load_word(n, len, i);
		if (has_byte(w, ':') || has_byte(w, ' '))
			return false;
		dots |= has_byte(w, '.');
	}
	k->s = n;
	k->len = len;
	if (dots) {
		if (len + 1 > *cap) {
			*cap = len + 1;
			*buf = xrealloc(*buf, *cap, 1);
		}
		for (p = n, o = *buf; *p; p++) {
			if (p[0] == '.' && is_digit(p[1])) {
				for (p++; is_digit(p[1]); p++)
					;
				continue;
			}
			*o++ = *p;
		}
		if ((size_t)(o - *buf) != len) {
			k->s = *buf;
			k->len = o - *buf;
		}
	}
	k->hash = hash_bytes(k->s, k->len);
	return true;
}

/* a symbol bloat-o-meter counts, by everything but its name */
static bool bom_sym_ok(const struct fp_elf *ef, const struct fp_sym *s)
{
	return s->size && s->shndx != SHN_ABS &&
		bom_type_ok(elf_nm_type(ef, s));
}

/*
 * Symbols between table look-ups: each look-up is a cache miss (the
 * table and the names are megabytes, probed at random), so a batch's
 * slots are fetched together, then used.
 */
#define BOM_BATCH 16

/* add size to key k's name on side (0 old, 1 new) */
static void bom_add(struct bom_result *r, const struct bom_key *k,
		    const char *buf, uint32_t *table, size_t mask, int side,
		    uint64_t size)
{
	struct bom_name *b;
	size_t h;

	for (h = k->hash & mask; table[h]; h = (h + 1) & mask) {
		b = &r->names[table[h] - 1];
		if (b->hash == k->hash && b->len == k->len &&
		    !memcmp(b->name, k->s, k->len))
			goto found;
	}
	b = &r->names[r->nnames++];
	table[h] = r->nnames;
	/* stripped names are copied, the others stay in the string table */
	b->name = k->s == buf ? arena_strndup(&r->strings, k->s, k->len) :
		k->s;
	b->len = k->len;
	b->hash = k->hash;
	b->size[0] = b->size[1] = 0;
	b->in[0] = b->in[1] = false;
found:
	b->size[side] += size;
	b->in[side] = true;
}

/*
 * Both files' symbols go into one table of names, so each name is hashed
 * and looked up once, and the deltas come from one walk over the names.
 */
static void bom_collect(struct bom_result *r, const struct fp_elf *ef,
			int side, uint32_t *table, size_t mask)
{
	const struct fp_sym *batch[BOM_BATCH];
	struct bom_key keys[BOM_BATCH];
	size_t i = 0, n, j, cap = 0;
	char *buf = NULL;

	while (i < ef->nsyms) {
		/* the next batch: keys, and their table slots on the way */
		for (n = 0; n < BOM_BATCH && i < ef->nsyms; i++) {
			const struct fp_sym *s = &ef->syms[i];

			if (!bom_sym_ok(ef, s) || bom_skip_prefix(s->name))
				continue;
			if (!bom_key(s->name, &buf, &cap, &keys[n]))
				continue;
			/* a stripped name lives in buf until the next one */
			if (keys[n].s == buf) {
				bom_add(r, &keys[n], buf, table, mask, side,
					s->size);
				continue;
			}
			__builtin_prefetch(&table[keys[n].hash & mask]);
			batch[n++] = s;
		}
		for (j = 0; j < n; j++)
			bom_add(r, &keys[j], buf, table, mask, side,
				batch[j]->size);
	}
	free(buf);
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
	size_t i, max = oldf->nsyms + newf->nsyms, cap = 64;
	uint32_t *table;

	memset(r, 0, sizeof(*r));
	if (max >= UINT32_MAX / 4)
		die("too many symbols (%zu)", max);
	/*
	 * At most 80% full if the files share no name; two builds of one
	 * kernel share most and fill a third.  A bigger table only costs
	 * page faults.
	 */
	while (cap < max + max / 4)
		cap *= 2;
	table = xcalloc(cap, sizeof(*table));
	r->names = xmalloc_array(max + 1, sizeof(*r->names));
	bom_collect(r, oldf, 0, table, cap - 1);
	bom_collect(r, newf, 1, table, cap - 1);
	free(table);

	r->e = xmalloc_array(r->nnames + 1, sizeof(*r->e));
	for (i = 0; i < r->nnames; i++) {
		const struct bom_name *b = &r->names[i];
		struct bom_entry *e = &r->e[r->n];

		e->name = b->name;
		if (b->in[1])
			r->ntot += b->size[1];
		if (!b->in[0]) {
			r->add++;
			r->up += b->size[1];
			e->old = -1;
			e->new = b->size[1];
			e->delta = e->new;
		} else if (!b->in[1]) {
			r->otot += b->size[0];
			e->old = b->size[0];
			r->remove++;
			r->down += e->old;
			e->new = -1;
			e->delta = -e->old;
		} else {
			r->otot += b->size[0];
			e->old = b->size[0];
			e->new = b->size[1];
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
	qsort(r->e, r->n, sizeof(*r->e), cmp_entry);
}

void bom_free(struct bom_result *r)
{
	arena_free(&r->strings);
	free(r->names);
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
	qsort(e, *n, sizeof(*e), cmp_entry);
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

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/*
 * The objtree of a vmlinux as `footprint FILE` finds it: the given one,
 * else the file's directory when it holds vmlinux.a; NULL if none.
 */
static char *find_objtree(const char *file, const char *given)
{
	char *copy, *a, *dir = NULL;
	const char *d;
	struct stat st;

	if (given) {
		if (!is_dir(given))
			die("cannot open objtree '%s': not a directory", given);
		return xstrdup(given);
	}
	copy = xstrdup(file);
	d = dirname(copy);
	a = xasprintf("%s/vmlinux.a", d);
	if (!stat(a, &st) && S_ISREG(st.st_mode))
		dir = xstrdup(d);
	free(a);
	free(copy);
	return dir;
}

/* attribute img to its objtree; false (and *why set) when it has none */
static bool diff_attrib(struct fp_image *img, const char *file,
			const char *side, const char *given,
			struct fp_attrib *at, char **why)
{
	char *objtree = find_objtree(file, given), *src, *srctree;

	if (!objtree || img->elf.e_type != ET_EXEC) {
		if (!*why)
			*why = xasprintf("'%s' has no objtree (no vmlinux.a beside it; --%s-objtree)",
					 file, side);
		free(objtree);
		return false;
	}
	src = xasprintf("%s/source", objtree);
	srctree = is_dir(src) ? realpath(src, NULL) : xstrdup(objtree);
	if (!srctree)
		die("cannot resolve '%s'", src);
	if (attrib_build(img, objtree, srctree, at))
		die("%s", last_error());
	free(src);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * bom.c - bloat-o-meter's symbol deltas of two ELF files, in process
 *
 * Usage: bom_compute(&old, &new, &r); bom_print(stdout, &r); bom_free(&r);
 *
 * The symbol selection copies scripts/bloat-o-meter's default mode
 * exactly: the symbols `nm --size-sort` prints (defined, not absolute,
 * size > 0), of nm type t T d D b B r R v V w W, minus the generated
 * __mod_*, __se_sys*, __se_compat_sys*, __addressable_* and linux_banner,
 * vermagic; every ".<digits>" in a name is removed and sizes of equal
 * names are summed.  Output lines are byte-identical to bloat-o-meter's.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "libfootprint.h"

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

void bom_sort(struct bom_entry *e, size_t n)
{
	qsort(e, n, sizeof(*e), cmp_entry);
}

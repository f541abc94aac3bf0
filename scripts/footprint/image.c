// SPDX-License-Identifier: GPL-2.0
/*
 * image.c - split a vmlinux (or .ko/.o) into text, rodata, data, bss, init,
 *           percpu and alignment padding
 *
 * Usage: image_load(path, &img); img.tot.cls[CL_TEXT] ...; image_free(&img)
 *        image_load_totals(): the same without each symbol's class
 *
 * A vmlinux is classified by the kernel's own boundary symbols, the ones
 * mem_init_print_info() and free_initmem() use (x86: vmlinux.lds.S):
 *
 *   text    [_text/_stext, _etext)
 *   rodata  [__start_rodata, __end_rodata)
 *   data    [_sdata, _edata)
 *   init    [__init_begin, __init_end)     freed after boot, counted whole
 *   bss     [__bss_start, __bss_stop)
 *   image   [_text, __end_of_kernel_reserve or _end)
 *
 * Image bytes outside these ranges (x86: __bug_table, .orc_*, .vvar,
 * .smp_locks, .data_nosave) take the class their section's flags say.  The
 * x86-64 SMP .data..percpu section is linked at address 0: it is the
 * per-CPU template, class percpu (its load image sits inside init).
 *
 * Padding is what the linker inserted only to align: image bytes in no
 * section, and the fill bytes (0xcc in code, 0x00 elsewhere) that end a run no
 * sized symbol covers, when they end exactly at an alignment boundary
 * larger than themselves, or, in code, when they are at least a page long.
 * One fill byte after content stays content (a string's NUL, the int3
 * after a ret).  This is how the 2 MiB ALIGN(PMD_SIZE) holes inside x86-64
 * .text (which `size` counts as text) and the fill before the SRSO alias
 * thunks are found.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "libfootprint.h"

const char *const class_names[NR_CLASSES] = {
	"text", "rodata", "data", "bss", "init", "percpu", "none",
};

const char *const total_keys[] = {
	"text", "rodata", "data", "bss", "init", "padding", "percpu",
	"resident", "kept", NULL
};

uint64_t totals_get(const struct fp_totals *t, const char *key, bool *found)
{
	int c;

	if (found)
		*found = true;
	for (c = 0; c < CL_NONE; c++)
		if (!strcmp(key, class_names[c]))
			return t->cls[c];
	if (!strcmp(key, "padding"))
		return t->padding;
	if (!strcmp(key, "resident"))
		return t->resident;
	if (!strcmp(key, "kept"))
		return t->kept;
	if (found)
		*found = false;
	return 0;
}

void print_class_deltas(FILE *f, const struct fp_totals *a,
			const struct fp_totals *b)
{
	int k;

	fprintf(f, "%-10s %12s %12s %12s\n", "class", "old", "new", "delta");
	for (k = 0; total_keys[k]; k++) {
		uint64_t o = totals_get(a, total_keys[k], NULL);
		uint64_t n = totals_get(b, total_keys[k], NULL);

		if (!strcmp(total_keys[k], "kept") && !o && !n)
			continue;	/* not a vmlinux */
		fprintf(f, "%-10s %12llu %12llu %+12lld\n", total_keys[k],
			(unsigned long long)o, (unsigned long long)n,
			(long long)n - (long long)o);
	}
}

void json_class_deltas(struct json *j, const struct fp_totals *a,
		       const struct fp_totals *b)
{
	int k;

	json_obj_open(j, "classes");
	for (k = 0; total_keys[k]; k++) {
		uint64_t o = totals_get(a, total_keys[k], NULL);
		uint64_t n = totals_get(b, total_keys[k], NULL);

		if (!strcmp(total_keys[k], "kept") && !o && !n)
			continue;	/* not a vmlinux */
		json_obj_open(j, total_keys[k]);
		json_u64(j, "old", o);
		json_u64(j, "new", n);
		json_i64(j, "delta", (int64_t)n - (int64_t)o);
		json_obj_close(j);
	}
	json_obj_close(j);
}

struct range {
	uint64_t start, end;
	int cls;
};

/* in order of precedence: init covers percpu's load image on x86-64 */
static const struct {
	const char *start[2], *end[2];
	int cls;
} boundaries[] = {
	{ { "__init_begin", NULL }, { "__init_end", NULL }, CL_INIT },
	{ { "_stext", "_text" }, { "_etext", NULL }, CL_TEXT },
	{ { "__start_rodata", NULL }, { "__end_rodata", NULL }, CL_RODATA },
	{ { "_sdata", NULL }, { "_edata", NULL }, CL_DATA },
	{ { "__bss_start", NULL }, { "__bss_stop", NULL }, CL_BSS },
};

#define NR_RANGES (sizeof(boundaries) / sizeof(boundaries[0]))

static bool is_discarded(const char *n)
{
	return !strncmp(n, ".discard", 8) || !strcmp(n, ".exitcall.exit") ||
		!strcmp(n, ".modinfo") || !strcmp(n, "__versions") ||
		!strcmp(n, ".export_symbol") ||
		!strncmp(n, ".gnu.version", 12) ||
		!strcmp(n, "__patchable_function_entries") ||
		!strcmp(n, ".note.GNU-stack") ||
		!strcmp(n, ".note.gnu.property") || !strcmp(n, ".eh_frame") ||
		!strcmp(n, ".bss..brk") || !strcmp(n, ".init.scratch");
}

static bool prefix_in(const char *n, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(n, *list, strlen(*list)))
			return true;
	return false;
}

/*
 * Input sections vmlinux.lds.S (x86) places inside [__init_begin,
 * __init_end) although their names do not say ".init": alternatives and
 * the patch-site lists, freed with the rest of init.
 */
static const char *const vmlinux_init_inputs[] = {
	".init.", ".exit.", ".initcall", ".con_initcall.init",
	".altinstr", ".retpoline_sites", ".return_sites", ".call_sites",
	".ibt_endbr_seal", ".cfi_sites", ".apicdrivers", ".x86_cpu_dev.init",
	".x86_intel_mid_dev.init", ".runtime_ptr_", ".runtime_shift_",
	".parainstructions", ".meminit.", ".ref.rodata", NULL
};

/* Read-only in the running kernel although writable in the object. */
static const char *const ro_after_init_inputs[] = {
	".data..ro_after_init", "__jump_table", ".static_call_sites",
	".data.rel.ro", NULL
};

int class_of_input_section(const char *name, uint64_t flags, uint32_t type,
			   bool for_vmlinux)
{
	if (!(flags & SHF_ALLOC) || is_discarded(name))
		return CL_NONE;
	if (!strncmp(name, ".data..percpu", 13))
		return CL_PERCPU;
	if (for_vmlinux) {
		/* __init_rodata (.ref.rodata) actually sits in rodata */
		if (!strcmp(name, ".ref.rodata"))
			return CL_RODATA;
		if (prefix_in(name, vmlinux_init_inputs))
			return CL_INIT;
	} else if (!strncmp(name, ".init.", 5) || !strcmp(name, ".init")) {
		/* the module loader frees what module_init_layout_section() says */
		return CL_INIT;
	}
	if (prefix_in(name, ro_after_init_inputs))
		return CL_RODATA;
	if (flags & SHF_EXECINSTR)
		return CL_TEXT;
	if (type == SHT_NOBITS)
		return CL_BSS;
	if (flags & SHF_WRITE)
		return CL_DATA;
	return CL_RODATA;
}

static int class_of_output_section(const struct fp_sec *s)
{
	if (!(s->flags & SHF_ALLOC))
		return CL_NONE;
	if (s->flags & SHF_EXECINSTR)
		return CL_TEXT;
	if (s->type == SHT_NOBITS)
		return CL_BSS;
	if (s->flags & SHF_WRITE)
		return CL_DATA;
	return CL_RODATA;
}

bool sym_reportable(const struct fp_elf *ef, const struct fp_sym *s)
{
	if (!s->size || s->shndx == SHN_ABS || s->shndx == SHN_COMMON ||
	    s->shndx >= ef->nsecs)
		return false;
	return ef->secs[s->shndx].flags & SHF_ALLOC;
}

/* boundary symbols looked up by name, all in one pass over the table */
static const char *const wanted[] = {
	"__init_begin", "__init_end", "_stext", "_text", "_etext",
	"__start_rodata", "__end_rodata", "_sdata", "_edata", "__bss_start",
	"__bss_stop", "__end_of_kernel_reserve", "_end", NULL
};

#define NR_WANTED (sizeof(wanted) / sizeof(wanted[0]) - 1)

struct boundary_syms {
	const struct fp_sym *s[NR_WANTED];
};

static void find_boundaries(const struct fp_elf *ef, struct boundary_syms *b)
{
	elf_find_syms(ef, wanted, b->s);
}

static const struct fp_sym *find_sym(const struct boundary_syms *b,
				     const char *n)
{
	size_t k;

	if (!n)
		return NULL;
	for (k = 0; k < NR_WANTED; k++)
		if (!strcmp(n, wanted[k]))
			return b->s[k];
	return NULL;
}

struct layout {
	struct range r[NR_RANGES];
	size_t nr;
	uint64_t img_start, img_end;
	bool have_image;
};

static void find_layout(const struct fp_elf *ef, struct layout *lo)
{
	const struct fp_sym *s, *e;
	struct boundary_syms bs, *b = &bs;
	size_t i, k;

	memset(lo, 0, sizeof(*lo));
	find_boundaries(ef, b);
	for (i = 0; i < NR_RANGES; i++) {
		uint64_t start = UINT64_MAX;

		for (k = 0; k < 2 && boundaries[i].start[k]; k++) {
			s = find_sym(b, boundaries[i].start[k]);
			if (s && s->value < start)
				start = s->value;
		}
		e = find_sym(b, boundaries[i].end[0]);
		if (start == UINT64_MAX || !e || e->value < start)
			continue;
		lo->r[lo->nr].start = start;
		lo->r[lo->nr].end = e->value;
		lo->r[lo->nr].cls = boundaries[i].cls;
		lo->nr++;
	}
	s = find_sym(b, "_text");
	if (!s)
		s = find_sym(b, "_stext");
	e = find_sym(b, "__end_of_kernel_reserve");
	if (!e)
		e = find_sym(b, "_end");
	if (s && e && e->value > s->value) {
		lo->img_start = s->value;
		lo->img_end = e->value;
		lo->have_image = true;
	}
}

static int class_at(const struct layout *lo, uint64_t a, int fallback)
{
	size_t i;

	for (i = 0; i < lo->nr; i++)
		if (a >= lo->r[i].start && a < lo->r[i].end)
			return lo->r[i].cls;
	return fallback;
}

/* the first range boundary in (a, b), or b */
static uint64_t next_boundary(const struct layout *lo, uint64_t a, uint64_t b)
{
	uint64_t n = b;
	size_t i;

	for (i = 0; i < lo->nr; i++) {
		if (lo->r[i].start > a && lo->r[i].start < n)
			n = lo->r[i].start;
		if (lo->r[i].end > a && lo->r[i].end < n)
			n = lo->r[i].end;
	}
	return n;
}

/*
 * Sort n [start, end) pairs by start, into place: an LSD radix sort, one
 * pass per byte in which the starts differ (three for the 20000 functions
 * of an 8 MiB .text), instead of a qsort() call per comparison.  Pairs with
 * equal starts may come out in any order: section_padding() does not
 * care.  tmp has room for n pairs.
 */
static void sort_by_start(uint64_t *iv, size_t n, uint64_t *tmp)
{
	uint64_t all = ~0ULL, any = 0, *src = iv, *dst = tmp, *t;
	size_t i, count[256];
	int shift;

	for (i = 0; i < n; i++) {
		all &= iv[2 * i];
		any |= iv[2 * i];
	}
	for (shift = 0; shift < 64; shift += 8) {
		size_t sum = 0;

		if (!(((all ^ any) >> shift) & 0xff))
			continue;	/* every start has this byte */
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[2 * i] >> shift) & 0xff]++;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			size_t at = count[(src[2 * i] >> shift) & 0xff]++;

			dst[2 * at] = src[2 * i];
			dst[2 * at + 1] = src[2 * i + 1];
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != iv)
		memcpy(iv, src, 2 * n * sizeof(*iv));
}

struct label {
	uint64_t addr;
	const char *name;
};

static int cmp_label(const void *a, const void *b)
{
	const struct label *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool label_named(const struct label *l, size_t n, uint64_t addr,
			const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && l[lo].addr == addr; lo++)
		if (!strcmp(l[lo].name, name))
			return true;
	return false;
}

/*
 * A run bracketed exactly by __start_X and __end_X/__stop_X labels is a
 * region the linker script reserved on purpose (init_stack), not padding.
 */
static bool bracketed(const struct label *l, size_t n, uint64_t a, uint64_t b)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l[mid].addr < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && l[lo].addr == a; lo++) {
		const char *stem;
		char buf[256];

		if (strncmp(l[lo].name, "__start_", 8))
			continue;
		stem = l[lo].name + 8;
		if (strlen(stem) > 200)
			continue;
		snprintf(buf, sizeof(buf), "__end_%s", stem);
		if (label_named(l, n, b, buf))
			return true;
		snprintf(buf, sizeof(buf), "__stop_%s", stem);
		if (label_named(l, n, b, buf))
			return true;
	}
	return false;
}

/*
 * The linker fills code with 0xcc (vmlinux.lds.S: ":text = 0xcccccccc")
 * and data with zeros; zeros in code are the tail of a long NOP or an
 * immediate, not fill.
 */
static bool is_fill(unsigned char c, bool code)
{
	return code ? c == 0xcc : !c;
}

/*
 * Length of the fill-only tail of [p, p + len): all of it when every
 * byte is fill (NOBITS: p is NULL), else what follows the last content
 * byte and one more fill byte, which may be its NUL terminator or the
 * int3 after a ret.
 */
static uint64_t fill_tail(const unsigned char *p, uint64_t len, bool code)
{
	uint64_t i = len;

	const uint64_t word = code ? 0xccccccccccccccccULL : 0;

	if (!p)
		return len;
	/* 2 MiB holes: eight bytes at a time */
	while (i >= 8) {
		uint64_t w;

		memcpy(&w, p + i - 8, 8);
		if (w != word)
			break;
		i -= 8;
	}
	while (i > 0 && is_fill(p[i - 1], code))
		i--;
	if (i == 0)
		return len;
	return len - i > 1 ? len - i - 1 : 0;
}

/*
 * A run of int3 fill at least a page long in code is padding even when it
 * ends at no alignment boundary: no function is a page of int3.  x86-64
 * with the SRSO mitigation places srso_alias_untrain_ret at an absolute
 * offset inside a 2 MiB block (vmlinux.lds.S: | 1 << 2 | 1 << 8 | 1 << 14
 * | 1 << 20), so the megabyte of fill before it ends off every boundary.
 */
#define CODE_FILL_PADDING	4096

static bool is_alignment_gap(uint64_t a, uint64_t b)
{
	uint64_t low = b & -b;

	return !b || b - a < low;
}

/*
 * Padding runs of section sec, appended to *gaps as [start, end) pairs.
 * sorted: the [start, end) of the section's sized symbols, sorted.
 */
static void section_padding(const struct fp_elf *ef, const struct fp_sec *sec,
			    const uint64_t *iv, size_t niv,
			    const struct label *labels, size_t nlabels,
			    uint64_t **gaps, size_t *ngaps, size_t *gcap)
{
	const unsigned char *data = elf_sec_data(ef, sec);
	uint64_t cur = sec->addr, end = sec->addr + sec->size;
	bool code = sec->flags & SHF_EXECINSTR;
	size_t i;

	for (i = 0; i <= niv; i++) {
		uint64_t s = i < niv ? iv[2 * i] : end;
		uint64_t e = i < niv ? iv[2 * i + 1] : end;

		if (s < cur)
			s = cur;
		if (s > end)
			s = end;
		if (s > cur) {
			uint64_t t = fill_tail(data ? data + (cur - sec->addr) :
					       NULL, s - cur, code);
			uint64_t g = s - t;

			if (t && (is_alignment_gap(g, s) ||
				  (code && t >= CODE_FILL_PADDING)) &&
			    !bracketed(labels, nlabels, g, s)) {
				if (*ngaps == *gcap) {
					*gcap = *gcap ? 2 * *gcap : 64;
					*gaps = xrealloc(*gaps, 2 * *gcap,
							 sizeof(**gaps));
				}
				(*gaps)[2 * *ngaps] = g;
				(*gaps)[2 * *ngaps + 1] = s;
				(*ngaps)++;
			}
		}
		if (e > cur)
			cur = e > end ? end : e;
	}
}

static uint64_t overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t s = a > c ? a : c, e = b < d ? b : d;

	return e > s ? e - s : 0;
}

/*
 * Padding runs of at least a page outside init, kept in img->holes for
 * boot.c, which tells the ones the boot frees from the ones that stay.
 */
#define HOLE_MIN	4096

static void add_hole(struct fp_image *img, const struct layout *lo,
		     uint64_t a, uint64_t b)
{
	if (a < lo->img_start)
		a = lo->img_start;
	if (b > lo->img_end)
		b = lo->img_end;
	if (a >= b || b - a < HOLE_MIN || class_at(lo, a, CL_NONE) == CL_INIT)
		return;
	if (img->nholes && img->holes[img->nholes - 1].end == a) {
		img->holes[img->nholes - 1].end = b;
		return;
	}
	img->holes = xrealloc(img->holes, img->nholes + 1,
			      sizeof(*img->holes));
	img->holes[img->nholes].start = a;
	img->holes[img->nholes].end = b;
	img->nholes++;
}

static int cmp_hole(const void *a, const void *b)
{
	const struct fp_hole *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* image bytes in no allocated section are padding too */
static void section_holes(struct fp_image *img, const struct layout *lo)
{
	const struct fp_elf *ef = &img->elf;
	struct fp_hole *secs = xcalloc(ef->nsecs + 1, sizeof(*secs));
	size_t i, n = 0, k = img->nholes;
	uint64_t cur = lo->img_start, end;

	for (i = 1; i < ef->nsecs; i++) {
		const struct fp_sec *sec = &ef->secs[i];

		if (!(sec->flags & SHF_ALLOC) || !sec->size ||
		    !add_ok(sec->addr, sec->size, &end) ||
		    end <= lo->img_start || sec->addr >= lo->img_end)
			continue;
		secs[n].start = sec->addr;
		secs[n].end = end;
		n++;
	}
	qsort(secs, n, sizeof(*secs), cmp_hole);
	for (i = 0; i <= n; i++) {
		uint64_t s = i < n ? secs[i].start : lo->img_end;

		if (s > cur)
			add_hole(img, lo, cur, s);
		if (i < n && secs[i].end > cur)
			cur = secs[i].end;
	}
	free(secs);
	if (img->nholes > k)
		qsort(img->holes, img->nholes, sizeof(*img->holes), cmp_hole);
	/* a run split by a section boundary is one hole */
	for (i = 1, k = 0; i < img->nholes; i++) {
		if (img->holes[i].start <= img->holes[k].end) {
			if (img->holes[i].end > img->holes[k].end)
				img->holes[k].end = img->holes[i].end;
		} else {
			img->holes[++k] = img->holes[i];
		}
	}
	if (img->nholes)
		img->nholes = k + 1;
}

static void classify_vmlinux(struct fp_image *img, const struct layout *lo,
			     bool sym_classes)
{
	struct fp_elf *ef = &img->elf;
	uint64_t *iv = NULL, *tmp, *gaps = NULL, content = 0, init = 0;
	struct label *labels;
	size_t i, j, niv, nlabels = 0, *order, ngaps, gcap = 0;
	struct fp_totals *t = &img->tot;

	/* __start_X/__end_X/__stop_X labels, for the bracketed-region test */
	labels = xmalloc_array(ef->nsyms + 1, sizeof(*labels));
	for (i = 0; i < ef->nsyms; i++) {
		const char *n = ef->syms[i].name;

		/* 17000 __kstrtab_*, __ksymtab_* labels in a vmlinux: n[2] first */
		if (ef->syms[i].size || n[0] != '_' || n[1] != '_' ||
		    (n[2] != 's' && n[2] != 'e') ||
		    (strncmp(n, "__start_", 8) && strncmp(n, "__end_", 6) &&
		     strncmp(n, "__stop_", 7)))
			continue;
		labels[nlabels].addr = ef->syms[i].value;
		labels[nlabels].name = ef->syms[i].name;
		nlabels++;
	}
	qsort(labels, nlabels, sizeof(*labels), cmp_label);

	/* sized symbols grouped by section */
	order = xcalloc(ef->nsecs + 1, sizeof(*order));
	for (i = 0; i < ef->nsyms; i++)
		if (sym_reportable(ef, &ef->syms[i]))
			order[ef->syms[i].shndx]++;
	for (i = 1; i <= ef->nsecs; i++)
		order[i] += order[i - 1];
	iv = xmalloc_array(2 * (order[ef->nsecs] + 1), sizeof(*iv));
	tmp = xmalloc_array(2 * (order[ef->nsecs] + 1), sizeof(*tmp));
	{
		size_t *fill = xcalloc(ef->nsecs + 1, sizeof(*fill));

		for (i = 0; i < ef->nsyms; i++) {
			const struct fp_sym *s = &ef->syms[i];
			size_t at;
			uint64_t e;

			if (!sym_reportable(ef, s))
				continue;
			at = (s->shndx ? order[s->shndx - 1] : 0) +
				fill[s->shndx]++;
			iv[2 * at] = s->value;
			iv[2 * at + 1] = add_ok(s->value, s->size, &e) ?
				e : UINT64_MAX;
		}
		free(fill);
	}

	for (i = 1; i < ef->nsecs; i++) {
		struct fp_sec *sec = &ef->secs[i];
		uint64_t a, b, end, first;
		int fallback = class_of_output_section(sec);

		if (!(sec->flags & SHF_ALLOC) || !sec->size ||
		    !add_ok(sec->addr, sec->size, &end))
			continue;
		/* clip to the image; the percpu template is linked at 0 */
		a = sec->addr > lo->img_start ? sec->addr : lo->img_start;
		b = end < lo->img_end ? end : lo->img_end;
		if (a >= b) {
			if (!strcmp(sec->name, ".data..percpu")) {
				sec->cls = CL_PERCPU;
				t->cls[CL_PERCPU] += sec->size;
			}
			continue;
		}
		first = i ? order[i - 1] : 0;
		niv = order[i] - first;
		sort_by_start(iv + 2 * first, niv, tmp);
		ngaps = 0;
		section_padding(ef, sec, iv + 2 * first, niv, labels, nlabels,
				&gaps, &ngaps, &gcap);
		sec->cls = class_at(lo, a, fallback);
		for (j = 0; j < ngaps; j++)
			add_hole(img, lo, gaps[2 * j], gaps[2 * j + 1]);
		while (a < b) {
			uint64_t n = next_boundary(lo, a, b), len = n - a;
			int c = class_at(lo, a, fallback);

			if (c != CL_INIT) {
				for (j = 0; j < ngaps; j++)
					len -= overlap(a, n, gaps[2 * j],
						       gaps[2 * j + 1]);
				t->cls[c] += len;
				content += len;
			}
			a = n;
		}
	}
	section_holes(img, lo);
	for (i = 0; i < lo->nr; i++)
		if (lo->r[i].cls == CL_INIT)
			init += overlap(lo->r[i].start, lo->r[i].end,
					lo->img_start, lo->img_end);
	t->cls[CL_INIT] = init;
	t->image = lo->img_end - lo->img_start;
	t->padding = t->image > init + content ? t->image - init - content : 0;

	for (i = 0; i < ef->nsyms && sym_classes; i++) {
		struct fp_sym *s = &ef->syms[i];

		if (s->shndx >= ef->nsecs || !s->shndx)
			continue;
		if (ef->secs[s->shndx].cls == CL_PERCPU)
			s->cls = CL_PERCPU;
		else if (s->value >= lo->img_start && s->value < lo->img_end)
			s->cls = class_at(lo, s->value,
				class_of_output_section(&ef->secs[s->shndx]));
	}
	free(gaps);
	free(tmp);
	free(iv);
	free(order);
	free(labels);
}

/* .ko, .o, or an executable without the boundary symbols */
static void classify_sections(struct fp_image *img, bool sym_classes)
{
	struct fp_elf *ef = &img->elf;
	bool rel = ef->e_type == ET_REL;
	size_t i;

	for (i = 1; i < ef->nsecs; i++) {
		struct fp_sec *sec = &ef->secs[i];

		sec->cls = rel ? class_of_input_section(sec->name, sec->flags,
							sec->type, false) :
			class_of_output_section(sec);
		if (sec->cls != CL_NONE)
			img->tot.cls[sec->cls] += sec->size;
		if (sec->cls < NR_SIZE_CLASSES)
			img->tot.image += sec->size;
	}
	for (i = 0; i < ef->nsyms && sym_classes; i++) {
		struct fp_sym *s = &ef->syms[i];

		if (s->shndx && s->shndx < ef->nsecs)
			s->cls = ef->secs[s->shndx].cls;
	}
}

static void finish(struct fp_image *img)
{
	struct fp_totals *t = &img->tot;

	t->resident = t->cls[CL_TEXT] + t->cls[CL_RODATA] + t->cls[CL_DATA] +
		t->cls[CL_BSS];
}

/* sym_classes: also set each fp_sym.cls (the totals never need them) */
static int classify(struct fp_image *img, bool sym_classes)
{
	struct layout lo;

	memset(&img->tot, 0, sizeof(img->tot));
	find_layout(&img->elf, &lo);
	img->is_vmlinux = img->elf.e_type == ET_EXEC && lo.have_image &&
		lo.nr > 0;
	if (img->is_vmlinux) {
		img->img_start = lo.img_start;
		img->img_end = lo.img_end;
		classify_vmlinux(img, &lo, sym_classes);
		boot_layout(img);
	} else {
		classify_sections(img, sym_classes);
	}
	finish(img);
	return 0;
}

int image_load(const char *path, struct fp_image *img)
{
	memset(img, 0, sizeof(*img));
	if (elf_open(path, &img->elf))
		return -1;
	return classify(img, true);
}

int image_load_totals(const char *path, struct fp_image *img)
{
	memset(img, 0, sizeof(*img));
	if (elf_open(path, &img->elf))
		return -1;
	return classify(img, false);
}

int image_load_mem(const char *path, unsigned char *buf, size_t size,
		   struct fp_image *img)
{
	memset(img, 0, sizeof(*img));
	if (elf_parse(path, buf, size, &img->elf))
		return -1;
	return classify(img, true);
}

void image_free(struct fp_image *img)
{
	free(img->holes);
	boot_free(&img->boot);
	elf_close(&img->elf);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * objscan.c - what one kernel object defines, uses, and registers at boot
 *
 * Usage: objscan(g, obj, path) fills obj's defs, refs, initcalls, setups,
 * keys and exports; see symgraph.h.
 *
 * The footprint library's elf.c maps and validates the file (header,
 * section table, section extents and names) and gives the raw view that
 * relocations need: every symbol at its index, undefined ones too
 * (elf_load_raw), sh_link / sh_info of each section, and the relocations
 * (elf_reloc).  What their targets mean is read here, every offset into a
 * section checked before use.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "symgraph.h"

/* ".initcall4.init", ".initcall4s.init", ".initcallearly.init", ... */
static int initcall_level(const char *sec)
{
	static const char *const lv[] = {
		"0", "1", "2", "3", "4", "5", "rootfs", "6", "7",
	};
	static const int map[] = {
		LVL_PURE, LVL_CORE, LVL_POSTCORE, LVL_ARCH, LVL_SUBSYS, LVL_FS,
		LVL_ROOTFS, LVL_DEVICE, LVL_LATE,
	};
	size_t i, n;

	if (!strcmp(sec, ".con_initcall.init"))
		return LVL_CONSOLE;
	if (!strcmp(sec, ".security_initcall.init"))
		return LVL_SECURITY;
	if (strncmp(sec, ".initcall", 9))
		return -1;
	sec += 9;
	if (!strcmp(sec, "early.init"))
		return LVL_EARLY;
	for (i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
		n = strlen(lv[i]);
		if (strncmp(sec, lv[i], n))
			continue;
		if (!strcmp(sec + n, ".init") || !strcmp(sec + n, "s.init"))
			return map[i];
	}
	return -1;
}

/*
 * Sections whose relocations are no reference a module would have to make:
 * not loaded, discarded, export tables, or built-in-only records
 * (MODULE_VERSION() of built-in code is a __modver entry pointing at
 * __modver_version_show; in a module it is plain modinfo).
 */
static bool skip_reloc_target(const struct fp_sec *s)
{
	if (!(s->flags & SHF_ALLOC))
		return true;
	return !strncmp(s->name, ".discard", 8) ||
		!strcmp(s->name, "__modver") ||
		!strcmp(s->name, ".export_symbol") ||
		!strncmp(s->name, "__ksymtab", 9) ||
		!strncmp(s->name, "__kcrctab", 9) ||
		!strncmp(s->name, ".note", 5) ||
		!strcmp(s->name, ".modinfo") ||
		!strncmp(s->name, ".orc_unwind", 11);
}

struct scan {
	struct sg_graph *g;
	struct sg_obj *o;
	struct fp_elf ef;
	const struct fp_rawsym *sy;	/* ef.rawsyms */
	size_t nsy;
	/* per section: defined FUNC/OBJECT symbols sorted by address */
	size_t **bysec;
	size_t *nbysec;
	size_t refs_cap, keys_cap;
};

static int cmp_by_value(const void *a, const void *b, void *ctx)
{
	const struct fp_rawsym *sy = ctx;
	const struct fp_rawsym *x = &sy[*(const size_t *)a];
	const struct fp_rawsym *y = &sy[*(const size_t *)b];

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* a FUNC or OBJECT names the place better than a NOTYPE label */
	if (x->type != y->type)
		return x->type == STT_NOTYPE ? 1 : -1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void index_by_section(struct scan *sc)
{
	size_t i, n = sc->ef.nsecs;

	sc->bysec = xcalloc(n ? n : 1, sizeof(*sc->bysec));
	sc->nbysec = xcalloc(n ? n : 1, sizeof(*sc->nbysec));
	for (i = 1; i < sc->nsy; i++) {
		const struct fp_rawsym *r = &sc->sy[i];

		if (r->shndx == SHN_UNDEF || r->shndx >= n ||
		    (r->type != STT_FUNC && r->type != STT_OBJECT &&
		     r->type != STT_NOTYPE) || !r->name[0])
			continue;
		sc->bysec[r->shndx] = xrealloc(sc->bysec[r->shndx],
					       sc->nbysec[r->shndx] + 1,
					       sizeof(size_t));
		sc->bysec[r->shndx][sc->nbysec[r->shndx]++] = i;
	}
	for (i = 0; i < n; i++)
		if (sc->nbysec[i] > 1)
			qsort_r(sc->bysec[i], sc->nbysec[i], sizeof(size_t),
				cmp_by_value, sc->ef.rawsyms);
}

/* the symbol of section sec whose extent holds off, or NULL */
static const struct fp_rawsym *containing(const struct scan *sc, uint32_t sec,
					uint64_t off)
{
	const size_t *v;
	size_t lo = 0, hi, best;
	const struct fp_rawsym *r;

	if (sec >= sc->ef.nsecs || !sc->nbysec[sec])
		return NULL;
	v = sc->bysec[sec];
	hi = sc->nbysec[sec];
	while (lo < hi) {		/* first symbol with value > off */
		size_t mid = lo + (hi - lo) / 2;

		if (sc->sy[v[mid]].value <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	best = lo - 1;
	/* among equal addresses the sort put FUNC/OBJECT first */
	while (best > 0 && sc->sy[v[best - 1]].value == sc->sy[v[best]].value)
		best--;
	r = &sc->sy[v[best]];
	if (r->size ? off - r->value < r->size : off == r->value)
		return r;
	/* unsized labels (assembly): the nearest one before off */
	return r->type == STT_NOTYPE ? r : NULL;
}

/* the symbol a relocation designates: named, or section + addend */
static const struct fp_rawsym *reloc_target(const struct scan *sc,
					  const struct fp_rawsym *s,
					  int64_t addend)
{
	if (s->type != STT_SECTION)
		return s;
	if (addend < 0)
		return NULL;
	return containing(sc, s->shndx, (uint64_t)addend);
}

static void add_ref(struct scan *sc, int sym, int caller)
{
	struct sg_obj *o = sc->o;

	if (o->nrefs == sc->refs_cap) {
		sc->refs_cap = sc->refs_cap ? 2 * sc->refs_cap : 64;
		o->refs = xrealloc(o->refs, sc->refs_cap, sizeof(*o->refs));
	}
	o->refs[o->nrefs].sym = sym;
	o->refs[o->nrefs].caller = caller;
	o->nrefs++;
}

static int caller_id(struct scan *sc, uint32_t sec, uint64_t off)
{
	const struct fp_rawsym *c = containing(sc, sec, off);
	char *tmp;
	int id;

	if (c)
		return sg_intern(sc->g, c->name);
	/* no symbol covers it: name the section, as objdump would */
	tmp = xasprintf("[%s]", sc->ef.secs[sec].name);
	id = sg_intern(sc->g, tmp);
	free(tmp);
	return id;
}

/* .init.setup: struct obs_kernel_param { str; setup_func; early; } */
static void setup_entry(struct scan *sc, uint32_t tsec, uint64_t roff,
			const struct fp_rawsym *s, int64_t addend)
{
	const struct fp_sec *t = &sc->ef.secs[tsec];
	struct sg_obj *o = sc->o;
	uint64_t entry = roff / 24, field = roff % 24;
	const unsigned char *d;
	struct sg_setup *e;
	size_t k;

	if (!range_ok(roff, 8, t->size))
		return;
	if (entry >= o->nsetups) {
		o->setups = xrealloc(o->setups, entry + 1, sizeof(*o->setups));
		for (k = o->nsetups; k <= entry; k++) {
			memset(&o->setups[k], 0, sizeof(o->setups[k]));
			o->setups[k].fn = -1;
		}
		o->nsetups = entry + 1;
	}
	e = &o->setups[entry];
	d = elf_sec_data(&sc->ef, t);
	if (d && range_ok(entry * 24 + 16, 4, t->size)) {
		int32_t early;

		memcpy(&early, d + entry * 24 + 16, 4);
		e->early = early != 0;
	}
	if (field == 0 && s->shndx && s->shndx < sc->ef.nsecs) {
		/* the parameter string: section (or string symbol) + addend */
		const struct fp_sec *ss = &sc->ef.secs[s->shndx];
		uint64_t at;

		if (addend >= 0 && add_ok(s->type == STT_SECTION ? 0 : s->value,
					  (uint64_t)addend, &at)) {
			const char *p = elf_string(&sc->ef, ss, at);

			if (p && !e->param)
				e->param = xstrdup(p);
		}
	} else if (field == 8) {
		const struct fp_rawsym *f = reloc_target(sc, s, addend);

		if (f)
			e->fn = sg_intern(sc->g, f->name);
	}
}

static void do_relocs(struct scan *sc, size_t ri)
{
	const struct fp_elf *ef = &sc->ef;
	const struct fp_sec *rsec = &ef->secs[ri];
	uint32_t tsec = rsec->info;
	const struct fp_sec *t;
	int level, jl_caller = -1;
	uint64_t jl_entry = UINT64_MAX;
	size_t i, n;

	if (tsec == 0 || tsec >= ef->nsecs)
		return;
	t = &ef->secs[tsec];
	if (skip_reloc_target(t))
		return;
	level = initcall_level(t->name);
	n = elf_nrelocs(ef, rsec);
	for (i = 0; i < n; i++) {
		const struct fp_rawsym *s, *f;
		struct fp_rel r;

		elf_reloc(ef, rsec, i, &r);
		/* a place outside its section is no reference at all */
		if (!r.sym || r.sym >= sc->nsy || r.offset >= t->size)
			continue;
		s = &sc->sy[r.sym];
		if (level >= 0) {
			f = reloc_target(sc, s, r.addend);
			if (f) {
				struct sg_obj *o = sc->o;

				o->initcalls = xrealloc(o->initcalls,
							o->ninitcalls + 1,
							sizeof(*o->initcalls));
				o->initcalls[o->ninitcalls].level = level;
				o->initcalls[o->ninitcalls].fn =
					sg_intern(sc->g, f->name);
				o->ninitcalls++;
			}
			continue;
		}
		if (!strcmp(t->name, ".init.setup")) {
			setup_entry(sc, tsec, r.offset, s, r.addend);
			continue;
		}
		if (!strcmp(t->name, "__jump_table") && r.offset % 16 == 0) {
			/* jump_entry.code: the function holding the patch site */
			f = reloc_target(sc, s, r.addend);
			jl_entry = r.offset;
			jl_caller = f ? sg_intern(sc->g, f->name) : -1;
		}
		if (!strcmp(t->name, "__jump_table") && r.offset % 16 == 8) {
			/* jump_entry.key; bit 0 of the addend is the branch */
			struct sg_obj *o = sc->o;
			int caller = jl_entry == r.offset - 8 && jl_caller >= 0 ?
				jl_caller : caller_id(sc, tsec, r.offset);

			f = s->type == STT_SECTION ?
				reloc_target(sc, s, r.addend & ~1LL) : s;
			if (!f)
				continue;
			if (o->nkeys == sc->keys_cap) {
				sc->keys_cap = sc->keys_cap ? 2 * sc->keys_cap : 16;
				o->keys = xrealloc(o->keys, sc->keys_cap,
						   sizeof(*o->keys));
			}
			o->keys[o->nkeys].sym = sg_intern(sc->g, f->name);
			o->keys[o->nkeys].caller = caller;
			o->nkeys++;
			if (s->type != STT_SECTION && (s->shndx == SHN_UNDEF ||
						       s->bind == STB_WEAK))
				add_ref(sc, o->keys[o->nkeys - 1].sym, caller);
			continue;
		}
		/* other objects' symbols, and weak ones another may override */
		if (s->type == STT_SECTION || s->type == STT_FILE || !s->name[0])
			continue;
		if (s->shndx != SHN_UNDEF && s->bind != STB_WEAK)
			continue;
		if (s->shndx == SHN_UNDEF && s->bind == STB_LOCAL)
			continue;
		add_ref(sc, sg_intern(sc->g, s->name),
			caller_id(sc, tsec, r.offset));
	}
}

static int cmp_ref(const void *a, const void *b)
{
	const struct sg_ref *x = a, *y = b;

	if (x->sym != y->sym)
		return x->sym < y->sym ? -1 : 1;
	return x->caller < y->caller ? -1 : x->caller > y->caller;
}

static size_t uniq_refs(struct sg_ref *v, size_t n)
{
	size_t i, out = 0;

	if (!n)
		return 0;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_ref);
	for (i = 1; i < n; i++)
		if (cmp_ref(&v[out], &v[i]))
			v[++out] = v[i];
	return out + 1;
}

static void collect_defs(struct scan *sc)
{
	struct sg_obj *o = sc->o;
	size_t i;

	for (i = 1; i < sc->nsy; i++) {
		const struct fp_rawsym *r = &sc->sy[i];

		if (r->bind == STB_LOCAL &&
		    !strncmp(r->name, "__export_symbol_", 16)) {
			o->exports = xrealloc(o->exports, o->nexports + 1,
					      sizeof(*o->exports));
			o->exports[o->nexports++] =
				sg_intern(sc->g, r->name + 16);
			continue;
		}
		if (r->shndx == SHN_UNDEF || r->type == STT_SECTION ||
		    r->type == STT_FILE || !r->name[0] ||
		    (r->bind != STB_GLOBAL && r->bind != STB_WEAK))
			continue;
		o->defs = xrealloc(o->defs, o->ndefs + 1, sizeof(*o->defs));
		o->def_weak = xrealloc(o->def_weak, o->ndefs + 1, 1);
		o->defs[o->ndefs] = sg_intern(sc->g, r->name);
		o->def_weak[o->ndefs] = r->bind == STB_WEAK;
		o->ndefs++;
	}
}

int objscan(struct sg_graph *g, struct sg_obj *o, const char *path)
{
	struct scan sc = { .g = g, .o = o };
	size_t i;
	int ret = -1;

	if (elf_open(path, &sc.ef))
		return -1;
	if (sc.ef.e_type != ET_REL) {
		set_error("'%s': not a relocatable object", path);
		goto out_close;
	}
	/* the layouts read below (obs_kernel_param, jump_entry) are 64-bit */
	if (sc.ef.elfclass != ELFCLASS64) {
		set_error("'%s': only 64-bit objects are supported", path);
		goto out_close;
	}
	if (elf_load_raw(&sc.ef))
		goto out_close;
	sc.sy = sc.ef.rawsyms;
	sc.nsy = sc.ef.nrawsyms;
	index_by_section(&sc);
	collect_defs(&sc);
	for (i = 1; i < sc.ef.nsecs; i++) {
		const struct fp_sec *s = &sc.ef.secs[i];
		int c = class_of_input_section(s->name, s->flags, s->type,
					       !o->module);

		if (c < NR_SIZE_CLASSES)
			o->cls[c] += s->size;
	}
	for (i = 1; i < sc.ef.nsecs; i++) {
		uint32_t type = sc.ef.secs[i].type;

		if ((type == SHT_RELA || type == SHT_REL) &&
		    sc.ef.secs[i].link < sc.ef.nsecs &&
		    sc.ef.secs[sc.ef.secs[i].link].type == SHT_SYMTAB)
			do_relocs(&sc, i);
	}
	o->nrefs = uniq_refs(o->refs, o->nrefs);
	o->nkeys = uniq_refs(o->keys, o->nkeys);
	o->scanned = true;
	ret = 0;
	for (i = 0; i < sc.ef.nsecs; i++)
		free(sc.bysec[i]);
	free(sc.bysec);
	free(sc.nbysec);
out_close:
	elf_close(&sc.ef);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * attrib.c - attribute a vmlinux to objects, directories and Kconfig options
 *
 * Usage: attrib_build(&img, objtree, srctree, &at); ... attrib_free(&at)
 *
 * The objects are the members of objtree/vmlinux.a (a thin archive, head
 * objects first) and the few objects link-vmlinux.sh links directly.  An
 * object's row is the sum of its own ALLOC input sections, classified the
 * way vmlinux.lds.S places them (class_of_input_section()).  Symbols of the
 * vmlinux are matched to objects by name for globals and by name and size
 * for locals; a local name+size shared by several objects is handed out
 * in link order, which is address order.  What matches nothing is counted
 * as unattributed and reported, never dropped.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "libfootprint.h"

struct objinfo {
	char *path;
	uint64_t cls[NR_SIZE_CLASSES];
	bool readable;
};

/* vmlinux symbols by lookup key, each key a list in address order */
struct symindex {
	struct strmap map;	/* key -> index into heads */
	size_t *heads, *next;	/* linked lists through vmlinux sym indexes */
	size_t *tails;
	size_t nheads;
};

static char *local_key(const char *name, uint64_t size)
{
	return xasprintf("%s\x01%llx", name, (unsigned long long)size);
}

static int cmp_sym_addr(const void *a, const void *b, void *ctx)
{
	const struct fp_sym *syms = ctx;
	const size_t *x = a, *y = b;

	if (syms[*x].value != syms[*y].value)
		return syms[*x].value < syms[*y].value ? -1 : 1;
	return *x < *y ? -1 : *x > *y;
}

static void index_build(struct symindex *ix, const struct fp_elf *ef,
			bool locals)
{
	size_t i, n = 0, *ord = xcalloc(ef->nsyms + 1, sizeof(*ord));

	strmap_init(&ix->map);
	ix->heads = xcalloc(ef->nsyms + 1, sizeof(*ix->heads));
	ix->tails = xcalloc(ef->nsyms + 1, sizeof(*ix->tails));
	ix->next = xcalloc(ef->nsyms + 1, sizeof(*ix->next));
	ix->nheads = 0;
	for (i = 0; i < ef->nsyms; i++) {
		const struct fp_sym *s = &ef->syms[i];

		if (!sym_reportable(ef, s) || (s->bind == STB_LOCAL) != locals)
			continue;
		ord[n++] = i;
	}
	qsort_r(ord, n, sizeof(*ord), cmp_sym_addr, ef->syms);
	for (i = 0; i < n; i++) {
		const struct fp_sym *s = &ef->syms[ord[i]];
		char *key = locals ? local_key(s->name, s->size) :
			xstrdup(s->name);
		long *slot = strmap_slot(&ix->map, key);

		free(key);
		ix->next[ord[i]] = SIZE_MAX;
		if (*slot < 0) {
			*slot = ix->nheads;
			ix->heads[ix->nheads] = ord[i];
			ix->tails[ix->nheads] = ord[i];
			ix->nheads++;
		} else {
			ix->next[ix->tails[*slot]] = ord[i];
			ix->tails[*slot] = ord[i];
		}
	}
	free(ord);
}

static void index_free(struct symindex *ix)
{
	strmap_free(&ix->map);
	free(ix->heads);
	free(ix->tails);
	free(ix->next);
}

/* the first vmlinux symbol with this key not yet given to an object */
static struct fp_sym *claim(struct symindex *ix, struct fp_elf *ef,
			    const char *key)
{
	long h = strmap_get(&ix->map, key);
	size_t i;

	if (h < 0)
		return NULL;
	for (i = ix->heads[h]; i != SIZE_MAX; i = ix->next[i])
		if (ef->syms[i].obj < 0)
			return &ef->syms[i];
	return NULL;
}

static void add_row(struct fp_row **rows, size_t *n, struct strmap *m,
		    const char *name, const uint64_t *cls)
{
	long *slot = strmap_slot(m, name);
	struct fp_row *r;
	int c;

	if (*slot < 0) {
		*rows = xrealloc(*rows, *n + 1, sizeof(**rows));
		r = &(*rows)[*n];
		memset(r, 0, sizeof(*r));
		r->name = xstrdup(name);
		*slot = (*n)++;
	}
	r = &(*rows)[*slot];
	for (c = 0; c < NR_SIZE_CLASSES; c++)
		r->cls[c] += cls[c];
	r->total = r->cls[CL_TEXT] + r->cls[CL_RODATA] + r->cls[CL_DATA] +
		r->cls[CL_BSS];
}

static void push(char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrdup(s);
}

/*
 * Objects link-vmlinux.sh links beside vmlinux.a, with the option that
 * makes it link them (no Makefile rule names these).
 */
static const struct {
	const char *path, *gate;
} direct_objects[] = {
	{ "init/version-timestamp.o", "(built-in)" },
	{ ".vmlinux.export.o", "CONFIG_MODULES" },
	{ ".tmp_vmlinux2.kallsyms.o", "CONFIG_KALLSYMS" },
	{ ".tmp_vmlinux.kallsyms2.o", "CONFIG_KALLSYMS" },
	{ NULL, NULL }
};

static const char *direct_gate(const char *path)
{
	size_t i;

	for (i = 0; direct_objects[i].path; i++)
		if (!strcmp(path, direct_objects[i].path))
			return direct_objects[i].gate;
	return NULL;
}

struct deferred {
	char *name;
	int obj;
};

static void match_object(struct fp_image *img, struct fp_elf *of, int idx,
			 struct symindex *globals, struct symindex *locals,
			 struct deferred **weak, size_t *nweak)
{
	size_t i;

	for (i = 0; i < of->nsyms; i++) {
		const struct fp_sym *s = &of->syms[i];
		struct fp_sym *v;
		char *key;

		if (!s->size || s->shndx == SHN_ABS || s->shndx >= of->nsecs ||
		    !(of->secs[s->shndx].flags & SHF_ALLOC))
			continue;
		if (s->bind == STB_LOCAL) {
			key = local_key(s->name, s->size);
			v = claim(locals, &img->elf, key);
			free(key);
		} else if (s->bind == STB_WEAK) {
			/* strong definitions first: a weak one may lose */
			*weak = xrealloc(*weak, *nweak + 1, sizeof(**weak));
			(*weak)[*nweak].name = xstrdup(s->name);
			(*weak)[*nweak].obj = idx;
			(*nweak)++;
			continue;
		} else {
			v = claim(globals, &img->elf, s->name);
		}
		if (v)
			v->obj = idx;
	}
}

int attrib_build(struct fp_image *img, const char *objtree,
		 const char *srctree, struct fp_attrib *at)
{
	struct strmap objmap, dirmap, cfgmap;
	struct symindex globals, locals;
	struct kbuild *kb = NULL;
	struct objinfo *objs = NULL;
	char **members = NULL, *path;
	size_t nmembers = 0, nobjs = 0, i;
	struct deferred *weak = NULL;
	size_t nweak = 0;
	int c;

	memset(at, 0, sizeof(*at));
	path = xasprintf("%s/vmlinux.a", objtree);
	if (thin_archive_members(path, &members, &nmembers)) {
		free(path);
		return -1;
	}
	free(path);
	for (i = 0; direct_objects[i].path; i++) {
		path = xasprintf("%s/%s", objtree, direct_objects[i].path);
		if (is_file(path)) {
			members = xrealloc(members, nmembers + 1,
					   sizeof(*members));
			members[nmembers++] = xstrdup(direct_objects[i].path);
		}
		free(path);
	}
	if (srctree) {
		kb = kbuild_new(srctree);
		kbuild_set_arch(kb, &img->elf);
	}

	index_build(&globals, &img->elf, false);
	index_build(&locals, &img->elf, true);
	strmap_init(&objmap);
	objs = xcalloc(nmembers, sizeof(*objs));
	for (i = 0; i < nmembers; i++) {
		struct fp_elf of;
		size_t k;
		char *p = members[i];
		long *slot;

		while (!strncmp(p, "./", 2))
			p += 2;
		slot = strmap_slot(&objmap, p);
		if (*slot >= 0)
			continue;	/* listed twice: linked once */
		*slot = nobjs;
		objs[nobjs].path = xstrdup(p);
		nobjs++;
		path = xasprintf("%s/%s", objtree, p);
		if (elf_open(path, &of)) {
			free(path);
			continue;
		}
		free(path);
		objs[*slot].readable = true;
		for (k = 1; k < of.nsecs; k++) {
			const struct fp_sec *s = &of.secs[k];

			c = class_of_input_section(s->name, s->flags, s->type,
						   true);
			if (c < NR_SIZE_CLASSES)
				objs[*slot].cls[c] += s->size;
		}
		match_object(img, &of, (int)*slot, &globals, &locals, &weak,
			     &nweak);
		elf_close(&of);
	}
	for (i = 0; i < nweak; i++) {
		struct fp_sym *v = claim(&globals, &img->elf, weak[i].name);

		if (v)
			v->obj = weak[i].obj;
		free(weak[i].name);
	}
	free(weak);
	index_free(&globals);
	index_free(&locals);
	strmap_free(&objmap);

	strmap_init(&dirmap);
	strmap_init(&cfgmap);
	strmap_init(&objmap);
	for (i = 0; i < nobjs; i++) {
		struct objinfo *o = &objs[i];
		char *dir, *s;

		push(&at->object_names, &at->nobject_names, o->path);
		if (!o->readable) {
			push(&at->missing_objects, &at->nmissing_objects,
			     o->path);
			continue;
		}
		add_row(&at->objects, &at->nobjects, &objmap, o->path, o->cls);
		for (c = 0; c < NR_SIZE_CLASSES; c++)
			at->objects_sum[c] += o->cls[c];
		/* every directory level: a, a/b, a/b/c */
		dir = xstrdup(o->path);
		s = strrchr(dir, '/');
		if (!s) {
			add_row(&at->dirs, &at->ndirs, &dirmap, ".", o->cls);
		} else {
			*s = '\0';
			for (s = dir; (s = strchr(s, '/')); s++) {
				*s = '\0';
				add_row(&at->dirs, &at->ndirs, &dirmap, dir,
					o->cls);
				*s = '/';
			}
			add_row(&at->dirs, &at->ndirs, &dirmap, dir, o->cls);
		}
		free(dir);
		if (kb) {
			const char *g = direct_gate(o->path);

			if (!g)
				g = kbuild_gate(kb, o->path);

			if (!g) {
				push(&at->unattr_objects, &at->nunattr_objects,
				     o->path);
				g = "(unattributed)";
			}
			add_row(&at->configs, &at->nconfigs, &cfgmap, g,
				o->cls);
		}
	}
	for (c = 0; c < NR_SIZE_CLASSES; c++)
		at->unattr_bytes[c] = (int64_t)img->tot.cls[c] -
			(int64_t)at->objects_sum[c];
	for (i = 0; i < img->elf.nsyms; i++) {
		const struct fp_sym *s = &img->elf.syms[i];

		if (!sym_reportable(&img->elf, s) || s->cls == CL_NONE)
			continue;
		at->syms_total++;
		if (s->obj >= 0)
			at->syms_matched++;
		else
			at->unattr_sym_bytes += s->size;
	}
	for (i = 0; i < nobjs; i++)
		free(objs[i].path);
	free(objs);
	for (i = 0; i < nmembers; i++)
		free(members[i]);
	free(members);
	strmap_free(&objmap);
	strmap_free(&dirmap);
	strmap_free(&cfgmap);
	kbuild_free(kb);
	return 0;
}

static void free_rows(struct fp_row *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)r[i].name);
	free(r);
}

static void free_list(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void attrib_free(struct fp_attrib *at)
{
	free_rows(at->objects, at->nobjects);
	free_rows(at->dirs, at->ndirs);
	free_rows(at->configs, at->nconfigs);
	free_list(at->unattr_objects, at->nunattr_objects);
	free_list(at->missing_objects, at->nmissing_objects);
	free_list(at->object_names, at->nobject_names);
	memset(at, 0, sizeof(*at));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * objects.c - the objects of a built kernel and the option gating each
 *
 * Usage: objects_collect(g, with_modules) after g->objtree is set.
 *
 * vmlinux:  the members of OBJTREE/vmlinux.a (a thin archive), plus the
 *           members of the lib.a archives Kbuild links beside it
 *           (KBUILD_VMLINUX_LIBS: lib/lib.a, arch/ARCH/lib/lib.a); a lib.a
 *           member counts when vmlinux has one of its global definitions,
 *           as the linker only pulls members that resolve something.
 * modules:  modules.order names each module's object; its .mod file lists
 *           the member objects of a composite module.
 *
 * The gate of an object is what footprint's kbuild_gate() reads from the
 * Makefiles: "CONFIG_X", "(built-in)", or nothing (reported unattributed).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "symgraph.h"

static struct sg_obj *add_obj(struct sg_graph *g, const char *rel)
{
	struct sg_obj *o;

	while (!strncmp(rel, "./", 2))
		rel += 2;
	if (g->nobjs == g->cap_objs) {
		g->cap_objs = g->cap_objs ? 2 * g->cap_objs : 1024;
		g->objs = xrealloc(g->objs, g->cap_objs, sizeof(*g->objs));
	}
	o = &g->objs[g->nobjs++];
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(rel);
	o->opt = -1;
	return o;
}

static void push(char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrdup(s);
}

static void scan_one(struct sg_graph *g, struct sg_obj *o)
{
	char *path = xasprintf("%s/%s", g->objtree, o->path);

	if (objscan(g, o, path)) {
		push(&g->unreadable, &g->nunreadable, o->path);
		warn("%s", last_error());
	}
	free(path);
}

static int archive(struct sg_graph *g, const char *rel, bool lib,
		   struct strmap *seen)
{
	char *path = xasprintf("%s/%s", g->objtree, rel), *dir;
	char **m = NULL;
	size_t n = 0, i, dl;
	struct stat st;

	if (lib && stat(path, &st)) {
		free(path);
		return 0;	/* this arch or config has no such lib.a */
	}
	if (thin_archive_members(path, &m, &n)) {
		free(path);
		return -1;
	}
	free(path);
	/* members are relative to the archive's directory */
	dir = xstrdup(rel);
	if (strrchr(dir, '/'))
		*strrchr(dir, '/') = '\0';
	else
		*dir = '\0';
	dl = strlen(dir);
	for (i = 0; i < n; i++) {
		char *p = dl ? xasprintf("%s/%s", dir, m[i]) : xstrdup(m[i]);
		long *slot = strmap_slot(seen, p);

		if (*slot < 0) {
			struct sg_obj *o = add_obj(g, p);

			*slot = g->nobjs - 1;
			o->from_lib = lib;
			o->linked = !lib;
			if (lib)
				g->nlib_total++;
		}
		free(p);
		free(m[i]);
	}
	free(m);
	free(dir);
	return 0;
}

static void modules(struct sg_graph *g, struct strmap *seen)
{
	char *path = xasprintf("%s/modules.order", g->objtree);
	char *text = fp_read_file(path, NULL), *line, *save;

	free(path);
	if (!text)
		return;		/* CONFIG_MODULES=n, or not built yet */
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(line);
		char *base, *mod, *w, *s2, *modname;

		while (!strncmp(line, "./", 2))
			line += 2, l -= 2;
		/* 6.12 lists "dir/foo.o"; older kernels "kernel/dir/foo.ko" */
		if (l > 3 && !strcmp(line + l - 3, ".ko"))
			l -= 3;
		else if (l > 2 && !strcmp(line + l - 2, ".o"))
			l -= 2;
		else
			continue;
		base = strndup(line, l);
		if (!strncmp(base, "kernel/", 7)) {
			/* pre-5.x modules.order: path under the install dir */
			memmove(base, base + 7, strlen(base + 7) + 1);
		}
		path = xasprintf("%s/%s.mod", g->objtree, base);
		mod = fp_read_file(path, NULL);
		free(path);
		modname = base;
		if (!mod) {
			/* a single-object module without a .mod file */
			mod = xasprintf("%s.o", base);
		}
		for (w = strtok_r(mod, " \t\n", &s2); w;
		     w = strtok_r(NULL, " \t\n", &s2)) {
			long *slot;
			struct sg_obj *o;

			while (!strncmp(w, "./", 2))
				w += 2;
			slot = strmap_slot(seen, w);
			if (*slot >= 0)
				continue;
			o = add_obj(g, w);
			*slot = g->nobjs - 1;
			o->module = true;
			o->linked = true;
			o->module_name = xstrdup(modname);
		}
		free(mod);
		free(base);
	}
	free(text);
}

static struct sg_opt *opt_for(struct sg_graph *g, const char *name)
{
	long *slot = strmap_slot(&g->optmap, name);

	if (*slot < 0) {
		g->opts = xrealloc(g->opts, g->nopts + 1, sizeof(*g->opts));
		memset(&g->opts[g->nopts], 0, sizeof(g->opts[0]));
		g->opts[g->nopts].name = xstrdup(name);
		*slot = g->nopts++;
	}
	return &g->opts[*slot];
}

int objects_collect(struct sg_graph *g, bool with_modules)
{
	static const char *const libs[] = {
		"lib/lib.a", "arch/x86/lib/lib.a", "arch/arm64/lib/lib.a",
		"arch/riscv/lib/lib.a", "arch/s390/lib/lib.a",
		"arch/powerpc/lib/lib.a",
	};
	struct strmap seen;
	struct kbuild *kb;
	size_t i;

	strmap_init(&seen);
	strmap_init(&g->optmap);
	if (archive(g, "vmlinux.a", false, &seen))
		goto out_fail;
	for (i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		if (archive(g, libs[i], true, &seen))
			goto out_fail;
	if (with_modules)
		modules(g, &seen);
	strmap_free(&seen);

	for (i = 0; i < g->nobjs; i++)
		scan_one(g, &g->objs[i]);

	kb = kbuild_new(g->srctree);
	if (g->have_vmlinux)
		kbuild_set_arch(kb, &g->vml);
	for (i = 0; i < g->nobjs; i++) {
		struct sg_obj *o = &g->objs[i];

		o->gate = kbuild_gate(kb, o->path);
		if (!o->gate) {
			/* generated objects (.vmlinux.export.o) have no rule */
			push(&g->unattributed, &g->nunattributed, o->path);
		}
	}
	/* the gate strings live in kb: keep it for the graph's lifetime */
	for (i = 0; i < g->nobjs; i++) {
		struct sg_obj *o = &g->objs[i];
		struct sg_opt *op;

		if (!o->gate || strncmp(o->gate, "CONFIG_", 7))
			continue;
		o->gate = xstrdup(o->gate);
		op = opt_for(g, o->gate);
		op->objs = xrealloc(op->objs, op->nobjs + 1,
				    sizeof(*op->objs));
		op->objs[op->nobjs++] = (int)i;
		if (o->module)
			op->module = true;
		o->opt = (int)(op - g->opts);
	}
	kbuild_free(kb);
	return 0;

out_fail:
	strmap_free(&seen);
	return -1;
}

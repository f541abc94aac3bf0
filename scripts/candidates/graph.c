// SPDX-License-Identifier: GPL-2.0
/*
 * graph.c - resolve symbols across objects, list what ties an option in
 *
 * Usage: graph_read_vmlinux(g, path); graph_resolve(g);
 *        graph_emit_options(g, cu, &json, only, nonly);
 *
 * Resolution follows the final link: a strong definition in a vmlinux
 * object wins over a weak one, lib.a members count only when linked, and
 * a module's references resolve against vmlinux first, then against the
 * other modules.  An option's blockers are then:
 *
 *   inbound    its symbols referenced by built-in code gated otherwise;
 *   outbound   symbols it references, defined elsewhere, not exported
 *              (each one an EXPORT_SYMBOL a conversion has to add);
 *   initcalls  at a level before device_initcall, __setup/early_param;
 *   syscalls   __<arch>_sys_* it defines; sysctl tables it registers;
 *   keys       static keys it defines that built-in jump labels use, or
 *              unexported keys its own jump labels use.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "symgraph.h"

static const char *const level_names[NR_LEVELS] = {
	[LVL_EARLY] = "early", [LVL_PURE] = "pure", [LVL_CORE] = "core",
	[LVL_POSTCORE] = "postcore", [LVL_ARCH] = "arch",
	[LVL_SUBSYS] = "subsys", [LVL_FS] = "fs", [LVL_ROOTFS] = "rootfs",
	[LVL_DEVICE] = "device", [LVL_LATE] = "late",
	[LVL_CONSOLE] = "console", [LVL_SECURITY] = "security",
};

/* true for the levels that run before device_initcall (= module_init) */
static bool level_is_early(int level)
{
	/*
	 * module_init() is device_initcall() in a module, and late_initcall
	 * code runs after every device_initcall: both keep their meaning.
	 * Consoles and LSMs are set up before any module can load.
	 */
	return level != LVL_DEVICE && level != LVL_LATE;
}

int sg_intern(struct sg_graph *g, const char *name)
{
	long *slot = strmap_slot(&g->names, name);

	if (*slot < 0) {
		if (g->nnames == g->cap_names) {
			g->cap_names = g->cap_names ? 2 * g->cap_names : 4096;
			g->name_of = xrealloc(g->name_of, g->cap_names,
					      sizeof(*g->name_of));
		}
		g->name_of[g->nnames] = xstrdup(name);
		*slot = (long)g->nnames++;
	}
	return (int)*slot;
}

static void grow_flags(struct sg_graph *g)
{
	size_t i;

	if (g->nflags >= g->nnames)
		return;
	g->builtin_def = xrealloc(g->builtin_def, g->nnames, sizeof(int));
	g->module_def = xrealloc(g->module_def, g->nnames, sizeof(int));
	g->flags = xrealloc(g->flags, g->nnames, 1);
	for (i = g->nflags; i < g->nnames; i++) {
		g->builtin_def[i] = g->module_def[i] = -1;
		g->flags[i] = 0;
	}
	g->nflags = g->nnames;
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

int graph_read_vmlinux(struct sg_graph *g, const char *vmlinux)
{
	if (elf_open(vmlinux, &g->vml))
		return -1;
	g->have_vmlinux = true;
	return 0;
}

/* export table sizes and which referenced names vmlinux has/exports */
static void apply_vmlinux(struct sg_graph *g)
{
	const struct fp_elf *ef = &g->vml;
	uint64_t ksym_sec = 0, kcrc_sec = 0, nksyms = 0;
	size_t i;

	for (i = 1; i < ef->nsecs; i++) {
		const struct fp_sec *s = &ef->secs[i];

		if (!strcmp(s->name, "__ksymtab") ||
		    !strcmp(s->name, "__ksymtab_gpl"))
			ksym_sec += s->size;
		else if (!strcmp(s->name, "__kcrctab") ||
			 !strcmp(s->name, "__kcrctab_gpl"))
			kcrc_sec += s->size;
	}
	for (i = 0; i < ef->nsyms; i++) {
		const struct fp_sym *s = &ef->syms[i];
		long id;

		if (has_prefix(s->name, "__ksymtab_") &&
		    s->shndx < ef->nsecs &&
		    has_prefix(ef->secs[s->shndx].name, "__ksymtab")) {
			nksyms++;
			id = strmap_get(&g->names, s->name + 10);
			if (id >= 0) {
				g->flags[id] |= NF_EXPORTED;
				if (!strcmp(ef->secs[s->shndx].name,
					    "__ksymtab_gpl"))
					g->flags[id] |= NF_GPL;
			}
			continue;
		}
		id = strmap_get(&g->names, s->name);
		if (id >= 0 && s->bind != STB_LOCAL)
			g->flags[id] |= NF_IN_VMLINUX;
	}
	g->nksyms = nksyms;
	g->ksymtab_bytes = ksym_sec;
	g->kcrctab_bytes = kcrc_sec;
	/* measured, not assumed: PREL32 entries are 12 bytes, absolute 24 */
	g->ksym_entry = nksyms ? ksym_sec / nksyms : 0;
	g->kcrc_entry = nksyms ? kcrc_sec / nksyms : 0;
	elf_close(&g->vml);
}

static bool is_weak_def(const struct sg_graph *g, int obj, int id)
{
	const struct sg_obj *o = &g->objs[obj];
	size_t i;

	for (i = 0; i < o->ndefs; i++)
		if (o->defs[i] == id)
			return o->def_weak[i];
	return false;
}

static void define(int *defs, const struct sg_graph *g, int id, int obj,
		   bool weak)
{
	int cur = defs[id];

	/* first strong definition wins; a weak one only fills a gap */
	if (cur < 0)
		defs[id] = obj;
	else if (!weak && is_weak_def(g, cur, id))
		defs[id] = obj;
}

void graph_resolve(struct sg_graph *g)
{
	size_t i, k;

	grow_flags(g);
	if (g->have_vmlinux)
		apply_vmlinux(g);
	/* vmlinux.a members first: they are linked whatever happens */
	for (i = 0; i < g->nobjs; i++) {
		struct sg_obj *o = &g->objs[i];

		if (o->module || o->from_lib || !o->scanned)
			continue;
		for (k = 0; k < o->ndefs; k++)
			define(g->builtin_def, g, o->defs[k], (int)i,
			       o->def_weak[k]);
	}
	/* a lib.a member is pulled in when it defines what vmlinux has */
	for (i = 0; i < g->nobjs; i++) {
		struct sg_obj *o = &g->objs[i];

		if (!o->from_lib || !o->scanned)
			continue;
		for (k = 0; k < o->ndefs && !o->linked; k++) {
			int id = o->defs[k];

			if (!o->def_weak[k] && (g->flags[id] & NF_IN_VMLINUX) &&
			    (g->builtin_def[id] < 0 ||
			     is_weak_def(g, g->builtin_def[id], id)))
				o->linked = true;
		}
		if (!o->linked)
			continue;
		for (k = 0; k < o->ndefs; k++)
			define(g->builtin_def, g, o->defs[k], (int)i,
			       o->def_weak[k]);
	}
	for (i = 0; i < g->nobjs; i++) {
		struct sg_obj *o = &g->objs[i];

		if (!o->scanned)
			continue;
		if (o->module)
			for (k = 0; k < o->ndefs; k++)
				define(g->module_def, g, o->defs[k], (int)i,
				       o->def_weak[k]);
		/* EXPORT_SYMBOL in a module, or with no vmlinux to read */
		if (o->module || !g->have_vmlinux)
			for (k = 0; k < o->nexports; k++)
				g->flags[o->exports[k]] |= NF_EXPORTED;
	}
	for (i = 0; i < g->nnames; i++) {
		if ((g->flags[i] & NF_IN_VMLINUX) && g->builtin_def[i] < 0)
			g->flags[i] |= NF_LINKER;
	}
}

/* the object a reference from o to symbol id lands in, -1 if none */
static int resolve(const struct sg_graph *g, const struct sg_obj *o, int id)
{
	if (g->builtin_def[id] >= 0)
		return g->builtin_def[id];
	return o->module ? g->module_def[id] : -1;
}

/*
 * d's symbols need no export for o: d belongs to the option reported, or
 * to o's own module (unix-$(CONFIG_SYSCTL) += sysctl_net_unix.o is gated
 * by SYSCTL yet linked into unix.ko, where ld -r resolves the calls).
 */
static bool same_unit(const struct sg_graph *g, const struct sg_obj *o,
		      int d, int k)
{
	const struct sg_obj *t = &g->objs[d];

	if (t->opt == k)
		return true;
	return o->module && t->module && o->module_name && t->module_name &&
		!strcmp(o->module_name, t->module_name);
}

static bool in_vmlinux(const struct sg_obj *o)
{
	return o->scanned && o->linked && !o->module;
}

/* ---- output -------------------------------------------------------- */

struct edge {
	int sym, obj, caller;
};

static int cmp_edge(const void *a, const void *b, void *ctx)
{
	const struct edge *x = a, *y = b;
	const struct sg_graph *g = ctx;
	int c = strcmp(g->name_of[x->sym], g->name_of[y->sym]);

	if (c)
		return c;
	if (x->obj != y->obj) {
		if (x->obj < 0 || y->obj < 0)
			return x->obj < y->obj ? -1 : 1;
		c = strcmp(g->objs[x->obj].path, g->objs[y->obj].path);
		if (c)
			return c;
		return x->obj < y->obj ? -1 : 1;
	}
	if (x->caller == y->caller)
		return 0;
	if (x->caller < 0 || y->caller < 0)
		return x->caller < y->caller ? -1 : 1;
	return strcmp(g->name_of[x->caller], g->name_of[y->caller]);
}

/* qsort_r(NULL, 0, ...) is undefined: sort only what is there */
static void sort_edges(struct sg_graph *g, struct edge *v, size_t n)
{
	if (n > 1)
		qsort_r(v, n, sizeof(*v), cmp_edge, g);
}

static void push_edge(struct edge **v, size_t *n, size_t *cap, int sym,
		      int obj, int caller)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xrealloc(*v, *cap, sizeof(**v));
	}
	(*v)[*n].sym = sym;
	(*v)[*n].obj = obj;
	(*v)[*n].caller = caller;
	(*n)++;
}

static const char *gate_of(const struct sg_obj *o)
{
	return o->gate ? o->gate : "(unattributed)";
}

/*
 * [{symbol, callers: [{object, gate, functions: [...]}]}] from sorted
 * edges; duplicates (same symbol, object, caller) are dropped.
 */
static void emit_edges(struct sg_graph *g, struct json *j, const char *key,
		       struct edge *v, size_t n, const char *who)
{
	size_t i = 0, k, m;

	sort_edges(g, v, n);
	json_arr_open(j, key);
	while (i < n) {
		for (k = i; k < n && v[k].sym == v[i].sym; k++)
			;
		json_obj_open(j, NULL);
		json_str(j, "symbol", g->name_of[v[i].sym]);
		json_arr_open(j, who);
		for (m = i; m < k; ) {
			size_t e;
			int last = -2;

			json_obj_open(j, NULL);
			json_str(j, "object", g->objs[v[m].obj].path);
			json_str(j, "gate", gate_of(&g->objs[v[m].obj]));
			json_arr_open(j, "functions");
			for (e = m; e < k && v[e].obj == v[m].obj; e++) {
				if (v[e].caller < 0 || v[e].caller == last)
					continue;
				last = v[e].caller;
				json_str(j, NULL, g->name_of[v[e].caller]);
			}
			json_arr_close(j);
			json_obj_close(j);
			m = e;
		}
		json_arr_close(j);
		json_obj_close(j);
		i = k;
	}
	json_arr_close(j);
}

static void emit_classes(struct json *j, const uint64_t *cls)
{
	static const char *const keys[NR_SIZE_CLASSES] = {
		[CL_TEXT] = "text", [CL_RODATA] = "rodata",
		[CL_DATA] = "data", [CL_BSS] = "bss", [CL_INIT] = "init",
	};
	int c;

	for (c = 0; c < NR_SIZE_CLASSES; c++)
		json_u64(j, keys[c], cls[c]);
	json_u64(j, "total", cls[CL_TEXT] + cls[CL_RODATA] + cls[CL_DATA] +
		 cls[CL_BSS]);
}

static const char *const syscall_prefixes[] = {
	"__x64_sys_", "__ia32_sys_", "__x64_compat_sys_",
	"__ia32_compat_sys_", "__arm64_sys_", "__arm64_compat_sys_",
	"__riscv_sys_", "__s390x_sys_", "__powerpc_sys_", NULL
};

static const char *syscall_name(const char *s)
{
	const char *const *p;

	for (p = syscall_prefixes; *p; p++)
		if (has_prefix(s, *p))
			return strstr(s, "sys_");
	return NULL;
}

static bool is_sysctl_register(const char *s)
{
	return has_prefix(s, "register_sysctl") ||
		has_prefix(s, "__register_sysctl") ||
		has_prefix(s, "register_net_sysctl");
}

/* objects of an option (or module) whose relations we report */
static void emit_option(struct sg_graph *g, struct cfguse *cu,
			struct json *j, int k, struct edge *in, size_t nin)
{
	const struct sg_opt *op = &g->opts[k];
	struct edge *out = NULL, *keys_in = NULL, *keys_out = NULL;
	struct edge *sysctl = NULL;
	size_t nout = 0, cout = 0, nkin = 0, ckin = 0, nkout = 0, ckout = 0;
	size_t nsysctl = 0, csysctl = 0;
	uint64_t cls[NR_SIZE_CLASSES] = { 0 }, export_bytes = 0;
	uint64_t exported_uses = 0, unresolved = 0, linker = 0, nexp = 0;
	size_t i, r;
	int c, last;

	for (i = 0; i < op->nobjs; i++) {
		const struct sg_obj *o = &g->objs[op->objs[i]];

		if (!o->linked || !o->scanned)
			continue;
		for (c = 0; c < NR_SIZE_CLASSES; c++)
			cls[c] += o->cls[c];
		for (r = 0; r < o->nrefs; r++) {
			int id = o->refs[r].sym, d = resolve(g, o, id);

			if (is_sysctl_register(g->name_of[id]))
				push_edge(&sysctl, &nsysctl, &csysctl, id,
					  op->objs[i], o->refs[r].caller);
			if (d >= 0 && same_unit(g, o, d, k))
				continue;
			if (g->flags[id] & NF_EXPORTED) {
				exported_uses++;
				continue;
			}
			if (d < 0 && !(g->flags[id] & NF_IN_VMLINUX)) {
				unresolved++;	/* weak undefined, or absent */
				continue;
			}
			push_edge(&out, &nout, &cout, id, d, o->refs[r].caller);
		}
		for (r = 0; r < o->nkeys; r++) {
			int id = o->keys[r].sym, d = resolve(g, o, id);

			if (d >= 0 && !same_unit(g, o, d, k) &&
			    !(g->flags[id] & NF_EXPORTED))
				push_edge(&keys_out, &nkout, &ckout, id,
					  op->objs[i], o->keys[r].caller);
		}
	}
	/* inbound static keys: jump labels elsewhere on a key defined here */
	for (i = 0; i < nin; i++) {
		const struct sg_obj *o = &g->objs[in[i].obj];

		for (r = 0; r < o->nkeys; r++)
			if (o->keys[r].sym == in[i].sym &&
			    o->keys[r].caller == in[i].caller)
				push_edge(&keys_in, &nkin, &ckin, in[i].sym,
					  in[i].obj, in[i].caller);
	}

	json_obj_open(j, NULL);
	json_str(j, "name", op->name);
	json_str(j, "kind", op->module ? "module" : "built-in");
	json_obj_open(j, "bytes");
	emit_classes(j, cls);
	json_obj_close(j);
	json_arr_open(j, "objects");
	for (i = 0; i < op->nobjs; i++) {
		const struct sg_obj *o = &g->objs[op->objs[i]];

		if (!o->linked)
			continue;
		json_obj_open(j, NULL);
		json_str(j, "name", o->path);
		if (o->module_name)
			json_str(j, "module", o->module_name);
		if (o->from_lib)
			json_str(j, "from", "lib.a");
		emit_classes(j, o->cls);
		json_obj_close(j);
	}
	json_arr_close(j);

	emit_edges(g, j, "inbound", in, nin, "callers");

	/* outbound: one entry per symbol, "defined_in" its definer */
	sort_edges(g, out, nout);
	json_arr_open(j, "outbound");
	for (i = 0; i < nout; i = r) {
		const char *name = g->name_of[out[i].sym];
		const struct sg_obj *d = out[i].obj >= 0 ?
			&g->objs[out[i].obj] : NULL;

		for (r = i; r < nout && out[r].sym == out[i].sym; r++)
			;
		json_obj_open(j, NULL);
		json_str(j, "symbol", name);
		json_str(j, "defined_in", d ? d->path : "(linker script)");
		json_str(j, "gate", d ? gate_of(d) : "(linker script)");
		json_u64(j, "export_bytes", g->ksym_entry + g->kcrc_entry +
			 strlen(name) + 1);
		json_obj_close(j);
		if (d) {
			nexp++;
			export_bytes += g->ksym_entry + g->kcrc_entry +
				strlen(name) + 1;
		} else {
			linker++;
		}
	}
	json_arr_close(j);
	json_u64(j, "exports_needed", nexp);
	json_u64(j, "export_bytes", export_bytes);
	json_u64(j, "linker_symbols", linker);
	json_u64(j, "exported_uses", exported_uses);
	json_u64(j, "unresolved", unresolved);

	json_arr_open(j, "initcalls");
	for (i = 0; i < op->nobjs; i++) {
		const struct sg_obj *o = &g->objs[op->objs[i]];

		for (r = 0; o->linked && r < o->ninitcalls; r++) {
			json_obj_open(j, NULL);
			json_str(j, "level", level_names[o->initcalls[r].level]);
			json_str(j, "function",
				 sg_name(g, o->initcalls[r].fn));
			json_str(j, "object", o->path);
			json_str(j, "early", level_is_early(
					 o->initcalls[r].level) ? "yes" : "no");
			json_obj_close(j);
		}
	}
	json_arr_close(j);

	json_arr_open(j, "setup");
	for (i = 0; i < op->nobjs; i++) {
		const struct sg_obj *o = &g->objs[op->objs[i]];

		for (r = 0; o->linked && r < o->nsetups; r++) {
			const struct sg_setup *s = &o->setups[r];

			json_obj_open(j, NULL);
			json_str(j, "param", s->param ? s->param : "?");
			json_str(j, "function", sg_name(g, s->fn));
			json_str(j, "kind", s->early ? "early_param" :
				 "__setup");
			json_str(j, "object", o->path);
			json_obj_close(j);
		}
	}
	json_arr_close(j);

	json_arr_open(j, "syscalls");
	for (i = 0; i < op->nobjs; i++) {
		const struct sg_obj *o = &g->objs[op->objs[i]];

		for (r = 0; o->linked && r < o->ndefs; r++) {
			const char *s = syscall_name(g->name_of[o->defs[r]]);

			if (s && !o->def_weak[r])
				json_str(j, NULL, g->name_of[o->defs[r]]);
		}
	}
	json_arr_close(j);

	sort_edges(g, sysctl, nsysctl);
	json_arr_open(j, "sysctl");
	for (i = 0; i < nsysctl; i++) {
		json_obj_open(j, NULL);
		json_str(j, "via", g->name_of[sysctl[i].sym]);
		json_str(j, "function", sg_name(g, sysctl[i].caller));
		json_str(j, "object", g->objs[sysctl[i].obj].path);
		json_obj_close(j);
	}
	json_arr_close(j);

	json_obj_open(j, "static_keys");
	emit_edges(g, j, "used_outside", keys_in, nkin, "users");
	sort_edges(g, keys_out, nkout);
	json_arr_open(j, "unexported");
	for (i = 0, last = -1; i < nkout; i++) {
		if (keys_out[i].sym == last)
			continue;
		last = keys_out[i].sym;
		json_str(j, NULL, g->name_of[last]);
	}
	json_arr_close(j);
	json_obj_close(j);

	if (cu)
		cfguse_emit(cu, j, k);
	json_obj_close(j);
	free(out);
	free(keys_in);
	free(keys_out);
	free(sysctl);
}

static int cmp_opt_name(const void *a, const void *b, void *ctx)
{
	const struct sg_graph *g = ctx;

	return strcmp(g->opts[*(const int *)a].name,
		      g->opts[*(const int *)b].name);
}

void graph_emit_options(struct sg_graph *g, struct cfguse *cu,
			struct json *j, char **only, size_t nonly)
{
	struct edge **in = xcalloc(g->nopts + 1, sizeof(*in));
	size_t *nin = xcalloc(g->nopts + 1, sizeof(*nin));
	size_t *cin = xcalloc(g->nopts + 1, sizeof(*cin));
	int *order = xcalloc(g->nopts + 1, sizeof(*order));
	size_t i, r, q;

	/* every cross-option reference from built-in code, in one pass */
	for (i = 0; i < g->nobjs; i++) {
		const struct sg_obj *o = &g->objs[i];

		if (!in_vmlinux(o))
			continue;
		for (r = 0; r < o->nrefs; r++) {
			int d = g->builtin_def[o->refs[r].sym], k;

			if (d < 0 || (size_t)d == i)
				continue;
			k = g->objs[d].opt;
			if (k < 0 || k == o->opt)
				continue;
			push_edge(&in[k], &nin[k], &cin[k], o->refs[r].sym,
				  (int)i, o->refs[r].caller);
		}
	}
	for (i = 0; i < g->nopts; i++)
		order[i] = (int)i;
	if (g->nopts > 1)
		qsort_r(order, g->nopts, sizeof(*order), cmp_opt_name, g);
	json_arr_open(j, "options");
	for (i = 0; i < g->nopts; i++) {
		int k = order[i];
		bool want = !nonly;

		for (q = 0; q < nonly && !want; q++)
			want = !strcmp(only[q], g->opts[k].name);
		if (want)
			emit_option(g, cu, j, k, in[k], nin[k]);
	}
	json_arr_close(j);
	for (i = 0; i < g->nopts; i++)
		free(in[i]);
	free(in);
	free(nin);
	free(cin);
	free(order);
}

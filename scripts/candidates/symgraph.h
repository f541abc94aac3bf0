/* SPDX-License-Identifier: GPL-2.0 */
/*
 * symgraph.h - the symbol graph of a built kernel, for the candidate finder
 *
 * objects.c  which objects make up vmlinux and the modules, and the Kconfig
 *            option that gates each (footprint's kbuild.c does the Makefiles)
 * objscan.c  one object: every symbol (undefined ones too), relocations
 *            turned into "function F refers to symbol S", initcalls,
 *            __setup/early_param entries, static key uses, exports
 * cfguse.c   CONFIG_X tests in the sources each built-in object was
 *            compiled from (the .cmd dependency lists of Kbuild)
 * graph.c    cross-object resolution and the per-option blocker lists
 * symgraph.c command line and JSON output
 *
 * ELF access (the raw view of symbols and relocations too), thin archives,
 * Makefile parsing, JSON, xmalloc and the string map come from the
 * footprint library (scripts/footprint/libfootprint.h); nothing here parses
 * ELF headers, symbol tables or relocations itself.
 */
#ifndef SYMGRAPH_H
#define SYMGRAPH_H

#include "../footprint/libfootprint.h"

/* initcall levels, in boot order; the ones before LVL_DEVICE lose their
 * place in the boot sequence when the code moves to a module */
enum sg_level {
	LVL_EARLY, LVL_PURE, LVL_CORE, LVL_POSTCORE, LVL_ARCH, LVL_SUBSYS,
	LVL_FS, LVL_ROOTFS, LVL_DEVICE, LVL_LATE, LVL_CONSOLE, LVL_SECURITY,
	NR_LEVELS
};

/* a reference from function/object caller (in this object) to symbol sym */
struct sg_ref {
	int sym;		/* interned name id */
	int caller;		/* interned name id of the containing symbol */
};

struct sg_initcall {
	int level;
	int fn;			/* name id */
};

struct sg_setup {
	char *param;		/* "foo=" */
	int fn;			/* name id, -1 if unresolved */
	bool early;		/* early_param() */
};

struct sg_obj {
	char *path;		/* relative to the objtree */
	const char *gate;	/* "CONFIG_FOO", "(built-in)" or NULL */
	int opt;		/* index into graph.opts, -1 for none */
	bool module;		/* part of a .ko, not of vmlinux */
	bool from_lib;		/* member of a lib.a */
	bool linked;		/* contributes to vmlinux (or its module) */
	bool scanned;		/* ELF read without error */
	char *module_name;	/* "net/802/stp" for module objects */
	/* bytes by class, footprint's class_of_input_section() */
	uint64_t cls[NR_SIZE_CLASSES];

	int *defs;		/* global (and weak) symbols defined here */
	size_t ndefs;
	uint8_t *def_weak;
	int *exports;		/* EXPORT_SYMBOL*()ed here (name ids) */
	size_t nexports;
	struct sg_ref *refs;	/* unique (sym, caller) pairs, sorted */
	size_t nrefs;
	struct sg_initcall *initcalls;
	size_t ninitcalls;
	struct sg_setup *setups;
	size_t nsetups;
	struct sg_ref *keys;	/* static keys used by jump labels here */
	size_t nkeys;
};

/* one Kconfig option (a gate) and the objects it gates */
struct sg_opt {
	const char *name;
	int *objs;
	size_t nobjs;
	bool module;		/* its objects are in modules */
};

struct sg_graph {
	const char *objtree;
	char *srctree;
	struct strmap names;	/* name -> id */
	char **name_of;		/* id -> name */
	size_t nnames, cap_names;

	struct sg_obj *objs;
	size_t nobjs, cap_objs;
	struct sg_opt *opts;
	size_t nopts;
	struct strmap optmap;	/* "CONFIG_X" -> index in opts */

	/* per name id: definer in vmlinux / in modules, exported, in vmlinux */
	int *builtin_def, *module_def;
	uint8_t *flags;
	size_t nflags;

	/* vmlinux export tables, for the cost of one more export */
	uint64_t nksyms, ksymtab_bytes, kcrctab_bytes;
	uint64_t ksym_entry, kcrc_entry;	/* bytes per entry */
	bool have_vmlinux;
	struct fp_elf vml;	/* open from graph_read_vmlinux to resolve */

	char **unattributed;	/* objects no Makefile rule names */
	size_t nunattributed;
	char **unreadable;	/* listed but not readable as ELF */
	size_t nunreadable;
	size_t nlib_total;	/* lib.a members seen */
};

#define NF_EXPORTED	0x01	/* in vmlinux's __ksymtab* or a module's */
#define NF_GPL		0x02	/* EXPORT_SYMBOL_GPL */
#define NF_IN_VMLINUX	0x04	/* vmlinux's symbol table has it */
#define NF_LINKER	0x08	/* defined by vmlinux, by no object */

int sg_intern(struct sg_graph *g, const char *name);
static inline const char *sg_name(const struct sg_graph *g, int id)
{
	return id >= 0 ? g->name_of[id] : "?";
}

/* objects.c */
int objects_collect(struct sg_graph *g, bool with_modules);

/* objscan.c */
int objscan(struct sg_graph *g, struct sg_obj *o, const char *path);

/* graph.c */
int graph_read_vmlinux(struct sg_graph *g, const char *vmlinux);
void graph_resolve(struct sg_graph *g);
/* cu: the CONFIG_X tests of cfguse_scan() to list, NULL for none */
struct cfguse;
void graph_emit_options(struct sg_graph *g, struct cfguse *cu,
			struct json *j, char **only, size_t nonly);

/* cfguse.c */
struct cfguse *cfguse_scan(struct sg_graph *g);
void cfguse_emit(struct cfguse *cu, struct json *j, int opt_index);
void cfguse_stats(const struct cfguse *cu, size_t *files, uint64_t *bytes,
		  size_t *cmd_missing);

#endif /* SYMGRAPH_H */

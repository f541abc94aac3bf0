// SPDX-License-Identifier: GPL-2.0
/*
 * cfguse.c - where built-in code tests CONFIG_X outside X's own sources
 *
 * Usage: cu = cfguse_scan(g); ... cfguse_emit(cu, j, k);
 *
 * A bool that becomes a tristate set to m changes the meaning of every
 * test of it in code that stays built in: #ifdef CONFIG_X and
 * IS_BUILTIN(CONFIG_X) turn false, IS_ENABLED(CONFIG_X) stays true but may
 * now call into a module.  Each such line is a site to review.
 *
 * Which files to read comes from Kbuild itself: the .cmd file of every
 * object in vmlinux lists its source and every header it included
 * (deps_...), and fixdep's $(wildcard include/config/X) lines list, once
 * per object, every option the object's preprocessed text mentions.  So
 * the "objects" count is exact, and only files actually compiled into
 * vmlinux are read, each once, with memmem() for "CONFIG_".
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "symgraph.h"

struct site {
	int file;
	unsigned int line;
	const char *kind;
};

struct cfguse {
	struct sg_graph *g;
	struct strmap files;	/* resolved path -> index */
	struct strmap raw;	/* path as a .cmd spells it -> index or -2 */
	char **file_path;	/* as shown: relative to srctree if inside */
	char **file_real;
	/* the option every object including the file belongs to, -2 when
	 * objects of several options (or core ones) include it */
	int *file_owner;
	size_t nfiles;
	size_t *objects;	/* per option: outside objects mentioning it */
	struct site **sites;	/* per option */
	size_t *nsites, *csites;
	size_t scanned_files;
	uint64_t scanned_bytes;
	size_t cmd_missing;
	char *srcreal;
	size_t srclen;
};

static int add_file(struct cfguse *cu, const char *rel)
{
	char *joined, real[PATH_MAX];
	long *slot, *raw;

	/* every object repeats the same headers: resolve each spelling once */
	raw = strmap_slot(&cu->raw, rel);
	if (*raw != -1)
		return (int)*raw;
	*raw = -2;
	joined = rel[0] == '/' ? xstrdup(rel) :
		xasprintf("%s/%s", cu->g->objtree, rel);
	if (!realpath(joined, real)) {
		free(joined);
		return -1;
	}
	free(joined);
	slot = strmap_slot(&cu->files, real);
	if (*slot < 0) {
		size_t n = cu->nfiles;

		cu->file_path = xrealloc(cu->file_path, n + 1, sizeof(char *));
		cu->file_real = xrealloc(cu->file_real, n + 1, sizeof(char *));
		cu->file_owner = xrealloc(cu->file_owner, n + 1, sizeof(int));
		cu->file_real[n] = xstrdup(real);
		if (cu->srcreal && !strncmp(real, cu->srcreal, cu->srclen) &&
		    real[cu->srclen] == '/')
			cu->file_path[n] = xstrdup(real + cu->srclen + 1);
		else
			cu->file_path[n] = xstrdup(real);
		cu->file_owner[n] = -1;
		*slot = (long)n;
		cu->nfiles++;
	}
	*strmap_slot(&cu->raw, rel) = *slot;
	return (int)*slot;
}

static void note_file(struct cfguse *cu, int f, int opt)
{
	if (f < 0)
		return;		/* gone since the build: nothing to read */
	if (cu->file_owner[f] == -1)
		cu->file_owner[f] = opt >= 0 ? opt : -2;
	else if (cu->file_owner[f] != opt)
		cu->file_owner[f] = -2;
}

/* generated files mention every option (autoconf.h) or none of interest */
static bool skip_file(const char *rel)
{
	return strstr(rel, "include/generated/") ||
		strstr(rel, "include/config/") ||
		strstr(rel, "include/linux/kconfig.h");
}

static void read_cmd(struct cfguse *cu, const struct sg_obj *o)
{
	const char *slash = strrchr(o->path, '/');
	char *path, *text, *p, *line, *save;
	bool in_deps = false;
	size_t len;
	long k;

	if (slash)
		path = xasprintf("%s/%.*s/.%s.cmd", cu->g->objtree,
				 (int)(slash - o->path), o->path, slash + 1);
	else
		path = xasprintf("%s/.%s.cmd", cu->g->objtree, o->path);
	text = fp_read_file(path, &len);
	free(path);
	if (!text) {
		cu->cmd_missing++;
		return;
	}
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "source_", 7)) {
			p = strstr(line, ":= ");
			if (p)
				note_file(cu, add_file(cu, p + 3), o->opt);
			continue;
		}
		if (!strncmp(line, "deps_", 5)) {
			in_deps = true;
			continue;
		}
		if (!in_deps)
			continue;
		while (*line == ' ' || *line == '\t')
			line++;
		len = strlen(line);
		if (len && line[len - 1] == '\\')
			line[--len] = '\0';
		while (len && line[len - 1] == ' ')
			line[--len] = '\0';
		if (!len) {
			in_deps = false;
			continue;
		}
		if (!strncmp(line, "$(wildcard include/config/", 26)) {
			char *e = strchr(line + 26, ')');
			char *name;

			if (!e)
				continue;
			name = xasprintf("CONFIG_%.*s", (int)(e - line - 26),
					 line + 26);
			k = strmap_get(&cu->g->optmap, name);
			free(name);
			if (k >= 0 && k != o->opt)
				cu->objects[k]++;
			continue;
		}
		if (line[0] == '$' || skip_file(line))
			continue;
		note_file(cu, add_file(cu, line), o->opt);
	}
	free(text);
}

static const char *classify(const char *buf, const char *ls,
			    const char *tok)
{
	static const char *const macros[] = {
		"IS_ENABLED", "IS_BUILTIN", "IS_MODULE", "IS_REACHABLE", NULL
	};
	const char *p = ls, *q;
	size_t i;

	while (p < tok && (*p == ' ' || *p == '\t'))
		p++;
	if (p < tok && *p == '#') {
		p++;
		while (p < tok && (*p == ' ' || *p == '\t'))
			p++;
		if (!strncmp(p, "if", 2) || !strncmp(p, "elif", 4))
			return "#if";
		if (!strncmp(p, "endif", 5) || !strncmp(p, "else", 4))
			return NULL;	/* a comment on a closing line */
		return "#define";
	}
	if (p < tok && *p == '*')
		return NULL;		/* inside a block comment */
	for (q = ls; q + 1 < tok; q++)
		if (q[0] == '/' && (q[1] == '/' || q[1] == '*'))
			return NULL;
	/* IS_ENABLED(CONFIG_X), allowing spaces after the parenthesis */
	q = tok;
	while (q > ls && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q > ls && q[-1] == '(') {
		q--;
		for (i = 0; macros[i]; i++) {
			size_t l = strlen(macros[i]);

			if ((size_t)(q - buf) >= l && !strncmp(q - l, macros[i], l))
				return macros[i];
		}
	}
	return "code";
}

static void push_site(struct cfguse *cu, long k, int file, unsigned int line,
		      const char *kind)
{
	if (cu->nsites[k] == cu->csites[k]) {
		cu->csites[k] = cu->csites[k] ? 2 * cu->csites[k] : 16;
		cu->sites[k] = xrealloc(cu->sites[k], cu->csites[k],
					sizeof(struct site));
	}
	cu->sites[k][cu->nsites[k]].file = file;
	cu->sites[k][cu->nsites[k]].line = line;
	cu->sites[k][cu->nsites[k]].kind = kind;
	cu->nsites[k]++;
}

static void scan_file(struct cfguse *cu, int f)
{
	char *buf, *p, *ls, *end;
	unsigned int line = 1;
	size_t len;

	buf = fp_read_file(cu->file_real[f], &len);
	if (!buf)
		return;
	cu->scanned_files++;
	cu->scanned_bytes += len;
	end = buf + len;
	ls = buf;
	p = buf;
	while ((p = memmem(p, end - p, "CONFIG_", 7))) {
		char name[256], *e = p + 7, *nl;
		const char *kind;
		size_t n;
		long k;

		/* advance the line counter up to p */
		while ((nl = memchr(ls, '\n', p - ls))) {
			line++;
			ls = nl + 1;
		}
		if (p > buf && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) {
			p = e;
			continue;
		}
		while (e < end && (isalnum((unsigned char)*e) || *e == '_'))
			e++;
		n = e - p;
		if (n >= sizeof(name)) {
			p = e;
			continue;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		k = strmap_get(&cu->g->optmap, name);
		if (k < 0 && n > 7 && !strcmp(name + n - 7, "_MODULE")) {
			name[n - 7] = '\0';
			k = strmap_get(&cu->g->optmap, name);
		}
		if (k >= 0 && cu->file_owner[f] != k) {
			kind = classify(buf, ls, p);
			if (kind)
				push_site(cu, k, f, line, kind);
		}
		p = e;
	}
	free(buf);
}

struct cfguse *cfguse_scan(struct sg_graph *g)
{
	struct cfguse *cu = xcalloc(1, sizeof(*cu));
	char real[PATH_MAX];
	size_t i, n = g->nopts + 1;

	cu->g = g;
	strmap_init(&cu->files);
	strmap_init(&cu->raw);
	cu->objects = xcalloc(n, sizeof(*cu->objects));
	cu->sites = xcalloc(n, sizeof(*cu->sites));
	cu->nsites = xcalloc(n, sizeof(*cu->nsites));
	cu->csites = xcalloc(n, sizeof(*cu->csites));
	if (g->srctree && realpath(g->srctree, real)) {
		cu->srcreal = xstrdup(real);
		cu->srclen = strlen(real);
	}
	for (i = 0; i < g->nobjs; i++) {
		const struct sg_obj *o = &g->objs[i];

		if (o->scanned && o->linked && !o->module)
			read_cmd(cu, o);
	}
	for (i = 0; i < cu->nfiles; i++)
		scan_file(cu, (int)i);
	return cu;
}

static int cmp_site(const void *a, const void *b, void *ctx)
{
	const struct site *x = a, *y = b;
	const struct cfguse *cu = ctx;
	int c = strcmp(cu->file_path[x->file], cu->file_path[y->file]);

	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

void cfguse_emit(struct cfguse *cu, struct json *j, int k)
{
	size_t i;

	if (cu->nsites[k] > 1)
		qsort_r(cu->sites[k], cu->nsites[k], sizeof(struct site),
			cmp_site, cu);
	json_obj_open(j, "config_uses");
	json_u64(j, "objects", cu->objects[k]);
	json_arr_open(j, "sites");
	for (i = 0; i < cu->nsites[k]; i++) {
		const struct site *s = &cu->sites[k][i];
		char *where = xasprintf("%s:%u", cu->file_path[s->file],
					s->line);

		json_obj_open(j, NULL);
		json_str(j, "at", where);
		json_str(j, "kind", s->kind);
		json_obj_close(j);
		free(where);
	}
	json_arr_close(j);
	json_obj_close(j);
}

void cfguse_stats(const struct cfguse *cu, size_t *files, uint64_t *bytes,
		  size_t *cmd_missing)
{
	*files = cu->scanned_files;
	*bytes = cu->scanned_bytes;
	*cmd_missing = cu->cmd_missing;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * kbuild.c - read what Kbuild leaves behind: thin archives and Makefile rules
 *
 * Usage: objtree = kbuild_objtree_of("build/vmlinux");
 *        srctree = kbuild_srctree_of(objtree);
 *        thin_archive_members("objtree/vmlinux.a", ...);
 *        kb = kbuild_new(srctree); kbuild_gate(kb, "fs/ext4/inode.o");
 *
 * kbuild_gate() answers "which Kconfig option decides whether this object
 * is built in" from the obj-$(CONFIG_X) rules of the source tree, the way
 * Kbuild itself descends: the object's own rule (or its composite's,
 * foo-$(CONFIG_Y) += part.o / obj-$(CONFIG_X) += foo.o, the nearer option
 * wins), then obj-$(CONFIG_X) += dir/ rules of every parent directory.
 * Rules under ifdef CONFIG_X / ifeq ($(CONFIG_X),y) count as gated by X.
 * Makefile variables other than $(CONFIG_*) are not expanded: such rules
 * are skipped, which only ever makes an answer less specific.
 */
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libfootprint.h"

#define AR_HDR_SIZE 60

static uint64_t ar_decimal(const char *p, size_t len, bool *ok)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < len && p[i] == ' ')
		i++;
	if (i == len || !isdigit((unsigned char)p[i]))
		*ok = false;
	for (; i < len && isdigit((unsigned char)p[i]); i++) {
		if (!mul_ok(v, 10, &v) || !add_ok(v, p[i] - '0', &v))
			*ok = false;
	}
	for (; i < len; i++)
		if (p[i] != ' ')
			*ok = false;
	return v;
}

/*
 * GNU thin archive ("!<thin>\n"): member headers without data; names
 * longer than 15 characters (always, for paths) live in the "//" table as
 * "path/\n", referenced by "/offset".  The symbol table ("/") and the name
 * table are the only entries whose data is stored.
 */
char *kbuild_objtree_of(const char *file)
{
	char *copy = xstrdup(file), *dir = dirname(copy), *tree = NULL;
	char *a = xasprintf("%s/vmlinux.a", dir);

	if (is_file(a))
		tree = xstrdup(dir);
	free(a);
	free(copy);
	return tree;
}

char *kbuild_srctree_of(const char *objtree)
{
	char *src = xasprintf("%s/source", objtree);
	char *tree = is_dir(src) ? realpath(src, NULL) : xstrdup(objtree);

	free(src);
	return tree;
}

int thin_archive_members(const char *path, char ***members, size_t *n)
{
	const char *longnames = NULL;
	uint64_t longlen = 0, off = 8;
	char **list = NULL;
	size_t cnt = 0, len;
	char *buf;

	buf = fp_read_file(path, &len);
	if (!buf) {
		set_error("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (len < 8 || memcmp(buf, "!<thin>\n", 8)) {
		set_error("'%s': not a thin archive", path);
		goto out_free;
	}
	while (off < len) {
		const char *h = buf + off;
		uint64_t size, data_len;
		bool ok = true;

		if (!range_ok(off, AR_HDR_SIZE, len) ||
		    memcmp(h + 58, "`\n", 2)) {
			set_error("'%s': truncated or corrupt archive header",
				  path);
			goto out_free;
		}
		size = ar_decimal(h + 48, 10, &ok);
		if (!ok) {
			set_error("'%s': bad archive member size", path);
			goto out_free;
		}
		off += AR_HDR_SIZE;
		data_len = 0;
		if (h[0] == '/' && (h[1] == ' ' || h[1] == '/' ||
				    !strncmp(h, "/SYM64/", 7))) {
			data_len = size;
			if (!range_ok(off, data_len, len)) {
				set_error("'%s': truncated archive table", path);
				goto out_free;
			}
			if (h[1] == '/') {
				longnames = buf + off;
				longlen = data_len;
			}
		} else if (h[0] == '/' && isdigit((unsigned char)h[1])) {
			/*
			 * "/offset", optionally followed by "/pos" when
			 * the member came from a nested thin archive
			 */
			size_t dl = strspn(h + 1, "0123456789");
			uint64_t lo = ar_decimal(h + 1, dl < 15 ? dl : 15, &ok), e;

			if (!ok || !longnames || lo >= longlen) {
				set_error("'%s': bad archive member name", path);
				goto out_free;
			}
			for (e = lo; e < longlen && longnames[e] != '\n'; e++)
				;
			if (e == lo || e >= longlen || longnames[e - 1] != '/') {
				set_error("'%s': bad archive member name", path);
				goto out_free;
			}
			list = xrealloc(list, cnt + 1, sizeof(*list));
			list[cnt] = xmalloc(e - lo);
			memcpy(list[cnt], longnames + lo, e - lo - 1);
			list[cnt][e - lo - 1] = '\0';
			cnt++;
		} else {
			const char *slash = memchr(h, '/', 16);
			size_t nl = slash ? (size_t)(slash - h) : 16;

			while (nl && h[nl - 1] == ' ')
				nl--;
			list = xrealloc(list, cnt + 1, sizeof(*list));
			list[cnt] = xmalloc(nl + 1);
			memcpy(list[cnt], h, nl);
			list[cnt][nl] = '\0';
			cnt++;
		}
		off += data_len + (data_len & 1);
	}
	free(buf);
	*members = list;
	*n = cnt;
	return 0;

out_free:
	while (cnt)
		free(list[--cnt]);
	free(list);
	free(buf);
	return -1;
}

/* ---- Makefile rules ------------------------------------------------ */

struct rule {
	char *target;		/* "foo.o" or "sub/dir/", relative */
	char *cond;		/* "CONFIG_X" or "y" */
};

struct comp {
	char *name;		/* composite object without ".o" */
	char *part;		/* "part.o", relative */
	char *cond;
};

struct kdir {
	struct rule *rules;
	size_t nrules;
	struct comp *comps;
	size_t ncomps;
};

struct kbuild {
	char *srctree;
	struct strmap dirs;	/* relative dir -> index into kd */
	struct kdir *kd;
	size_t nkd;
	char **var_names, **var_vals;	/* kbuild_set_var(): BITS, SRCARCH */
	size_t nvars;
	struct strmap conds;	/* interned "CONFIG_X" strings */
	char **cond_strs;
	size_t ncond_strs;
};

static const char *intern(struct kbuild *kb, const char *s)
{
	long *v = strmap_slot(&kb->conds, s);

	if (*v < 0) {
		kb->cond_strs = xrealloc(kb->cond_strs, kb->ncond_strs + 1,
					 sizeof(*kb->cond_strs));
		kb->cond_strs[kb->ncond_strs] = xstrdup(s);
		*v = kb->ncond_strs++;
	}
	return kb->cond_strs[*v];
}

/* first CONFIG_[A-Za-z0-9_]+ inside s, or NULL */
static char *config_in(const char *s, size_t len)
{
	const char *p;
	size_t i;

	for (i = 0; i + 7 <= len; i++) {
		if (strncmp(s + i, "CONFIG_", 7))
			continue;
		p = s + i + 7;
		while (p < s + len && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		if (p == s + i + 7)
			continue;
		return strndup(s + i, p - (s + i));
	}
	return NULL;
}

/* simple NAME := words variables of the Makefile being parsed */
struct vars {
	char **names, **vals;
	size_t n;
};

static const char *var_get(const struct kbuild *kb, const struct vars *lv,
			   const char *name, size_t len)
{
	size_t i;

	for (i = lv->n; i-- > 0;)
		if (strlen(lv->names[i]) == len &&
		    !strncmp(lv->names[i], name, len))
			return lv->vals[i];
	for (i = 0; i < kb->nvars; i++)
		if (strlen(kb->var_names[i]) == len &&
		    !strncmp(kb->var_names[i], name, len))
			return kb->var_vals[i];
	return NULL;
}

/*
 * Expand $(NAME) for known simple variables; anything else is left as
 * is, and the words still holding a '$' are skipped by the caller.
 */
static char *expand(const struct kbuild *kb, const struct vars *lv,
		    const char *in, int depth)
{
	size_t cap = strlen(in) + 1, n = 0;
	char *out = xmalloc(cap);
	const char *p = in;

	while (*p) {
		const char *val = NULL, *close = NULL;
		size_t add;

		if (p[0] == '$' && p[1] == '(') {
			close = strchr(p + 2, ')');
			if (close && depth < 4 &&
			    !memchr(p + 2, '$', close - p - 2))
				val = var_get(kb, lv, p + 2, close - p - 2);
		}
		if (val) {
			char *sub = expand(kb, lv, val, depth + 1);

			add = strlen(sub);
			out = xrealloc(out, cap + add, 1);
			cap += add;
			memcpy(out + n, sub, add);
			n += add;
			free(sub);
			p = close + 1;
			continue;
		}
		out[n++] = *p++;
	}
	out[n] = '\0';
	return out;
}

static void set_local_var(struct vars *lv, const char *name, const char *val,
			  bool append)
{
	size_t i;

	for (i = 0; i < lv->n; i++) {
		if (strcmp(lv->names[i], name))
			continue;
		if (append) {
			char *v = xasprintf("%s %s", lv->vals[i], val);

			free(lv->vals[i]);
			lv->vals[i] = v;
		} else {
			free(lv->vals[i]);
			lv->vals[i] = xstrdup(val);
		}
		return;
	}
	lv->names = xrealloc(lv->names, lv->n + 1, sizeof(*lv->names));
	lv->vals = xrealloc(lv->vals, lv->n + 1, sizeof(*lv->vals));
	lv->names[lv->n] = xstrdup(name);
	lv->vals[lv->n] = xstrdup(val);
	lv->n++;
}

static void free_vars(struct vars *lv)
{
	size_t i;

	for (i = 0; i < lv->n; i++) {
		free(lv->names[i]);
		free(lv->vals[i]);
	}
	free(lv->names);
	free(lv->vals);
}

static void kbuild_set_var(struct kbuild *kb, const char *name,
			   const char *val)
{
	kb->var_names = xrealloc(kb->var_names, kb->nvars + 1,
				 sizeof(*kb->var_names));
	kb->var_vals = xrealloc(kb->var_vals, kb->nvars + 1,
				sizeof(*kb->var_vals));
	kb->var_names[kb->nvars] = xstrdup(name);
	kb->var_vals[kb->nvars] = xstrdup(val);
	kb->nvars++;
}

void kbuild_set_arch(struct kbuild *kb, const struct fp_elf *ef)
{
	const char *arch = elf_machine_name(ef->e_machine);

	kbuild_set_var(kb, "BITS", ef->elfclass == ELFCLASS64 ? "64" : "32");
	if (!strcmp(arch, "x86_64") || !strcmp(arch, "i386"))
		arch = "x86";
	kbuild_set_var(kb, "SRCARCH", arch);
	kbuild_set_var(kb, "ARCH", arch);
}

struct cond_stack {
	char *c[64];		/* NULL: not a CONFIG condition */
	int n;
};

static const char *effective_cond(const struct cond_stack *st)
{
	int i;

	for (i = st->n - 1; i >= 0; i--)
		if (st->c[i])
			return st->c[i];
	return NULL;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* ifdef/ifeq/ifneq line -> the CONFIG option it requires, or NULL */
static char *parse_if(const char *kw, const char *rest)
{
	char *cfg = config_in(rest, strlen(rest));
	const char *comma;

	if (!cfg)
		return NULL;
	if (!strcmp(kw, "ifdef"))
		return cfg;
	if (!strcmp(kw, "ifndef"))
		goto out_neg;
	comma = strchr(rest, ',');
	if (!comma)
		goto out_neg;
	comma++;
	while (*comma == ' ')
		comma++;
	/* ifeq ($(CONFIG_X),y) / ifneq ($(CONFIG_X),) / ifneq (..., n) */
	if (!strcmp(kw, "ifeq") && (*comma == 'y' || *comma == 'm'))
		return cfg;
	if (!strcmp(kw, "ifneq") && (*comma == ')' || *comma == 'n'))
		return cfg;
out_neg:
	free(cfg);
	return NULL;
}

static const char *const not_composites[] = {
	"obj", "lib", "subdir", "always", "targets", "hostprogs", "userprogs",
	"extra", "ccflags", "asflags", "ldflags", "cppflags", "clean-files",
	"subdir-ccflags", "subdir-asflags", "real-obj", "multi-obj",
	"header-test", "no-clean-files", "tests", NULL
};

static void add_rule(struct kbuild *kb, struct kdir *d, const char *target,
		     const char *cond)
{
	d->rules = xrealloc(d->rules, d->nrules + 1, sizeof(*d->rules));
	d->rules[d->nrules].target = xstrdup(target);
	d->rules[d->nrules].cond = (char *)intern(kb, cond);
	d->nrules++;
}

static void add_comp(struct kbuild *kb, struct kdir *d, const char *name,
		     const char *part, const char *cond)
{
	d->comps = xrealloc(d->comps, d->ncomps + 1, sizeof(*d->comps));
	d->comps[d->ncomps].name = xstrdup(name);
	d->comps[d->ncomps].part = xstrdup(part);
	d->comps[d->ncomps].cond = (char *)intern(kb, cond);
	d->ncomps++;
}

static bool is_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static bool has_comp(const struct kdir *d, const char *name,
		     const char *part, const char *cond)
{
	size_t i;

	/* conds are interned: one string per option */
	for (i = 0; i < d->ncomps; i++)
		if (d->comps[i].cond == cond &&
		    !strcmp(d->comps[i].name, name) &&
		    !strcmp(d->comps[i].part, part))
			return true;
	return false;
}

/*
 * $(foo-y) / $(foo-objs) in a rule: Kbuild's idiom of a list chosen by
 * options (mm/Makefile: mmu-$(CONFIG_MMU) := memory.o ... obj-y +=
 * $(mmu-y)).  Each part is added with the nearer of the two options.
 *
 * Make expands the right-hand side with the lists as they stand before
 * the line, so only the parts known on entry are read: a list naming
 * itself (crypto/Makefile: crypto_algapi-y := algapi.o ...
 * $(crypto_algapi-y)) adds nothing, as its parts are already its own,
 * and lists naming each other add each (name, part, option) once, so
 * no Makefile makes the tables grow past what its text names.
 */
static void expand_lists(struct kbuild *kb, struct kdir *d, const char *rhs,
			 const char *comp_name, const char *cond)
{
	const size_t known = d->ncomps;
	const char *p = rhs;

	while ((p = strstr(p, "$("))) {
		const char *close = strchr(p, ')');
		size_t len, i, n;

		if (!close)
			return;
		len = close - (p + 2);
		if (len > 2 && !strncmp(close - 2, "-y", 2))
			n = len - 2;
		else if (len > 5 && !strncmp(close - 5, "-objs", 5))
			n = len - 5;
		else
			n = 0;
		if (n && comp_name && strlen(comp_name) == n &&
		    !strncmp(comp_name, p + 2, n))
			n = 0;		/* foo-y += $(foo-y) */
		for (i = 0; n && i < known; i++) {
			/* add_comp() moves d->comps: copy what we keep */
			const char *pc, *name = d->comps[i].name;
			char *part;

			if (strlen(name) != n || strncmp(name, p + 2, n))
				continue;
			pc = strcmp(d->comps[i].cond, "y") ?
				d->comps[i].cond : intern(kb, cond);
			part = xstrdup(d->comps[i].part);
			if (!comp_name)
				add_rule(kb, d, part, pc);
			else if (!has_comp(d, comp_name, part, pc))
				add_comp(kb, d, comp_name, part, pc);
			free(part);
		}
		p = close + 1;
	}
}

static void parse_assignment(struct kbuild *kb, struct kdir *d, char *line,
			     const struct cond_stack *st, struct vars *lv)
{
	char *op = NULL, *lhs, *rhs, *cfg = NULL, *name = NULL, *w, *save;
	char *expanded = NULL;
	bool append;
	const char *outer = effective_cond(st), *cond;
	int depth = 0;
	bool is_obj = false;
	size_t l;
	char *p;

	for (p = line; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (!depth && *p == '=') {
			op = p;
			break;
		}
	}
	if (!op)
		return;
	rhs = op + 1;
	append = op > line && op[-1] == '+';
	if (op > line && strchr("+:?", op[-1]))
		op--;
	*op = '\0';
	lhs = trim(line);
	l = strlen(lhs);

	/* FOO := a.o b.o, used later as obj-y += $(FOO) */
	if (is_identifier(lhs)) {
		char *v = expand(kb, lv, trim(rhs), 0);

		set_local_var(lv, lhs, v, append);
		free(v);
		return;
	}
	{
		char *e = expand(kb, lv, lhs, 0);

		lhs = expanded = e;
		l = strlen(lhs);
	}

	if (!strncmp(lhs, "obj-", 4) || !strncmp(lhs, "lib-", 4)) {
		const char *suf = lhs + 4;

		if (!strcmp(suf, "m") || !strcmp(suf, "n") || !*suf)
			goto out_free;
		is_obj = true;
		if (strcmp(suf, "y")) {
			cfg = config_in(suf, strlen(suf));
			if (!cfg)
				goto out_free;	/* obj-$(unknown) */
		}
	} else if (l > 2 && !strcmp(lhs + l - 2, "-y")) {
		name = strndup(lhs, l - 2);
	} else if (l > 5 && !strcmp(lhs + l - 5, "-objs")) {
		name = strndup(lhs, l - 5);
	} else if (l && lhs[l - 1] == ')' && (p = strstr(lhs, "-$("))) {
		char *last = p;

		while ((p = strstr(p + 1, "-$(")))
			last = p;
		cfg = config_in(last, strlen(last));
		if (!cfg)
			goto out_free;
		name = strndup(lhs, last - lhs);
	} else {
		goto out_free;
	}
	if (name) {
		const char *const *n;

		for (n = not_composites; *n; n++)
			if (!strcmp(name, *n))
				goto out_free;
		if (strchr(name, '$') || strchr(name, ' ') ||
		    !strncmp(name, "subdir", 6))
			goto out_free;
	}
	cond = cfg ? cfg : (outer ? outer : "y");
	expand_lists(kb, d, rhs, is_obj ? NULL : name, cond);
	rhs = expand(kb, lv, rhs, 0);
	for (w = strtok_r(rhs, " \t", &save); w; w = strtok_r(NULL, " \t",
							      &save)) {
		size_t wl = strlen(w);

		if (strchr(w, '$'))
			continue;
		while (!strncmp(w, "./", 2))
			w += 2, wl -= 2;
		if (is_obj && wl > 1 && (w[wl - 1] == '/' ||
					 !strcmp(w + wl - 2, ".o")))
			add_rule(kb, d, w, cond);
		else if (name && wl > 2 && !strcmp(w + wl - 2, ".o"))
			add_comp(kb, d, name, w, cond);
	}
	free(rhs);
out_free:
	free(expanded);
	free(cfg);
	free(name);
}

static void parse_makefile(struct kbuild *kb, struct kdir *d, char *text)
{
	struct cond_stack st = { .n = 0 };
	char *line = text, *next;
	struct vars lv = { NULL, NULL, 0 };

	/* join continuation lines in place */
	for (next = text; *next; next++) {
		if (next[0] == '\\' && next[1] == '\n')
			next[0] = next[1] = ' ';
	}
	for (; line && *line; line = next) {
		char *hash, *s, *kw;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		s = trim(line);
		if (!*s)
			continue;
		kw = s;
		if (!strncmp(s, "ifdef ", 6) || !strncmp(s, "ifndef ", 7) ||
		    !strncmp(s, "ifeq ", 5) || !strncmp(s, "ifneq ", 6) ||
		    !strncmp(s, "ifeq(", 5) || !strncmp(s, "ifneq(", 6)) {
			char *rest = s + strcspn(s, " (");

			kw = strndup(s, rest - s);
			if (st.n < (int)(sizeof(st.c) / sizeof(st.c[0])))
				st.c[st.n++] = parse_if(kw, rest);
			else
				st.n++;
			free(kw);
			continue;
		}
		if (!strncmp(s, "else", 4) && (!s[4] || isspace((unsigned char)s[4]))) {
			if (st.n > 0 && st.n <= 64) {
				free(st.c[st.n - 1]);
				st.c[st.n - 1] = NULL;
			}
			continue;
		}
		if (!strcmp(s, "endif")) {
			if (st.n > 0 && st.n <= 64)
				free(st.c[st.n - 1]);
			if (st.n > 0)
				st.n--;
			continue;
		}
		parse_assignment(kb, d, s, &st, &lv);
	}
	free_vars(&lv);
	while (st.n > 0) {
		if (st.n <= 64)
			free(st.c[st.n - 1]);
		st.n--;
	}
}

static struct kdir *load_dir(struct kbuild *kb, const char *dir)
{
	long *slot = strmap_slot(&kb->dirs, dir);
	const char *const files[] = { "Kbuild", "Makefile" };
	struct kdir *d;
	size_t i, len;

	if (*slot >= 0)
		return &kb->kd[*slot];
	kb->kd = xrealloc(kb->kd, kb->nkd + 1, sizeof(*kb->kd));
	*slot = kb->nkd;
	d = &kb->kd[kb->nkd++];
	memset(d, 0, sizeof(*d));
	/* Kbuild's kbuild-file: Kbuild wins over Makefile */
	for (i = 0; i < 2; i++) {
		char *path = xasprintf("%s%s%s/%s", kb->srctree,
				       *dir ? "/" : "", dir, files[i]);
		char *text = fp_read_file(path, &len);

		free(path);
		if (text) {
			parse_makefile(kb, d, text);
			free(text);
			break;
		}
	}
	return d;
}

struct kbuild *kbuild_new(const char *srctree)
{
	struct kbuild *kb = xcalloc(1, sizeof(*kb));

	kb->srctree = xstrdup(srctree);
	strmap_init(&kb->dirs);
	strmap_init(&kb->conds);
	return kb;
}

void kbuild_free(struct kbuild *kb)
{
	size_t i, j;

	if (!kb)
		return;
	for (i = 0; i < kb->nkd; i++) {
		for (j = 0; j < kb->kd[i].nrules; j++)
			free(kb->kd[i].rules[j].target);
		for (j = 0; j < kb->kd[i].ncomps; j++) {
			free(kb->kd[i].comps[j].name);
			free(kb->kd[i].comps[j].part);
		}
		free(kb->kd[i].rules);
		free(kb->kd[i].comps);
	}
	for (i = 0; i < kb->ncond_strs; i++)
		free(kb->cond_strs[i]);
	for (i = 0; i < kb->nvars; i++) {
		free(kb->var_names[i]);
		free(kb->var_vals[i]);
	}
	free(kb->var_names);
	free(kb->var_vals);
	free(kb->cond_strs);
	free(kb->kd);
	strmap_free(&kb->dirs);
	strmap_free(&kb->conds);
	free(kb->srctree);
	free(kb);
}

/* cond of the rule naming target in d: "y" beats options (always built) */
static const char *rule_cond(const struct kdir *d, const char *target)
{
	const char *found = NULL;
	size_t i;

	for (i = 0; i < d->nrules; i++) {
		if (strcmp(d->rules[i].target, target))
			continue;
		if (!strcmp(d->rules[i].cond, "y"))
			return "y";
		if (!found)
			found = d->rules[i].cond;
	}
	return found;
}

static const char *object_cond(const struct kdir *d, const char *rel)
{
	const char *c = rule_cond(d, rel);
	size_t i;

	if (c)
		return c;
	for (i = 0; i < d->ncomps; i++) {
		char *whole;
		const char *oc;

		if (strcmp(d->comps[i].part, rel))
			continue;
		whole = xasprintf("%s.o", d->comps[i].name);
		oc = rule_cond(d, whole);
		free(whole);
		if (!oc)
			continue;	/* a composite of a module, or a test */
		/* the nearer option, foo-$(CONFIG_Y), wins over obj-$(X) */
		return strcmp(d->comps[i].cond, "y") ? d->comps[i].cond : oc;
	}
	return NULL;
}

/* parent directory of dir in place ("a/b" -> "a", "a" -> "") */
static void up(char *dir)
{
	char *s = strrchr(dir, '/');

	if (s)
		*s = '\0';
	else
		*dir = '\0';
}

const char *kbuild_gate(struct kbuild *kb, const char *objpath)
{
	const char *cond = NULL, *res = "(built-in)";
	char *dir, *cur, *anc;
	size_t dl;

	while (!strncmp(objpath, "./", 2))
		objpath += 2;
	dir = xstrdup(objpath);
	up(dir);
	for (;;) {
		dl = strlen(dir);
		cond = object_cond(load_dir(kb, dir), objpath + (dl ? dl + 1 : 0));
		if (cond || !dl)
			break;
		up(dir);
	}
	if (!cond) {
		free(dir);
		return NULL;
	}
	if (strcmp(cond, "y")) {
		free(dir);
		return cond;
	}
	/* obj-y: the nearest obj-$(CONFIG_X) += dir/ on the way up decides */
	cur = dir;
	anc = xstrdup(cur);
	while (*cur) {
		bool found = false;

		strcpy(anc, cur);
		do {
			char *rel;
			const char *c;

			up(anc);
			dl = strlen(anc);
			rel = xasprintf("%s/", cur + (dl ? dl + 1 : 0));
			c = rule_cond(load_dir(kb, anc), rel);
			free(rel);
			if (c) {
				if (strcmp(c, "y")) {
					res = c;
					goto out_done;
				}
				strcpy(cur, anc);
				found = true;
				break;
			}
		} while (*anc);
		if (!found)
			break;
	}
out_done:
	free(anc);
	free(dir);
	return res;
}

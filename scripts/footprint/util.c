// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - allocation that dies on failure, git-style errors, a string map
 *          and a string arena
 *
 * Usage: linked into footprint (and the fuzz harness); see footprint.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libfootprint.h"

const char *progname = "footprint";

static char errbuf[512];

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: error: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: warning: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
}

const char *last_error(void)
{
	return errbuf[0] ? errbuf : "unknown error";
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		die("out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

/* uninitialised, for arrays every element of which is written before use */
void *xmalloc_array(size_t nmemb, size_t size)
{
	return xrealloc(NULL, nmemb, size);
}

void *xrealloc(void *p, size_t nmemb, size_t size)
{
	uint64_t n;

	if (!mul_ok(nmemb, size, &n) || n > SIZE_MAX)
		die("out of memory (%zu x %zu bytes)", nmemb, size);
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

/* FNV-1a: good enough spread for symbol names, and deterministic */
uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	m->cap = 64;
	m->n = 0;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	m->hashes = xcalloc(m->cap, sizeof(*m->hashes));
	m->names.blocks = NULL;
	m->names.used = 0;
}

/*
 * Strings live in 64 KiB blocks, freed together: a vmlinux has 10^5 names
 * and one malloc and free each was a tenth of `footprint diff`'s time.
 */
#define ARENA_BLOCK 65536

const char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t len = n + 1;
	char *p;

	if (len > ARENA_BLOCK / 4) {
		/* big strings get a block of their own, kept on the list */
		char **blk = xmalloc(sizeof(char *) + len);

		*blk = a->blocks;
		a->blocks = (char *)blk;
		p = (char *)(blk + 1);
	} else {
		if (!a->blocks || a->used + len > ARENA_BLOCK) {
			char **blk = xmalloc(sizeof(char *) + ARENA_BLOCK);

			*blk = a->blocks;
			a->blocks = (char *)blk;
			a->used = 0;
		}
		p = a->blocks + sizeof(char *) + a->used;
		a->used += len;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_free(struct arena *a)
{
	while (a->blocks) {
		char *next = *(char **)a->blocks;

		free(a->blocks);
		a->blocks = next;
	}
	a->used = 0;
}

void strmap_free(struct strmap *m)
{
	arena_free(&m->names);
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	m->keys = NULL;
	m->vals = NULL;
	m->hashes = NULL;
	m->cap = m->n = 0;
}

/* the slot of key, or the empty slot where it belongs */
static size_t strmap_find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void strmap_grow(struct strmap *m)
{
	struct strmap bigger;
	size_t i, j;

	bigger.cap = m->cap * 2;
	bigger.n = m->n;
	bigger.names = m->names;
	bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
	bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
	bigger.hashes = xcalloc(bigger.cap, sizeof(*bigger.hashes));
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		j = m->hashes[i] & (bigger.cap - 1);
		while (bigger.keys[j])
			j = (j + 1) & (bigger.cap - 1);
		bigger.keys[j] = m->keys[i];
		bigger.vals[j] = m->vals[i];
		bigger.hashes[j] = m->hashes[i];
	}
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	*m = bigger;
}

long *strmap_slot_key(struct strmap *m, const char *key, const char **stored)
{
	uint64_t h = hash_str(key);
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		strmap_grow(m);
	i = strmap_find(m, key, h);
	if (!m->keys[i]) {
		m->keys[i] = (char *)arena_strndup(&m->names, key,
						   strlen(key));
		m->hashes[i] = h;
		m->vals[i] = -1;
		m->n++;
	}
	if (stored)
		*stored = m->keys[i];
	return &m->vals[i];
}

long *strmap_slot(struct strmap *m, const char *key)
{
	return strmap_slot_key(m, key, NULL);
}

long strmap_get(const struct strmap *m, const char *key)
{
	size_t i = strmap_find(m, key, hash_str(key));

	return m->keys[i] ? m->vals[i] : -1;
}

bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/*
 * The whole file, NUL-terminated, its length in *len (if len is not NULL);
 * NULL with errno set when it cannot be read.
 */
char *fp_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 8192, n = 0, got;
	char *buf;

	if (!f)
		return NULL;
	buf = xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1, 1);
		}
	}
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		free(buf);
		errno = saved;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

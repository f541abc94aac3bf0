// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - a small streaming JSON writer: fixed key order, same bytes out
 *
 * Usage: json_begin(&j, stdout); json_obj_open(&j, NULL);
 *        json_u64(&j, "text", n); json_obj_close(&j); json_end(&j);
 */
#include <math.h>

#include "libfootprint.h"

#define MAX_DEPTH ((int)(sizeof(((struct json *)0)->first)))

static void indent(struct json *j)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)	/* keep it ASCII, valid */
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* comma, newline, indentation and "key": before every value */
static void prefix(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first[j->depth - 1])
			fputc(',', j->f);
		j->first[j->depth - 1] = false;
		indent(j);
	}
	if (key) {
		put_string(j->f, key);
		fputs(": ", j->f);
	}
}

void json_begin(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
}

void json_end(struct json *j)
{
	fputc('\n', j->f);
}

static void open_(struct json *j, const char *key, char c)
{
	prefix(j, key);
	fputc(c, j->f);
	if (j->depth >= MAX_DEPTH)
		die("JSON nesting too deep");
	j->first[j->depth++] = true;
}

static void close_(struct json *j, char c)
{
	bool empty = j->first[--j->depth];

	if (!empty)
		indent(j);
	fputc(c, j->f);
}

void json_obj_open(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_obj_close(struct json *j)
{
	close_(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_arr_close(struct json *j)
{
	close_(j, ']');
}

void json_str(struct json *j, const char *key, const char *val)
{
	prefix(j, key);
	put_string(j->f, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	prefix(j, key);
	fprintf(j->f, "%llu", (unsigned long long)val);
}

void json_i64(struct json *j, const char *key, int64_t val)
{
	prefix(j, key);
	fprintf(j->f, "%lld", (long long)val);
}

void json_bool(struct json *j, const char *key, bool val)
{
	prefix(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	prefix(j, key);
	fputs("null", j->f);
}

void json_double(struct json *j, const char *key, double val)
{
	prefix(j, key);
	if (isfinite(val))
		fprintf(j->f, "%.4f", val);
	else
		fputs("null", j->f);
}

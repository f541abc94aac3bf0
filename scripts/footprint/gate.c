// SPDX-License-Identifier: GPL-2.0
/*
 * gate.c - `footprint gate`: fail when a vmlinux is over its size budget
 *
 * Usage: footprint gate --budget FILE [--baseline OLD] [--json] VMLINUX
 *
 * Budget file (configs/budgets/README has the same text):
 *
 *   # comment                    blank lines and comments are ignored
 *   tolerance 1%                 default tolerance of the lines below it
 *   text      4400000            CLASS LIMIT [TOLERANCE]
 *   rodata    2M       +0.5%     LIMIT in bytes, K/M/G suffixes are KiB..
 *   resident  24M
 *
 * CLASS is one of text rodata data bss init padding percpu resident.  A
 * class is over budget when actual > LIMIT * (1 + TOLERANCE / 100).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "footprint.h"

struct budget {
	const char *key;
	uint64_t limit;
	double tol;		/* percent */
	unsigned int line;
};

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'K': case 'k':
		mult = 1024, end++;
		break;
	case 'M': case 'm':
		mult = 1024 * 1024, end++;
		break;
	case 'G': case 'g':
		mult = 1024ULL * 1024 * 1024, end++;
		break;
	}
	if (*end || !mul_ok(v, mult, out))
		return -1;
	return 0;
}

static int parse_percent(const char *s, double *out)
{
	char *end;

	if (*s == '+')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	*out = strtod(s, &end);
	if (strcmp(end, "%") || !isfinite(*out) || *out > 1000)
		return -1;
	return 0;
}

static int load_budget(const char *path, struct budget **out, size_t *nout)
{
	FILE *f = fopen(path, "r");
	struct budget *b = NULL;
	double deftol = 0;
	unsigned int lineno = 0;
	char line[512];
	size_t n = 0;

	if (!f) {
		set_error("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *w[4], *save, *hash = strchr(line, '#');
		const char *key = NULL;
		bool found;
		int nw = 0, k;

		lineno++;
		if (hash)
			*hash = '\0';
		for (w[0] = strtok_r(line, " \t\r\n", &save); w[nw] && nw < 3;
		     w[++nw] = strtok_r(NULL, " \t\r\n", &save))
			;
		if (!nw)
			continue;
		if (nw == 3 && w[3]) {
			set_error("'%s':%u: too many fields", path, lineno);
			goto out_fail;
		}
		if (!strcmp(w[0], "tolerance")) {
			if (nw != 2 || parse_percent(w[1], &deftol)) {
				set_error("'%s':%u: expected 'tolerance N%%'",
					  path, lineno);
				goto out_fail;
			}
			continue;
		}
		found = false;
		for (k = 0; total_keys[k]; k++)
			if (!strcmp(w[0], total_keys[k])) {
				key = total_keys[k];
				found = true;
			}
		if (!found) {
			set_error("'%s':%u: unknown class '%s'", path, lineno,
				  w[0]);
			goto out_fail;
		}
		b = xrealloc(b, n + 1, sizeof(*b));
		b[n].key = key;
		b[n].line = lineno;
		b[n].tol = deftol;
		if (nw < 2 || parse_size(w[1], &b[n].limit)) {
			set_error("'%s':%u: bad size '%s'", path, lineno,
				  nw < 2 ? "" : w[1]);
			goto out_fail;
		}
		if (nw == 3 && parse_percent(w[2], &b[n].tol)) {
			set_error("'%s':%u: bad tolerance '%s'", path, lineno,
				  w[2]);
			goto out_fail;
		}
		n++;
	}
	if (ferror(f)) {
		set_error("cannot read '%s': %s", path, strerror(errno));
		goto out_fail;
	}
	fclose(f);
	if (!n) {
		set_error("'%s': no budget lines", path);
		free(b);
		return -1;
	}
	*out = b;
	*nout = n;
	return 0;

out_fail:
	fclose(f);
	free(b);
	return -1;
}

static uint64_t allowed(const struct budget *b)
{
	double a = (double)b->limit * (1.0 + b->tol / 100.0);

	return a >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)a;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: footprint gate --budget FILE [--baseline OLD] [--json] VMLINUX\n"
		"\n"
		"Check the footprint classes of VMLINUX against a budget file\n"
		"(lines 'CLASS LIMIT [+TOL%%]', see footprint(1)).  With --baseline,\n"
		"say which classes and symbols grew since OLD.\n"
		"\n"
		"Exit status: 0 within budget, 1 over budget, 2 usage or input error.\n");
}

#define TOP_GROWERS 10

int cmd_gate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "budget", required_argument, NULL, 'b' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *budget_path = NULL, *baseline = NULL, *file;
	struct fp_image img, base;
	struct bom_result r;
	struct budget *b;
	size_t nb, i, over = 0, shown;
	bool json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "b:B:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			budget_path = optarg;
			break;
		case 'B':
			baseline = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!budget_path || argc - optind != 1) {
		fprintf(stderr, "%s: error: gate needs --budget FILE and one VMLINUX\n",
			progname);
		usage(stderr);
		return EXIT_USAGE;
	}
	file = argv[optind];
	if (load_budget(budget_path, &b, &nb))
		die("%s", last_error());
	if (image_load_totals(file, &img))
		die("%s", last_error());
	if (baseline) {
		if (image_load_totals(baseline, &base))
			die("%s", last_error());
		bom_compute(&base.elf, &img.elf, &r);
	}
	for (i = 0; i < nb; i++)
		if (totals_get(&img.tot, b[i].key, NULL) > allowed(&b[i]))
			over++;

	if (json) {
		struct json j;

		json_begin(&j, stdout);
		json_obj_open(&j, NULL);
		json_str(&j, "file", file);
		json_str(&j, "budget", budget_path);
		json_str(&j, "result", over ? "over" : "ok");
		json_arr_open(&j, "budgets");
		for (i = 0; i < nb; i++) {
			uint64_t act = totals_get(&img.tot, b[i].key, NULL);

			json_obj_open(&j, NULL);
			json_str(&j, "class", b[i].key);
			json_u64(&j, "actual", act);
			json_u64(&j, "limit", b[i].limit);
			json_double(&j, "tolerance_percent", b[i].tol);
			json_u64(&j, "allowed", allowed(&b[i]));
			json_i64(&j, "margin", (int64_t)allowed(&b[i]) -
				 (int64_t)act);
			json_str(&j, "status", act > allowed(&b[i]) ?
				 "over" : "ok");
			json_obj_close(&j);
		}
		json_arr_close(&j);
		if (baseline) {
			json_obj_open(&j, "baseline");
			json_str(&j, "file", baseline);
			json_class_deltas(&j, &base.tot, &img.tot);
			json_arr_open(&j, "grown_symbols");
			for (i = 0, shown = 0; i < r.n && shown < TOP_GROWERS;
			     i++) {
				if (r.e[i].delta <= 0)
					break;
				json_obj_open(&j, NULL);
				json_str(&j, "name", r.e[i].name);
				json_i64(&j, "delta", r.e[i].delta);
				json_obj_close(&j);
				shown++;
			}
			json_arr_close(&j);
			json_obj_close(&j);
		}
		json_obj_close(&j);
		json_end(&j);
	} else {
		printf("gate: %s: %zu of %zu budgets exceeded (%s)\n",
		       over ? "FAIL" : "PASS", over, nb, budget_path);
		printf("%-10s %12s %12s %9s %12s  %s\n", "class", "actual",
		       "limit", "tolerance", "margin", "status");
		for (i = 0; i < nb; i++) {
			uint64_t act = totals_get(&img.tot, b[i].key, NULL);

			printf("%-10s %12llu %12llu %8.2f%% %+12lld  %s\n",
			       b[i].key, (unsigned long long)act,
			       (unsigned long long)b[i].limit, b[i].tol,
			       (long long)allowed(&b[i]) - (long long)act,
			       act > allowed(&b[i]) ? "OVER" : "ok");
		}
		for (i = 0; i < nb; i++) {
			uint64_t act = totals_get(&img.tot, b[i].key, NULL);

			if (act <= allowed(&b[i]))
				continue;
			printf("%s: %s is over budget by %llu bytes (%+.2f%% of the limit %llu)\n",
			       progname, b[i].key,
			       (unsigned long long)(act - allowed(&b[i])),
			       b[i].limit ? ((double)act - (double)b[i].limit) *
			       100.0 / (double)b[i].limit : 0.0,
			       (unsigned long long)b[i].limit);
		}
		if (baseline) {
			printf("\nchanges since %s:\n", baseline);
			print_class_deltas(stdout, &base.tot, &img.tot);
			printf("\ngrown symbols (top %d):\n", TOP_GROWERS);
			for (i = 0, shown = 0; i < r.n && shown < TOP_GROWERS;
			     i++) {
				if (r.e[i].delta <= 0)
					break;
				printf("%+10lld  %s\n",
				       (long long)r.e[i].delta, r.e[i].name);
				shown++;
			}
			if (!shown)
				printf("  (none)\n");
		}
	}
	if (baseline) {
		bom_free(&r);
		image_free(&base);
	}
	image_free(&img);
	free(b);
	return over ? EXIT_CHECK_FAILED : 0;
}

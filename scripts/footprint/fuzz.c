// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - libFuzzer harness for footprint's ELF reader and classifier
 *
 * Usage: make fuzz-footprint FUZZ_TIME=600   (clang, ASan + UBSan)
 *
 * Each input is parsed as an ELF file from memory, classified, and, when
 * that succeeds, compared with itself the way `footprint diff` does, and
 * read through the raw view the candidate finder uses (every symbol, every
 * relocation); bad input must come back as an error, never as a crash or
 * sanitizer report.
 */
#include <stdlib.h>
#include <string.h>

#include "libfootprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* what objscan.c does with the raw view: follow each relocation */
static void walk_raw(const struct fp_elf *ef)
{
	size_t i, k, n, sum = 0;

	for (i = 1; i < ef->nrawsyms; i++)
		sum += strlen(ef->rawsyms[i].name);
	for (i = 1; i < ef->nsecs; i++) {
		const struct fp_sec *s = &ef->secs[i];

		n = elf_nrelocs(ef, s);
		for (k = 0; k < n; k++) {
			struct fp_rel r;
			const char *p;

			elf_reloc(ef, s, k, &r);
			if (r.sym < ef->nrawsyms && ef->rawsyms[r.sym].name)
				sum += ef->rawsyms[r.sym].name[0];
			if (s->info < ef->nsecs) {
				p = elf_string(ef, &ef->secs[s->info], r.offset);
				if (p)
					sum += strlen(p);
			}
		}
	}
	/* keep the reads from being optimised away */
	__asm__ volatile("" : : "r"(sum));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size heap copy, so ASan sees every overread */
	unsigned char *buf = malloc(size ? size : 1);
	struct fp_image img;
	struct bom_result r;
	size_t i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (!image_load_mem("fuzz", buf, size, &img)) {
		for (i = 0; i < img.elf.nsyms; i++)
			(void)elf_nm_type(&img.elf, &img.elf.syms[i]);
		bom_compute(&img.elf, &img.elf, &r);
		bom_free(&r);
		if (!elf_load_raw(&img.elf))
			walk_raw(&img.elf);
		image_free(&img);
	}
	free(buf);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - libFuzzer harness for footprint's ELF reader and classifier
 *
 * Usage: make fuzz-footprint FUZZ_TIME=600   (clang, ASan + UBSan)
 *
 * Each input is parsed as an ELF file from memory, classified, and, when
 * that succeeds, compared with itself the way `footprint diff` does; bad
 * input must come back as an error, never as a crash or sanitizer report.
 */
#include <stdlib.h>
#include <string.h>

#include "libfootprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		image_free(&img);
	}
	free(buf);
	return 0;
}

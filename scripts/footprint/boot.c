// SPDX-License-Identifier: GPL-2.0
/*
 * boot.c - what the kernel frees of its own image at boot, and what stays
 *
 * Usage: image_load() calls boot_layout(img) for a vmlinux; then
 *        img->tot.kept, img->boot.freed[], img->boot.holes[]
 *
 * The image is [_text, __end_of_kernel_reserve), the range setup_arch()
 * reserves.  The boot gives some of it back; on x86-64 (6.12) these are,
 * by the boundary symbols of vmlinux.lds.S, each with its boot log line
 * "Freeing <what> memory: NK":
 *
 *   unused kernel image (initmem)  [__init_begin, __init_end)
 *   SMP alternatives               [__smp_locks, __smp_locks_end)
 *   unused decrypted               [__start_bss_decrypted_unused,
 *                                   __end_bss_decrypted), AMD_MEM_ENCRYPT
 *   ... (text/rodata gap)          [_etext, __start_rodata), page-rounded
 *   ... (rodata/data gap)          [__end_rodata, _sdata), page-rounded
 *
 * and, on a kernel with the x86/mm patches of the series, which name the
 * ends of the alignment padding (each patch adds the symbols its rule
 * needs, so each rule applies only where its patch is):
 *
 *   ... (bss padding)              [__end_bss_main, __start_bss_decrypted)
 *   ... (entry text padding)       [__entry_text_pad_start,
 *                                   __entry_text_start & PMD_MASK)
 *   ... (entry PMD padding)        [__entry_text_end, __rethunk_safe_start)
 *                                  [__rethunk_safe_end, the PMD's end)
 *                                  only while PTI is not active
 *
 * The gaps are freed by mark_rodata_ro(), so not with rodata=off; the SMP
 * alternatives stay on a kernel patched for one CPU that may hotplug more.
 * Kept after boot is the image minus what is freed.  The padding runs of
 * image.c that the boot does not free are the kept holes, named by the
 * boundary they align to.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "libfootprint.h"

#define PAGE_SZ		4096ULL
#define PMD_SZ		(2ULL << 20)

enum {
	S_INIT_BEGIN, S_INIT_END, S_SMP_LOCKS, S_SMP_LOCKS_END, S_ETEXT,
	S_START_RODATA, S_END_RODATA, S_SDATA, S_DEC_UNUSED, S_END_DEC,
	S_FREE_DEC, S_PAD_START, S_ENTRY_END, S_SRSO_START,
	S_SRSO_END, S_BSS_PAD, S_START_DEC, S_ENTRY_START,
	S_SRSO_UNTRAIN, S_SRSO_SAFE_RET, S_BSS_STOP, NR_BOOT_SYMS
};

static const char *const boot_syms[NR_BOOT_SYMS + 1] = {
	[S_INIT_BEGIN] = "__init_begin",
	[S_INIT_END] = "__init_end",
	[S_SMP_LOCKS] = "__smp_locks",
	[S_SMP_LOCKS_END] = "__smp_locks_end",
	[S_ETEXT] = "_etext",
	[S_START_RODATA] = "__start_rodata",
	[S_END_RODATA] = "__end_rodata",
	[S_SDATA] = "_sdata",
	[S_DEC_UNUSED] = "__start_bss_decrypted_unused",
	[S_END_DEC] = "__end_bss_decrypted",
	[S_FREE_DEC] = "mem_encrypt_free_decrypted_mem",
	[S_PAD_START] = "__entry_text_pad_start",
	[S_ENTRY_END] = "__entry_text_end",
	[S_SRSO_START] = "__rethunk_safe_start",
	[S_SRSO_END] = "__rethunk_safe_end",
	[S_BSS_PAD] = "__end_bss_main",
	[S_START_DEC] = "__start_bss_decrypted",
	[S_ENTRY_START] = "__entry_text_start",
	[S_SRSO_UNTRAIN] = "srso_alias_untrain_ret",
	[S_SRSO_SAFE_RET] = "srso_alias_safe_ret",
	[S_BSS_STOP] = "__bss_stop",
};

/* why a hole is there, by the boundary symbol it ends at */
static const struct {
	int sym;
	const char *why;
} reasons[] = {
	{ S_SRSO_UNTRAIN, "entry text PMD alignment (PTI maps it by PMD)" },
	{ S_ENTRY_START, "entry text PMD alignment (PTI maps it by PMD)" },
	{ S_SRSO_START, "SRSO alias thunks at a fixed offset in the entry PMD" },
	{ S_SRSO_SAFE_RET, "SRSO alias thunks at a fixed offset in the entry PMD" },
	{ S_ETEXT, "end of the entry text PMD" },
	{ S_START_RODATA, "rodata 2M alignment" },
	{ S_SDATA, "data 2M alignment" },
	{ S_START_DEC, "decrypted bss PMD alignment (AMD memory encryption)" },
	{ S_BSS_STOP, "decrypted bss PMD alignment (AMD memory encryption)" },
};

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
}

static void add_freed(struct fp_boot *b, const struct fp_image *img,
		      const char *what, uint64_t start, uint64_t end,
		      enum fp_freed_when when)
{
	struct fp_freed *f;

	start = page_up(start);
	end &= ~(PAGE_SZ - 1);
	if (start < img->img_start)
		start = img->img_start;
	if (end > img->img_end)
		end = img->img_end;
	if (start >= end)
		return;
	b->freed = xrealloc(b->freed, b->nfreed + 1, sizeof(*b->freed));
	f = &b->freed[b->nfreed++];
	f->start = start;
	f->end = end;
	f->what = what;
	f->when = when;
	if (when == FREED_ALWAYS)
		b->freed_pti += end - start;
	b->freed_bytes += end - start;
}

/* bytes of [a, e) that the freed ranges of kind <= when cover */
static uint64_t freed_in(const struct fp_boot *b, uint64_t a, uint64_t e,
			 enum fp_freed_when when)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < b->nfreed; i++) {
		uint64_t s = b->freed[i].start > a ? b->freed[i].start : a;
		uint64_t t = b->freed[i].end < e ? b->freed[i].end : e;

		if (b->freed[i].when <= when && t > s)
			n += t - s;
	}
	return n;
}

static void add_kept(struct fp_boot *b, uint64_t start, uint64_t end,
		     const struct fp_sym *const *s, bool no_pti)
{
	struct fp_kept_hole *h;
	size_t i;

	if (end - start < PAGE_SZ)
		return;
	b->holes = xrealloc(b->holes, b->nholes + 1, sizeof(*b->holes));
	h = &b->holes[b->nholes++];
	h->start = start;
	h->end = end;
	h->why = "alignment";
	h->before = NULL;
	h->freed_no_pti = no_pti;
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		const struct fp_sym *sym = s[reasons[i].sym];

		/* the hole ends at the symbol, or at the page it starts in */
		if (sym && (sym->value == end ||
			    (sym->value & ~(PAGE_SZ - 1)) == end)) {
			h->why = reasons[i].why;
			h->before = sym->name;
			break;
		}
	}
}

/*
 * The kept part of padding run [a, e): the pieces no freed range covers.
 * A piece freed only without PTI is listed too, marked, since it stays
 * on a host that runs PTI.
 */
static void kept_pieces(struct fp_boot *b, uint64_t a, uint64_t e,
			const struct fp_sym *const *s)
{
	while (a < e) {
		uint64_t next = e;
		int kind = -1;	/* -1 kept, else the freed range's when */
		size_t i;

		for (i = 0; i < b->nfreed; i++) {
			const struct fp_freed *f = &b->freed[i];

			if (f->start <= a && f->end > a) {
				kind = f->when;
				next = f->end < e ? f->end : e;
				break;
			}
			if (f->start > a && f->start < next)
				next = f->start;
		}
		if (kind < 0)
			add_kept(b, a, next, s, false);
		else if (kind == FREED_NO_PTI)
			add_kept(b, a, next, s, true);
		a = next;
	}
}

static int cmp_freed(const void *a, const void *b)
{
	const struct fp_freed *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static uint64_t val(const struct fp_sym *const *s, int k)
{
	return s[k] ? s[k]->value : 0;
}

static bool have(const struct fp_sym *const *s, int a, int e)
{
	return s[a] && s[e] && s[e]->value >= s[a]->value;
}

void boot_layout(struct fp_image *img)
{
	const struct fp_sym *s[NR_BOOT_SYMS];
	struct fp_boot *b = &img->boot;
	uint64_t pad_freed;
	size_t i;

	memset(b, 0, sizeof(*b));
	img->tot.kept = img->tot.image;
	if (img->elf.e_machine != EM_X86_64)
		return;
	elf_find_syms(&img->elf, boot_syms, s);
	if (!have(s, S_INIT_BEGIN, S_INIT_END))
		return;
	b->known = true;

	add_freed(b, img, "unused kernel image (initmem)", val(s, S_INIT_BEGIN),
		  val(s, S_INIT_END), FREED_ALWAYS);
	if (have(s, S_SMP_LOCKS, S_SMP_LOCKS_END))
		add_freed(b, img, "SMP alternatives", val(s, S_SMP_LOCKS),
			  val(s, S_SMP_LOCKS_END), FREED_ALWAYS);
	if (s[S_FREE_DEC] && have(s, S_DEC_UNUSED, S_END_DEC))
		add_freed(b, img, "unused decrypted", val(s, S_DEC_UNUSED),
			  val(s, S_END_DEC), FREED_ALWAYS);
	if (have(s, S_ETEXT, S_START_RODATA))
		add_freed(b, img, "unused kernel image (text/rodata gap)",
			  val(s, S_ETEXT), page_up(val(s, S_START_RODATA)),
			  FREED_ALWAYS);
	if (have(s, S_END_RODATA, S_SDATA))
		add_freed(b, img, "unused kernel image (rodata/data gap)",
			  val(s, S_END_RODATA), val(s, S_SDATA), FREED_ALWAYS);
	if (have(s, S_PAD_START, S_ENTRY_START))
		add_freed(b, img, "unused kernel image (entry text padding)",
			  val(s, S_PAD_START), val(s, S_ENTRY_START) & ~(PMD_SZ - 1),
			  FREED_ALWAYS);
	if (have(s, S_ENTRY_END, S_SRSO_START) &&
	    have(s, S_SRSO_START, S_SRSO_END)) {
		uint64_t pmd_end = (val(s, S_ENTRY_END) + PMD_SZ - 1) &
			~(PMD_SZ - 1);

		add_freed(b, img, "unused kernel image (entry PMD padding)",
			  val(s, S_ENTRY_END), val(s, S_SRSO_START),
			  FREED_NO_PTI);
		add_freed(b, img, "unused kernel image (entry PMD padding)",
			  val(s, S_SRSO_END), pmd_end, FREED_NO_PTI);
	}
	if (have(s, S_BSS_PAD, S_START_DEC))
		add_freed(b, img, "unused kernel image (bss padding)",
			  val(s, S_BSS_PAD), val(s, S_START_DEC), FREED_ALWAYS);

	if (b->nfreed > 1)
		qsort(b->freed, b->nfreed, sizeof(*b->freed), cmp_freed);
	for (i = 0; i < img->nholes; i++)
		kept_pieces(b, img->holes[i].start, img->holes[i].end, s);
	/* init and the SMP alternatives are content; the rest was padding */
	pad_freed = b->freed_bytes - freed_in(b, val(s, S_INIT_BEGIN),
					       val(s, S_INIT_END), FREED_ALWAYS);
	if (have(s, S_SMP_LOCKS, S_SMP_LOCKS_END))
		pad_freed -= freed_in(b, val(s, S_SMP_LOCKS),
				      val(s, S_SMP_LOCKS_END), FREED_ALWAYS);
	b->padding_kept = img->tot.padding > pad_freed ?
		img->tot.padding - pad_freed : 0;
	b->kept_pti = img->tot.image - b->freed_pti;
	img->tot.kept = img->tot.image - b->freed_bytes;
}

void boot_free(struct fp_boot *b)
{
	free(b->freed);
	free(b->holes);
	memset(b, 0, sizeof(*b));
}

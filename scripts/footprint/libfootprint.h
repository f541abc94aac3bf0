/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libfootprint.h - the footprint library (libfootprint.a): what the
 * footprint command, the candidate finder's symgraph and the fuzz
 * harness share
 *
 * elf.c     checked ELF access (every offset and size is untrusted), and
 *           the raw view of symbols and relocations
 * image.c   section classes (text, rodata, ...) and alignment padding
 * boot.c    what the boot frees of a vmlinux, and the holes that stay
 * kbuild.c  Kbuild objtree/srctree reading: thin archives, Makefile rules
 * attrib.c  symbol -> object matching, object/dir/config rollups
 * bom.c     bloat-o-meter compatible symbol deltas
 * json.c    a tiny deterministic JSON writer
 * util.c    xmalloc and friends, error reporting, string hash
 *
 * The commands (footprint's report, diff and gate) are not part of it:
 * footprint.h declares them for footprint.c's main().
 */
#ifndef LIBFOOTPRINT_H
#define LIBFOOTPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>

#define EXIT_CHECK_FAILED	1
#define EXIT_USAGE		2

/* ---- util.c -------------------------------------------------------- */

extern const char *progname;

void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xmalloc_array(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t hash_str(const char *s);
/* path is a directory / a regular file (symbolic links followed) */
bool is_dir(const char *path);
bool is_file(const char *path);
/* the whole file, NUL-terminated, its length in *len; NULL, errno set */
char *fp_read_file(const char *path, size_t *len);

/*
 * Error-returning code (the ELF reader, the parsers) records one message
 * here and returns -1, so the fuzz harness can drive it in-process; the
 * command line front end prints it and exits 2.
 */
void set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *last_error(void);

/* Overflow-checked arithmetic: false when the result does not fit. */
static inline bool add_ok(uint64_t a, uint64_t b, uint64_t *res)
{
	return !__builtin_add_overflow(a, b, res);
}

static inline bool mul_ok(uint64_t a, uint64_t b, uint64_t *res)
{
	return !__builtin_mul_overflow(a, b, res);
}

/* [off, off + len) lies inside a buffer of size size */
static inline bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	uint64_t end;

	return add_ok(off, len, &end) && end <= size;
}

/* Copies of strings, all freed at once (no malloc per string). */
struct arena {
	char *blocks;		/* a list of blocks, newest first */
	size_t used;		/* bytes used in the newest block */
};

/* a NUL-terminated copy of the n bytes at s; zero-initialise the arena */
const char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* A string table of names -> index, for interning and lookups. */
struct strmap {
	char **keys;
	long *vals;
	uint64_t *hashes;
	size_t cap, n;
	struct arena names;	/* the keys' storage */
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* returns a pointer to the value slot, inserting (value -1) when absent */
long *strmap_slot(struct strmap *m, const char *key);
/* the same, and *stored is the map's own copy of key (lives as long) */
long *strmap_slot_key(struct strmap *m, const char *key, const char **stored);
long strmap_get(const struct strmap *m, const char *key);

/* ---- elf.c --------------------------------------------------------- */

struct fp_sec {
	const char *name;
	uint64_t addr, size, offset, flags, align;
	uint32_t type;
	uint32_t link, info;	/* sh_link, sh_info: unchecked indexes */
	int cls;		/* enum fp_class, set by image.c */
};

struct fp_sym {
	const char *name;
	uint64_t value, size;
	uint32_t shndx;		/* resolved, SHN_XINDEX handled */
	uint8_t bind, type;
	int cls;		/* enum fp_class of the symbol's address */
	int obj;		/* index into the object table, -1 if none */
};

/*
 * The raw view (elf_load_raw): every symbol-table entry at its index,
 * undefined, section and file symbols too, as relocations name them.
 */
struct fp_rawsym {
	const char *name;
	uint64_t value, size;
	uint32_t shndx;		/* SHN_UNDEF if undefined; < nsecs, or an
				 * SHN_ABS/COMMON/processor value */
	uint8_t bind, type;
};

/* one relocation, the same for REL and RELA and both classes */
struct fp_rel {
	uint64_t offset;	/* in the section sh_info names (unchecked) */
	uint64_t sym;		/* index into rawsyms (unchecked) */
	uint32_t type;
	int64_t addend;		/* 0 for SHT_REL */
};

struct fp_elf {
	const char *path;
	unsigned char *map;	/* the whole file, private mapping */
	size_t size;
	bool mapped;		/* munmap (true) or free (false) */
	int elfclass;		/* ELFCLASS32 / ELFCLASS64 */
	uint16_t e_type, e_machine;
	struct fp_sec *secs;
	size_t nsecs;
	struct fp_sym *syms;	/* defined symbols only, index 0 dropped */
	size_t nsyms;
	char *names;		/* owned copy of every name used above */
	struct fp_rawsym *rawsyms;	/* elf_load_raw(); [0] is all zero */
	size_t nrawsyms;
};

int elf_open(const char *path, struct fp_elf *ef);
int elf_parse(const char *path, unsigned char *buf, size_t size,
	      struct fp_elf *ef);
void elf_close(struct fp_elf *ef);
const char *elf_machine_name(uint16_t machine);
/* bytes of a section's contents, NULL for NOBITS or when out of range */
const unsigned char *elf_sec_data(const struct fp_elf *ef,
				  const struct fp_sec *s);
/* the NUL-terminated string at off in section s, NULL if there is none */
const char *elf_string(const struct fp_elf *ef, const struct fp_sec *s,
		       uint64_t off);
/*
 * Fill ef->rawsyms from the first symbol table (none: nrawsyms 0), every
 * name and section index checked; -1 and set_error() on a bad entry.
 */
int elf_load_raw(struct fp_elf *ef);
/* entries of a SHT_REL or SHT_RELA section s; 0 for others or bad ones */
size_t elf_nrelocs(const struct fp_elf *ef, const struct fp_sec *s);
/* relocation i < elf_nrelocs(ef, s) of s */
void elf_reloc(const struct fp_elf *ef, const struct fp_sec *s, size_t i,
	       struct fp_rel *r);
/*
 * Look the NULL-terminated names up in one pass over the symbol table:
 * out[k] is the first symbol called names[k], or NULL.
 */
void elf_find_syms(const struct fp_elf *ef, const char *const *names,
		   const struct fp_sym **out);
/* nm(1)'s one-letter symbol type, as bfd_decode_symclass computes it */
char elf_nm_type(const struct fp_elf *ef, const struct fp_sym *s);

/* ---- image.c ------------------------------------------------------- */

enum fp_class {
	CL_TEXT, CL_RODATA, CL_DATA, CL_BSS, CL_INIT,
	CL_PERCPU,		/* per-CPU template, copied for each CPU */
	CL_NONE,		/* not loaded, discarded or outside the image */
	NR_CLASSES
};

/* the classes that make up the resident size, in report order */
#define NR_SIZE_CLASSES	5

extern const char *const class_names[NR_CLASSES];

struct fp_totals {
	uint64_t cls[NR_CLASSES];	/* CL_NONE unused */
	uint64_t padding;
	uint64_t resident;		/* text + rodata + data + bss */
	uint64_t image;			/* bytes from image start to end */
	uint64_t kept;			/* image minus what the boot frees */
};

struct fp_hole {
	uint64_t start, end;
};

/* ---- boot.c: what the kernel frees of its image at boot ------------ */

enum fp_freed_when {
	FREED_ALWAYS,		/* every boot (with rodata on) */
	FREED_NO_PTI,		/* only while PTI is not active */
};

struct fp_freed {
	uint64_t start, end;
	const char *what;	/* the boot log's "Freeing ..." name */
	enum fp_freed_when when;
};

struct fp_kept_hole {
	uint64_t start, end;
	const char *why;	/* what the alignment is for */
	const char *before;	/* the boundary symbol at its end, or NULL */
	bool freed_no_pti;	/* the part kept only while PTI is active */
};

struct fp_boot {
	bool known;		/* the architecture's rules are known */
	struct fp_freed *freed;
	size_t nfreed;
	struct fp_kept_hole *holes;	/* padding that stays, >= one page */
	size_t nholes;
	uint64_t freed_bytes;	/* PTI not active */
	uint64_t freed_pti;	/* PTI active */
	uint64_t kept_pti;	/* image - freed_pti */
	uint64_t padding_kept;	/* padding that stays, PTI not active */
};

struct fp_image {
	struct fp_elf elf;
	struct fp_totals tot;
	bool is_vmlinux;		/* ET_EXEC with the boundary symbols */
	uint64_t img_start, img_end;
	struct fp_hole *holes;		/* padding runs >= a page, sorted */
	size_t nholes;
	struct fp_boot boot;
};

/* fill img->boot and img->tot.kept from the vmlinux's boundary symbols */
void boot_layout(struct fp_image *img);
void boot_free(struct fp_boot *b);

int image_load(const char *path, struct fp_image *img);
/* only img->tot: every fp_sym.cls stays CL_NONE (diff, gate) */
int image_load_totals(const char *path, struct fp_image *img);
int image_load_mem(const char *path, unsigned char *buf, size_t size,
		   struct fp_image *img);
void image_free(struct fp_image *img);
/* class of an input section of a relocatable object */
int class_of_input_section(const char *name, uint64_t flags, uint32_t type,
			   bool for_vmlinux);
/* the symbols report and attribution count: sized, defined, not absolute */
bool sym_reportable(const struct fp_elf *ef, const struct fp_sym *s);
/* "text" .. "resident": the keys of totals in reports and budgets */
extern const char *const total_keys[];
uint64_t totals_get(const struct fp_totals *t, const char *key, bool *found);
void print_class_deltas(FILE *f, const struct fp_totals *a,
			const struct fp_totals *b);
struct json;
void json_class_deltas(struct json *j, const struct fp_totals *a,
		       const struct fp_totals *b);

/* ---- kbuild.c ------------------------------------------------------ */

/* the objtree of a vmlinux: its directory if that holds vmlinux.a, or NULL */
char *kbuild_objtree_of(const char *file);
/*
 * The sources of an objtree: OBJTREE/source (the link an O= build
 * leaves) resolved, else OBJTREE itself; NULL if the link is broken.
 */
char *kbuild_srctree_of(const char *objtree);
/* members of a thin archive, paths relative to the archive's directory */
int thin_archive_members(const char *path, char ***members, size_t *n);

struct kbuild;
struct kbuild *kbuild_new(const char *srctree);
void kbuild_free(struct kbuild *kb);
/* the variables rules may use (BITS=64, SRCARCH=x86, ARCH), as
 * arch/$(SRCARCH)/Makefile sets them for the machine of ef */
void kbuild_set_arch(struct kbuild *kb, const struct fp_elf *ef);
/*
 * The Kconfig option that gates the object at path (relative to the
 * tree, "dir/file.o"): "CONFIG_FOO", "(built-in)" when every rule on the
 * way up is obj-y, NULL when no Makefile rule names the object.
 */
const char *kbuild_gate(struct kbuild *kb, const char *objpath);

/* ---- attrib.c ------------------------------------------------------ */

struct fp_row {
	const char *name;
	uint64_t cls[NR_SIZE_CLASSES];
	uint64_t total;		/* resident: text + rodata + data + bss */
};

struct fp_attrib {
	struct fp_row *objects, *dirs, *configs;
	size_t nobjects, ndirs, nconfigs;
	uint64_t objects_sum[NR_SIZE_CLASSES];
	/* vmlinux content (per class) no object accounts for; may be < 0 */
	int64_t unattr_bytes[NR_SIZE_CLASSES];
	size_t syms_total, syms_matched;
	uint64_t unattr_sym_bytes;
	char **unattr_objects;	/* objects no Makefile rule names */
	size_t nunattr_objects;
	char **missing_objects;	/* listed in vmlinux.a but unreadable */
	size_t nmissing_objects;
	char **object_names;	/* index = fp_sym.obj */
	size_t nobject_names;
};

int attrib_build(struct fp_image *img, const char *objtree,
		 const char *srctree, struct fp_attrib *at);
void attrib_free(struct fp_attrib *at);

/* ---- json.c -------------------------------------------------------- */

struct json {
	FILE *f;
	int depth;
	bool first[32];
	bool key_pending;
};

void json_begin(struct json *j, FILE *f);
void json_end(struct json *j);
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_i64(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
void json_double(struct json *j, const char *key, double val);

/* ---- bom.c --------------------------------------------------------- */

/* one normalised name of either file and its summed sizes */
struct bom_name {
	const char *name;	/* in an ELF string table or in strings */
	size_t len;
	uint64_t hash;
	uint64_t size[2];	/* old, new */
	bool in[2];		/* the name is in old, new */
};

struct bom_entry {
	const char *name;
	int64_t old, new, delta;	/* old/new -1: absent */
};

/* names point into the two files: free the result before the files */
struct bom_result {
	long add, remove, grow, shrink;
	int64_t up, down;
	uint64_t otot, ntot;
	struct bom_entry *e;	/* sorted like bloat-o-meter, delta != 0 */
	size_t n;
	struct bom_name *names;	/* old's names, then new's own */
	size_t nnames;
	struct arena strings;	/* names with a ".<digits>" removed */
};

void bom_compute(const struct fp_elf *oldf, const struct fp_elf *newf,
		 struct bom_result *r);
void bom_free(struct bom_result *r);
void bom_print(FILE *f, const struct bom_result *r);
/* sort entries as bloat-o-meter does: by delta, then by name, descending */
void bom_sort(struct bom_entry *e, size_t n);

#endif /* LIBFOOTPRINT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * elf.c - checked ELF access for footprint (vmlinux, .ko and .o files)
 *
 * Usage: elf_open(path, &ef) ... elf_close(&ef); see footprint.h.
 *
 * Every offset, size, count and index in the file is untrusted: the header,
 * the section header table, each section's extent, string table offsets and
 * symbol section indexes are range-checked with overflow-checked arithmetic
 * here, before libelf or anybody else dereferences them.  A bad file gives
 * one error (set_error) and -1, never a crash.
 *
 * elf_open() keeps what a size report needs: the sections and the defined
 * symbols.  elf_load_raw() and elf_reloc() add, for a reader of references
 * (the candidate finder's objscan.c), the raw view modpost keeps in its
 * elf_info: every symbol at its index, undefined ones too, and the
 * relocations, checked the same way.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libfootprint.h"


static bool host_is_le(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

/*
 * Checks libelf cannot report precisely: the identification, header size,
 * and that the section header table lies inside the file.
 */
static int check_headers(const char *path, const unsigned char *buf,
			 size_t size, uint64_t *shnum_out)
{
	uint64_t shoff, shnum, shentsize, tabsize, shdr_size;
	bool is64;

	if (size < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG)) {
		if (size >= SELFMAG || (size && memcmp(buf, ELFMAG, size)))
			set_error("'%s': not an ELF file", path);
		else
			set_error("'%s': truncated ELF header", path);
		return -1;
	}
	if (buf[EI_CLASS] != ELFCLASS32 && buf[EI_CLASS] != ELFCLASS64) {
		set_error("'%s': unknown ELF class %u", path, buf[EI_CLASS]);
		return -1;
	}
	if (buf[EI_DATA] != (host_is_le() ? ELFDATA2LSB : ELFDATA2MSB)) {
		set_error("'%s': unsupported ELF byte order", path);
		return -1;
	}
	is64 = buf[EI_CLASS] == ELFCLASS64;
	if (size < (is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr))) {
		set_error("'%s': truncated ELF header", path);
		return -1;
	}
	if (is64) {
		Elf64_Ehdr eh;

		memcpy(&eh, buf, sizeof(eh));
		shoff = eh.e_shoff;
		shnum = eh.e_shnum;
		shentsize = eh.e_shentsize;
		shdr_size = sizeof(Elf64_Shdr);
	} else {
		Elf32_Ehdr eh;

		memcpy(&eh, buf, sizeof(eh));
		shoff = eh.e_shoff;
		shnum = eh.e_shnum;
		shentsize = eh.e_shentsize;
		shdr_size = sizeof(Elf32_Shdr);
	}
	if (!shoff) {
		*shnum_out = 0;
		return 0;
	}
	if (shentsize != shdr_size) {
		set_error("'%s': bad section header size %llu", path,
			  (unsigned long long)shentsize);
		return -1;
	}
	if (!range_ok(shoff, shdr_size, size)) {
		set_error("'%s': truncated section header table", path);
		return -1;
	}
	/* extended numbering: the real count is in section 0's sh_size */
	if (shnum == 0) {
		if (is64) {
			Elf64_Shdr sh;

			memcpy(&sh, buf + shoff, sizeof(sh));
			shnum = sh.sh_size;
		} else {
			Elf32_Shdr sh;

			memcpy(&sh, buf + shoff, sizeof(sh));
			shnum = sh.sh_size;
		}
	}
	if (!mul_ok(shnum, shdr_size, &tabsize) ||
	    !range_ok(shoff, tabsize, size)) {
		set_error("'%s': truncated section header table", path);
		return -1;
	}
	*shnum_out = shnum;
	return 0;
}

/*
 * A NUL-terminated string at off inside section s, or NULL.  When the
 * table's last byte is NUL (it always is, unless the file is corrupt),
 * every offset inside it starts a terminated string: no search per name.
 */
static const char *str_at(const unsigned char *buf, const struct fp_sec *s,
			  uint64_t off)
{
	const unsigned char *p;

	if (s->type == SHT_NOBITS || off >= s->size)
		return NULL;
	p = buf + s->offset;
	if (p[s->size - 1] && !memchr(p + off, '\0', s->size - off))
		return NULL;
	return (const char *)p + off;
}

static int load_sections(const char *path, Elf *e, struct fp_elf *ef,
			 uint64_t shnum)
{
	size_t shstrndx, i;
	struct fp_sec *str;

	if (elf_getshdrstrndx(e, &shstrndx)) {
		set_error("'%s': bad section name table index: %s", path,
			  elf_errmsg(-1));
		return -1;
	}
	ef->secs = xcalloc(shnum, sizeof(*ef->secs));
	ef->nsecs = shnum;
	for (i = 0; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(e, i);
		GElf_Shdr sh;
		struct fp_sec *s = &ef->secs[i];

		if (!scn || !gelf_getshdr(scn, &sh)) {
			set_error("'%s': cannot read section header %zu: %s",
				  path, i, elf_errmsg(-1));
			return -1;
		}
		s->addr = sh.sh_addr;
		s->size = sh.sh_size;
		s->offset = sh.sh_offset;
		s->flags = sh.sh_flags;
		s->align = sh.sh_addralign;
		s->type = sh.sh_type;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
		s->cls = CL_NONE;
		s->name = NULL;
		if (i && s->type != SHT_NOBITS && s->type != SHT_NULL &&
		    !range_ok(s->offset, s->size, ef->size)) {
			set_error("'%s': section %zu extends past the end of the file",
				  path, i);
			return -1;
		}
		if (s->type == SHT_NOBITS || s->type == SHT_NULL)
			s->offset = 0;
		/* sh_name is resolved below, once the table is known good */
		ef->secs[i].name = (const char *)(uintptr_t)sh.sh_name;
	}
	if (shstrndx >= shnum || ef->secs[shstrndx].type != SHT_STRTAB) {
		set_error("'%s': bad section name table index %zu", path,
			  shstrndx);
		return -1;
	}
	str = &ef->secs[shstrndx];
	for (i = 0; i < shnum; i++) {
		uint64_t off = (uintptr_t)ef->secs[i].name;
		const char *name = str_at(ef->map, str, off);

		if (!name) {
			set_error("'%s': section %zu has a bad name offset",
				  path, i);
			return -1;
		}
		ef->secs[i].name = name;
	}
	return 0;
}

/* symbol i of a symbol table in memory order, the same for both classes */
static void read_sym(int elfclass, const void *tab, size_t i, GElf_Sym *gs)
{
	if (elfclass == ELFCLASS64) {
		memcpy(gs, (const Elf64_Sym *)tab + i, sizeof(*gs));
	} else {
		Elf32_Sym s;

		memcpy(&s, (const Elf32_Sym *)tab + i, sizeof(s));
		gs->st_name = s.st_name;
		gs->st_value = s.st_value;
		gs->st_size = s.st_size;
		gs->st_info = s.st_info;
		gs->st_other = s.st_other;
		gs->st_shndx = s.st_shndx;
	}
}

static int load_symbols(const char *path, Elf *e, struct fp_elf *ef)
{
	size_t i, symidx = 0, xidx = 0, n, out = 0;
	const struct fp_sec *sym, *str;
	Elf_Data *data, *xdata = NULL;

	for (i = 1; i < ef->nsecs; i++) {
		if (ef->secs[i].type == SHT_SYMTAB && !symidx)
			symidx = i;
	}
	if (!symidx)
		return 0;	/* stripped: sections still make a report */
	sym = &ef->secs[symidx];
	for (i = 1; i < ef->nsecs; i++) {
		const struct fp_sec *x = &ef->secs[i];
		Elf_Scn *scn;
		GElf_Shdr sh;

		if (x->type != SHT_SYMTAB_SHNDX)
			continue;
		scn = elf_getscn(e, i);
		if (scn && gelf_getshdr(scn, &sh) && sh.sh_link == symidx)
			xidx = i;
	}
	{
		Elf_Scn *scn = elf_getscn(e, symidx);
		GElf_Shdr sh;
		uint64_t entsize = ef->elfclass == ELFCLASS64 ?
			sizeof(Elf64_Sym) : sizeof(Elf32_Sym);

		if (!scn || !gelf_getshdr(scn, &sh)) {
			set_error("'%s': cannot read the symbol table header",
				  path);
			return -1;
		}
		if (sh.sh_entsize != entsize || sym->size % entsize) {
			set_error("'%s': bad symbol table entry size", path);
			return -1;
		}
		if (sh.sh_link == 0 || sh.sh_link >= ef->nsecs ||
		    ef->secs[sh.sh_link].type != SHT_STRTAB) {
			set_error("'%s': bad symbol string table index", path);
			return -1;
		}
		str = &ef->secs[sh.sh_link];
		n = sym->size / entsize;
		data = elf_getdata(scn, NULL);
		if (!data || data->d_size < n * entsize) {
			set_error("'%s': cannot read the symbol table: %s",
				  path, elf_errmsg(-1));
			return -1;
		}
		if (xidx) {
			xdata = elf_getdata(elf_getscn(e, xidx), NULL);
			if (!xdata || xdata->d_size < n * sizeof(Elf32_Word)) {
				set_error("'%s': truncated extended section index table",
					  path);
				return -1;
			}
		}
	}
	ef->syms = xmalloc_array(n + 1, sizeof(*ef->syms));
	for (i = 1; i < n; i++) {
		GElf_Sym gs;
		Elf32_Word xs = 0;
		struct fp_sym *s;
		uint32_t shndx;
		const char *name;

		/*
		 * data is in memory order (libelf converted it if it had to):
		 * read it directly, gelf_getsymshndx() per symbol was a fifth
		 * of the reading.
		 */
		read_sym(ef->elfclass, data->d_buf, i, &gs);
		if (xdata)
			memcpy(&xs, (const char *)xdata->d_buf + i * sizeof(xs),
			       sizeof(xs));
		shndx = gs.st_shndx;
		if (shndx == SHN_UNDEF)
			continue;
		if (GELF_ST_TYPE(gs.st_info) == STT_SECTION ||
		    GELF_ST_TYPE(gs.st_info) == STT_FILE)
			continue;
		if (shndx == SHN_XINDEX) {
			if (!xdata) {
				set_error("'%s': symbol %zu needs a missing extended section index",
					  path, i);
				return -1;
			}
			shndx = xs;
		} else if (shndx >= SHN_LORESERVE) {
			if (shndx != SHN_ABS && shndx != SHN_COMMON)
				continue;	/* processor specific */
		}
		if (shndx < SHN_LORESERVE && shndx >= ef->nsecs) {
			set_error("'%s': symbol %zu has a bad section index %u",
				  path, i, shndx);
			return -1;
		}
		name = str_at(ef->map, str, gs.st_name);
		if (!name) {
			set_error("'%s': symbol %zu has a bad name offset",
				  path, i);
			return -1;
		}
		s = &ef->syms[out++];
		s->name = name;
		s->value = gs.st_value;
		s->size = gs.st_size;
		s->shndx = shndx;
		s->bind = GELF_ST_BIND(gs.st_info);
		s->type = GELF_ST_TYPE(gs.st_info);
		s->cls = CL_NONE;
		s->obj = -1;
	}
	ef->nsyms = out;
	return 0;
}

int elf_parse(const char *path, unsigned char *buf, size_t size,
	      struct fp_elf *ef)
{
	uint64_t shnum;
	GElf_Ehdr eh;
	Elf *e;

	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ef->map = buf;
	ef->size = size;
	if (check_headers(path, buf, size, &shnum))
		return -1;
	ef->elfclass = buf[EI_CLASS];
	if (elf_version(EV_CURRENT) == EV_NONE) {
		set_error("libelf is out of date");
		return -1;
	}
	e = elf_memory((char *)buf, size);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh)) {
		set_error("'%s': not a valid ELF file: %s", path,
			  elf_errmsg(-1));
		goto out_end;
	}
	ef->e_type = eh.e_type;
	ef->e_machine = eh.e_machine;
	if (shnum && load_sections(path, e, ef, shnum))
		goto out_end;
	if (load_symbols(path, e, ef))
		goto out_end;
	elf_end(e);
	return 0;

out_end:
	if (e)
		elf_end(e);
	free(ef->secs);
	free(ef->syms);
	ef->secs = NULL;
	ef->syms = NULL;
	ef->nsecs = ef->nsyms = 0;
	return -1;
}

int elf_open(const char *path, struct fp_elf *ef)
{
	struct stat st;
	unsigned char *buf;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		set_error("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		set_error("cannot stat '%s': %s", path, strerror(errno));
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		set_error("cannot read '%s': %s", path,
			  S_ISDIR(st.st_mode) ? strerror(EISDIR) :
			  "not a regular file");
		goto out_close;
	}
	if (st.st_size < EI_NIDENT) {
		/* too short to map usefully; check_headers names the problem */
		unsigned char small[EI_NIDENT];
		ssize_t got = read(fd, small, sizeof(small));

		close(fd);
		if (got < 0) {
			set_error("cannot read '%s': %s", path,
				  strerror(errno));
			return -1;
		}
		/* fails for any file this short, with the right message */
		check_headers(path, small, got, &(uint64_t){ 0 });
		return -1;
	}
	/* private and writable: libelf may convert in place, never to disk */
	buf = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		   0);
	if (buf == MAP_FAILED) {
		set_error("cannot map '%s': %s", path, strerror(errno));
		goto out_close;
	}
	close(fd);
	if (elf_parse(path, buf, st.st_size, ef)) {
		munmap(buf, st.st_size);
		return -1;
	}
	ef->mapped = true;
	return 0;

out_close:
	close(fd);
	return -1;
}

void elf_close(struct fp_elf *ef)
{
	if (ef->mapped && ef->map)
		munmap(ef->map, ef->size);
	free(ef->secs);
	free(ef->syms);
	free(ef->rawsyms);
	memset(ef, 0, sizeof(*ef));
}

const unsigned char *elf_sec_data(const struct fp_elf *ef,
				  const struct fp_sec *s)
{
	if (s->type == SHT_NOBITS || !range_ok(s->offset, s->size, ef->size))
		return NULL;
	return ef->map + s->offset;
}

const char *elf_string(const struct fp_elf *ef, const struct fp_sec *s,
		       uint64_t off)
{
	const unsigned char *p = elf_sec_data(ef, s);

	if (!p || off >= s->size)
		return NULL;
	/* a table ending in NUL terminates every string inside it */
	if (p[s->size - 1] && !memchr(p + off, '\0', s->size - off))
		return NULL;
	return (const char *)p + off;
}

/* symbol i of the table at tab (file bytes, host order), either class */
static void raw_sym_at(int elfclass, const unsigned char *tab, size_t i,
		       GElf_Sym *gs)
{
	if (elfclass == ELFCLASS64) {
		memcpy(gs, tab + i * sizeof(Elf64_Sym), sizeof(*gs));
	} else {
		Elf32_Sym s;

		memcpy(&s, tab + i * sizeof(s), sizeof(s));
		gs->st_name = s.st_name;
		gs->st_value = s.st_value;
		gs->st_size = s.st_size;
		gs->st_info = s.st_info;
		gs->st_other = s.st_other;
		gs->st_shndx = s.st_shndx;
	}
}

int elf_load_raw(struct fp_elf *ef)
{
	size_t entsize = ef->elfclass == ELFCLASS64 ? sizeof(Elf64_Sym) :
		sizeof(Elf32_Sym);
	const unsigned char *data, *xdata = NULL;
	const struct fp_sec *sym, *str;
	size_t i, symidx = 0;
	uint64_t n;

	free(ef->rawsyms);
	ef->rawsyms = NULL;
	ef->nrawsyms = 0;
	for (i = 1; i < ef->nsecs; i++) {
		if (ef->secs[i].type == SHT_SYMTAB) {
			symidx = i;
			break;
		}
	}
	if (!symidx)
		return 0;
	sym = &ef->secs[symidx];
	if (sym->link == 0 || sym->link >= ef->nsecs ||
	    ef->secs[sym->link].type != SHT_STRTAB) {
		set_error("'%s': bad symbol string table index", ef->path);
		return -1;
	}
	str = &ef->secs[sym->link];
	data = elf_sec_data(ef, sym);
	if (!data || sym->size % entsize) {
		set_error("'%s': bad symbol table size", ef->path);
		return -1;
	}
	n = sym->size / entsize;
	for (i = 1; i < ef->nsecs; i++) {
		const struct fp_sec *x = &ef->secs[i];

		if (x->type != SHT_SYMTAB_SHNDX || x->link != symidx)
			continue;
		xdata = elf_sec_data(ef, x);
		if (!xdata || x->size / sizeof(Elf32_Word) < n) {
			set_error("'%s': truncated extended section index table",
				  ef->path);
			return -1;
		}
	}
	ef->rawsyms = xcalloc(n ? n : 1, sizeof(*ef->rawsyms));
	for (i = 1; i < n; i++) {
		struct fp_rawsym *r = &ef->rawsyms[i];
		GElf_Sym gs;

		raw_sym_at(ef->elfclass, data, i, &gs);
		r->name = elf_string(ef, str, gs.st_name);
		if (!r->name) {
			set_error("'%s': symbol %zu has a bad name offset",
				  ef->path, i);
			goto out_free;
		}
		r->value = gs.st_value;
		r->size = gs.st_size;
		r->bind = GELF_ST_BIND(gs.st_info);
		r->type = GELF_ST_TYPE(gs.st_info);
		r->shndx = gs.st_shndx;
		if (gs.st_shndx == SHN_XINDEX) {
			Elf32_Word x;

			if (!xdata) {
				set_error("'%s': symbol %zu needs a missing extended section index",
					  ef->path, i);
				goto out_free;
			}
			memcpy(&x, xdata + i * sizeof(x), sizeof(x));
			r->shndx = x;
		} else if (gs.st_shndx >= SHN_LORESERVE) {
			continue;	/* ABS, COMMON: no section */
		}
		if (r->shndx >= ef->nsecs) {
			set_error("'%s': symbol %zu has a bad section index %u",
				  ef->path, i, r->shndx);
			goto out_free;
		}
	}
	ef->nrawsyms = n;
	return 0;

out_free:
	free(ef->rawsyms);
	ef->rawsyms = NULL;
	return -1;
}

static size_t rel_entsize(const struct fp_elf *ef, const struct fp_sec *s)
{
	bool is64 = ef->elfclass == ELFCLASS64;

	if (s->type == SHT_RELA)
		return is64 ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela);
	if (s->type == SHT_REL)
		return is64 ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel);
	return 0;
}

size_t elf_nrelocs(const struct fp_elf *ef, const struct fp_sec *s)
{
	size_t esz = rel_entsize(ef, s);

	if (!esz || !elf_sec_data(ef, s))
		return 0;
	return s->size / esz;
}

void elf_reloc(const struct fp_elf *ef, const struct fp_sec *s, size_t i,
	       struct fp_rel *r)
{
	const unsigned char *d = elf_sec_data(ef, s);
	size_t esz = rel_entsize(ef, s);

	memset(r, 0, sizeof(*r));
	if (!d || !esz || i >= s->size / esz)
		return;
	d += i * esz;
	if (ef->elfclass == ELFCLASS64) {
		Elf64_Rela e = { 0 };

		/* a REL entry is a RELA entry without its addend */
		memcpy(&e, d, esz);
		r->offset = e.r_offset;
		r->sym = ELF64_R_SYM(e.r_info);
		r->type = ELF64_R_TYPE(e.r_info);
		r->addend = e.r_addend;
	} else {
		Elf32_Rela e = { 0 };

		memcpy(&e, d, esz);
		r->offset = e.r_offset;
		r->sym = ELF32_R_SYM(e.r_info);
		r->type = ELF32_R_TYPE(e.r_info);
		r->addend = e.r_addend;
	}
}

/*
 * A vmlinux has 100000 symbols, many of them starting with '_' like the
 * wanted ones (__ksymtab_*, __kstrtab_*): a name's first byte and length
 * must be those of a wanted name (bits in first and lens) before its
 * bytes are compared.  Wanted names are shorter than 64 bytes.
 */
void elf_find_syms(const struct fp_elf *ef, const char *const *names,
		   const struct fp_sym **out)
{
	size_t nr, i, k, n, left, longest = 0;
	uint64_t lens = 0, first[4] = { 0 };

	for (nr = 0; names[nr]; nr++)
		out[nr] = NULL;
	left = nr;
	for (k = 0; k < nr; k++) {
		unsigned char c = names[k][0];

		n = strnlen(names[k], 63);
		if (n > longest)
			longest = n;
		lens |= 1ULL << n;
		first[c >> 6] |= 1ULL << (c & 63);
	}
	for (i = 0; i < ef->nsyms && left; i++) {
		const char *name = ef->syms[i].name;
		unsigned char c = name[0];

		if (!(first[c >> 6] & (1ULL << (c & 63))))
			continue;
		n = strnlen(name, longest + 1);
		if (n > 63 || !(lens & (1ULL << n)))
			continue;
		for (k = 0; k < nr; k++)
			if (!out[k] && !strcmp(name, names[k])) {
				out[k] = &ef->syms[i];
				left--;
			}
	}
}

const char *elf_machine_name(uint16_t machine)
{
	switch (machine) {
	case EM_X86_64:
		return "x86_64";
	case EM_386:
		return "i386";
	case EM_AARCH64:
		return "arm64";
	case EM_ARM:
		return "arm";
	case EM_RISCV:
		return "riscv";
	case EM_PPC64:
		return "powerpc64";
	case EM_S390:
		return "s390";
	case EM_NONE:
		return "none";
	default:
		return "unknown";
	}
}

static bool is_debug_name(const char *n)
{
	return !strncmp(n, ".debug", 6) || !strncmp(n, ".zdebug", 7) ||
		!strncmp(n, ".gnu.debuglto_.debug_", 21) ||
		!strncmp(n, ".gnu.linkonce.wi.", 17) ||
		!strncmp(n, ".line", 5) || !strncmp(n, ".stab", 5) ||
		!strcmp(n, ".gdb_index");
}

/*
 * binutils' bfd_decode_symclass() on ELF, in its order of tests; diff.c
 * selects symbols by this letter exactly as bloat-o-meter does from nm.
 */
char elf_nm_type(const struct fp_elf *ef, const struct fp_sym *s)
{
	const struct fp_sec *sec;
	char c;

	if (s->shndx == SHN_COMMON)
		return 'C';
	if (s->type == STT_GNU_IFUNC)
		return 'i';
	if (s->bind == STB_WEAK)
		return s->type == STT_OBJECT ? 'V' : 'W';
	if (s->bind == STB_GNU_UNIQUE)
		return 'u';
	if (s->bind != STB_GLOBAL && s->bind != STB_LOCAL)
		return '?';
	if (s->shndx == SHN_ABS) {
		c = 'a';
	} else if (s->shndx < ef->nsecs) {
		sec = &ef->secs[s->shndx];
		if (sec->flags & SHF_EXECINSTR)
			c = 't';
		else if ((sec->flags & SHF_ALLOC) && sec->type != SHT_NOBITS)
			c = (sec->flags & SHF_WRITE) ? 'd' : 'r';
		else if (sec->type == SHT_NOBITS)
			c = 'b';
		else if (!(sec->flags & SHF_ALLOC) && is_debug_name(sec->name))
			c = 'N';
		else if (!(sec->flags & SHF_WRITE))
			c = 'n';
		else
			return '?';
	} else {
		return '?';
	}
	if (s->bind == STB_GLOBAL)
		c -= 'a' - 'A';
	return c;
}

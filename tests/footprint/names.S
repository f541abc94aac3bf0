/* SPDX-License-Identifier: GPL-2.0 */
/*
 * names.S - symbol names that stress `footprint diff`'s name keys: the
 * ".<digits>" removal, names that differ only in their last byte on each
 * side of the 8-byte words it hashes, names bloat-o-meter drops.
 *
 * Usage: gcc -c names.S -o old.o; gcc -c -DNEW names.S -o new.o
 * (t1100 compares `footprint diff` with scripts/bloat-o-meter on the pair)
 */

/* OBJ(name, sz): a local object of sz bytes */
#define OBJ(name, sz)			\
	.type name, @object;		\
	.size name, sz;			\
name:	.zero sz

/* a global object, a global function */
#define GOBJ(name, sz)			\
	.globl name;			\
	OBJ(name, sz)
#define GFUNC(name, sz)			\
	.globl name;			\
	.type name, @function;		\
	.size name, sz;			\
name:	.fill sz, 1, 0xc3

#ifdef NEW
#define SZ(old, new) new
#else
#define SZ(old, new) old
#endif

	.data
	/* 1 to 17 bytes long, around the 8-byte words */
	OBJ(a, SZ(1, 2))
	OBJ(b, 1)
	OBJ(seven_7, SZ(3, 4))
	OBJ(eight_8b, SZ(5, 5))
	OBJ(eight_8c, SZ(5, 6))
	OBJ(nine_9__a, SZ(6, 7))
	OBJ(nine_9__b, 6)
	OBJ(sixteen_chars_ab, SZ(4, 8))
	OBJ(sixteen_chars_ac, 4)
	OBJ(seventeen_chars_a, SZ(2, 3))
	OBJ(seventeen_chars_b, 2)
	OBJ(a_rather_long_name_so_the_last_word_overlaps_x, SZ(9, 10))
	OBJ(a_rather_long_name_so_the_last_word_overlaps_y, 9)

	/* ".<digits>" go, sizes of equal names add up */
	OBJ(fn.constprop.0, SZ(10, 20))
	OBJ(fn.constprop.1, 6)
	OBJ(g.isra.12.part.3, SZ(7, 8))
	OBJ(h.cold, SZ(5, 7))
	OBJ(h.cold.2, 3)
	OBJ(x.5y, 4)
	OBJ(xy, SZ(4, 1))
	OBJ(__func__.17, SZ(11, 13))
	OBJ(__func__.18, 13)
	OBJ(longer_static_name_with_a_suffix.12345678, SZ(21, 22))
	OBJ(".42", SZ(3, 5))

	/* only on one side */
#ifdef NEW
	GOBJ(added_in_new, 12)
	OBJ(added.3, 2)
#else
	GOBJ(removed_in_new, 12)
	OBJ(removed.3, 2)
#endif

	/* generated names and ':' are left out by both tools */
	OBJ(__mod_foo, SZ(8, 16))
	OBJ(__se_sys_bar, SZ(8, 16))
	OBJ(__se_compat_sys_baz, SZ(8, 16))
	OBJ(__addressable_q, SZ(8, 16))
	OBJ(linux_banner, SZ(8, 16))
	OBJ(vermagic, SZ(8, 16))
	OBJ("c:d", SZ(8, 16))
	/* the prefixes alone are names like any other */
	OBJ(__mod, SZ(1, 3))
	OBJ(linux_banner_x, SZ(1, 3))

	/* weak, zero-sized and absolute symbols */
	.weak weak_obj
	OBJ(weak_obj, SZ(6, 9))
	.type empty, @object
	.size empty, 0
empty:
	.globl abs_sym
	.set abs_sym, 0x10
	.size abs_sym, SZ(4, 8)

	.text
	GFUNC(start_fn, SZ(32, 48))
	GFUNC(fn.part.0, SZ(16, 12))

	.section .rodata, "a"
	OBJ(table.3, SZ(40, 41))

	.bss
	OBJ(buf.9, SZ(64, 128))

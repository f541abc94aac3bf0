/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fixture.h - assembler macros for footprint's test "kernel": symbols of
 * exact sizes, so golden outputs do not depend on the compiler version
 */
#define FUNC(name, sz)		\
	.globl name;			\
	.type name, @function;		\
name:	.fill sz, 1, 0x90;		\
	.size name, sz

#define LFUNC(name, sz)		\
	.type name, @function;		\
name:	.fill sz, 1, 0x90;		\
	.size name, sz

#define WFUNC(name, sz)		\
	.weak name;			\
	.type name, @function;		\
name:	.fill sz, 1, 0x90;		\
	.size name, sz

#define OBJ(name, sz, byte)		\
	.globl name;			\
	.type name, @object;		\
name:	.fill sz, 1, byte;		\
	.size name, sz

#define LOBJ(name, sz, byte)		\
	.type name, @object;		\
name:	.fill sz, 1, byte;		\
	.size name, sz

/* the variant built as the "new" kernel for diff tests grows by delta */
#ifdef NEW
#define GROW(a, b) b
#else
#define GROW(a, b) a
#endif

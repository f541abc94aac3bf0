/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layout.h - guest physical memory map and I/O ports shared by vmm.c and
 * guest.S (both sides must agree, so the numbers live in one place)
 *
 * Usage: #include "layout.h" from C or from a preprocessed .S file
 */
#ifndef KSLIM_VMM_LAYOUT_H
#define KSLIM_VMM_LAYOUT_H

/* One memslot of 2 MiB at GPA 0; everything below lives inside it. */
#define MEM_SIZE	0x200000

#define GDT_GPA		0x1000	/* null, 64-bit code (0x08), data (0x10) */
#define PML4_GPA	0x2000
#define PDPT_GPA	0x3000
#define PD_GPA		0x4000	/* 512 x 2 MiB pages: identity map 1 GiB */

#define RM_CODE_GPA	0x8000	/* real-mode checksum */
#define LM_CODE_GPA	0x9000	/* 64-bit code entered through KVM_SET_SREGS */
#define MS_CODE_GPA	0xa000	/* real mode -> long mode done by the guest */

/* Per-vCPU data page and stack: DATA_GPA(id), stack top STACK_TOP(id). */
#define DATA_BASE	0x10000
#define DATA_GPA(id)	(DATA_BASE + (id) * 0x1000)
#define STACK_BASE	0x40000
#define STACK_TOP(id)	(STACK_BASE + ((id) + 1) * 0x1000)
#define MAX_VCPUS	16

/* Offsets inside a data page. */
#define D_INPUT		0x000	/* 64 qwords (real mode reads 64 words) */
#define D_RM_SUM	0x200	/* word: real-mode checksum */
#define D_LM_SUM	0x208	/* qword: 64-bit checksum */
#define D_LM_TAG	0x210	/* qword: 0xfeedface00000000 | id via r8 */
#define D_LM_MMIO	0x218	/* qword: the VMM's MMIO read answer */
#define D_MS_EFER	0x220	/* qword: EFER read after the switch */
#define D_MS_TAG	0x228	/* qword: 64-bit tag written after the switch */

#define RENDEZVOUS_GPA	0x30000	/* dword counter, lock inc'ed by each vCPU */
/* pause loops before the rendezvous gives up */
#define SPIN_LIMIT	50000000

/* An address the guest maps but no memslot backs: accesses exit as MMIO. */
#define MMIO_GPA	0x3ff00000

#define PORT_RM_SUM	0x10	/* out %ax: real-mode checksum */
#define PORT_LM_LO	0x11	/* out %eax: low half of the 64-bit checksum */
#define PORT_LM_HI	0x12	/* out %eax: high half */
#define PORT_RDV	0x13	/* out %al: 1 all vCPUs met, 0 timeout */
#define PORT_MS		0x14	/* out %eax: EFER low half, after switch */

#endif /* KSLIM_VMM_LAYOUT_H */

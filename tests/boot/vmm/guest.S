/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.S - the code kslim-vmm runs inside its VM, copied to fixed GPAs
 *
 * Usage: linked into kslim-vmm; vmm.c copies rm_*, lm_* and ms_* to
 * RM_CODE_GPA, LM_CODE_GPA and MS_CODE_GPA.  Each blob only uses relative
 * branches or addresses computed from its load address, so where the linker
 * puts it in the ELF file does not matter.  Every result is both sent
 * through an I/O port (a KVM_EXIT_IO the VMM checks) and stored in the
 * vCPU's data page (memory the VMM reads back), so a guest that silently
 * computes garbage cannot pass.
 */
#include "layout.h"

#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define CR0_PE		0x1
#define CR0_PG		0x80000000
#define CR4_PAE		0x20

	.section .rodata.guest, "a"

/*
 * Real mode, entered with CS = DS = 0, IP = RM_CODE_GPA, BX = vCPU id.
 * Checksum the first 64 words of the data page: sum = rol(sum, 3) ^ word.
 */
	.code16
	.globl	rm_start, rm_end
rm_start:
	mov	%bx, %ax
	shl	$8, %ax			/* id * 0x1000 as a paragraph number */
	add	$(DATA_BASE >> 4), %ax
	mov	%ax, %ds
	xor	%si, %si
	xor	%dx, %dx
	mov	$64, %cx
	cld
1:	lodsw
	rol	$3, %dx
	xor	%ax, %dx
	loop	1b
	mov	%dx, D_RM_SUM
	mov	%dx, %ax
	out	%ax, $PORT_RM_SUM
	hlt
rm_end:

/*
 * 64-bit mode, entered through KVM_SET_SREGS with paging, PAE and
 * EFER.LME/LMA already set up by the VMM.  RDI = id, RSI = data page,
 * RDX = number of vCPUs, RSP = this vCPU's stack.
 */
	.code64
	.globl	lm_start, lm_end
lm_start:
	mov	%rsi, %rbx
	xor	%eax, %eax
	mov	$64, %ecx
1:	rol	$7, %rax
	xor	(%rsi), %rax
	add	$8, %rsi
	dec	%ecx
	jnz	1b
	mov	%rax, D_LM_SUM(%rbx)
	mov	%rax, %r9
	call	2f			/* a call and a ret: the stack works */
	mov	%r9, %rax
	out	%eax, $PORT_LM_LO
	shr	$32, %rax
	out	%eax, $PORT_LM_HI

	/* MMIO: write the checksum, then read a value the VMM supplies */
	mov	$MMIO_GPA, %r10d
	mov	%r9, (%r10)
	mov	8(%r10), %rax
	mov	%rax, D_LM_MMIO(%rbx)

	/* Rendezvous: every vCPU must be inside the VM at the same time */
	lock incl RENDEZVOUS_GPA
	mov	$SPIN_LIMIT, %ecx
3:	cmp	%edx, RENDEZVOUS_GPA
	jae	4f
	pause
	dec	%ecx
	jnz	3b
	xor	%eax, %eax
	jmp	5f
4:	mov	$1, %eax
5:	out	%al, $PORT_RDV
	hlt

2:	movabs	$0xfeedface00000000, %r8	/* needs REX.W: 64-bit mode only */
	or	%rdi, %r8
	mov	%r8, D_LM_TAG(%rbx)
	ret
lm_end:

/*
 * Real mode to long mode by the guest itself, entered like rm_start
 * (CS = DS = 0, BX = id): load the VMM's GDT, CR3, CR4.PAE, EFER.LME,
 * then CR0.PE|PG at once and a far jump into the 64-bit code segment.
 */
	.code16
	.globl	ms_start, ms_end
ms_start:
	cli
	lgdtl	MS_CODE_GPA + (ms_gdtr - ms_start)
	mov	$PML4_GPA, %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PE | CR0_PG), %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $(MS_CODE_GPA + (ms_64 - ms_start))

	.code64
ms_64:
	movzwl	%bx, %edi
	mov	%rdi, %rsi
	shl	$12, %rsi
	add	$DATA_BASE, %rsi
	mov	$MSR_EFER, %ecx
	rdmsr
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, D_MS_EFER(%rsi)
	out	%eax, $PORT_MS
	movabs	$0x5a5a5a5a00000000, %r8
	or	%rdi, %r8
	mov	%r8, D_MS_TAG(%rsi)
	hlt

	.balign	8
ms_gdtr:
	.word	3 * 8 - 1
	.long	GDT_GPA
ms_end:

	.section .note.GNU-stack, "", @progbits

/* x86_64 entry: the PVH note QEMU's -kernel looks for, the 32-bit entry
 * (paging off, ebx = hvm_start_info) that builds the boot page tables and
 * enters long mode in the upper half, the AP trampoline for INIT-SIPI, the
 * IDT stubs and the trap entry/exit shared by hypercalls, interrupts and
 * exceptions. */
#include <arch/layout.h>
#define STACK_SIZE 16384
#define FRAME_SIZE (22 * 8) /* struct cpu_user_regs */
#define FRAME_CS   (18 * 8) /* its cs */

/* ELF note "Xen", type 18 (XEN_ELFNOTE_PHYS32_ENTRY): the 32-bit entry. */
	.section .note.pvh, "a"
	.balign 4
	.long	4, 4, 18
	.asciz	"Xen"
	.long	PA(pvh_start)

	/* the link address larch.ld must agree with */
	.global	__directmap_base_check
	.set	__directmap_base_check, DIRECTMAP_BASE

	.section .text.head, "ax"
	.code32
	.global pvh_start
/* Paging is off: every address here is physical (PA). */
pvh_start:
	cli
	cld
	mov	%ebx, %esi
	mov	$PA(__bss_start), %edi
	mov	$PA(__bss_end), %ecx
	sub	%edi, %ecx
	shr	$2, %ecx
	xor	%eax, %eax
	rep stosl
	mov	%esi, PA(boot_info_ptr)
	/* PML4[0] (the identity map, for this code and the trampoline) and
	 * PML4[DIRECTMAP_SLOT] (the directmap, where larch runs) -> one
	 * PDPT; PDPT[0..3] -> four PDs of 2 MiB pages covering 4 GiB,
	 * supervisor-only (U/S clear); the top GiB (LAPIC, devices)
	 * uncached. */
	mov	$PA(boot_pdpt) + 3, %eax
	mov	%eax, PA(boot_pml4)
	mov	%eax, PA(boot_pml4) + 8 * DIRECTMAP_SLOT
	mov	$PA(boot_pd) + 3, %eax
	mov	$PA(boot_pdpt), %edi
	mov	$4, %ecx
1:	mov	%eax, (%edi)
	add	$4096, %eax
	add	$8, %edi
	loop	1b
	mov	$PA(boot_pd), %edi
	xor	%ebx, %ebx		/* page index */
2:	mov	%ebx, %eax
	shl	$21, %eax
	or	$0x83, %eax		/* P RW PS */
	cmp	$1536, %ebx
	jb	3f
	or	$0x18, %eax		/* PWT PCD */
3:	mov	%eax, (%edi)
	mov	%ebx, %eax
	shr	$11, %eax		/* bits 32+ of the address */
	mov	%eax, 4(%edi)
	add	$8, %edi
	inc	%ebx
	cmp	$2048, %ebx
	jb	2b
	lgdt	PA(gdt_desc32)
	mov	$PA(stack0_top), %esp
	jmp	enter_long_mode

/* Shared by the boot CPU and the APs (from the trampoline): paging on,
 * long mode, then the upper half. */
enter_long_mode:
	mov	$PA(boot_pml4), %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$0x20, %eax		/* PAE */
	mov	%eax, %cr4
	mov	$0xc0000080, %ecx
	rdmsr
	or	$0x100, %eax		/* LME */
	wrmsr
	mov	%cr0, %eax
	/* PG WP PE, and EM: no FPU/SSE state is switched between domains,
	 * so x87 use traps (#NM) and SSE (#UD: CR4.OSFXSR stays clear); a
	 * guest doing either is stopped instead of seeing another's state */
	or	$0x80010005, %eax
	and	$~0x2, %eax		/* MP */
	mov	%eax, %cr0
	ljmp	$0x08, $PA(long_entry)

	.code64
/* still at the physical address: jump to the link address, then the GDT
 * (and the boot CPU's stack) move there too */
long_entry:
	movabs	$long_high, %rax
	jmp	*%rax
long_high:
	lgdt	gdt_desc(%rip)
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	xor	%eax, %eax
	mov	%ax, %fs
	mov	%ax, %gs
	/* the boot CPU has stack0_top in esp; an AP's stack was handed over */
	mov	ap_cpu(%rip), %edi
	test	%edi, %edi
	jz	4f
	mov	ap_stack(%rip), %rsp
	call	x86_secondary_main
	jmp	5f
4:	lea	hyp_stacks + STACK_SIZE(%rip), %rsp
	call	x86_boot_main
5:	hlt
	jmp	5b

/* The AP trampoline, copied to 0x8000 (SIPI vector 0x08): real mode ->
 * 32-bit protected mode -> the common path above. */
#define TR(x) (0x8000 + (x) - trampoline_start)
	.global trampoline_start, trampoline_end
	.code16
trampoline_start:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	TR(tr_gdt_desc)
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	$0x28, $TR(tr_32)
	.code32
tr_32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$PA(enter_long_mode), %eax
	jmp	*%eax
	.balign 8
tr_gdt_desc:
	.word	gdt_end - gdt - 1
	.long	PA(gdt)
trampoline_end:

	.code64
	.text
/* IDT stubs, 16 bytes apart: push a zero error code where the CPU pushes
 * none, then the vector. */
	.balign 16
	.global trap_stubs
trap_stubs:
	.set	vec, 0
	.rept	256
	.balign	16
	.if	(vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	.set	vec, vec + 1
	.endr

/* The 15 general registers, in struct cpu_user_regs order (r15 lowest),
 * below the vector that the stubs and syscall_entry push. */
	.macro	PUSH_GPRS
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	.endm

/* The frame is a struct cpu_user_regs. From ring 3 it is the current
 * vCPU's arch.regs (TSS.rsp0 points at its end): once the registers are
 * in it, move to the pCPU stack in arch.hyp_sp, just past it. From ring 0
 * (an interrupt while idle, or a hypervisor fault) it is on the pCPU stack
 * already. x86_trap returns only for ring 0; a trap from a guest ends in
 * return_to_guest. */
trap_common:
	PUSH_GPRS
	mov	%rsp, %rdi
	cld
	testb	$3, FRAME_CS(%rsp)
	jnz	1f
	call	x86_trap
pop_frame:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	add	$16, %rsp
	iretq
1:	mov	FRAME_SIZE(%rsp), %rsp	/* arch.hyp_sp */
	call	x86_guest_trap
	ud2

/* The hypercall entry: syscall from ring 3 (rcx = guest rip, r11 = guest
 * rflags, IF/TF/DF/AC cleared by SFMASK, still on the guest stack).
 * swapgs gives this pCPU's block (KERNEL_GS_BASE: the end of the current
 * vCPU's arch.regs, a scratch word); the same frame an interrupt from
 * ring 3 pushes is built there, with vector 0x82, then the registers, and
 * x86_hypercall runs on the pCPU stack. The return is iretq. */
	.global syscall_entry
syscall_entry:
	swapgs
	mov	%rsp, %gs:8
	mov	%gs:0, %rsp
	pushq	$0xe02b			/* ss: SEL_USER_DS */
	pushq	%gs:8			/* rsp */
	push	%r11			/* rflags */
	pushq	$0xe033			/* cs: SEL_USER_CS */
	push	%rcx			/* rip */
	swapgs
	pushq	$0			/* error code */
	pushq	$0x82			/* vector: hypercall */
	PUSH_GPRS
	mov	%rsp, %rdi
	mov	FRAME_SIZE(%rsp), %rsp	/* arch.hyp_sp */
	call	x86_hypercall
	ud2

/* return_to_guest(regs): regs is the vCPU's arch.regs, the frame itself. */
	.global return_to_guest
return_to_guest:
	mov	%rdi, %rsp
	jmp	pop_frame

	.data
	.balign 16
	.global gdt
gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08 hypervisor code, 64-bit */
	.quad	0x00cf92000000ffff	/* 0x10 hypervisor data */
	.quad	0
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x28 code, 32-bit (trampoline) */
	/* until cpu_tables loads the pCPU's GDT window (arch/x86/gdt.c) */
gdt_end:
	.balign 8
	.word	0
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	gdt
	.word	0
gdt_desc32:	/* lgdt before paging: the physical address */
	.word	gdt_end - gdt - 1
	.long	PA(gdt)

	.global ap_cpu, ap_stack, boot_info_ptr
	.balign 8
ap_stack:	.quad 0
ap_cpu:		.long 0
boot_info_ptr:	.long 0

	.bss
	.balign 4096
	.global boot_pml4, boot_pdpt, boot_pd
boot_pml4:	.space 4096
boot_pdpt:	.space 4096
boot_pd:	.space 4 * 4096
	.balign 16
stack0:		.space 4096
stack0_top:
	.section .note.GNU-stack, "", @progbits

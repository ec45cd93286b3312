/* larch's PV test kernel: its Xen ELF notes (what Xen's domain builder and
 * larch's read, arch/x86/pv/elf_notes.c) and its entry. Like a Linux PV
 * kernel it runs in ring 3 at VIRT_BASE and makes hypercalls with syscall. */
#define VIRT_BASE 0xffffffff80000000

/* a note's header and name; its value follows, then xen_note_end */
	.macro	xen_note type
	.pushsection .note.Xen, "a", @note
	.balign	4
	.long	4f - 3f		/* name size */
	.long	6f - 5f		/* desc size */
	.long	\type
3:	.asciz	"Xen"
4:	.balign	4
5:
	.endm
	.macro	xen_note_end
6:	.balign	4
	.popsection
	.endm

	xen_note 6		/* GUEST_OS */
	.asciz	"larch-pvtest"
	xen_note_end
	xen_note 5		/* XEN_VERSION */
	.asciz	"xen-3.0"
	xen_note_end
	xen_note 3		/* VIRT_BASE */
	.quad	VIRT_BASE
	xen_note_end
	xen_note 4		/* PADDR_OFFSET */
	.quad	0
	xen_note_end
	xen_note 1		/* ENTRY */
	.quad	pv_start
	xen_note_end
	xen_note 12		/* HV_START_LOW */
	.quad	0xffff800000000000
	xen_note_end
	xen_note 8		/* LOADER */
	.asciz	"generic"
	xen_note_end
	xen_note 9		/* PAE_MODE */
	.asciz	"yes"
	xen_note_end

/* rsi: start_info; rsp: the builder's boot stack; events masked */
	.section .text.entry, "ax"
	.global	pv_start
pv_start:
	mov	%rsi, %rdi
	and	$-16, %rsp
	call	pv_main
	ud2

/* Exception and event entries: larch (as Xen) left rcx, r11, [error
 * code], rip, cs, rflags, rsp, ss at rsp. The C handler gets that frame
 * (and may change its rip); then back with HYPERVISOR_iret, whose context
 * is rax, r11, rcx, flags, rip, cs, rflags, rsp, ss. */
	.macro	pv_entry name, handler, has_err
	.global	\name
\name:
	push	%rax
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%rbp
	mov	%rsp, %rbp
	lea	64(%rsp), %rdi
	and	$-16, %rsp
	call	\handler
	mov	%rbp, %rsp
	pop	%rbp
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rax
	pop	%rcx
	pop	%r11
	.if \has_err
	add	$8, %rsp
	.endif
	pushq	$0		/* flags */
	push	%rcx
	push	%r11
	push	%rax
	mov	$23, %eax	/* HYPERVISOR_iret */
	syscall
	ud2
	.endm

	.text
	pv_entry pv_page_fault_entry, pv_page_fault, 1
	pv_entry pv_invalid_op_entry, pv_invalid_op, 0
	pv_entry pv_event_entry, pv_event, 0
	pv_entry pv_gp_entry, pv_general_protection, 1
	pv_entry pv_nm_entry, pv_device_not_available, 0

/* Guest user mode: enter it at rip with stack rsp through an iret whose
 * cs has RPL 3; the code there makes syscalls, which larch bounces to
 * pv_syscall_entry in kernel mode on the stack_switch stack (rax kept). */
	.global	pv_enter_user
pv_enter_user:
	pushq	$0xe02b		/* ss */
	push	%rsi		/* rsp */
	pushq	$0x202		/* rflags: events on */
	pushq	$0xe033		/* cs: RPL 3, user mode */
	push	%rdi		/* rip */
	pushq	$0		/* flags */
	pushq	$0		/* rcx */
	pushq	$0		/* r11 */
	pushq	$0		/* rax */
	mov	$23, %eax
	syscall
	ud2

	.global	pv_user_code
pv_user_code:
	/* a user program's wrmsr and rdmsr: its kernel's #GP (the handler
	 * steps over each), not emulated for it */
	mov	$0xc0000100, %ecx
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	rdmsr
	mov	$0x55, %eax
	syscall
	ud2

	.global	pv_syscall_entry
pv_syscall_entry:
	mov	%rsp, %rsi	/* the frame */
	mov	%rax, %rdi	/* what user mode asked */
	and	$-16, %rsp
	call	pv_syscall
	ud2

	.section .note.GNU-stack, "", %progbits

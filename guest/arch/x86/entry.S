/* x86_64 test guest entry (ring 3, rdi = start info), secondary vCPU
 * entry, and the upcall entry the hypervisor bounces to. */
	.section .text.entry, "ax"
	.global _start
_start:
	lea	boot_stack_top(%rip), %rsp
	mov	%rdi, %rbx
	lea	__bss_start(%rip), %rdi
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	cld
	rep stosb
	mov	%rbx, %rdi
	call	guest_start
1:	jmp	1b

/* A secondary vCPU: the hypervisor set rsp and rdi = vCPU id. */
	.global guest_secondary_start
guest_secondary_start:
	call	guest_secondary_entry
2:	jmp	2b

/* The bounce frame at rsp: rax, rcx, r11, rip, rflags, rsp (its end
 * 16-byte aligned). Save the other caller-saved registers, run the
 * demultiplexer, and return with the iret hypercall, which restores rax,
 * rcx, r11, rip, rflags, rsp and the mask from the frame. */
	.global upcall_entry
upcall_entry:
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	cld
	call	evtchn_do_upcall
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	mov	$23, %eax		/* __HYPERVISOR_iret */
	syscall
	ud2

	.bss
	.balign	16
boot_stack:
	.space	16384
boot_stack_top:
	.section .note.GNU-stack, "", @progbits

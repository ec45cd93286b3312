/* arm64 test guest entry (EL1, MMU off; HCR_EL2.DC makes memory cacheable)
 * and its EL1 vector table: IRQs (the event upcall PPI 31, the vtimer PPI
 * 27) go to guest_irq; anything else is a guest bug, reported and fatal. */
	.section .text.entry, "ax"
	.global _start
_start:
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	mov	x19, x0
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	adr	x0, guest_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x19
	bl	guest_start
3:	b	3b

/* A secondary vCPU: the hypervisor set sp and x0 = vCPU id. */
	.global guest_secondary_start
guest_secondary_start:
	adr	x1, guest_vectors
	msr	vbar_el1, x1
	isb
	bl	guest_secondary_entry
4:	b	4b

	.macro	vec label
	.balign	0x80
	b	\label
	.endm
	.balign	0x800
guest_vectors:
	vec	bad_trap	/* EL1t */
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap	/* EL1h sync */
	vec	irq_entry	/* EL1h IRQ */
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap	/* EL0 */
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap
	vec	bad_trap

/* Caller-saved registers and the exception state: the handler is C. */
irq_entry:
	sub	sp, sp, #192
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #160]
	str	x1, [sp, #176]
	bl	guest_irq
	ldr	x1, [sp, #176]
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	add	sp, sp, #192
	eret

bad_trap:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	guest_bad_trap
5:	b	5b

	.bss
	.balign	16
boot_stack:
	.space	16384
boot_stack_top:

/* arm64 entry at EL2: boot and secondary CPUs, the early EL2 MMU (so the
 * common code's exclusives run on normal cacheable memory), the EL2 vector
 * table, and the guest trap entry/exit that saves into the current vCPU's
 * struct cpu_user_regs. */
#include "asm-offsets.h"

#define SCTLR_EL2_RES1 0x30C50830
#define SCTLR_EL2_ON   (SCTLR_EL2_RES1 | (1 << 0) | (1 << 2) | (1 << 12))
/* T0SZ=32 (4 GiB, walk starts at level 1), inner/outer WBWA, inner
 * shareable, 4K granule, 32-bit PA; bits 31 and 23 are RES1. */
#define TCR_EL2_VAL    ((1 << 31) | (1 << 23) | (3 << 12) | (1 << 10) | \
			(1 << 8) | 32)
/* attr0 device-nGnRnE, attr1 normal write-back */
#define MAIR_EL2_VAL   0xff00

	.section .text.boot, "ax"
	.global _start
_start:
	/* boot CPU: cpu index 0 */
	mov	x19, #0
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	setup_stack
	bl	mmu_build_tables	/* C, MMU off: aligned stores only */
	bl	mmu_enable
	mov	x0, x19
	bl	arm_boot_main
	b	hang

/* PSCI CPU_ON lands here at EL2 with the MMU off; x0 = cpu index. */
	.global secondary_entry
secondary_entry:
	mov	x19, x0
	bl	setup_stack
	bl	mmu_enable
	mov	x0, x19
	bl	arm_secondary_main
	b	hang

/* x19 = cpu index: sp = top of that CPU's stack, TPIDR_EL2 = its pcpu. */
setup_stack:
	adrp	x0, arm_pcpu
	add	x0, x0, :lo12:arm_pcpu
	mov	x1, #PCPU_SIZE
	madd	x0, x19, x1, x0
	msr	tpidr_el2, x0
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	add	x2, x19, #1
	lsl	x2, x2, #STACK_SHIFT
	add	x1, x1, x2
	mov	sp, x1
	str	x1, [x0, #PCPU_STACK_TOP]
	str	w19, [x0, #PCPU_ID]
	adr	x1, el2_vectors
	msr	vbar_el2, x1
	isb
	ret

mmu_enable:
	ldr	x0, =MAIR_EL2_VAL
	msr	mair_el2, x0
	ldr	x0, =TCR_EL2_VAL
	msr	tcr_el2, x0
	adrp	x0, hyp_pt_l1
	msr	ttbr0_el2, x0
	dsb	sy
	tlbi	alle2
	dsb	sy
	isb
	ldr	x0, =SCTLR_EL2_ON
	msr	sctlr_el2, x0
	isb
	ret

	.global hang
hang:	wfe
	b	hang

/* ---- EL2 vectors ---- */
	.macro	vec label
	.balign	0x80
	b	\label
	.endm

	.balign	0x800
el2_vectors:
	vec	hyp_bad_sync		/* current EL, SP0 */
	vec	hyp_bad_irq
	vec	hyp_bad_fiq
	vec	hyp_bad_serror
	vec	hyp_bad_sync		/* current EL, SPx */
	vec	hyp_bad_irq
	vec	hyp_bad_fiq
	vec	hyp_bad_serror
	vec	guest_sync		/* lower EL, AArch64 */
	vec	guest_irq
	vec	guest_fiq
	vec	guest_serror
	vec	guest_sync		/* lower EL, AArch32: a kernel domain's */
	vec	guest_irq		/* 32-bit EL0 (EL1 is always AArch64) */
	vec	guest_fiq
	vec	guest_serror

	.macro	hyp_bad kind
	mov	x0, #\kind
	mrs	x1, esr_el2
	mrs	x2, elr_el2
	mrs	x3, far_el2
	b	arm_hyp_bad_trap
	.endm
hyp_bad_sync:	hyp_bad 0
hyp_bad_irq:	hyp_bad 1
hyp_bad_fiq:	hyp_bad 2
hyp_bad_serror:	hyp_bad 3

/* Guest trap: every register into current vCPU's regs (pcpu->regs), then
 * C on a fresh hypervisor stack; C never returns here, it leaves through
 * return_to_guest. */
	.macro	guest_entry kind
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_REGS]
	stp	x2, x3, [x0, #8 * 2]
	stp	x4, x5, [x0, #8 * 4]
	stp	x6, x7, [x0, #8 * 6]
	stp	x8, x9, [x0, #8 * 8]
	stp	x10, x11, [x0, #8 * 10]
	stp	x12, x13, [x0, #8 * 12]
	stp	x14, x15, [x0, #8 * 14]
	stp	x16, x17, [x0, #8 * 16]
	stp	x18, x19, [x0, #8 * 18]
	stp	x20, x21, [x0, #8 * 20]
	stp	x22, x23, [x0, #8 * 22]
	stp	x24, x25, [x0, #8 * 24]
	stp	x26, x27, [x0, #8 * 26]
	stp	x28, x29, [x0, #8 * 28]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #8 * 0]
	mrs	x2, sp_el1
	stp	x30, x2, [x0, #8 * 30]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #REGS_ELR]
	mov	x1, #\kind
	b	guest_trap_common
	.endm
guest_sync:	guest_entry 0
guest_irq:	guest_entry 1
guest_fiq:	guest_entry 2
guest_serror:	guest_entry 3

guest_trap_common:
	mrs	x2, tpidr_el2
	ldr	x3, [x2, #PCPU_STACK_TOP]
	mov	sp, x3
	mov	x29, #0
	bl	arm_guest_trap		/* (regs, kind): does not return */
	b	hang

/* return_to_guest(regs): load a vCPU's registers and eret. The caller has
 * set pcpu->regs = regs so the next trap saves into the same place. */
	.global return_to_guest
return_to_guest:
	ldp	x2, x3, [x0, #REGS_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x30, x2, [x0, #8 * 30]
	msr	sp_el1, x2
	ldp	x2, x3, [x0, #8 * 2]
	ldp	x4, x5, [x0, #8 * 4]
	ldp	x6, x7, [x0, #8 * 6]
	ldp	x8, x9, [x0, #8 * 8]
	ldp	x10, x11, [x0, #8 * 10]
	ldp	x12, x13, [x0, #8 * 12]
	ldp	x14, x15, [x0, #8 * 14]
	ldp	x16, x17, [x0, #8 * 16]
	ldp	x18, x19, [x0, #8 * 18]
	ldp	x20, x21, [x0, #8 * 20]
	ldp	x22, x23, [x0, #8 * 22]
	ldp	x24, x25, [x0, #8 * 24]
	ldp	x26, x27, [x0, #8 * 26]
	ldp	x28, x29, [x0, #8 * 28]
	ldp	x0, x1, [x0, #8 * 0]
	eret
	.ltorg

/* Save and restore of a guest's state around the hypervisor, and the rfi
 * that returns to it. The IVT entry left the vector offset in r16 (bank 0);
 * PSR.ic and PSR.i are 0, so cr.iip/ipsr/ifs/isr/ifa/iim are frozen for us.
 * ar.k7 holds the current vCPU's struct cpu_user_regs (arch_ctxt_switch),
 * ar.k6 the top of this pCPU's stack, ar.k4 its number. Offsets: the
 * generated asm-offsets.h. Register roles in the save path (bank 0):
 * r16 vector, r17 regs, r18..r31 scratch. */
#include <arch/ia64.h>
#include "asm-offsets.h"

	.explicit
	.text

/* Store reg to regs+off, using r31 as the address. */
#define SAVE(reg, off)	add r31 = off, r17 ;; st8 [r31] = reg
#define LOAD(reg, off)	add r31 = off, r16 ;; ld8 reg = [r31]

	.global	ia64_guest_entry
	.proc	ia64_guest_entry
ia64_guest_entry:
	mov	r17 = ar.k7
	mov	r18 = cr.ipsr
	;;
	/* From the hypervisor itself (cpl 0): a hypervisor bug, not a guest. */
	extr.u	r19 = r18, IA64_PSR_CPL_SHIFT, 2
	;;
	cmp.eq	p6, p0 = 0, r19
(p6)	br.cond.spnt.few ia64_hyp_fault
	;;
	/* The interruption registers, while they are frozen. */
	mov	r19 = cr.iip
	mov	r20 = cr.isr
	mov	r21 = cr.ifa
	mov	r22 = cr.iim
	mov	r23 = pr
	;;
	SAVE(r18, REGS_HW_IPSR) ;;
	SAVE(r19, REGS_CR_IIP) ;;
	SAVE(r20, REGS_CR_ISR) ;;
	SAVE(r21, REGS_CR_IFA) ;;
	SAVE(r22, REGS_CR_IIM) ;;
	SAVE(r23, REGS_PR) ;;
	/* cover with PSR.ic = 0: the guest's current frame goes to cr.ifs
	 * and becomes part of the dirty partition. */
	cover
	;;
	mov	r18 = cr.ifs
	mov	r19 = ar.rsc
	mov	r20 = ar.pfs
	;;
	SAVE(r18, REGS_CR_IFS) ;;
	SAVE(r19, REGS_AR_RSC) ;;
	SAVE(r20, REGS_AR_PFS) ;;
	/* Register stack: enforced lazy, keep the guest's bspstore and rnat,
	 * then send its dirty registers to this vCPU's own backing store. */
	mov	ar.rsc = 0
	;;
	mov	r18 = ar.bspstore
	;;
	mov	r19 = ar.rnat
	add	r31 = REGS_RBS_BASE, r17
	;;
	ld8	r20 = [r31]
	SAVE(r18, REGS_AR_BSPSTORE) ;;
	SAVE(r19, REGS_AR_RNAT) ;;
	mov	ar.bspstore = r20
	;;
	flushrs
	;;
	mov	r21 = ar.bsp
	;;
	mov	r22 = ar.rnat
	mov	r23 = 0x1f8
	;;
	or	r23 = r23, r21		/* the partial group's NaT collection slot */
	;;
	/* Also in memory, where loadrs looks for it on the way back. */
	st8	[r23] = r22
	sub	r21 = r21, r20		/* bytes now in the vCPU RBS */
	;;
	SAVE(r21, REGS_LOADRS) ;;
	SAVE(r22, REGS_RBS_RNAT) ;;
	/* The hypervisor's own RBS: the bottom of this pCPU's stack area. */
	mov	r18 = ar.k6
	;;
	movl	r19 = IA64_PCPU_STACK_SIZE
	;;
	sub	r18 = r18, r19
	;;
	mov	ar.bspstore = r18
	;;
	/* r1..r15: spilled with their NaT bits into ar.unat. */
	mov	r18 = ar.unat
	;;
	SAVE(r18, REGS_AR_UNAT) ;;
	add	r30 = REGS_GR + 8, r17
	;;
	st8.spill [r30] = r1, 8
	;;
	st8.spill [r30] = r2, 8
	;;
	st8.spill [r30] = r3, 8
	;;
	st8.spill [r30] = r4, 8
	;;
	st8.spill [r30] = r5, 8
	;;
	st8.spill [r30] = r6, 8
	;;
	st8.spill [r30] = r7, 8
	;;
	st8.spill [r30] = r8, 8
	;;
	st8.spill [r30] = r9, 8
	;;
	st8.spill [r30] = r10, 8
	;;
	st8.spill [r30] = r11, 8
	;;
	st8.spill [r30] = r12, 8
	;;
	st8.spill [r30] = r13, 8
	;;
	st8.spill [r30] = r14, 8
	;;
	st8.spill [r30] = r15, 8
	;;
	/* r2 and r3 (saved) carry the pointers across the bank switch. */
	mov	r2 = r30
	mov	r3 = r17
	mov	r14 = r16
	;;
	bsw.1			/* now the guest's r16..r31 are visible */
	;;
	st8.spill [r2] = r16, 8
	;;
	st8.spill [r2] = r17, 8
	;;
	st8.spill [r2] = r18, 8
	;;
	st8.spill [r2] = r19, 8
	;;
	st8.spill [r2] = r20, 8
	;;
	st8.spill [r2] = r21, 8
	;;
	st8.spill [r2] = r22, 8
	;;
	st8.spill [r2] = r23, 8
	;;
	st8.spill [r2] = r24, 8
	;;
	st8.spill [r2] = r25, 8
	;;
	st8.spill [r2] = r26, 8
	;;
	st8.spill [r2] = r27, 8
	;;
	st8.spill [r2] = r28, 8
	;;
	st8.spill [r2] = r29, 8
	;;
	st8.spill [r2] = r30, 8
	;;
	st8.spill [r2] = r31, 8
	;;
	mov	r17 = r3
	mov	r18 = ar.unat
	;;
	SAVE(r18, REGS_SPILL_UNAT) ;;
	/* Branch, application and scratch FP registers: the C we call may
	 * use f6..f11 (gcc does for integer multiply and divide). */
	mov	r18 = b0
	mov	r19 = b6
	mov	r20 = b7
	mov	r21 = ar.ccv
	mov	r22 = ar.fpsr
	;;
	SAVE(r18, REGS_B0) ;;
	SAVE(r19, REGS_B6) ;;
	SAVE(r20, REGS_B7) ;;
	SAVE(r21, REGS_AR_CCV) ;;
	SAVE(r22, REGS_AR_FPSR) ;;
	add	r30 = REGS_FR, r17
	;;
	stf.spill [r30] = f6, 16
	;;
	stf.spill [r30] = f7, 16
	;;
	stf.spill [r30] = f8, 16
	;;
	stf.spill [r30] = f9, 16
	;;
	stf.spill [r30] = f10, 16
	;;
	stf.spill [r30] = f11, 16
	;;
	/* The C environment: stack, gp, eager RSE, collection back on
	 * (PSR.i stays 0: the hypervisor runs with interrupts off). */
	mov	r12 = ar.k6
	movl	r1 = __gp
	mov	r13 = r0
	;;
	adds	r12 = -16, r12
	mov	ar.rsc = 3
	;;
	ssm	psr.ic
	;;
	srlz.d
	;;
	alloc	r15 = ar.pfs, 0, 0, 2, 0
	mov	out0 = ar.k4
	mov	out1 = r14		/* the vector offset */
	;;
	br.call.sptk.many b0 = ia64_trap
	;;
	/* r8: the vCPU to enter (maybe another one). */
	br.sptk.many ia64_enter_guest
	;;
	.endp	ia64_guest_entry

/*
 * Enter the vCPU in r8 (also the boot path's way into the first guest):
 * restore everything ia64_guest_entry saved, in reverse, and rfi. Its
 * regs.hw_ipsr was computed in C (ia64_psr_for_rfi): real PSR.I = 1.
 */
	.global	ia64_enter_guest
	.proc	ia64_enter_guest
ia64_enter_guest:
	adds	r2 = VCPU_REGS, r8
	;;
	mov	ar.k7 = r2
	rsm	psr.i | psr.ic		/* interruption registers are ours */
	;;
	srlz.d
	;;
	add	r3 = REGS_FR, r2
	;;
	ldf.fill f6 = [r3], 16
	;;
	ldf.fill f7 = [r3], 16
	;;
	ldf.fill f8 = [r3], 16
	;;
	ldf.fill f9 = [r3], 16
	;;
	ldf.fill f10 = [r3], 16
	;;
	ldf.fill f11 = [r3], 16
	;;
	add	r3 = REGS_B0, r2
	;;
	ld8	r18 = [r3]
	add	r3 = REGS_B6, r2
	;;
	ld8	r19 = [r3]
	add	r3 = REGS_B7, r2
	;;
	ld8	r20 = [r3]
	add	r3 = REGS_AR_CCV, r2
	;;
	ld8	r21 = [r3]
	add	r3 = REGS_AR_FPSR, r2
	;;
	ld8	r22 = [r3]
	add	r3 = REGS_SPILL_UNAT, r2
	;;
	mov	b0 = r18
	mov	b6 = r19
	mov	b7 = r20
	ld8	r23 = [r3]
	;;
	mov	ar.ccv = r21
	mov	ar.fpsr = r22
	;;
	mov	ar.unat = r23
	/* The guest's bank-1 r16..r31 (we run in bank 1 here). */
	add	r3 = REGS_GR + 16 * 8, r2
	;;
	ld8.fill r16 = [r3], 8
	;;
	ld8.fill r17 = [r3], 8
	;;
	ld8.fill r18 = [r3], 8
	;;
	ld8.fill r19 = [r3], 8
	;;
	ld8.fill r20 = [r3], 8
	;;
	ld8.fill r21 = [r3], 8
	;;
	ld8.fill r22 = [r3], 8
	;;
	ld8.fill r23 = [r3], 8
	;;
	ld8.fill r24 = [r3], 8
	;;
	ld8.fill r25 = [r3], 8
	;;
	ld8.fill r26 = [r3], 8
	;;
	ld8.fill r27 = [r3], 8
	;;
	ld8.fill r28 = [r3], 8
	;;
	ld8.fill r29 = [r3], 8
	;;
	ld8.fill r30 = [r3], 8
	;;
	ld8.fill r31 = [r3], 8
	;;
	bsw.0			/* bank 0 is scratch again */
	;;
	mov	r16 = r2
	;;
	/* Register stack: an empty current frame, then this vCPU's dirty
	 * registers back from its RBS, then the guest's own bspstore. */
	alloc	r17 = ar.pfs, 0, 0, 0, 0
	;;
	mov	ar.rsc = 0
	;;
	LOAD(r18, REGS_RBS_BASE) ;;
	LOAD(r19, REGS_LOADRS) ;;
	LOAD(r20, REGS_RBS_RNAT) ;;
	add	r21 = r18, r19
	;;
	mov	ar.bspstore = r21
	;;
	mov	ar.rnat = r20
	shl	r19 = r19, 16		/* ar.rsc.loadrs */
	;;
	mov	ar.rsc = r19
	;;
	loadrs
	;;
	LOAD(r18, REGS_AR_BSPSTORE) ;;
	LOAD(r19, REGS_AR_RNAT) ;;
	LOAD(r20, REGS_AR_RSC) ;;
	LOAD(r21, REGS_AR_PFS) ;;
	mov	ar.bspstore = r18
	;;
	mov	ar.rnat = r19
	mov	ar.pfs = r21
	;;
	mov	ar.rsc = r20
	/* The interruption registers rfi consumes. */
	LOAD(r18, REGS_HW_IPSR) ;;
	LOAD(r19, REGS_CR_IIP) ;;
	LOAD(r20, REGS_CR_IFS) ;;
	LOAD(r21, REGS_PR) ;;
	mov	cr.ipsr = r18
	mov	cr.iip = r19
	mov	cr.ifs = r20
	;;
	mov	pr = r21, -1
	LOAD(r22, REGS_SPILL_UNAT) ;;
	mov	ar.unat = r22
	;;
	/* r1..r15 last: r16 (bank 0) is the pointer. */
	add	r17 = REGS_GR + 8, r16
	;;
	ld8.fill r1 = [r17], 8
	;;
	ld8.fill r2 = [r17], 8
	;;
	ld8.fill r3 = [r17], 8
	;;
	ld8.fill r4 = [r17], 8
	;;
	ld8.fill r5 = [r17], 8
	;;
	ld8.fill r6 = [r17], 8
	;;
	ld8.fill r7 = [r17], 8
	;;
	ld8.fill r8 = [r17], 8
	;;
	ld8.fill r9 = [r17], 8
	;;
	ld8.fill r10 = [r17], 8
	;;
	ld8.fill r11 = [r17], 8
	;;
	ld8.fill r12 = [r17], 8
	;;
	ld8.fill r13 = [r17], 8
	;;
	ld8.fill r14 = [r17], 8
	;;
	ld8.fill r15 = [r17], 8
	;;
	LOAD(r18, REGS_AR_UNAT) ;;
	mov	ar.unat = r18
	;;
	srlz.d
	;;
	rfi
	;;
	.endp	ia64_enter_guest

/* An interruption taken at cpl 0 is a hypervisor bug: report it from C on
 * a fresh stack and stop. */
	.proc	ia64_hyp_fault
ia64_hyp_fault:
	mov	r12 = ar.k6
	movl	r1 = __gp
	;;
	adds	r12 = -16, r12
	mov	r18 = ar.k6
	movl	r19 = IA64_PCPU_STACK_SIZE
	;;
	sub	r18 = r18, r19
	mov	ar.rsc = 0
	;;
	mov	ar.bspstore = r18
	;;
	mov	ar.rsc = 3
	alloc	r15 = ar.pfs, 0, 0, 4, 0
	mov	out0 = r16
	mov	out1 = cr.iip
	mov	out2 = cr.isr
	mov	out3 = cr.ifa
	;;
	br.call.sptk.many b0 = ia64_hyp_panic
	;;
1:	br.sptk.many 1b
	;;
	.endp	ia64_hyp_fault

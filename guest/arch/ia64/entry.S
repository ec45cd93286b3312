/* The ia64 part of the test guests, in assembly: entry, the hypercall
 * (break.m 0x1000, number in r2, arguments in r14..r18, result in r8), the
 * PSR.I accessors and the guest's own IVT, whose external-interrupt entry
 * is where the hypervisor delivers an upcall (a virtual external
 * interrupt). The guest runs at PL1, so rsm/ssm psr.i, mov r=psr,
 * mov cr and rfi trap and are emulated by the hypervisor on the guest's
 * virtual PSR: the code below is what a PL0 kernel would write. */
#include <arch/ia64.h>

	.explicit
	.section .text.entry, "ax"

/* vCPU 0 entry: in0 (r32) = start info, r12 = stack, PSR.I = 0. */
	.global	_start
	.proc	_start
_start:
	movl	r1 = __gp
	movl	r2 = guest_ivt
	;;
	mov	cr.iva = r2
	movl	r3 = guest_rbs
	;;
	mov	ar.rsc = 0
	;;
	mov	ar.bspstore = r3
	;;
	mov	ar.rsc = 3
	alloc	r15 = ar.pfs, 1, 0, 1, 0
	;;
	mov	out0 = in0
	;;
	br.call.sptk.many b0 = guest_start
	;;
1:	break.m	0		/* not a hypercall: the domain is stopped */
	;;
	br.sptk.many 1b
	;;
	.endp	_start

	.text

/* Secondary vCPUs (VCPUOP_initialise): in0 = vCPU id, r12 = its stack;
 * each gets 8 KiB of register backing store. */
	.global	guest_secondary_start
	.proc	guest_secondary_start
guest_secondary_start:
	movl	r1 = __gp
	movl	r3 = guest_rbs
	;;
	shl	r2 = r32, 13
	;;
	add	r3 = r3, r2
	mov	ar.rsc = 0
	;;
	mov	ar.bspstore = r3
	;;
	mov	ar.rsc = 3
	alloc	r15 = ar.pfs, 1, 0, 1, 0
	;;
	mov	out0 = in0
	;;
	br.call.sptk.many b0 = guest_secondary_entry
	;;
1:	break.m	0
	;;
	br.sptk.many 1b
	;;
	.endp	guest_secondary_start

	.global	hypercall5
	.proc	hypercall5
hypercall5:
	mov	r2 = r32
	mov	r14 = r33
	mov	r15 = r34
	mov	r16 = r35
	mov	r17 = r36
	mov	r18 = r37
	;;
	break.m	IA64_HYPERCALL_IMM
	;;
	br.ret.sptk.many b0
	;;
	.endp	hypercall5

	.global	local_irq_disable
	.proc	local_irq_disable
local_irq_disable:
	rsm	psr.i
	;;
	br.ret.sptk.many b0
	;;
	.endp	local_irq_disable

/* ssm psr.i then srlz.d: the architecture's serialization so that the
 * new PSR.I is in effect before what follows. */
	.global	local_irq_enable
	.proc	local_irq_enable
local_irq_enable:
	ssm	psr.i
	;;
	srlz.d
	;;
	br.ret.sptk.many b0
	;;
	.endp	local_irq_enable

/* Flags = the old PSR.I bit (0x4000 when enabled). */
	.global	local_irq_save
	.proc	local_irq_save
local_irq_save:
	mov	r8 = psr
	;;
	rsm	psr.i
	extr.u	r8 = r8, IA64_PSR_I_BIT, 1
	;;
	shl	r8 = r8, IA64_PSR_I_BIT
	;;
	br.ret.sptk.many b0
	;;
	.endp	local_irq_save

/* Only the predicated-true one of ssm/rsm executes (and traps). */
	.global	local_irq_restore
	.proc	local_irq_restore
local_irq_restore:
	cmp.ne	p6, p7 = 0, r32
	;;
(p6)	ssm	psr.i
(p7)	rsm	psr.i
	;;
	srlz.d
	;;
	br.ret.sptk.many b0
	;;
	.endp	local_irq_restore

	.global	irqs_disabled
	.proc	irqs_disabled
irqs_disabled:
	mov	r8 = psr
	;;
	extr.u	r8 = r8, IA64_PSR_I_BIT, 1
	;;
	xor	r8 = 1, r8
	br.ret.sptk.many b0
	;;
	.endp	irqs_disabled

	.global	arch_counter
	.proc	arch_counter
arch_counter:
	mov	r8 = ar.itc
	;;
	br.ret.sptk.many b0
	;;
	.endp	arch_counter

	.global	arch_vcpu_id
	.proc	arch_vcpu_id
arch_vcpu_id:
	mov	r8 = cr.lid
	;;
	extr.u	r8 = r8, 24, 8
	br.ret.sptk.many b0
	;;
	.endp	arch_vcpu_id

/*
 * The upcall: the hypervisor resumes the guest here with PSR.I = PSR.ic = 0
 * and the interrupted IP/PSR/frame in its virtual cr.iip/ipsr/ifs (kept
 * there until the rfi, since nothing below unmasks). The interrupted
 * frame is covered; every scratch register is saved on the interrupted
 * stack, r12 itself moving first so no register is needed to start.
 */
/* r2, r3 | 24 GRs | b0 b6 b7 pr pfs ccv unat (+8 pad) | f6..f15 */
#define UPCALL_FRAME 432
	.proc	guest_upcall
guest_upcall:
	adds	r12 = -UPCALL_FRAME, r12
	;;
	st8.spill [r12] = r2, 8
	;;
	st8.spill [r12] = r3, 8
	;;
	adds	r2 = -16, r12
	;;
	adds	r3 = 16, r2
	adds	r12 = -16, r12
	;;
	.irp	reg, r1, r4, r8, r9, r10, r11, r14, r15, r16, r17, r18, r19, r20, \
		r21, r22, r23, r24, r25, r26, r27, r28, r29, r30, r31
	st8.spill [r3] = \reg, 8
	;;
	.endr
	mov	r8 = b0
	mov	r9 = b6
	mov	r10 = b7
	mov	r11 = pr
	mov	r14 = ar.pfs
	mov	r15 = ar.ccv
	;;
	mov	r16 = ar.unat
	.irp	reg, r8, r9, r10, r11, r14, r15
	st8	[r3] = \reg, 8
	;;
	.endr
	st8	[r3] = r16, 16		/* keep the FP area 16-byte aligned */
	;;
	.irp	reg, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15
	stf.spill [r3] = \reg, 16
	;;
	.endr
	mov	r4 = r2			/* preserved across the call */
	/* Acknowledge the virtual interrupt (reads the upcall vector). */
	mov	r8 = cr.ivr
	movl	r1 = __gp
	adds	r12 = -16, r2
	;;
	br.call.sptk.many b0 = evtchn_do_upcall
	;;
	mov	r2 = r4
	;;
	adds	r3 = 16 + 24 * 8 + 6 * 8 + 16, r2
	;;
	.irp	reg, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15
	ldf.fill \reg = [r3], 16
	;;
	.endr
	adds	r3 = 16 + 24 * 8, r2
	;;
	.irp	reg, r8, r9, r10, r11, r14, r15, r16
	ld8	\reg = [r3], 8
	;;
	.endr
	mov	b0 = r8
	mov	b6 = r9
	mov	b7 = r10
	mov	ar.pfs = r14
	mov	ar.ccv = r15
	;;
	mov	pr = r11, -1
	mov	ar.unat = r16
	adds	r3 = 16, r2
	;;
	.irp	reg, r1, r4, r8, r9, r10, r11, r14, r15, r16, r17, r18, r19, r20, \
		r21, r22, r23, r24, r25, r26, r27, r28, r29, r30, r31
	ld8.fill \reg = [r3], 8
	;;
	.endr
	adds	r12 = UPCALL_FRAME, r2
	adds	r3 = 8, r2
	;;
	ld8.fill r2 = [r2]
	;;
	ld8.fill r3 = [r3]
	;;
	rfi
	;;
	.endp	guest_upcall

/* The guest's IVT: only the external interrupt is ever delivered; the
 * hypervisor handles (or stops the domain for) everything else. */
	.section .text.ivt, "ax"
	.align	IA64_IVT_SIZE
	.global	guest_ivt
guest_ivt:
	.org	guest_ivt + IA64_IVT_EXTINT
	.global	guest_ivt_extint
guest_ivt_extint:
	br.sptk.many guest_upcall
	;;
	.org	guest_ivt + IA64_IVT_SIZE

	.bss
	.align	512
guest_rbs:
	.skip	8192 * 4

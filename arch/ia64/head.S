/* Boot entry: entered at _start in physical mode at PL0 (an EFI loader's
 * hand-off, or a simulator's). Pins the hypervisor image with one 64 MiB
 * translation register pair in region 7, turns translation on with rfi,
 * installs the IVT and calls ia64_start (setup.c), which returns the first
 * vCPU to enter. Secondary CPUs are not started (see docs/arch-ia64.md). */
#include <arch/ia64.h>

	.explicit
	.text

#define HYP_RID   1	/* region ID of region 7 (the hypervisor's) */

	.global	_start
	.proc	_start
_start:
	rsm	psr.i | psr.ic
	;;
	srlz.i
	;;
	/* Region 7: the hypervisor's RID, 64 MiB preferred page size. */
	movl	r2 = IA64_HYP_VBASE
	movl	r3 = (HYP_RID << 8) | (IA64_HYP_TR_SHIFT << 2)
	;;
	mov	rr[r2] = r3
	;;
	srlz.d
	;;
	/* itr.i / itr.d slot 0: VBASE+PHYS -> PHYS, PL0 RWX, write-back. */
	movl	r4 = IA64_HYP_VBASE + IA64_HYP_PHYS
	movl	r5 = IA64_HYP_PHYS | 0x661	/* p, ma=WB, a, d, pl0, ar=RWX */
	mov	r6 = IA64_HYP_TR_SHIFT << 2
	mov	r7 = r0
	;;
	mov	cr.ifa = r4
	mov	cr.itir = r6
	;;
	srlz.d
	;;
	itr.i	itr[r7] = r5
	;;
	itr.d	dtr[r7] = r5
	;;
	srlz.i
	;;
	/* Into virtual mode at virt_start, PL0, translation and collection
	 * on, bank 1, interrupts still off. */
	movl	r8 = IA64_PSR_IT | IA64_PSR_DT | IA64_PSR_RT | IA64_PSR_IC | IA64_PSR_BN
	movl	r9 = .Lvirt_start
	;;
	mov	cr.ipsr = r8
	mov	cr.iip = r9
	mov	cr.ifs = r0
	;;
	rfi
	;;
.Lvirt_start:
	movl	r1 = __gp
	movl	r2 = ia64_ivt
	;;
	mov	cr.iva = r2
	;;
	srlz.i
	;;
	/* pCPU 0: its number, stack top, and the RBS at the stack's bottom. */
	movl	r3 = ia64_pcpu_stacks + IA64_PCPU_STACK_SIZE
	movl	r4 = ia64_pcpu_stacks
	;;
	mov	ar.k4 = r0
	mov	ar.k6 = r3
	adds	r12 = -16, r3
	mov	ar.rsc = 0
	;;
	mov	ar.bspstore = r4
	;;
	mov	ar.rsc = 3
	;;
	alloc	r15 = ar.pfs, 0, 0, 0, 0
	;;
	br.call.sptk.many b0 = ia64_start
	;;
	/* r8: the first vCPU. */
	br.sptk.many ia64_enter_guest
	;;
	.endp	_start

	.bss
	.align	16384
	.global	ia64_pcpu_stacks
ia64_pcpu_stacks:
	.skip	IA64_PCPU_STACK_SIZE * 4

/* The hypervisor's interruption vector table: every entry records its
 * offset in r16 (bank 0) and joins the common save path in entry.S, which
 * calls ia64_trap(cpu, offset). The two the design rests on are the
 * external interrupt (0x3000: timer, IPIs, device interrupts) and the
 * break instruction (0x2c00: the hypercall, break.m 0x1000). Privileged
 * operations of PL1 guests arrive at the general exception (0x5400). */
#include <arch/ia64.h>

	.explicit

	.macro	ivt_entry off
	.org	ia64_ivt + \off
	{ .mib
	nop.m	0
	mov	r16 = \off
	br.sptk.many ia64_guest_entry ;;
	}
	.endm

	.section .text.ivt, "ax"
	.align	IA64_IVT_SIZE
	.global	ia64_ivt
ia64_ivt:
	/* 20 entries of 64 bundles: 0x0000 .. 0x4c00 */
	ivt_entry 0x0000	/* VHPT translation */
	ivt_entry 0x0400	/* instruction TLB */
	ivt_entry 0x0800	/* data TLB */
	ivt_entry IA64_IVT_ALT_ITLB
	ivt_entry IA64_IVT_ALT_DTLB
	ivt_entry 0x1400	/* data nested TLB */
	ivt_entry 0x1800	/* instruction key miss */
	ivt_entry 0x1c00	/* data key miss */
	ivt_entry 0x2000	/* dirty bit */
	ivt_entry 0x2400	/* instruction access bit */
	ivt_entry 0x2800	/* data access bit */
	.global	ia64_ivt_break
	.org	ia64_ivt + IA64_IVT_BREAK
ia64_ivt_break:			/* hypercall: break.m IA64_HYPERCALL_IMM */
	ivt_entry IA64_IVT_BREAK
	.global	ia64_ivt_extint
	.org	ia64_ivt + IA64_IVT_EXTINT
ia64_ivt_extint:		/* external interrupt */
	ivt_entry IA64_IVT_EXTINT
	ivt_entry 0x3400
	ivt_entry 0x3800
	ivt_entry 0x3c00
	ivt_entry 0x4000
	ivt_entry 0x4400
	ivt_entry 0x4800
	ivt_entry 0x4c00
	/* 48 entries of 16 bundles: 0x5000 .. 0x7f00 */
	.irp	off, 0x5000, 0x5100, 0x5200, 0x5300, 0x5400, 0x5500, 0x5600, \
		0x5700, 0x5800, 0x5900, 0x5a00, 0x5b00, 0x5c00, 0x5d00, 0x5e00, \
		0x5f00, 0x6000, 0x6100, 0x6200, 0x6300, 0x6400, 0x6500, 0x6600, \
		0x6700, 0x6800, 0x6900, 0x6a00, 0x6b00, 0x6c00, 0x6d00, 0x6e00, \
		0x6f00, 0x7000, 0x7100, 0x7200, 0x7300, 0x7400, 0x7500, 0x7600, \
		0x7700, 0x7800, 0x7900, 0x7a00, 0x7b00, 0x7c00, 0x7d00, 0x7e00, \
		0x7f00
	ivt_entry \off
	.endr
	.org	ia64_ivt + IA64_IVT_SIZE

/* ia64 per-vCPU and per-domain state: guests at privilege level 1 under the
 * hypervisor at 0. The entry path (arch/ia64/entry.S) fills
 * struct cpu_user_regs; its offsets come from asm-offsets.c. */
#ifndef ARCH_IA64_VCPU_H
#define ARCH_IA64_VCPU_H

#include <stdint.h>
#include <arch/ia64.h>

#define IA64_PSR_I (1ULL << 14) /* interrupts enabled */

struct cpu_user_regs {
	uint64_t gr[32]; /* gr[0] unused; r12 = sp, r13 = tp */
	/* The guest's PSR as the guest sees it: the hardware's bits from the
	 * interruption, except I, which is the guest's virtual PSR.I (the
	 * contract's mask). The real PSR.I of a running guest is always 1. */
	uint64_t cr_ipsr;
	uint64_t cr_iip; /* guest IP at interruption (bundle address) */
	uint64_t cr_ifs; /* covered frame, restored by rfi when IFS.v = 1 */
	uint64_t cr_iim; /* break immediate: the hypercall marker */
	uint64_t cr_isr, cr_ifa;
	uint64_t hw_ipsr; /* real cr.ipsr: as trapped, then as loaded by rfi */
	uint64_t b0, b6, b7, pr, ar_pfs;
	uint64_t ar_unat; /* NaT bits of the spilled gr[] */
	uint64_t ar_rsc, ar_bspstore, ar_rnat, ar_ccv, ar_fpsr;
	uint64_t loadrs; /* bytes of guest stacked registers in the vCPU RBS */
	uint64_t rbs_rnat; /* ar.rnat after the flush: the partial collection */
	uint64_t spill_unat; /* ar.unat holding the NaT bits of gr[] spills */
	uint64_t fr[6][2] __attribute__((aligned(16))); /* f6..f11 (scratch) */
};

/* The guest's virtual interruption registers: what a real PL0 kernel would
 * find in its control registers. Read and written by emulating mov cr. */
struct ia64_vcr {
	uint64_t iva; /* guest's interruption vector table */
	uint64_t ipsr, iip,
		ifs; /* set on a virtual interruption, read by rfi */
	uint64_t iim, isr, ifa, itv, itm, tpr, dcr;
	uint64_t ivr_pending; /* vector the virtual IVR reports next */
};

struct arch_vcpu {
	struct cpu_user_regs regs;
	uint64_t ivt_base; /* guest's interruption vector table (= vcr.iva) */
	struct ia64_vcr vcr;
	uint64_t rbs_base; /* this vCPU's register backing store (hyp VA) */
	uint64_t privops;  /* privileged operations emulated */
	uint64_t
		fast_returns; /* emulations that returned without the full path */
	uint64_t virq_injected; /* virtual external interrupts raised */
};

struct arch_domain {
	uint64_t rid_base; /* region IDs: rid_base + region (0..6) */
};

#endif

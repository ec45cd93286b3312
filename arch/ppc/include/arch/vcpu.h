/* ppc64 (POWER9) per-vCPU and per-domain state: guest partitions. */
#ifndef ARCH_PPC_VCPU_H
#define ARCH_PPC_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_SF (1ULL << 63)
#define MSR_HV (1ULL << 60)
#define MSR_EE (1ULL << 15) /* external interrupts enabled */
#define MSR_PR (1ULL << 14)
#define MSR_ME (1ULL << 12)
#define MSR_IR (1ULL << 5)
#define MSR_DR (1ULL << 4)
#define MSR_RI (1ULL << 1)
#define MSR_LE (1ULL << 0)

/* Saved by the trap entry (head.S), loaded back by the return; the offsets
 * are mirrored in arch/ppc/asm-offsets.h. */
struct cpu_user_regs {
	uint64_t gpr[32];
	uint64_t nip; /* guest PC (from SRR0/HSRR0) */
	uint64_t msr; /* guest MSR (from SRR1/HSRR1): EE = not masked */
	uint64_t lr, ctr, cr, xer;
	uint64_t srr0, srr1; /* the guest's own SRR pair */
};

/* Guest supervisor state that is not touched by a trap: moved on switch. */
struct ppc_sprs {
	uint64_t sprg[4];
	uint64_t dar, dsisr;
};

/* A PAPR partition's own state (arch/ppc/papr/papr.h): kept apart, so
 * the test guests' vCPUs and domains stay as small as they were. */
struct ppc_papr_vcpu;
struct ppc_papr_domain;

struct arch_vcpu {
	struct cpu_user_regs regs;
	struct ppc_sprs sprs;
	bool doorbell;	    /* this entry: the guest DEC left expired */
	uint64_t traps;	    /* entries to the hypervisor */
	uint64_t synth_500; /* upcalls delivered as a synthesized 0x500 */
	uint64_t doorbells; /* entries with the EE-gated doorbell armed */
	struct ppc_papr_vcpu *papr; /* NULL: not a PAPR partition's */
};

struct arch_domain {
	uint32_t lpid;
	uint64_t *root; /* partition-scoped radix tree: root level */
	/* the guest's SRR0/SRR1 window (ppc hypercall 51, traps.c) */
	uint64_t srr_exit, srr_exit_len, srr_prologue_len;
	/* a PAPR partition (a pseries kernel): hcalls, DEC and LPCR are its */
	struct ppc_papr_domain *papr; /* NULL: a test guest */
};

#endif

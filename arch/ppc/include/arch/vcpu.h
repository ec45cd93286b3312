/* ppc64 (POWER9) per-vCPU and per-domain state: guest partitions. */
#ifndef ARCH_PPC_VCPU_H
#define ARCH_PPC_VCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <larch/timer.h>
#include <arch/xics.h>

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

/* A PAPR partition's vCPU (arch/ppc/papr/): supervisor state a pseries
 * kernel keeps in registers the test guests never touch, moved only for
 * such vCPUs, and its XICS presentation controller. */
struct ppc_papr_vcpu {
	uint64_t dec_tb; /* switched out: the timebase where its DEC hits 0 */
	uint64_t pidr, amr, iamr, uamor, fscr, dscr, tar;
	uint64_t vpa;	       /* registered VPA (partition-real), 0: none */
	struct timer dec_wake; /* ends an H_CEDE when its DEC runs out */
	s_time_t cede_until;
	bool ceded, prodded;
	/* XICS presentation (ICP); how interrupts found the vCPU: MSR[EE]
	 * 1 (taken at once, whether or not Linux had soft-masked) or 0
	 * (Linux had hard-disabled) */
	struct xics_icp icp;
	uint64_t irq_at_ee1, irq_at_ee0;
	uint64_t link_at_ee1, link_at_ee0; /* of those, terminal links' */
	bool counted; /* the interrupt pending now is counted */
};

struct arch_vcpu {
	struct cpu_user_regs regs;
	struct ppc_sprs sprs;
	bool doorbell;	    /* this entry: the guest DEC left expired */
	uint64_t traps;	    /* entries to the hypervisor */
	uint64_t synth_500; /* upcalls delivered as a synthesized 0x500 */
	uint64_t doorbells; /* entries with the EE-gated doorbell armed */
	struct ppc_papr_vcpu papr;
};

struct arch_domain {
	uint32_t lpid;
	uint64_t *root; /* partition-scoped radix tree: root level */
	/* the guest's SRR0/SRR1 window (ppc hypercall 51, traps.c) */
	uint64_t srr_exit, srr_exit_len, srr_prologue_len;
	/* a PAPR partition (a pseries kernel): hcalls, DEC and LPCR are its */
	bool papr;
	uint64_t papr_ram;	   /* bytes its device tree gives it */
	uint32_t hcall_logged[32]; /* unknown hcalls said once */
	/* XICS sources (ICS) of the terminal links (papr/vterm.c) */
	struct xics_source ics[8];
	char panel[32]; /* RTAS display-character's line */
	unsigned panel_len;
};

#endif

/* arm64 per-vCPU and per-domain state: EL1 guests under EL2. */
#ifndef ARCH_ARM_VCPU_H
#define ARCH_ARM_VCPU_H

#include <stdint.h>
#include <larch/timer.h>

#define PSR_I_BIT (1ULL << 7) /* PSTATE.I: IRQs masked */

struct cpu_user_regs {
	uint64_t x[31];
	uint64_t sp_el1;
	uint64_t elr;  /* ELR_EL2: guest PC */
	uint64_t spsr; /* SPSR_EL2: guest PSTATE, I bit = the mask */
};

#define ARM_NR_LRS 16

/* EL1 system registers and the virtual GIC/timer state that move with a
 * vCPU on context switch. */
struct arm_el1_ctxt {
	uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, cpacr;
	uint64_t elr, spsr, esr, far, afsr0, afsr1, contextidr, tpidr;
	uint64_t tpidr_el0, tpidrro_el0, sp_el0, par, cntkctl;
	uint64_t cntv_ctl, cntv_cval;
	uint64_t vmcr, ap1r0, lr[ARM_NR_LRS];
};

struct arch_vcpu {
	struct cpu_user_regs regs;
	struct arm_el1_ctxt el1;
	uint64_t vmpidr;
	uint64_t traps;		  /* entries to the hypervisor (tests/bench) */
	struct timer vtimer_wake; /* wakes it when its vtimer fires while out */
};

struct arch_domain {
	uint64_t vttbr;	 /* VMID << 48 | stage-2 root */
	uint64_t *s2_l1; /* stage-2 level-1 table */
	uint64_t *s2_l2; /* stage-2 level-2 table (1 GiB of IPA) */
};

#endif

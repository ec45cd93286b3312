/* ppc64 (POWER9) per-vCPU and per-domain state: guest partitions. */
#ifndef ARCH_PPC_VCPU_H
#define ARCH_PPC_VCPU_H

#include <stdint.h>

#define MSR_EE (1ULL << 15) /* external interrupts enabled */

struct cpu_user_regs {
	uint64_t gpr[32];
	uint64_t nip;   /* guest PC (from SRR0/HSRR0) */
	uint64_t msr;   /* guest MSR (from SRR1/HSRR1): EE = not masked */
	uint64_t lr, ctr, cr, xer;
};

struct arch_vcpu {
	struct cpu_user_regs regs;
};

struct arch_domain {
	uint32_t lpid;
};

#endif

/* arm64 per-vCPU and per-domain state: EL1 guests under EL2. */
#ifndef ARCH_ARM_VCPU_H
#define ARCH_ARM_VCPU_H

#include <stdint.h>

#define PSR_I_BIT (1ULL << 7) /* PSTATE.I: IRQs masked */

struct cpu_user_regs {
	uint64_t x[31];
	uint64_t sp_el1;
	uint64_t elr;   /* ELR_EL2: guest PC */
	uint64_t spsr;  /* SPSR_EL2: guest PSTATE, I bit = the mask */
};

struct arch_vcpu {
	struct cpu_user_regs regs;
};

struct arch_domain {
	uint64_t vttbr;
};

#endif

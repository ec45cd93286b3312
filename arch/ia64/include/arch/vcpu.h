/* ia64 per-vCPU and per-domain state: guests at privilege level 1/2. */
#ifndef ARCH_IA64_VCPU_H
#define ARCH_IA64_VCPU_H

#include <stdint.h>

#define IA64_PSR_I (1ULL << 14) /* interrupts enabled */

struct cpu_user_regs {
	uint64_t gr[32];
	uint64_t cr_iip;   /* guest IP at interruption */
	uint64_t cr_ipsr;  /* guest PSR at interruption: I = not masked */
	uint64_t cr_ifs;
	uint64_t cr_iim;   /* break immediate: the hypercall marker */
	uint64_t b0, pr, ar_pfs;
};

struct arch_vcpu {
	struct cpu_user_regs regs;
	uint64_t ivt_base;   /* guest's interruption vector table */
};

struct arch_domain {
	uint64_t rid_base;
};

#endif

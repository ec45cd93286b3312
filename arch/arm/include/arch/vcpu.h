/* arm64 per-vCPU and per-domain state: EL1 guests under EL2. */
#ifndef ARCH_ARM_VCPU_H
#define ARCH_ARM_VCPU_H

#include <stdint.h>
#include <larch/timer.h>
#include <larch/atomic.h>

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
	uint64_t csselr, mdscr; /* kernel domains only */
	uint64_t cntv_ctl, cntv_cval;
	uint64_t vmcr, ap1r0, lr[ARM_NR_LRS];
};

/* FP/SIMD registers: switched only for domains allowed FP (kernel domains);
 * the others keep CPTR_EL2.TFP and are stopped if they use FP. */
struct arm_fp_ctxt {
	__uint128_t q[32];
	uint64_t fpsr, fpcr;
};

/* The emulated redistributor of one vCPU (kernel domains): SGIs and PPIs. */
struct vgic_cpu {
	uint32_t enabled; /* GICR_ISENABLER0 */
	uint32_t pending; /* raised, not yet in a list register (atomic) */
	uint32_t group, icfgr1, waker;
	uint8_t prio[32];
};

struct arch_vcpu {
	struct cpu_user_regs regs;
	/* of a kernel (Linux) domain: Xen arm ABI, PSCI, FP, emulated GICv3
	 * and PL011 (arch/arm/dombuild.c); per vCPU, next to regs, where the
	 * trap and return paths test it cheaply */
	bool kernel;
	struct arm_el1_ctxt el1;
	uint64_t vmpidr;
	uint64_t traps;		  /* entries to the hypervisor (tests/bench) */
	struct timer vtimer_wake; /* wakes it when its vtimer fires while out */
	struct vgic_cpu vgic;
	struct arm_fp_ctxt fp __attribute__((aligned(16)));
};

#define VGIC_NR_SPIS 64 /* INTIDs 32..95 */

/* The emulated distributor of a kernel domain: SPIs. */
struct vgic_dist {
	uint32_t ctlr;
	uint64_t enabled, pending, group; /* bit n = INTID 32 + n */
	uint8_t prio[VGIC_NR_SPIS];
	uint64_t irouter[VGIC_NR_SPIS];
	uint32_t icfgr[VGIC_NR_SPIS / 16];
};

/* The emulated PL011 of a kernel domain. */
struct vpl011 {
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
	uint32_t rx_head, rx_tail; /* rx[] ring, head == tail: empty */
	uint8_t rx[64];
	bool rx_stalled; /* the real UART holds input rx[] had no room for */
	spinlock_t lock;
};

struct arch_domain {
	uint64_t vttbr;	  /* VMID << 48 | stage-2 root */
	uint64_t hv_area; /* kernel domain: IPA of the top 2 MiB (grant frames,
			     guest DT, larch's shared_info) */
	struct vgic_dist vgic;
	struct vpl011 uart;
	uint64_t *s2_l1; /* stage-2 level-1 table */
	uint64_t *s2_l2; /* stage-2 level-2 table (1 GiB of IPA) */
};

#endif

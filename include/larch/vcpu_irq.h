/* The contract: common code reaches a vCPU's "interrupts masked" state and
 * its pending upcall only through these accessors. */
#ifndef LARCH_VCPU_IRQ_H
#define LARCH_VCPU_IRQ_H

#include <larch/domain.h>

/*
 * Implemented per arch as static inline functions in
 * arch/<arch>/include/arch/vcpu_irq.h (included at the end of this file):
 *
 *   bool vcpu_irq_masked(const struct vcpu *v);
 *       true if the guest has its event upcalls masked.
 *   void vcpu_irq_mask(struct vcpu *v);
 *   void vcpu_irq_unmask(struct vcpu *v);
 *       change the guest's mask. Unmask may make a pending upcall
 *       deliverable; delivery itself happens at the next return to the
 *       guest (arch_deliver_upcall), never inside the accessor.
 *
 * Which copy they touch: x86 reads and writes the shared vcpu_info byte,
 * which is always current. ppc, arm and ia64 use the guest register state
 * the trap entry saved in v->arch (SRR1/HSRR1, SPSR_EL2, cr.ipsr). That copy
 * is current whenever the vCPU is not executing guest code: on its own pCPU
 * inside the hypervisor, or descheduled. For a vCPU running guest code on
 * another pCPU it is stale: common code only reads it as a hint there and
 * never writes it.
 *
 * Common, built on the arch part (below):
 *   bool vcpu_upcall_pending(const struct vcpu *v);
 *   void vcpu_raise_upcall(struct vcpu *v);
 */

static inline bool vcpu_upcall_pending(const struct vcpu *v)
{
	return READ_ONCE(v->vcpu_info->evtchn_upcall_pending) != 0;
}

/* Mark an upcall pending. Delivery is arranged on v's next return to the
 * guest (arch_deliver_upcall); the caller kicks the vCPU (sched_kick) so a
 * blocked or remote vCPU gets there. */
static inline void vcpu_raise_upcall(struct vcpu *v)
{
	WRITE_ONCE(v->vcpu_info->evtchn_upcall_pending, 1);
	smp_mb();
}

/*
 * ---- arch duties (the whole list) ----
 *  in arch/<arch>/include/arch/vcpu_irq.h, static inline:
 *   vcpu_irq_masked, vcpu_irq_mask, vcpu_irq_unmask
 *  in arch/<arch>/ C files:
 *   void arch_deliver_upcall(struct vcpu *v);
 *       called on the return path to v (v's pCPU, v not executing) when
 *       an upcall is pending and either v is unmasked or the domain's
 *       policy is eager. Arrange delivery: x86 builds the bounce frame if
 *       unmasked; ppc synthesizes 0x500 if EE=1, else arms the EE-gated
 *       doorbell; arm loads a list register (hardware-gated by PSTATE.I);
 *       ia64 redirects the rfi to the guest's external-interrupt vector
 *       if PSR.I is set.
 */
void arch_deliver_upcall(struct vcpu *v);

#include <arch/vcpu_irq.h>

#endif

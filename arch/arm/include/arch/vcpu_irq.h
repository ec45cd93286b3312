/* arm64: the mask is the guest's PSTATE.I. While the hypervisor runs, the
 * guest's PSTATE lives in the SPSR_EL2 saved in v->arch.regs.spsr; the
 * return (eret) loads it back. */
#ifndef ARCH_ARM_VCPU_IRQ_H
#define ARCH_ARM_VCPU_IRQ_H

static inline bool vcpu_irq_masked(const struct vcpu *v)
{
	return (v->arch.regs.spsr & PSR_I_BIT) != 0;
}

static inline void vcpu_irq_mask(struct vcpu *v)
{
	v->arch.regs.spsr |= PSR_I_BIT;
}

/* A pending upcall sits in a list register; hardware delivers it as soon
 * as the guest runs with I clear. */
static inline void vcpu_irq_unmask(struct vcpu *v)
{
	v->arch.regs.spsr &= ~PSR_I_BIT;
}

#endif

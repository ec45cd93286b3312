/* ppc64: the mask is the guest's MSR[EE], inverted (EE=1: unmasked). While
 * the hypervisor runs, the guest MSR is the saved SRR1/HSRR1 copy in
 * v->arch.regs.msr, which the return (hrfid) loads back. */
#ifndef ARCH_PPC_VCPU_IRQ_H
#define ARCH_PPC_VCPU_IRQ_H

static inline bool vcpu_irq_masked(const struct vcpu *v)
{
	return (v->arch.regs.msr & MSR_EE) == 0;
}

static inline void vcpu_irq_mask(struct vcpu *v)
{
	v->arch.regs.msr &= ~MSR_EE;
}

static inline void vcpu_irq_unmask(struct vcpu *v)
{
	v->arch.regs.msr |= MSR_EE;
}

#endif

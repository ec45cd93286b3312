/* ia64: the mask is the guest's PSR.I, inverted (I=1: unmasked). While the
 * hypervisor runs, the guest PSR is the saved cr.ipsr in v->arch.regs,
 * which the return (rfi) loads back. */
#ifndef ARCH_IA64_VCPU_IRQ_H
#define ARCH_IA64_VCPU_IRQ_H

static inline bool vcpu_irq_masked(const struct vcpu *v)
{
	return (v->arch.regs.cr_ipsr & IA64_PSR_I) == 0;
}

static inline void vcpu_irq_mask(struct vcpu *v)
{
	v->arch.regs.cr_ipsr &= ~IA64_PSR_I;
}

static inline void vcpu_irq_unmask(struct vcpu *v)
{
	v->arch.regs.cr_ipsr |= IA64_PSR_I;
}

#endif

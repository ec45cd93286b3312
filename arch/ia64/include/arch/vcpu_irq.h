/* ia64: the mask is the guest's PSR.I, inverted (I=1: unmasked). While the
 * hypervisor runs, the guest PSR is the saved cr.ipsr in v->arch.regs, whose
 * I bit is the guest's virtual PSR.I: a guest at PL1 cannot change the real
 * one (rsm/ssm psr.i fault and are emulated on this copy), and the rfi back
 * to the guest always runs it with the real PSR.I = 1 (arch/ia64/vpsr.c). */
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

/* Fake arch accessors: the mask is a bit in a saved-flags word. */
#ifndef ARCH_FAKE_VCPU_IRQ_H
#define ARCH_FAKE_VCPU_IRQ_H

static inline bool vcpu_irq_masked(const struct vcpu *v)
{
	return (v->arch.saved_flags & FAKE_FLAG_MASKED) != 0;
}

static inline void vcpu_irq_mask(struct vcpu *v)
{
	v->arch.saved_flags |= FAKE_FLAG_MASKED;
}

static inline void vcpu_irq_unmask(struct vcpu *v)
{
	v->arch.saved_flags &= ~FAKE_FLAG_MASKED;
}

#endif

/* x86 PV: the mask is vcpu_info.evtchn_upcall_mask, a byte the ring-3
 * guest writes itself. The shared byte is always the current copy. */
#ifndef ARCH_X86_VCPU_IRQ_H
#define ARCH_X86_VCPU_IRQ_H

static inline bool vcpu_irq_masked(const struct vcpu *v)
{
	return READ_ONCE(v->vcpu_info->evtchn_upcall_mask) != 0;
}

static inline void vcpu_irq_mask(struct vcpu *v)
{
	WRITE_ONCE(v->vcpu_info->evtchn_upcall_mask, 1);
}

/* Pending work is bounced at the next return to the guest. */
static inline void vcpu_irq_unmask(struct vcpu *v)
{
	WRITE_ONCE(v->vcpu_info->evtchn_upcall_mask, 0);
	smp_mb();
}

#endif

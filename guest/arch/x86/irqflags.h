/* The x86 PV guest's interrupt mask: vcpu_info.evtchn_upcall_mask, a byte
 * in the shared page, addressed through %gs (the hypervisor sets GS base to
 * this vCPU's vcpu_info: offset 0 = evtchn_upcall_pending, 1 = the mask).
 * Only this vCPU's pCPU writes these bytes, so a byte store with a compiler
 * barrier (the "memory" clobber) is all the ordering needed: no fence, no
 * locked instruction. Also built for the host benchmark (build/x86/
 * hostbench.c), which is why it is a header with no other dependency.
 * X86_MASK_FENCE (empty here) lets that benchmark add the fences other
 * systems used after the store. */
#ifndef GUEST_X86_IRQFLAGS_H
#define GUEST_X86_IRQFLAGS_H

#include <stdbool.h>
#include <stdint.h>

#ifndef X86_MASK_FENCE
#define X86_MASK_FENCE ""
#endif

/* Eager policy: ask the hypervisor for the pending upcall (xen_version). */
void x86_upcall_request(void);
bool x86_policy_eager(void);

static inline void x86_irq_disable(void)
{
	__asm__ __volatile__("movb $1, %%gs:1\n\t" X86_MASK_FENCE ::: "memory");
}

static inline bool x86_upcall_pending(void)
{
	uint8_t p;
	__asm__ __volatile__("movb %%gs:0, %0" : "=q"(p)::"memory");
	return p != 0;
}

static inline void x86_irq_enable(void)
{
	__asm__ __volatile__("movb $0, %%gs:1\n\t" X86_MASK_FENCE ::: "memory");
	if (__builtin_expect(x86_upcall_pending(), 0) && x86_policy_eager())
		x86_upcall_request();
}

static inline bool x86_irqs_disabled(void)
{
	uint8_t m;
	__asm__ __volatile__("movb %%gs:1, %0" : "=q"(m)::"memory");
	return m != 0;
}

static inline unsigned long x86_irq_save(void)
{
	unsigned long f = x86_irqs_disabled();
	x86_irq_disable();
	return f;
}

static inline void x86_irq_restore(unsigned long flags)
{
	if (flags)
		x86_irq_disable();
	else
		x86_irq_enable();
}

#endif

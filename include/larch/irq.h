/* IRQ routing: physical interrupts owned by the hypervisor or routed to a
 * guest, either as an event (IRQ_GUEST) or, for per-CPU interrupts such as
 * ARM's virtual timer PPI, to whichever vCPU is current (IRQ_PER_CPU). */
#ifndef LARCH_IRQ_H
#define LARCH_IRQ_H

#include <larch/domain.h>

#define IRQ_GUEST    (1u << 0)
#define IRQ_PER_CPU  (1u << 1)
#define IRQ_DISABLED (1u << 2)

#define PERCPU_IRQ_LIMIT 64 /* per-CPU IRQ numbers fit a per-vCPU bitmap */

struct irq_desc {
	uint32_t status;
	struct domain *owner;	       /* IRQ_GUEST, not per-CPU */
	unsigned pirq;		       /* guest's number for it */
	void (*handler)(unsigned irq); /* hypervisor-owned */
	uint64_t count;
};

extern struct irq_desc irq_descs[MAX_GUEST_IRQS];

void irq_init(void);
int irq_set_handler(unsigned irq, void (*handler)(unsigned irq));
int irq_route_to_guest(unsigned irq, struct domain *d, unsigned pirq);
int irq_route_percpu(unsigned irq);
/* d's device IRQs go back to unrouted (its restart or teardown) */
void irq_release_domain(const struct domain *d);
bool irq_guest_owns_pirq(const struct domain *d, unsigned pirq);
/* Called by the arch for every interrupt taken on this pCPU. */
void do_irq(unsigned cpu, unsigned irq);
/* Per-CPU guest IRQ state moves with the vCPU: do_irq records it in
 * v->percpu_irq_pending; the arch clears a bit once the guest has taken
 * the IRQ, saves what the hardware still holds on switch-out and replays
 * it on switch-in (arch_ctxt_switch), so it never reaches another vCPU. */
bool percpu_irq_pending(const struct vcpu *v, unsigned irq);

/* ---- arch duties ---- */
/* Make a per-CPU guest IRQ visible to v, which is current on this pCPU.
 * The arch ends the physical interrupt as its mechanism requires. */
void arch_inject_percpu_irq(struct vcpu *v, unsigned irq);
void arch_irq_eoi(unsigned irq);

#endif

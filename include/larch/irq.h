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
	struct domain *owner;  /* IRQ_GUEST, not per-CPU */
	unsigned pirq;         /* guest's number for it */
	void (*handler)(unsigned irq); /* hypervisor-owned */
	uint64_t count;
};

extern struct irq_desc irq_descs[MAX_GUEST_IRQS];

void irq_init(void);
int irq_set_handler(unsigned irq, void (*handler)(unsigned irq));
int irq_route_to_guest(unsigned irq, struct domain *d, unsigned pirq);
int irq_route_percpu(unsigned irq);
/* Called by the arch for every interrupt taken on this pCPU. */
void do_irq(unsigned cpu, unsigned irq);
/* Per-CPU guest IRQ state moves with the vCPU: the arch saves what the
 * hardware held into v->percpu_irq_pending and replays it on switch-in. */
bool percpu_irq_pending(const struct vcpu *v, unsigned irq);

/* ---- arch duties ---- */
/* Make a per-CPU guest IRQ visible to v, which is current on this pCPU. */
void arch_inject_percpu_irq(struct vcpu *v, unsigned irq);
void arch_irq_eoi(unsigned irq);

#endif

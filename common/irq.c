/* IRQ routing: every interrupt the arch takes goes through do_irq. */
#include <larch/irq.h>
#include <larch/evtchn.h>
#include <larch/sched.h>
#include <larch/hypercall.h>

struct irq_desc irq_descs[MAX_GUEST_IRQS];

void irq_init(void)
{
	for (unsigned i = 0; i < MAX_GUEST_IRQS; i++)
		irq_descs[i] = (struct irq_desc){ .status = IRQ_DISABLED };
}

int irq_set_handler(unsigned irq, void (*handler)(unsigned irq))
{
	if (irq >= MAX_GUEST_IRQS || !handler)
		return -XEN_EINVAL;
	struct irq_desc *desc = &irq_descs[irq];
	if (desc->status & IRQ_GUEST)
		return -XEN_EBUSY;
	desc->handler = handler;
	desc->status &= ~IRQ_DISABLED;
	return 0;
}

int irq_route_to_guest(unsigned irq, struct domain *d, unsigned pirq)
{
	if (irq >= MAX_GUEST_IRQS || pirq >= MAX_GUEST_IRQS || !d)
		return -XEN_EINVAL;
	struct irq_desc *desc = &irq_descs[irq];
	if (desc->handler || (desc->status & IRQ_GUEST))
		return -XEN_EBUSY;
	desc->status = IRQ_GUEST;
	desc->owner = d;
	desc->pirq = pirq;
	return 0;
}

void irq_release_domain(const struct domain *d)
{
	for (unsigned i = 0; i < MAX_GUEST_IRQS; i++)
		if (irq_descs[i].owner == d)
			irq_descs[i] =
				(struct irq_desc){ .status = IRQ_DISABLED };
}

int irq_route_percpu(unsigned irq)
{
	if (irq >= PERCPU_IRQ_LIMIT)
		return -XEN_EINVAL;
	struct irq_desc *desc = &irq_descs[irq];
	/* a device route to a domain is never silently replaced */
	if (desc->handler ||
	    (desc->status & (IRQ_GUEST | IRQ_PER_CPU)) == IRQ_GUEST)
		return -XEN_EBUSY;
	desc->status = IRQ_GUEST | IRQ_PER_CPU;
	desc->owner = NULL;
	return 0;
}

bool irq_guest_owns_pirq(const struct domain *d, unsigned pirq)
{
	for (unsigned i = 0; i < MAX_GUEST_IRQS; i++)
		if ((irq_descs[i].status & (IRQ_GUEST | IRQ_PER_CPU)) ==
			    IRQ_GUEST &&
		    irq_descs[i].owner == d && irq_descs[i].pirq == pirq)
			return true;
	return false;
}

bool percpu_irq_pending(const struct vcpu *v, unsigned irq)
{
	return irq < PERCPU_IRQ_LIMIT && ((v->percpu_irq_pending >> irq) & 1);
}

void do_irq(unsigned cpu, unsigned irq)
{
	if (irq >= MAX_GUEST_IRQS)
		return;
	struct irq_desc *desc = &irq_descs[irq];
	desc->count++;
	uint32_t st = desc->status;
	if (st & IRQ_DISABLED) {
		arch_irq_eoi(irq);
		return;
	}
	if ((st & (IRQ_GUEST | IRQ_PER_CPU)) == (IRQ_GUEST | IRQ_PER_CPU)) {
		/* Belongs to whichever vCPU this pCPU runs now; idle keeps it
		 * for nobody (the arch leaves the source masked). */
		struct vcpu *v = current_vcpu(cpu);
		if (v) {
			v->percpu_irq_pending |= 1ULL << irq;
			arch_inject_percpu_irq(v, irq);
		}
		return;
	}
	if (st & IRQ_GUEST) {
		send_guest_pirq(desc->owner, desc->pirq);
		arch_irq_eoi(irq);
		return;
	}
	desc->handler(irq);
}

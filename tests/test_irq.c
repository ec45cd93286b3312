/* Host tests: IRQ routing, including per-CPU IRQs that follow whichever
 * vCPU is current on the pCPU that took them. */
#include "common_util.h"

static struct vcpu *ret_path(unsigned cpu)
{
	fake.cpu = cpu;
	return leave_hypervisor(cpu);
}

static void percpu_irq_goes_to_current_vcpu(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	EXPECT_EQ(irq_route_percpu(27), 0);
	sched_add_vcpu(&a->vcpus[0]);
	ret_path(0);
	do_irq(0, 27);
	EXPECT_EQ(a->vcpus[0].arch.percpu_injected, 1);
	EXPECT_EQ(a->vcpus[0].arch.last_percpu_irq, 27);
	EXPECT(percpu_irq_pending(&a->vcpus[0], 27));
	EXPECT(!percpu_irq_pending(&a->vcpus[0], 26));
}

static void percpu_irq_follows_context_switch(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	irq_route_percpu(27);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	do_irq(0, 27);
	vcpu_yield(&a->vcpus[0]);
	EXPECT(ret_path(0) == &b->vcpus[0]);
	do_irq(0, 27);
	EXPECT_EQ(a->vcpus[0].arch.percpu_injected, 1);
	EXPECT_EQ(b->vcpus[0].arch.percpu_injected, 1);
	EXPECT(percpu_irq_pending(&a->vcpus[0], 27)); /* kept for a */
}

static void percpu_irq_on_two_pcpus_reaches_each_current(void)
{
	struct domain *a, *b;
	two_doms_runnable(2, 1, &a, &b);
	irq_route_percpu(27);
	ret_path(0);
	ret_path(1);
	do_irq(1, 27);
	EXPECT_EQ(a->vcpus[0].arch.percpu_injected, 0);
	EXPECT_EQ(b->vcpus[0].arch.percpu_injected, 1);
}

static void percpu_irq_while_idle_reaches_nobody(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	irq_route_percpu(27);
	do_irq(0, 27);
	EXPECT_EQ(a->vcpus[0].arch.percpu_injected, 0);
	EXPECT_EQ(a->vcpus[0].percpu_irq_pending, 0);
	EXPECT_EQ(irq_descs[27].count, 1);
}

static void guest_irq_becomes_event(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	EXPECT_EQ(irq_route_to_guest(40, a, 5), 0);
	struct evtchn_bind_pirq bp = { 5, 0, 0 };
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), 0);
	unsigned eois = fake.eois;
	do_irq(0, 40);
	EXPECT(port_pending(a, bp.port));
	EXPECT(vcpu_upcall_pending(&a->vcpus[0]));
	EXPECT_EQ(fake.eois, eois + 1);
}

static unsigned handled_irq;
static void hv_handler(unsigned irq)
{
	handled_irq = irq;
}

static void hypervisor_irq_runs_its_handler(void)
{
	fake_reset(1);
	handled_irq = 0;
	EXPECT_EQ(irq_set_handler(30, hv_handler), 0);
	do_irq(0, 30);
	EXPECT_EQ(handled_irq, 30);
	unsigned eois = fake.eois;
	do_irq(0, 31); /* nobody's: acknowledged and dropped */
	EXPECT_EQ(fake.eois, eois + 1);
	do_irq(0, MAX_GUEST_IRQS + 5); /* out of range: ignored */
}

static void routing_errors(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	EXPECT_EQ(irq_route_to_guest(MAX_GUEST_IRQS, a, 1), -XEN_EINVAL);
	EXPECT_EQ(irq_route_to_guest(40, a, MAX_GUEST_IRQS), -XEN_EINVAL);
	EXPECT_EQ(irq_route_to_guest(40, a, 1), 0);
	EXPECT_EQ(irq_route_to_guest(40, a, 2), -XEN_EBUSY);
	EXPECT_EQ(irq_set_handler(40, hv_handler), -XEN_EBUSY);
	EXPECT_EQ(irq_route_percpu(64), -XEN_EINVAL);
	irq_set_handler(30, hv_handler);
	EXPECT_EQ(irq_route_percpu(30), -XEN_EBUSY);
	EXPECT_EQ(irq_route_to_guest(30, a, 1), -XEN_EBUSY);
	/* per-CPU and device routes of one IRQ never replace each other */
	EXPECT_EQ(irq_route_to_guest(41, a, 2), 0);
	EXPECT_EQ(irq_route_percpu(41), -XEN_EBUSY);
	EXPECT(irq_descs[41].owner == a);
	EXPECT(irq_guest_owns_pirq(a, 2));
	EXPECT_EQ(irq_route_percpu(42), 0);
	EXPECT_EQ(irq_route_percpu(42), 0); /* shared by every domain */
	EXPECT_EQ(irq_route_to_guest(42, a, 3), -XEN_EBUSY);
}

/* Ownership is of each pirq number: owning pirq 5 gives neither 4 nor 6. */
static void pirq_ownership_is_per_number(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	EXPECT_EQ(irq_route_to_guest(40, a, 5), 0);
	EXPECT(irq_guest_owns_pirq(a, 5));
	struct evtchn_bind_pirq bp = { 4, 0, 0 };
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), -XEN_EPERM);
	bp.pirq = 6;
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), -XEN_EPERM);
	bp.pirq = 0;
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), -XEN_EPERM);
	EXPECT_EQ(a->evtchn[1].state, ECS_FREE);
	bp.pirq = 5;
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), 0);
}

HARNESS_DEFINE("host");

int main(void)
{
	RUN("irq", percpu_irq_goes_to_current_vcpu);
	RUN("irq", percpu_irq_follows_context_switch);
	RUN("irq", percpu_irq_on_two_pcpus_reaches_each_current);
	RUN("irq", percpu_irq_while_idle_reaches_nobody);
	RUN("irq", guest_irq_becomes_event);
	RUN("irq", hypervisor_irq_runs_its_handler);
	RUN("irq", routing_errors);
	RUN("irq", pirq_ownership_is_per_number);
	return harness_failed ? 1 : 0;
}

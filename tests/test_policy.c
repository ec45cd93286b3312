/* Host tests: the two delivery policies, on the fake arch whose "hardware"
 * takes an armed upcall the moment the guest unmasks. */
#include "common_util.h"

static struct vcpu *setup(uint8_t policy, struct domain **a, evtchn_port_t *pa)
{
	fake_reset(1);
	struct domain *b;
	evtchn_port_t pb;
	two_doms_bound(a, &b, pa, &pb);
	b->policy = policy;
	sched_add_vcpu(&b->vcpus[0]);
	leave_hypervisor(0);
	return &b->vcpus[0];
}

static void masked_vcpu_gets_no_delivery(void)
{
	struct domain *a;
	evtchn_port_t pa;
	for (uint8_t pol = 0; pol < 2; pol++) {
		struct vcpu *v = setup(pol, &a, &pa);
		evtchn_send(&a->vcpus[0], pa);
		EXPECT(leave_hypervisor(0) == v);
		EXPECT_EQ(v->arch.deliveries, 0);
		EXPECT(vcpu_upcall_pending(v));
	}
}

static void unmasked_vcpu_gets_delivery_on_return(void)
{
	struct domain *a;
	evtchn_port_t pa;
	for (uint8_t pol = 0; pol < 2; pol++) {
		struct vcpu *v = setup(pol, &a, &pa);
		vcpu_irq_unmask(v);
		evtchn_send(&a->vcpus[0], pa);
		leave_hypervisor(0);
		EXPECT_EQ(v->arch.deliveries, 1);
		EXPECT(vcpu_irq_masked(v)); /* taking it masked the vCPU */
	}
}

static void eager_unmask_delivers_before_next_instruction(void)
{
	struct domain *a;
	evtchn_port_t pa;
	struct vcpu *v = setup(LARCH_POLICY_EAGER, &a, &pa);
	evtchn_send(&a->vcpus[0], pa);
	leave_hypervisor(0); /* masked: armed, not taken */
	EXPECT_EQ(v->arch.deliveries, 0);
	EXPECT(v->arch.armed);
	fake_guest_unmask(v); /* no trap */
	EXPECT_EQ(v->arch.deliveries, 1);
}

static void deferred_unmask_waits_for_next_entry(void)
{
	struct domain *a;
	evtchn_port_t pa;
	struct vcpu *v = setup(LARCH_POLICY_DEFERRED, &a, &pa);
	evtchn_send(&a->vcpus[0], pa);
	leave_hypervisor(0);
	EXPECT(!v->arch.armed);
	fake_guest_unmask(v);
	EXPECT_EQ(v->arch.deliveries,
		  0);	     /* nothing until the hypervisor runs */
	leave_hypervisor(0); /* e.g. the slice timer */
	EXPECT_EQ(v->arch.deliveries, 1);
}

static void deferred_bounded_by_time_slice(void)
{
	struct domain *a;
	evtchn_port_t pa;
	struct vcpu *v = setup(LARCH_POLICY_DEFERRED, &a, &pa);
	evtchn_send(&a->vcpus[0], pa);
	leave_hypervisor(0);
	fake_guest_unmask(v);
	EXPECT(fake.deadline[0] <=
	       SLICE_NS); /* an entry is due within a slice */
	fake.now = fake.deadline[0];
	raise_softirq(0, SOFTIRQ_TIMER);
	leave_hypervisor(0);
	EXPECT_EQ(v->arch.deliveries, 1);
}

static void policy_visible_to_guest(void)
{
	fake_reset(1);
	struct domain *e = fake_domain(0, 1, 0, LARCH_POLICY_EAGER);
	struct domain *d = fake_domain(1, 1, 0, LARCH_POLICY_DEFERRED);
	EXPECT_EQ(e->shared_info->arch.larch_policy, LARCH_POLICY_EAGER);
	EXPECT_EQ(d->shared_info->arch.larch_policy, LARCH_POLICY_DEFERRED);
	EXPECT_EQ(hcall(&d->vcpus[0], __HYPERVISOR_larch_op, LARCHOP_policy, 0,
			0),
		  LARCH_POLICY_DEFERRED);
}

HARNESS_DEFINE("host");

int main(void)
{
	RUN("policy", masked_vcpu_gets_no_delivery);
	RUN("policy", unmasked_vcpu_gets_delivery_on_return);
	RUN("policy", eager_unmask_delivers_before_next_instruction);
	RUN("policy", deferred_unmask_waits_for_next_entry);
	RUN("policy", deferred_bounded_by_time_slice);
	RUN("policy", policy_visible_to_guest);
	return harness_failed ? 1 : 0;
}

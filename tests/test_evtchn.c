/* Host tests: every event-channel operation and its error paths, and the
 * pending/mask/selector semantics. */
#include "common_util.h"

static void alloc_unbound_lowest_port(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	fake_domain(1, 1, 0, 0);
	struct evtchn_alloc_unbound al = { DOMID_SELF, 1, 0 };
	EXPECT_EQ(evtchn_hcall(&a->vcpus[0], EVTCHNOP_alloc_unbound, &al,
			       sizeof(al)),
		  0);
	EXPECT_EQ(al.port, 1);
	EXPECT_EQ(evtchn_hcall(&a->vcpus[0], EVTCHNOP_alloc_unbound, &al,
			       sizeof(al)),
		  0);
	EXPECT_EQ(al.port, 2);
	EXPECT_EQ(a->evtchn[2].state, ECS_UNBOUND);
	EXPECT_EQ(a->evtchn[2].u.unbound_remote, 1);
}

static void alloc_unbound_bad_remote(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct evtchn_alloc_unbound al = { DOMID_SELF, 5, 0 };
	EXPECT_EQ(evtchn_alloc_unbound(&a->vcpus[0], &al), -XEN_ESRCH);
	al.remote_dom = 0x7FFF;
	EXPECT_EQ(evtchn_alloc_unbound(&a->vcpus[0], &al), -XEN_ESRCH);
	EXPECT_EQ(a->evtchn[1].state, ECS_FREE);
}

static void alloc_unbound_for_other_domain_needs_privilege(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	struct evtchn_alloc_unbound al = { 1, 0, 0 };
	EXPECT_EQ(evtchn_alloc_unbound(&a->vcpus[0], &al), -XEN_EPERM);
	EXPECT_EQ(b->evtchn[1].state, ECS_FREE);
	a->privileged = true;
	EXPECT_EQ(evtchn_alloc_unbound(&a->vcpus[0], &al), 0);
	EXPECT_EQ(b->evtchn[al.port].state, ECS_UNBOUND);
}

static void alloc_unbound_exhausts_4095_ports(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct evtchn_alloc_unbound al = { DOMID_SELF, DOMID_SELF, 0 };
	unsigned ok = 0;
	while (evtchn_alloc_unbound(&a->vcpus[0], &al) == 0)
		ok++;
	EXPECT_EQ(ok, EVTCHN_2L_NR_PORTS - 1);
	EXPECT_EQ(evtchn_alloc_unbound(&a->vcpus[0], &al), -XEN_ENOSPC);
	EXPECT_EQ(al.port, EVTCHN_2L_NR_PORTS - 1);
}

static void bind_interdomain_links_both_ends(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	struct evtchn_status st = { DOMID_SELF, pa, 0, 0, { { 0 } } };
	EXPECT_EQ(evtchn_hcall(&a->vcpus[0], EVTCHNOP_status, &st, sizeof(st)),
		  0);
	EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
	EXPECT_EQ(st.u.interdomain.dom, 1);
	EXPECT_EQ(st.u.interdomain.port, pb);
	st = (struct evtchn_status){ DOMID_SELF, pb, 0, 0, { { 0 } } };
	EXPECT_EQ(evtchn_status(&b->vcpus[0], &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
	EXPECT_EQ(st.u.interdomain.dom, 0);
	EXPECT_EQ(st.u.interdomain.port, pa);
}

static void bind_interdomain_sets_local_pending(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	struct evtchn_alloc_unbound al = { DOMID_SELF, 1, 0 };
	evtchn_alloc_unbound(&a->vcpus[0], &al);
	struct evtchn_bind_interdomain bi = { 0, al.port, 0 };
	EXPECT_EQ(evtchn_hcall(&b->vcpus[0], EVTCHNOP_bind_interdomain, &bi,
			       sizeof(bi)),
		  0);
	EXPECT(port_pending(b, bi.local_port));
	EXPECT(!port_pending(a, al.port));
}

static void bind_interdomain_rejects_port_offered_to_another(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	fake_domain(2, 1, 0, 0);
	struct evtchn_alloc_unbound al = { DOMID_SELF, 2, 0 }; /* for dom 2 */
	evtchn_alloc_unbound(&a->vcpus[0], &al);
	struct evtchn_bind_interdomain bi = { 0, al.port, 0 };
	EXPECT_EQ(evtchn_bind_interdomain(&b->vcpus[0], &bi), -XEN_EINVAL);
	EXPECT_EQ(a->evtchn[al.port].state, ECS_UNBOUND);
	EXPECT_EQ(b->evtchn[1].state, ECS_FREE);
}

static void bind_interdomain_bad_port_and_domain(void)
{
	fake_reset(1);
	fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	struct evtchn_bind_interdomain bi = { 0, EVTCHN_2L_NR_PORTS, 0 };
	EXPECT_EQ(evtchn_bind_interdomain(&b->vcpus[0], &bi), -XEN_EINVAL);
	bi.remote_port = 0xffffffffu;
	EXPECT_EQ(evtchn_bind_interdomain(&b->vcpus[0], &bi), -XEN_EINVAL);
	bi.remote_port = 0; /* reserved */
	EXPECT_EQ(evtchn_bind_interdomain(&b->vcpus[0], &bi), -XEN_EINVAL);
	bi.remote_port = 7; /* free, not offered */
	EXPECT_EQ(evtchn_bind_interdomain(&b->vcpus[0], &bi), -XEN_EINVAL);
	bi.remote_dom = 6;
	EXPECT_EQ(evtchn_bind_interdomain(&b->vcpus[0], &bi), -XEN_ESRCH);
	EXPECT_EQ(b->evtchn[1].state, ECS_FREE);
}

static void send_sets_pending_selector_and_upcall(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	struct evtchn_send s = { pa };
	EXPECT_EQ(evtchn_hcall(&a->vcpus[0], EVTCHNOP_send, &s, sizeof(s)), 0);
	EXPECT(port_pending(b, pb));
	EXPECT_EQ(b->vcpus[0].vcpu_info->evtchn_pending_sel, 1ULL << (pb / 64));
	EXPECT(vcpu_upcall_pending(&b->vcpus[0]));
	EXPECT(!port_pending(a, pa));
}

static void send_to_masked_port_sets_only_pending(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	set_bit(pb, b->shared_info->evtchn_mask);
	EXPECT_EQ(evtchn_send(&a->vcpus[0], pa), 0);
	EXPECT(port_pending(b, pb));
	EXPECT_EQ(b->vcpus[0].vcpu_info->evtchn_pending_sel, 0);
	EXPECT(!vcpu_upcall_pending(&b->vcpus[0]));
}

static void unmask_raises_event_that_arrived_masked(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	set_bit(pb, b->shared_info->evtchn_mask);
	evtchn_send(&a->vcpus[0], pa);
	struct evtchn_unmask um = { pb };
	EXPECT_EQ(evtchn_hcall(&b->vcpus[0], EVTCHNOP_unmask, &um, sizeof(um)),
		  0);
	EXPECT(!test_bit(pb, b->shared_info->evtchn_mask));
	EXPECT_EQ(b->vcpus[0].vcpu_info->evtchn_pending_sel, 1ULL << (pb / 64));
	EXPECT(vcpu_upcall_pending(&b->vcpus[0]));
	um.port = EVTCHN_2L_NR_PORTS;
	EXPECT_EQ(evtchn_unmask(&b->vcpus[0], um.port), -XEN_EINVAL);
}

static void second_send_while_pending_raises_nothing_new(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	evtchn_send(&a->vcpus[0], pa);
	/* guest consumed the selector and upcall byte but not the port bit */
	b->vcpus[0].vcpu_info->evtchn_pending_sel = 0;
	b->vcpus[0].vcpu_info->evtchn_upcall_pending = 0;
	evtchn_send(&a->vcpus[0], pa);
	EXPECT_EQ(b->vcpus[0].vcpu_info->evtchn_pending_sel, 0);
	EXPECT(!vcpu_upcall_pending(&b->vcpus[0]));
}

static void send_error_paths(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	EXPECT_EQ(evtchn_send(v, EVTCHN_2L_NR_PORTS), -XEN_EINVAL);
	EXPECT_EQ(evtchn_send(v, 0xffffffffu), -XEN_EINVAL);
	EXPECT_EQ(evtchn_send(v, 0), -XEN_EINVAL);
	EXPECT_EQ(evtchn_send(v, 9), -XEN_EINVAL); /* free port */
	struct evtchn_alloc_unbound al = { DOMID_SELF, DOMID_SELF, 0 };
	evtchn_alloc_unbound(v, &al);
	EXPECT_EQ(evtchn_send(v, al.port), 0); /* unbound: dropped */
	EXPECT(!port_pending(a, al.port));
	struct evtchn_bind_virq bv = { VIRQ_DEBUG, 0, 0 };
	evtchn_bind_virq(v, &bv);
	EXPECT_EQ(evtchn_send(v, bv.port),
		  -XEN_EINVAL); /* guests cannot fake virqs */
}

static void bind_virq_and_errors(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 1, 0 };
	EXPECT_EQ(
		evtchn_hcall(&a->vcpus[0], EVTCHNOP_bind_virq, &bv, sizeof(bv)),
		0);
	EXPECT_EQ(a->vcpus[1].virq_to_port[VIRQ_TIMER], bv.port);
	EXPECT_EQ(a->evtchn[bv.port].notify_vcpu, 1);
	EXPECT_EQ(evtchn_bind_virq(&a->vcpus[0], &bv), -XEN_EEXIST);
	bv.virq = NR_VIRQS;
	EXPECT_EQ(evtchn_bind_virq(&a->vcpus[0], &bv), -XEN_EINVAL);
	bv.virq = VIRQ_DEBUG;
	bv.vcpu = 2;
	EXPECT_EQ(evtchn_bind_virq(&a->vcpus[0], &bv), -XEN_ENOENT);
	bv.vcpu = 0xffffffffu;
	EXPECT_EQ(evtchn_bind_virq(&a->vcpus[0], &bv), -XEN_ENOENT);
}

static void virq_timer_fires_from_singleshot(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 0, 0 };
	evtchn_bind_virq(v, &bv);
	EXPECT_EQ(hcall(v, __HYPERVISOR_set_timer_op, 5000, 0, 0), 0);
	EXPECT_EQ(fake.deadline[0], 5000);
	fake.now = 4999;
	timer_run_expired(0);
	EXPECT(!port_pending(a, bv.port));
	fake.now = 5000;
	timer_run_expired(0);
	EXPECT(port_pending(a, bv.port));
	EXPECT(vcpu_upcall_pending(v));
	EXPECT_EQ(fake.deadline[0], STIME_MAX);
}

static void bind_ipi_notifies_named_vcpu(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct evtchn_bind_ipi bi = { 1, 0 };
	EXPECT_EQ(
		evtchn_hcall(&a->vcpus[0], EVTCHNOP_bind_ipi, &bi, sizeof(bi)),
		0);
	EXPECT_EQ(evtchn_send(&a->vcpus[0], bi.port), 0);
	EXPECT_EQ(a->vcpus[1].vcpu_info->evtchn_pending_sel,
		  1ULL << (bi.port / 64));
	EXPECT_EQ(a->vcpus[0].vcpu_info->evtchn_pending_sel, 0);
	bi.vcpu = 2;
	EXPECT_EQ(evtchn_bind_ipi(&a->vcpus[0], &bi), -XEN_ENOENT);
}

static void bind_pirq_needs_routing(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	struct evtchn_bind_pirq bp = { 5, 0, 0 };
	EXPECT_EQ(
		evtchn_hcall(&a->vcpus[0], EVTCHNOP_bind_pirq, &bp, sizeof(bp)),
		-XEN_EPERM);
	EXPECT_EQ(irq_route_to_guest(40, a, 5), 0);
	EXPECT_EQ(evtchn_bind_pirq(&b->vcpus[0], &bp),
		  -XEN_EPERM); /* not b's */
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), 0);
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), -XEN_EEXIST);
	bp.pirq = MAX_GUEST_IRQS;
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), -XEN_EINVAL);
}

static void bind_vcpu_moves_notification(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 2, 0, 0);
	fake_domain(1, 1, 0, 0);
	struct evtchn_alloc_unbound al = { DOMID_SELF, DOMID_SELF, 0 };
	evtchn_alloc_unbound(&a->vcpus[0], &al);
	struct evtchn_bind_interdomain bi = { DOMID_SELF, al.port, 0 };
	EXPECT_EQ(evtchn_bind_interdomain(&a->vcpus[0], &bi), 0); /* loopback */
	struct evtchn_bind_vcpu bv = { al.port, 1 };
	EXPECT_EQ(
		evtchn_hcall(&a->vcpus[0], EVTCHNOP_bind_vcpu, &bv, sizeof(bv)),
		0);
	evtchn_send(&a->vcpus[0], bi.local_port);
	EXPECT_EQ(a->vcpus[1].vcpu_info->evtchn_pending_sel,
		  1ULL << (al.port / 64));
	bv.vcpu = 2;
	EXPECT_EQ(evtchn_bind_vcpu(&a->vcpus[0], &bv), -XEN_ENOENT);
	bv.vcpu = 0;
	bv.port = EVTCHN_2L_NR_PORTS;
	EXPECT_EQ(evtchn_bind_vcpu(&a->vcpus[0], &bv), -XEN_EINVAL);
	struct evtchn_bind_ipi ipi = { 0, 0 };
	evtchn_bind_ipi(&a->vcpus[0], &ipi);
	bv.port = ipi.port;
	bv.vcpu = 1;
	EXPECT_EQ(evtchn_bind_vcpu(&a->vcpus[0], &bv), -XEN_EINVAL);
	EXPECT_EQ(a->evtchn[ipi.port].notify_vcpu, 0);
}

static void close_interdomain_leaves_peer_unbound(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	evtchn_send(&b->vcpus[0], pb); /* a's port pending */
	struct evtchn_close c = { pa };
	EXPECT_EQ(evtchn_hcall(&a->vcpus[0], EVTCHNOP_close, &c, sizeof(c)), 0);
	EXPECT_EQ(a->evtchn[pa].state, ECS_FREE);
	EXPECT(!port_pending(a, pa));
	EXPECT_EQ(b->evtchn[pb].state, ECS_UNBOUND);
	EXPECT_EQ(b->evtchn[pb].u.unbound_remote, 0);
	EXPECT_EQ(evtchn_send(&b->vcpus[0], pb), 0); /* dropped now */
	EXPECT_EQ(evtchn_close(a, pa), -XEN_EINVAL);
	EXPECT_EQ(evtchn_close(a, 0), -XEN_EINVAL);
	EXPECT_EQ(evtchn_close(a, EVTCHN_2L_NR_PORTS), -XEN_EINVAL);
}

static void close_virq_allows_rebind(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 0, 0 };
	evtchn_bind_virq(&a->vcpus[0], &bv);
	EXPECT_EQ(evtchn_close(a, bv.port), 0);
	EXPECT_EQ(a->vcpus[0].virq_to_port[VIRQ_TIMER], 0);
	EXPECT_EQ(evtchn_bind_virq(&a->vcpus[0], &bv), 0);
}

static void status_reports_every_state(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	struct evtchn_alloc_unbound al = { DOMID_SELF, DOMID_SELF, 0 };
	evtchn_alloc_unbound(v, &al);
	struct evtchn_bind_virq bv = { VIRQ_DEBUG, 0, 0 };
	evtchn_bind_virq(v, &bv);
	struct evtchn_bind_ipi bi = { 0, 0 };
	evtchn_bind_ipi(v, &bi);
	irq_route_to_guest(33, a, 9);
	struct evtchn_bind_pirq bp = { 9, 0, 0 };
	evtchn_bind_pirq(v, &bp);
	struct {
		evtchn_port_t port;
		uint32_t want;
	} cases[] = {
		{ al.port, EVTCHNSTAT_unbound }, { bv.port, EVTCHNSTAT_virq },
		{ bi.port, EVTCHNSTAT_ipi },	 { bp.port, EVTCHNSTAT_pirq },
		{ 100, EVTCHNSTAT_closed },
	};
	for (unsigned i = 0; i < 5; i++) {
		struct evtchn_status st = {
			DOMID_SELF, cases[i].port, 99, 0, { { 0 } }
		};
		EXPECT_EQ(evtchn_status(v, &st), 0);
		EXPECT_EQ(st.status, cases[i].want);
	}
	struct evtchn_status st = { DOMID_SELF, bv.port, 0, 0, { { 0 } } };
	evtchn_status(v, &st);
	EXPECT_EQ(st.u.virq, VIRQ_DEBUG);
	st.port = EVTCHN_2L_NR_PORTS;
	EXPECT_EQ(evtchn_status(v, &st), -XEN_EINVAL);
}

static void status_of_other_domain_needs_privilege(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	fake_domain(1, 1, 0, 0);
	struct evtchn_status st = { 1, 1, 0, 0, { { 0 } } };
	EXPECT_EQ(evtchn_status(&a->vcpus[0], &st), -XEN_EPERM);
	st.dom = 4;
	EXPECT_EQ(evtchn_status(&a->vcpus[0], &st), -XEN_ESRCH);
}

static void selector_bit_is_port_word(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	struct evtchn_bind_ipi bi = { 0, 0 };
	for (unsigned i = 0; i < 130; i++)
		evtchn_bind_ipi(v, &bi);
	EXPECT_EQ(bi.port, 130);
	evtchn_send(v, 130);
	EXPECT_EQ(v->vcpu_info->evtchn_pending_sel, 1ULL << 2);
	EXPECT_EQ(a->shared_info->evtchn_pending[2], 1ULL << 2);
}

static void highest_port_4095_works(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	struct evtchn_bind_ipi bi = { 0, 0 };
	while (evtchn_bind_ipi(v, &bi) == 0 && bi.port < 4095)
		;
	EXPECT_EQ(bi.port, 4095);
	EXPECT_EQ(evtchn_send(v, 4095), 0);
	EXPECT_EQ(v->vcpu_info->evtchn_pending_sel, 1ULL << 63);
	EXPECT(port_pending(a, 4095));
}

static void bad_guest_pointer_is_efault_and_changes_nothing(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	uint64_t end = GUEST_BASE + a->mem_size;
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op,
			EVTCHNOP_alloc_unbound, 0, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op,
			EVTCHNOP_alloc_unbound, end - 4, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op,
			EVTCHNOP_alloc_unbound, ~0ULL - 3, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op,
			EVTCHNOP_alloc_unbound, GUEST_BASE - 1, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(a->evtchn[1].state, ECS_FREE);
	/* exactly at the end is fine */
	struct evtchn_alloc_unbound al = { DOMID_SELF, DOMID_SELF, 0 };
	memcpy(gptr(a, a->mem_size - sizeof(al)), &al, sizeof(al));
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op,
			EVTCHNOP_alloc_unbound, end - sizeof(al), 0),
		  0);
}

static void unknown_evtchn_op_is_enosys(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op, 10, gaddr(0), 0),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op, 1ULL << 32, gaddr(0),
			0),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op, ~0ULL, gaddr(0), 0),
		  -XEN_ENOSYS);
}

static void static_binding_from_config(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	EXPECT_EQ(evtchn_bind_static(a, 3, b, 7), 0);
	EXPECT_EQ(evtchn_bind_static(a, 3, b, 8), -XEN_EBUSY);
	EXPECT_EQ(evtchn_bind_static(a, 0, b, 8), -XEN_EINVAL);
	EXPECT_EQ(evtchn_bind_static(a, 4, a, 4), -XEN_EINVAL);
	evtchn_send(&a->vcpus[0], 3);
	EXPECT(port_pending(b, 7));
}

/* The pending bit of a port in the second or a later word: closing it must
 * clear that bit only, not the one at port % 64 of the first word. */
static void close_pending_port_above_63_clears_its_own_bit(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	struct evtchn_bind_ipi bi = { 0, 0 };
	while (evtchn_bind_ipi(v, &bi) == 0 && bi.port < 130)
		;
	EXPECT_EQ(bi.port, 130);
	EXPECT_EQ(evtchn_send(v, 130), 0);
	EXPECT_EQ(evtchn_send(v, 2), 0);
	EXPECT_EQ(evtchn_close(a, 130), 0);
	EXPECT(!port_pending(a, 130));
	EXPECT(port_pending(a, 2));
	EXPECT_EQ(a->evtchn[130].state, ECS_FREE);
}

/* A guest that passes virtual addresses (guest_va) and whose translation
 * fails: the copy helpers return -EFAULT, never a silent success, and the
 * operation changes nothing. The fake arch has no translation. */
static void untranslatable_guest_va_is_efault(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	a->guest_va = true;
	uint8_t buf[8] = { 0 };
	EXPECT_EQ(copy_from_guest(a, buf, gaddr(0x1000), sizeof(buf)),
		  -XEN_EFAULT);
	EXPECT_EQ(copy_to_guest(a, gaddr(0x1000), buf, sizeof(buf)),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_event_channel_op,
			EVTCHNOP_alloc_unbound, gaddr(0x1000), 0),
		  -XEN_EFAULT);
	EXPECT_EQ(a->evtchn[1].state, ECS_FREE);
}

/* The top of the range, 4095, is a valid static binding on both ends. */
static void static_binding_at_port_4095(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	EXPECT_EQ(evtchn_bind_static(a, 4095, b, 4095), 0);
	EXPECT_EQ(evtchn_bind_static(a, 4096, b, 5), -XEN_EINVAL);
	EXPECT_EQ(evtchn_send(&a->vcpus[0], 4095), 0);
	EXPECT(port_pending(b, 4095));
}

static void status_reports_bound_vcpu(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 1, 0 };
	EXPECT_EQ(evtchn_bind_virq(v, &bv), 0);
	struct evtchn_bind_ipi bi = { 1, 0 };
	EXPECT_EQ(evtchn_bind_ipi(v, &bi), 0);
	evtchn_port_t ports[] = { bv.port, bi.port };
	for (unsigned i = 0; i < 2; i++) {
		/* 99 in the guest's copy: status must overwrite it */
		struct evtchn_status st = {
			DOMID_SELF, ports[i], 99, 0, { { 0 } }
		};
		EXPECT_EQ(evtchn_hcall(v, EVTCHNOP_status, &st, sizeof(st)), 0);
		EXPECT_EQ(st.vcpu, 1);
	}
}

/* IRQ 40 routed to a as pirq 5, bound by its vCPU 0: the port. */
static evtchn_port_t bind_routed_pirq(struct domain *a)
{
	EXPECT_EQ(irq_route_to_guest(40, a, 5), 0);
	struct evtchn_bind_pirq bp = { 5, 0, 0 };
	EXPECT_EQ(evtchn_bind_pirq(&a->vcpus[0], &bp), 0);
	return bp.port;
}

/* Like Xen: bind_vcpu moves unbound, interdomain and PIRQ ports; a VIRQ
 * (all of larch's are per-vCPU) or an IPI stays on the vCPU it names. */
static void bind_vcpu_moves_pirq_not_virq(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	evtchn_port_t port = bind_routed_pirq(a);
	struct evtchn_bind_vcpu bv = { port, 1 };
	EXPECT_EQ(evtchn_hcall(v, EVTCHNOP_bind_vcpu, &bv, sizeof(bv)), 0);
	struct evtchn_status st = { DOMID_SELF, port, 0, 0, { { 0 } } };
	EXPECT_EQ(evtchn_status(v, &st), 0);
	EXPECT_EQ(st.vcpu, 1);
	do_irq(0, 40);
	EXPECT_EQ(a->vcpus[1].vcpu_info->evtchn_pending_sel,
		  1ULL << (port / 64));
	EXPECT(vcpu_upcall_pending(&a->vcpus[1]));
	EXPECT_EQ(v->vcpu_info->evtchn_pending_sel, 0);
	EXPECT(!vcpu_upcall_pending(v));

	struct evtchn_bind_virq vq = { VIRQ_TIMER, 0, 0 };
	EXPECT_EQ(evtchn_bind_virq(v, &vq), 0);
	bv = (struct evtchn_bind_vcpu){ vq.port, 1 };
	EXPECT_EQ(evtchn_bind_vcpu(v, &bv), -XEN_EINVAL);
	EXPECT_EQ(a->evtchn[vq.port].notify_vcpu, 0);
	EXPECT_EQ(evtchn_close(a, vq.port), 0);
	EXPECT_EQ(v->virq_to_port[VIRQ_TIMER], 0);
}

static void close_pirq_unbinds_irq(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	evtchn_port_t old = bind_routed_pirq(a);
	struct evtchn_close c = { old };
	EXPECT_EQ(evtchn_hcall(v, EVTCHNOP_close, &c, sizeof(c)), 0);
	EXPECT_EQ(a->pirq_to_port[5], 0);
	do_irq(0, 40); /* nobody listens: nothing is marked anywhere */
	EXPECT(!port_pending(a, old));
	EXPECT_EQ(v->vcpu_info->evtchn_pending_sel, 0);
	EXPECT(!vcpu_upcall_pending(v));
	struct evtchn_bind_pirq bp = { 5, 0, 0 };
	EXPECT_EQ(evtchn_bind_pirq(v, &bp), 0); /* the pirq is free again */
	do_irq(0, 40);
	EXPECT(port_pending(a, bp.port));
}

/* The upcall an unmask raises goes to the vCPU the port notifies, which is
 * woken if it sleeps; the caller is only the one that unmasked. */
static void unmask_kicks_notified_vcpu(void)
{
	fake_reset(2);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct vcpu *v0 = &a->vcpus[0], *v1 = &a->vcpus[1];
	EXPECT_EQ(v1->processor, 1);
	sched_add_vcpu(v1);
	fake.cpu = 1;
	EXPECT(leave_hypervisor(1) == v1);
	vcpu_block(v1);
	EXPECT(leave_hypervisor(1) == NULL);
	fake.cpu = 0;
	struct evtchn_bind_ipi bi = { 1, 0 };
	EXPECT_EQ(evtchn_bind_ipi(v0, &bi), 0);
	set_bit(bi.port, a->shared_info->evtchn_mask);
	EXPECT_EQ(evtchn_send(v0, bi.port), 0);
	EXPECT_EQ(v1->run_state, VCPU_BLOCKED); /* masked: no wake-up */
	struct evtchn_unmask um = { bi.port };
	EXPECT_EQ(evtchn_hcall(v0, EVTCHNOP_unmask, &um, sizeof(um)), 0);
	EXPECT_EQ(v1->vcpu_info->evtchn_pending_sel, 1ULL << (bi.port / 64));
	EXPECT(vcpu_upcall_pending(v1));
	EXPECT_EQ(v1->run_state, VCPU_RUNNABLE);
	EXPECT_EQ(v0->vcpu_info->evtchn_pending_sel, 0);
	EXPECT(!vcpu_upcall_pending(v0));
	fake.cpu = 1;
	EXPECT(leave_hypervisor(1) == v1);
	fake.cpu = 0;
}

/* domid 8 is one past the table: every lookup says ESRCH (under ASan a
 * read of domains[8] would abort the test). */
static void domid_one_past_table_is_esrch(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	a->privileged = true;
	struct evtchn_status st = { MAX_DOMAINS, 1, 0, 0, { { 0 } } };
	EXPECT_EQ(evtchn_hcall(v, EVTCHNOP_status, &st, sizeof(st)),
		  -XEN_ESRCH);
	struct evtchn_alloc_unbound al = { DOMID_SELF, MAX_DOMAINS, 0 };
	EXPECT_EQ(evtchn_alloc_unbound(v, &al), -XEN_ESRCH);
	al = (struct evtchn_alloc_unbound){ MAX_DOMAINS, DOMID_SELF, 0 };
	EXPECT_EQ(evtchn_alloc_unbound(v, &al), -XEN_ESRCH);
	struct evtchn_bind_interdomain bi = { MAX_DOMAINS, 1, 0 };
	EXPECT_EQ(evtchn_bind_interdomain(v, &bi), -XEN_ESRCH);
	EXPECT(domain_by_id(MAX_DOMAINS) == NULL);
	EXPECT(domain_by_id(MAX_DOMAINS - 1) == NULL); /* free slot */
	EXPECT_EQ(a->evtchn[1].state, ECS_FREE);
}

HARNESS_DEFINE("host");

int main(void)
{
	RUN("evtchn", alloc_unbound_lowest_port);
	RUN("evtchn", alloc_unbound_bad_remote);
	RUN("evtchn", alloc_unbound_for_other_domain_needs_privilege);
	RUN("evtchn", alloc_unbound_exhausts_4095_ports);
	RUN("evtchn", bind_interdomain_links_both_ends);
	RUN("evtchn", bind_interdomain_sets_local_pending);
	RUN("evtchn", bind_interdomain_rejects_port_offered_to_another);
	RUN("evtchn", bind_interdomain_bad_port_and_domain);
	RUN("evtchn", send_sets_pending_selector_and_upcall);
	RUN("evtchn", send_to_masked_port_sets_only_pending);
	RUN("evtchn", unmask_raises_event_that_arrived_masked);
	RUN("evtchn", second_send_while_pending_raises_nothing_new);
	RUN("evtchn", send_error_paths);
	RUN("evtchn", bind_virq_and_errors);
	RUN("evtchn", virq_timer_fires_from_singleshot);
	RUN("evtchn", bind_ipi_notifies_named_vcpu);
	RUN("evtchn", bind_pirq_needs_routing);
	RUN("evtchn", bind_vcpu_moves_notification);
	RUN("evtchn", close_interdomain_leaves_peer_unbound);
	RUN("evtchn", close_virq_allows_rebind);
	RUN("evtchn", status_reports_every_state);
	RUN("evtchn", status_of_other_domain_needs_privilege);
	RUN("evtchn", selector_bit_is_port_word);
	RUN("evtchn", highest_port_4095_works);
	RUN("evtchn", bad_guest_pointer_is_efault_and_changes_nothing);
	RUN("evtchn", unknown_evtchn_op_is_enosys);
	RUN("evtchn", static_binding_from_config);
	RUN("evtchn", status_reports_bound_vcpu);
	RUN("evtchn", bind_vcpu_moves_pirq_not_virq);
	RUN("evtchn", close_pirq_unbinds_irq);
	RUN("evtchn", close_pending_port_above_63_clears_its_own_bit);
	RUN("evtchn", untranslatable_guest_va_is_efault);
	RUN("evtchn", static_binding_at_port_4095);
	RUN("evtchn", unmask_kicks_notified_vcpu);
	RUN("evtchn", domid_one_past_table_is_esrch);
	return harness_failed ? 1 : 0;
}

/* Host tests: run queues, slices, block/yield/poll, wake-up on event, the
 * block/send race, remote kicks, vCPU ops and shutdown. */
#include "common_util.h"

/* Run the return path of pCPU cpu as the arch would. */
static struct vcpu *ret_path(unsigned cpu)
{
	unsigned saved = fake.cpu;
	fake.cpu = cpu;
	struct vcpu *v = leave_hypervisor(cpu);
	fake.cpu = saved;
	return v;
}

/* One domain with one vCPU, running on pCPU 0. */
static struct vcpu *one_running(struct domain **d)
{
	fake_reset(1);
	*d = fake_domain(0, 1, 0, 0);
	sched_add_vcpu(&(*d)->vcpus[0]);
	ret_path(0);
	return &(*d)->vcpus[0];
}

/* Two domains bound by a channel; b's vCPU runs on pCPU 0. */
static struct vcpu *receiver_running(struct domain **a, struct domain **b,
				     evtchn_port_t *pa, evtchn_port_t *pb)
{
	fake_reset(1);
	two_doms_bound(a, b, pa, pb);
	sched_add_vcpu(&(*b)->vcpus[0]);
	ret_path(0);
	return &(*b)->vcpus[0];
}

static void first_vcpu_runs(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 1, 0, 0);
	sched_add_vcpu(&a->vcpus[0]);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	EXPECT(a->vcpus[0].is_running);
	EXPECT(fake.switched_to == &a->vcpus[0]);
	EXPECT_EQ(fake.deadline[0], SLICE_NS); /* slice timer armed */
}

static void block_sleeps_and_unmasks(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	EXPECT(vcpu_irq_masked(v));
	EXPECT_EQ(hcall(v, __HYPERVISOR_sched_op, SCHEDOP_block, 0, 0), 0);
	EXPECT(!vcpu_irq_masked(v));
	EXPECT_EQ(v->run_state, VCPU_BLOCKED);
	EXPECT(ret_path(0) == NULL); /* idle */
	EXPECT(!v->is_running);
}

static void block_with_event_pending_does_not_sleep(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	vcpu_raise_upcall(v);
	vcpu_block(v);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT(ret_path(0) == v);
	EXPECT_EQ(v->arch.deliveries, 1); /* unmasked by block: delivered */
}

static void block_with_percpu_irq_waiting_does_not_sleep(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	v->arch.irq_waiting = true; /* e.g. the vtimer in a list register */
	vcpu_block(v);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT(ret_path(0) == v);
}

/* An event sent between "I am blocked" and "is anything pending?". */
static struct domain *race_sender;
static evtchn_port_t race_port;
static void send_in_race_window(struct vcpu *v)
{
	(void)v;
	evtchn_send(&race_sender->vcpus[0], race_port);
}

static void event_racing_block_is_never_lost(void)
{
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	struct vcpu *v = receiver_running(&a, &b, &pa, &pb);
	race_sender = a;
	race_port = pa;
	fake.race_hook = send_in_race_window;
	vcpu_block(v);
	fake.race_hook = NULL;
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT(ret_path(0) == v);
	EXPECT_EQ(v->arch.deliveries, 1);
	EXPECT(port_pending(b, pb));
}

/* A shutdown on another pCPU (sched_remove_vcpu) in the middle of v's own
 * block, or of a timer's kick of v: v stays down and is never run again,
 * or a restart would rebuild a domain whose vCPU still runs (an arm Linux
 * rebooting with its second vCPU looping on WFI hung that way). */
static void take_down_in_race_window(struct vcpu *v)
{
	fake.race_hook = NULL; /* once */
	sched_remove_vcpu(v);
}

static void shutdown_racing_block_keeps_vcpu_down(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	fake.race_hook = take_down_in_race_window;
	vcpu_block(v);
	EXPECT_EQ(v->run_state, VCPU_DOWN);
	EXPECT(ret_path(0) == NULL);
	sched_kick(v); /* its timer, later */
	EXPECT_EQ(v->run_state, VCPU_DOWN);
	EXPECT(ret_path(0) == NULL);
}

static void shutdown_racing_kick_keeps_vcpu_off_runq(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	vcpu_block(v);
	EXPECT(ret_path(0) == NULL);
	fake.race_hook = take_down_in_race_window;
	sched_kick(v);
	EXPECT_EQ(v->run_state, VCPU_DOWN);
	EXPECT(!v->on_runq);
	EXPECT(ret_path(0) == NULL);
}

/* A vCPU brought up (VCPUOP_up, PSCI CPU_ON) after its domain went down
 * stays down. */
static void vcpu_up_after_shutdown_stays_down(void)
{
	fake_reset(1);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct domain *b = fake_domain(1, 1, 0, 0);
	sched_add_vcpu(&a->vcpus[0]);
	sched_add_vcpu(&b->vcpus[0]);
	domain_shutdown(a, SHUTDOWN_poweroff);
	sched_add_vcpu(&a->vcpus[1]);
	EXPECT_EQ(a->vcpus[1].run_state, VCPU_DOWN);
	EXPECT(ret_path(0) == &b->vcpus[0]);
}

static void send_wakes_blocked_vcpu(void)
{
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	struct vcpu *v = receiver_running(&a, &b, &pa, &pb);
	vcpu_block(v);
	EXPECT(ret_path(0) == NULL);
	evtchn_send(&a->vcpus[0], pa);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT(ret_path(0) == v);
	EXPECT_EQ(v->arch.deliveries, 1);
}

static void wake_on_other_pcpu_sends_ipi(void)
{
	fake_reset(2);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 1, 0);
	EXPECT_EQ(evtchn_bind_static(a, 1, b, 1), 0);
	struct vcpu *v = &b->vcpus[0];
	EXPECT_EQ(v->processor, 1);
	sched_add_vcpu(v);
	ret_path(1);
	fake.cpu = 1;
	vcpu_block(v);
	ret_path(1);
	fake.cpu = 0;
	unsigned before = fake.ipis[1];
	evtchn_send(&a->vcpus[0], 1);
	EXPECT_EQ(fake.ipis[1], before + 1);
	EXPECT(pcpus[1].softirq & SOFTIRQ_SCHEDULE);
	EXPECT(ret_path(1) == v);
}

static void event_to_vcpu_running_elsewhere_kicks_it(void)
{
	fake_reset(2);
	struct domain *a = fake_domain(0, 1, 0, 0);
	struct domain *b = fake_domain(1, 1, 1, 0);
	evtchn_bind_static(a, 1, b, 1);
	sched_add_vcpu(&b->vcpus[0]);
	ret_path(1); /* b runs guest code on pCPU 1 */
	unsigned before = fake.ipis[1];
	evtchn_send(&a->vcpus[0], 1);
	EXPECT_EQ(fake.ipis[1], before + 1);
	/* and nothing when it is not running anywhere */
	b->vcpus[0].is_running = false;
	b->vcpus[0].vcpu_info->evtchn_pending_sel = 0;
	clear_bit(1, b->shared_info->evtchn_pending);
	evtchn_send(&a->vcpus[0], 1);
	EXPECT_EQ(fake.ipis[1], before + 1);
}

static void yield_rotates_round_robin(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	EXPECT(ret_path(0) == &a->vcpus[0]); /* no reason to switch */
	EXPECT_EQ(
		hcall(&a->vcpus[0], __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0),
		0);
	EXPECT(ret_path(0) == &b->vcpus[0]);
	vcpu_yield(&b->vcpus[0]);
	EXPECT(ret_path(0) == &a->vcpus[0]);
}

static void slice_expiry_preempts(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	fake.now = SLICE_NS - 1;
	raise_softirq(0, SOFTIRQ_TIMER);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	fake.now = SLICE_NS;
	raise_softirq(0, SOFTIRQ_TIMER); /* the arch's timer interrupt */
	EXPECT(ret_path(0) == &b->vcpus[0]);
	EXPECT_EQ(fake.deadline[0], 2 * SLICE_NS);
	EXPECT_EQ(pcpus[0].nr_switches, 2);
}

static void woken_vcpu_preempts_current(void)
{
	fake_reset(1);
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	two_doms_bound(&a, &b, &pa, &pb);
	sched_add_vcpu(&b->vcpus[0]);
	EXPECT(ret_path(0) == &b->vcpus[0]);
	vcpu_block(&b->vcpus[0]);
	sched_add_vcpu(&a->vcpus[0]);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	evtchn_send(&a->vcpus[0], pa); /* a's slice is far from over */
	EXPECT(ret_path(0) == &b->vcpus[0]);
	EXPECT(a->vcpus[0].on_runq);
}

/* A vCPU's sleep hands the (emulated) CPU over with the spin-wait hint
 * once another vCPU runs in its place: after the switch, once; not when
 * its pCPU idles, not on a yield, not on a plain return. */
static void sleep_hands_over_after_switch(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	EXPECT(ret_path(0) == &a->vcpus[0]);
	unsigned long n = hosted_relax_count;
	vcpu_block(&a->vcpus[0]);
	EXPECT_EQ(hosted_relax_count, n); /* not before the switch */
	EXPECT(ret_path(0) == &b->vcpus[0]);
	EXPECT_EQ(hosted_relax_count, n + 1);
	EXPECT(ret_path(0) == &b->vcpus[0]);
	vcpu_yield(&b->vcpus[0]);
	EXPECT(ret_path(0) == &b->vcpus[0]);
	EXPECT_EQ(hosted_relax_count, n + 1);
	vcpu_block(&b->vcpus[0]); /* nothing else runnable: idle */
	EXPECT(ret_path(0) == NULL);
	EXPECT_EQ(hosted_relax_count, n + 1);
}

static long poll_hcall(struct vcpu *v, const evtchn_port_t *ports, unsigned n,
		       uint64_t timeout)
{
	memcpy(gptr(v->domain, 0x2000), ports, n * sizeof(*ports));
	struct sched_poll sp = { gaddr(0x2000), n, 0, timeout };
	memcpy(gptr(v->domain, 0x1000), &sp, sizeof(sp));
	return hcall(v, __HYPERVISOR_sched_op, SCHEDOP_poll, gaddr(0x1000), 0);
}

static void poll_wakes_on_masked_port(void)
{
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	struct vcpu *v = receiver_running(&a, &b, &pa, &pb);
	set_bit(pb, b->shared_info->evtchn_mask);
	evtchn_port_t ports[2] = { 77, pb };
	EXPECT_EQ(poll_hcall(v, ports, 2, 0), 0);
	EXPECT_EQ(v->run_state, VCPU_BLOCKED);
	EXPECT(ret_path(0) == NULL);
	evtchn_send(&a->vcpus[0], pa);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT(!vcpu_upcall_pending(v)); /* masked: woken, no upcall */
	EXPECT(ret_path(0) == v);
}

static void poll_with_pending_port_returns_at_once(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	set_bit(5, a->shared_info->evtchn_pending);
	evtchn_port_t p = 5;
	EXPECT_EQ(poll_hcall(v, &p, 1, 0), 0);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT_EQ(v->poll_nr, 0);
}

static void poll_timeout_wakes(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	evtchn_port_t p = 5;
	EXPECT_EQ(poll_hcall(v, &p, 1, 300000), 0);
	EXPECT(ret_path(0) == NULL);
	EXPECT_EQ(fake.deadline[0], 300000);
	fake.now = 300000;
	raise_softirq(0, SOFTIRQ_TIMER);
	EXPECT(ret_path(0) == v);
}

static void poll_bad_arguments(void)
{
	struct domain *a;
	struct vcpu *v = one_running(&a);
	evtchn_port_t many[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	EXPECT_EQ(poll_hcall(v, many, 9, 0), -XEN_EINVAL);
	EXPECT_EQ(poll_hcall(v, many, 0, 0), -XEN_EINVAL);
	evtchn_port_t bad = EVTCHN_2L_NR_PORTS;
	EXPECT_EQ(poll_hcall(v, &bad, 1, 0), -XEN_EINVAL);
	struct sched_poll sp = { 0xdead0000ULL, 1, 0, 0 };
	memcpy(gptr(a, 0x1000), &sp, sizeof(sp));
	EXPECT_EQ(
		hcall(v, __HYPERVISOR_sched_op, SCHEDOP_poll, gaddr(0x1000), 0),
		-XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_sched_op, SCHEDOP_poll, 0x10, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
}

static void vcpu_op_up_needs_initialise(void)
{
	fake_reset(2);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct vcpu *v = &a->vcpus[0];
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0), -XEN_EINVAL);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0), 0);
	struct vcpu_guest_entry e = { 0x100400, 0x108000, 7 };
	memcpy(gptr(a, 0x1000), &e, sizeof(e));
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_initialise, 1,
			gaddr(0x1000)),
		  0);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0), 0);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0), 1);
	EXPECT_EQ(a->vcpus[1].processor, 1);
	EXPECT(ret_path(1) == &a->vcpus[1]);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_initialise, 1,
			gaddr(0x1000)),
		  -XEN_EEXIST);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_up, 2, 0), -XEN_ENOENT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_up, ~0ULL, 0),
		  -XEN_ENOENT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_down, 1, 0),
		  -XEN_EINVAL);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, 77, 0, 0), -XEN_ENOSYS);
}

static void shutdown_of_all_domains_ends_machine(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	ret_path(0);
	struct sched_shutdown sd = { SHUTDOWN_poweroff };
	memcpy(gptr(a, 0x1000), &sd, sizeof(sd));
	EXPECT_EQ(hcall(&a->vcpus[0], __HYPERVISOR_sched_op, SCHEDOP_shutdown,
			gaddr(0x1000), 0),
		  0);
	EXPECT_EQ(a->state, DOM_SHUTDOWN);
	EXPECT_EQ(fake.exit_code, -1);
	EXPECT(ret_path(0) == &b->vcpus[0]);
	sd.reason = 9;
	memcpy(gptr(b, 0x1000), &sd, sizeof(sd));
	EXPECT_EQ(hcall(&b->vcpus[0], __HYPERVISOR_sched_op, SCHEDOP_shutdown,
			gaddr(0x1000), 0),
		  -XEN_EINVAL);
	domain_shutdown(b, SHUTDOWN_crash);
	EXPECT_EQ(fake.exit_code, 3); /* one domain crashed */
	EXPECT(ret_path(0) == NULL);
}

/* A reboot is a clean end, as a poweroff (exit 0), named as it is. */
static void reboot_is_a_clean_shutdown(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	ret_path(0);
	domain_shutdown(a, SHUTDOWN_reboot);
	EXPECT(strstr(fake.console,
		      "larch: domain 0 (fake) shut down: reboot"));
	domain_shutdown(b, SHUTDOWN_poweroff);
	EXPECT_EQ(fake.exit_code, 0);
}

/* SCHEDOP_shutdown from the guest with the crash reason. */
static long shutdown_hcall(struct vcpu *v, unsigned reason)
{
	struct sched_shutdown sd = { reason };
	memcpy(gptr(v->domain, 0x1000), &sd, sizeof(sd));
	return hcall(v, __HYPERVISOR_sched_op, SCHEDOP_shutdown, gaddr(0x1000),
		     0);
}

static void shutdown_crash_records_reason(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	ret_path(0);
	EXPECT_EQ(shutdown_hcall(&a->vcpus[0], SHUTDOWN_crash), 0);
	EXPECT_EQ(a->state, DOM_SHUTDOWN);
	EXPECT_EQ(a->shutdown_reason, SHUTDOWN_crash);
	EXPECT_EQ(hcall(&b->vcpus[0], __HYPERVISOR_larch_op,
			LARCHOP_domain_state, 0, 0),
		  LARCH_DOMSTATE_SHUTDOWN << 8 | SHUTDOWN_crash);
	EXPECT(strstr(fake.console, "domain 0 (fake) shut down: crash"));
	EXPECT_EQ(shutdown_hcall(&b->vcpus[0], SHUTDOWN_poweroff), 0);
	EXPECT_EQ(fake.exit_code, 3); /* a crashed */
}

/* A second vCPU of a domain already shut down asks again: the first
 * reason stays, and nothing is done twice. */
static void second_shutdown_keeps_first_reason(void)
{
	fake_reset(2);
	struct domain *a = fake_domain(0, 2, 0, 0);
	fake_domain(1, 1, 0, 0);
	EXPECT_EQ(shutdown_hcall(&a->vcpus[0], SHUTDOWN_poweroff), 0);
	EXPECT_EQ(shutdown_hcall(&a->vcpus[1], SHUTDOWN_crash), 0);
	EXPECT_EQ(a->shutdown_reason, SHUTDOWN_poweroff);
	EXPECT_EQ(a->state, DOM_SHUTDOWN);
	const char *first = strstr(fake.console, "shut down");
	EXPECT(first && !strstr(first + 1, "shut down"));
	EXPECT_EQ(fake.exit_code, -1); /* domain 1 still runs */
}

/* poll_buf holds 8 ports: 8 is accepted (and each wakes), 9 is not. */
static void poll_accepts_max_ports(void)
{
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	struct vcpu *v = receiver_running(&a, &b, &pa, &pb);
	evtchn_port_t ports[9] = { 100, 101, 102, 103, 104, 105, 106, pb, 108 };
	EXPECT_EQ(poll_hcall(v, ports, 9, 0), -XEN_EINVAL);
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT_EQ(poll_hcall(v, ports, 8, 0), 0);
	EXPECT_EQ(v->run_state, VCPU_BLOCKED);
	EXPECT_EQ(v->poll_nr, 8);
	EXPECT(ret_path(0) == NULL);
	evtchn_send(&a->vcpus[0], pa); /* the 8th port */
	EXPECT_EQ(v->run_state, VCPU_RUNNABLE);
	EXPECT(ret_path(0) == v);
}

/* VCPUOP_down stops the vCPU's timer: no VIRQ_TIMER after it. */
static void downed_vcpu_timer_stops(void)
{
	fake_reset(2);
	struct domain *a = fake_domain(0, 2, 0, 0);
	struct vcpu *v1 = &a->vcpus[1];
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 1, 0 };
	EXPECT_EQ(evtchn_bind_virq(&a->vcpus[0], &bv), 0);
	sched_add_vcpu(v1);
	EXPECT(ret_path(1) == v1);
	fake.cpu = 1;
	struct vcpu_set_singleshot_timer st = { 5000, 0, 0 };
	memcpy(gptr(a, 0x100), &st, sizeof(st));
	EXPECT_EQ(hcall(v1, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer,
			1, gaddr(0x100)),
		  0);
	EXPECT(v1->singleshot.active);
	EXPECT_EQ(hcall(v1, __HYPERVISOR_vcpu_op, VCPUOP_down, 1, 0), 0);
	EXPECT(!v1->singleshot.active);
	fake.now = 5000;
	timer_run_expired(1);
	fake.cpu = 0;
	EXPECT(!port_pending(a, bv.port));
	EXPECT(!vcpu_upcall_pending(v1));
	EXPECT(ret_path(1) == NULL);
}

/* Three vCPUs on one pCPU: the queue is FIFO at its tail, a woken vCPU
 * goes to its head and preempts, and its preempt flag is spent once it
 * has run (it does not preempt again from the queue later). */
static void three_vcpus_queue_order(void)
{
	fake_reset(1);
	struct vcpu *v[3];
	for (unsigned i = 0; i < 3; i++) {
		v[i] = &fake_domain((domid_t)i, 1, 0, 0)->vcpus[0];
		sched_add_vcpu(v[i]);
	}
	EXPECT_EQ(evtchn_bind_static(v[0]->domain, 1, v[2]->domain, 1), 0);
	EXPECT(ret_path(0) == v[0]);
	vcpu_yield(v[0]);
	EXPECT(ret_path(0) == v[1]);
	vcpu_yield(v[1]);
	EXPECT(ret_path(0) == v[2]);
	vcpu_yield(v[2]);
	EXPECT(ret_path(0) == v[0]);
	vcpu_yield(v[0]);
	EXPECT(ret_path(0) == v[1]);
	vcpu_yield(v[1]);
	EXPECT(ret_path(0) == v[2]); /* queue: 0, 1 */
	vcpu_block(v[2]);
	EXPECT(ret_path(0) == v[0]); /* queue: 1 */
	evtchn_send(v[0], 1);	     /* wakes 2 ahead of 1 */
	EXPECT(ret_path(0) == v[2]); /* preempts 0 mid-slice */
	EXPECT(!v[2]->wake_preempt);
	vcpu_yield(v[2]);
	EXPECT(ret_path(0) == v[1]); /* queue: 0, 2 */
	vcpu_yield(v[1]);
	EXPECT(ret_path(0) == v[0]); /* queue: 2, 1 */
	EXPECT(ret_path(0) == v[0]); /* 2 is queued, not waking: no preempt */
	EXPECT_EQ(fake.now, 0);
}

HARNESS_DEFINE("host");

/* Runstate: a's vCPU runs one slice while b's waits (b's stolen time),
 * then they swap; every switch is copied to the registered areas. */
static void runstate_counts_each_switch(void)
{
	struct domain *a, *b;
	two_doms_runnable(1, 0, &a, &b);
	struct vcpu *va = &a->vcpus[0], *vb = &b->vcpus[0];
	EXPECT(ret_path(0) == va); /* a runs from 0 */
	fake.now = 1000;
	EXPECT_EQ(hcall(va, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0,
			GUEST_BASE + a->mem_size),
		  -XEN_EFAULT); /* the struct with the address: not there */
	uint64_t area_a = gaddr(0x300), area_b = gaddr(0x400);
	memcpy(gptr(a, 0x200), &area_a, 8);
	memcpy(gptr(b, 0x200), &area_b, 8);
	EXPECT_EQ(hcall(va, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0, gaddr(0x200)),
		  0);
	EXPECT_EQ(hcall(vb, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0, gaddr(0x200)),
		  0);
	struct vcpu_runstate_info *ra = gptr(a, 0x300), *rb = gptr(b, 0x400);
	EXPECT_EQ(ra->state, RUNSTATE_running);
	EXPECT_EQ(rb->state, RUNSTATE_runnable);
	EXPECT_EQ(ra->state_entry_time, 1000);
	fake.now = SLICE_NS;
	raise_softirq(0, SOFTIRQ_TIMER);
	EXPECT(ret_path(0) == vb);
	EXPECT_EQ(ra->state, RUNSTATE_runnable);
	EXPECT_EQ(ra->time[RUNSTATE_running], SLICE_NS - 1000);
	EXPECT_EQ(rb->state, RUNSTATE_running);
	EXPECT_EQ(rb->time[RUNSTATE_runnable], SLICE_NS - 1000);
	EXPECT_EQ(rb->state_entry_time, SLICE_NS);
	/* b blocks: blocked from the next switch on; a runs again */
	fake.now = SLICE_NS + 500;
	vcpu_block(vb);
	EXPECT(ret_path(0) == va);
	EXPECT_EQ(rb->state, RUNSTATE_blocked);
	EXPECT_EQ(rb->time[RUNSTATE_running], 500);
	EXPECT_EQ(ra->time[RUNSTATE_runnable], 500);
	EXPECT(!(rb->state_entry_time & RUNSTATE_UPDATE));
	/* bad areas: misaligned, outside its memory; 0 stops the updates */
	uint64_t odd = gaddr(0x301), out = GUEST_BASE + a->mem_size - 8;
	memcpy(gptr(a, 0x208), &odd, 8);
	memcpy(gptr(a, 0x210), &out, 8);
	EXPECT_EQ(hcall(va, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0, gaddr(0x208)),
		  -XEN_EINVAL);
	EXPECT_EQ(hcall(va, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0, gaddr(0x210)),
		  -XEN_EFAULT);
	EXPECT(va->runstate == gptr(a, 0x300)); /* refusals changed nothing */
	memset(gptr(a, 0x218), 0, 8);
	EXPECT_EQ(hcall(va, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0, gaddr(0x218)),
		  0);
	EXPECT(va->runstate == NULL);
}

int main(void)
{
	RUN("sched", runstate_counts_each_switch);
	RUN("sched", reboot_is_a_clean_shutdown);
	RUN("sched", first_vcpu_runs);
	RUN("sched", block_sleeps_and_unmasks);
	RUN("sched", block_with_event_pending_does_not_sleep);
	RUN("sched", block_with_percpu_irq_waiting_does_not_sleep);
	RUN("sched", event_racing_block_is_never_lost);
	RUN("sched", shutdown_racing_block_keeps_vcpu_down);
	RUN("sched", shutdown_racing_kick_keeps_vcpu_off_runq);
	RUN("sched", vcpu_up_after_shutdown_stays_down);
	RUN("sched", send_wakes_blocked_vcpu);
	RUN("sched", wake_on_other_pcpu_sends_ipi);
	RUN("sched", event_to_vcpu_running_elsewhere_kicks_it);
	RUN("sched", yield_rotates_round_robin);
	RUN("sched", slice_expiry_preempts);
	RUN("sched", woken_vcpu_preempts_current);
	RUN("sched", sleep_hands_over_after_switch);
	RUN("sched", poll_wakes_on_masked_port);
	RUN("sched", poll_with_pending_port_returns_at_once);
	RUN("sched", poll_timeout_wakes);
	RUN("sched", poll_bad_arguments);
	RUN("sched", vcpu_op_up_needs_initialise);
	RUN("sched", shutdown_of_all_domains_ends_machine);
	RUN("sched", shutdown_crash_records_reason);
	RUN("sched", second_shutdown_keeps_first_reason);
	RUN("sched", poll_accepts_max_ports);
	RUN("sched", downed_vcpu_timer_stops);
	RUN("sched", three_vcpus_queue_order);
	return harness_failed ? 1 : 0;
}

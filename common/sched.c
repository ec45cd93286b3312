/* The scheduler: per-pCPU round-robin run queues with time slices. A woken
 * vCPU goes to the head of its queue and preempts, so an event reaches a
 * blocked guest at once. vCPUs do not migrate (fixed pCPU). */
#include <larch/sched.h>
#include <larch/runstate.h>
#include <larch/evtchn.h>
#include <larch/vcpu_irq.h>
#include <larch/hypercall.h>
#include <larch/lifecycle.h>
#include <public/sched.h>

struct pcpu pcpus[MAX_PCPUS];
unsigned nr_pcpus;

static void slice_expired(void *data)
{
	struct pcpu *p = data;
	raise_softirq(p->id, SOFTIRQ_SCHEDULE);
}

#ifdef LARCH_HOSTED
unsigned long hosted_relax_count; /* cpu_relax's, for the host tests */
#endif

void sched_init(unsigned nr_cpus)
{
	if (nr_cpus == 0 || nr_cpus > MAX_PCPUS)
		nr_cpus = nr_cpus ? MAX_PCPUS : 1;
	nr_pcpus = nr_cpus;
	for (unsigned i = 0; i < MAX_PCPUS; i++) {
		struct pcpu *p = &pcpus[i];
		*p = (struct pcpu){ .id = i, .online = i < nr_cpus };
		timer_init(&p->slice_timer, slice_expired, p, i);
	}
}

void raise_softirq(unsigned cpu, uint32_t flags)
{
	__atomic_fetch_or(&pcpus[cpu].softirq, flags, __ATOMIC_SEQ_CST);
	if (cpu != arch_cpu_id())
		arch_send_ipi(cpu);
}

/* Caller holds p->lock. */
static void runq_insert(struct pcpu *p, struct vcpu *v, bool at_head)
{
	assert_spin_held(&p->lock);
	v->on_runq = true;
	v->runq_next = NULL;
	if (!p->runq_head) {
		p->runq_head = p->runq_tail = v;
	} else if (at_head) {
		v->runq_next = p->runq_head;
		p->runq_head = v;
	} else {
		p->runq_tail->runq_next = v;
		p->runq_tail = v;
	}
}

static void runq_remove(struct pcpu *p, struct vcpu *v)
{
	struct vcpu *prev = NULL;
	for (struct vcpu *c = p->runq_head; c; prev = c, c = c->runq_next) {
		if (c != v)
			continue;
		if (prev)
			prev->runq_next = c->runq_next;
		else
			p->runq_head = c->runq_next;
		if (p->runq_tail == c)
			p->runq_tail = prev;
		break;
	}
	v->on_runq = false;
	v->runq_next = NULL;
}

static void poll_timeout(void *data)
{
	sched_kick(data);
}

static void singleshot_fire(void *data)
{
	send_guest_vcpu_virq(data, VIRQ_TIMER);
}

void sched_init_vcpu(struct vcpu *v)
{
	timer_init(&v->singleshot, singleshot_fire, v, v->processor);
	timer_init(&v->poll_timer, poll_timeout, v, v->processor);
}

void sched_add_vcpu(struct vcpu *v)
{
	struct pcpu *p = &pcpus[v->processor];
	spin_lock(&p->lock);
	/* not in a domain that is down: sched_remove_vcpu, under this lock,
	 * follows the store of its state */
	if (v->run_state == VCPU_DOWN && v->domain->state != DOM_SHUTDOWN) {
		v->run_state = VCPU_RUNNABLE;
		if (!v->is_running && !v->on_runq)
			runq_insert(p, v, false);
	}
	spin_unlock(&p->lock);
	raise_softirq(v->processor, SOFTIRQ_SCHEDULE);
}

void sched_remove_vcpu(struct vcpu *v)
{
	struct pcpu *p = &pcpus[v->processor];
	spin_lock(&p->lock);
	v->run_state = VCPU_DOWN;
	v->poll_nr = 0;
	if (v->on_runq)
		runq_remove(p, v);
	bool running = v->is_running;
	spin_unlock(&p->lock);
	timer_stop(&v->singleshot);
	timer_stop(&v->poll_timer);
	if (running)
		raise_softirq(v->processor, SOFTIRQ_SCHEDULE);
}

/* v's run state from -> to, if it is still from. Between BLOCKED and
 * RUNNABLE only: DOWN is written under the run-queue lock by a shutdown
 * on any pCPU (sched_remove_vcpu) and must stay, or a timer's kick would
 * run the vCPU again in a domain being rebuilt (an arm Linux that
 * rebooted, its second vCPU looping on WFI, hung the restart). */
static bool run_state_move(struct vcpu *v, uint32_t from, uint32_t to)
{
	return __atomic_compare_exchange_n(&v->run_state, &from, to, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

void sched_kick(struct vcpu *v)
{
	if (run_state_move(v, VCPU_BLOCKED, VCPU_RUNNABLE)) {
		struct pcpu *p = &pcpus[v->processor];
		SCHED_RACE_POINT(v); /* a shutdown here takes v down */
		spin_lock(&p->lock);
		v->poll_nr = 0;
		if (v->run_state == VCPU_RUNNABLE && !v->is_running &&
		    !v->on_runq) {
			v->wake_preempt = true;
			runq_insert(p, v, true);
		}
		spin_unlock(&p->lock);
		timer_stop(&v->poll_timer);
		raise_softirq(v->processor, SOFTIRQ_SCHEDULE);
	} else if (v->is_running && v->processor != arch_cpu_id()) {
		/* Running guest code elsewhere: send it through its return
		 * path, where the pending upcall is delivered. */
		arch_send_ipi(v->processor);
	}
}

/* Sleep unless something is already pending. The store of BLOCKED and the
 * load of the pending byte are ordered by smp_mb; a sender stores pending
 * then (smp_mb in vcpu_raise_upcall) loads run_state in sched_kick, so at
 * least one side sees the other and the wake-up is never lost. */
/* v sleeps: its pCPU picks another vCPU on the way out (or idles) and
 * then executes the spin-wait hint: one instruction on hardware. Under
 * QEMU's single-threaded round robin (-icount) the hint ends this CPU's
 * turn, so the CPU whose answer v waits for (it was just sent an event)
 * runs now, not after this one has spent its instruction budget on the
 * vCPU it switched to, a co-tenant that may spin (docs/testing.md,
 * "Latency beside hostile co-tenants"). After the switch, not before:
 * handed over earlier, the answer finds v still current, and the round
 * trip beside spinners was 60 times slower (measured). */
static void sleep_now(struct vcpu *v)
{
	raise_softirq(v->processor, SOFTIRQ_SCHEDULE | SOFTIRQ_HANDOVER);
}

void vcpu_block(struct vcpu *v)
{
	vcpu_irq_unmask(v);
	SCHED_RACE_POINT(v); /* an event here finds v not yet blocked */
	vcpu_sleep(v);
}

void vcpu_sleep(struct vcpu *v)
{
	if (!run_state_move(v, VCPU_RUNNABLE, VCPU_BLOCKED))
		return;
	smp_mb();
	if (vcpu_upcall_pending(v) || arch_vcpu_irq_pending(v)) {
		run_state_move(v, VCPU_BLOCKED, VCPU_RUNNABLE);
		return;
	}
	sleep_now(v);
}

/* Optional arch duty: arches without guest-owned per-CPU IRQs keep this. */
__attribute__((weak)) bool arch_vcpu_irq_pending(const struct vcpu *v)
{
	(void)v;
	return false;
}

void vcpu_yield(struct vcpu *v)
{
	v->slice_end = 0; /* give up the rest of the slice */
	raise_softirq(v->processor, SOFTIRQ_SCHEDULE);
}

long vcpu_poll(struct vcpu *v, const evtchn_port_t *ports, unsigned nr,
	       s_time_t timeout)
{
	const xen_ulong_t *pending = v->domain->evtchn_pending;
	for (unsigned i = 0; i < nr; i++)
		if (ports[i] >= EVTCHN_2L_NR_PORTS)
			return -XEN_EINVAL;
	v->poll_ports = ports;
	if (!run_state_move(v, VCPU_RUNNABLE, VCPU_BLOCKED))
		return 0;
	__atomic_store_n(&v->poll_nr, nr, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < nr; i++)
		if (test_bit(ports[i], pending)) {
			v->poll_nr = 0;
			run_state_move(v, VCPU_BLOCKED, VCPU_RUNNABLE);
			return 0;
		}
	if (timeout)
		timer_set(&v->poll_timer, timeout);
	sleep_now(v);
	return 0;
}

static void schedule(unsigned cpu)
{
	struct pcpu *p = &pcpus[cpu];
	s_time_t now = arch_now();
	spin_lock(&p->lock);
	struct vcpu *prev = p->curr, *next;
	bool prev_can_run = prev && prev->run_state == VCPU_RUNNABLE;
	bool waker_waits = p->runq_head && p->runq_head->wake_preempt;
	if (prev_can_run && now < prev->slice_end && !waker_waits) {
		next = prev;
	} else {
		if (prev_can_run)
			runq_insert(p, prev, false);
		next = p->runq_head;
		if (next) {
			runq_remove(p, next);
			next->wake_preempt = false;
		}
		if (next && (next != prev || now >= next->slice_end))
			next->slice_end = now + SLICE_NS;
	}
	if (prev != next) {
		if (prev)
			prev->is_running = false;
		if (next)
			next->is_running = true;
		p->curr = next;
		p->nr_switches++;
	}
	spin_unlock(&p->lock);
	if (prev != next) {
		runstate_on_switch(prev, next);
		arch_ctxt_switch(prev, next);
	}
	if (next)
		timer_set(&p->slice_timer, next->slice_end);
	else
		timer_stop(&p->slice_timer);
}

static inline struct vcpu *deliver_pending(struct vcpu *v)
{
	if (v && vcpu_upcall_pending(v) &&
	    (!vcpu_irq_masked(v) || v->domain->policy == LARCH_POLICY_EAGER))
		arch_deliver_upcall(v);
	return v;
}

static struct vcpu *__attribute__((noinline)) leave_with_softirqs(unsigned cpu)
{
	struct pcpu *p = &pcpus[cpu];
	uint32_t work;
	while ((work = __atomic_exchange_n(&p->softirq, 0, __ATOMIC_SEQ_CST))) {
		if (work & SOFTIRQ_TIMER)
			timer_run_expired(cpu);
		if (work & SOFTIRQ_SCHEDULE)
			schedule(cpu);
		if (work & SOFTIRQ_RESTART)
			lifecycle_run_restarts(cpu);
		/* (to idle, the arch's wait instruction hands over) */
		if ((work & SOFTIRQ_HANDOVER) && p->curr)
			cpu_relax();
	}
	return deliver_pending(p->curr);
}

/* Most returns to a guest find no softirq: a plain load, and the softirq
 * path (schedule() inlined, with its register saves) is a tail call away.
 * A softirq raised by another pCPU just after the load comes with its
 * IPI, which brings this pCPU back here from the guest. */
struct vcpu *leave_hypervisor(unsigned cpu)
{
	if (__atomic_load_n(&pcpus[cpu].softirq, __ATOMIC_ACQUIRE))
		return leave_with_softirqs(cpu);
	return deliver_pending(pcpus[cpu].curr);
}

long do_sched_op(struct vcpu *v, unsigned cmd, uint64_t arg)
{
	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		vcpu_block(v);
		return 0;
	case SCHEDOP_shutdown: {
		struct sched_shutdown sd;
		if (copy_from_guest(v->domain, &sd, arg, sizeof(sd)))
			return -XEN_EFAULT;
		if (sd.reason > SHUTDOWN_crash)
			return -XEN_EINVAL;
		domain_shutdown(v->domain, sd.reason);
		return 0;
	}
	case SCHEDOP_poll: {
		struct sched_poll sp;
		if (copy_from_guest(v->domain, &sp, arg, sizeof(sp)))
			return -XEN_EFAULT;
		if (sp.nr_ports == 0 || sp.nr_ports > ARRAY_SIZE(v->poll_buf))
			return -XEN_EINVAL;
		if (copy_from_guest(v->domain, v->poll_buf, sp.ports,
				    sp.nr_ports * sizeof(evtchn_port_t)))
			return -XEN_EFAULT;
		return vcpu_poll(v, v->poll_buf, sp.nr_ports,
				 (s_time_t)(sp.timeout & INT64_MAX));
	}
	default:
		return -XEN_ENOSYS;
	}
}

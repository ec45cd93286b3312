/* The machine-wide invariants of fuzz_check.h. */
#include "fuzz_check.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

bool fuzz_tainted[MAX_DOMAINS];

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fuzz: invariant: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

static bool bit(const xen_ulong_t *map, unsigned n)
{
	return (map[n / EVTCHN_WORD_BITS] >> (n % EVTCHN_WORD_BITS)) & 1;
}

static void check_port(struct domain *d, evtchn_port_t p)
{
	const struct evtchn *c = &d->evtchn[p];
	unsigned id = d->domid;
	if (p == 0) {
		if (c->state != ECS_RESERVED)
			fuzz_fail("d%u port 0 state %u", id, c->state);
		return;
	}
	if (c->state > ECS_IPI || c->state == ECS_RESERVED)
		fuzz_fail("d%u port %u state %u", id, p, c->state);
	if (c->notify_vcpu >= d->nr_vcpus)
		fuzz_fail("d%u port %u notifies vcpu %u of %u", id, p,
			  c->notify_vcpu, d->nr_vcpus);
	switch (c->state) {
	case ECS_FREE:
		if (c->notify_vcpu || c->u.pirq)
			fuzz_fail("d%u free port %u not cleared", id, p);
		break;
	case ECS_UNBOUND:
		if (!domain_by_id(c->u.unbound_remote))
			fuzz_fail("d%u port %u unbound to dead d%u", id, p,
				  c->u.unbound_remote);
		break;
	case ECS_INTERDOMAIN: {
		struct domain *r = domain_by_id(c->u.interdomain.dom);
		evtchn_port_t rp = c->u.interdomain.port;
		if (!r || rp == 0 || rp >= EVTCHN_2L_NR_PORTS)
			fuzz_fail("d%u port %u -> d%u:%u invalid", id, p,
				  c->u.interdomain.dom, rp);
		const struct evtchn *b = &r->evtchn[rp];
		if (b->state != ECS_INTERDOMAIN || b->u.interdomain.dom != id ||
		    b->u.interdomain.port != p)
			fuzz_fail("d%u port %u -> d%u:%u not symmetric (state "
				  "%u -> d%u:%u)",
				  id, p, r->domid, rp, b->state,
				  b->u.interdomain.dom, b->u.interdomain.port);
		break;
	}
	case ECS_VIRQ:
		if (c->u.virq >= NR_VIRQS ||
		    d->vcpus[c->notify_vcpu].virq_to_port[c->u.virq] != p)
			fuzz_fail("d%u port %u virq %u not mapped back", id, p,
				  c->u.virq);
		break;
	case ECS_PIRQ:
		if (c->u.pirq >= MAX_GUEST_IRQS ||
		    d->pirq_to_port[c->u.pirq] != p)
			fuzz_fail("d%u port %u pirq %u not mapped back", id, p,
				  c->u.pirq);
		break;
	default:
		break;
	}
	if (!fuzz_tainted[id] && bit(d->shared_info->evtchn_pending, p) &&
	    c->state == ECS_FREE)
		fuzz_fail("d%u free port %u pending", id, p);
}

static void check_events(struct domain *d)
{
	struct shared_info *s = d->shared_info;
	unsigned id = d->domid;
	if (!fuzz_tainted[id] && bit(s->evtchn_pending, 0))
		fuzz_fail("d%u port 0 pending", id);
	for (evtchn_port_t p = 0; p < EVTCHN_2L_NR_PORTS; p++)
		check_port(d, p);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		for (unsigned q = 0; q < NR_VIRQS; q++) {
			evtchn_port_t p = d->vcpus[i].virq_to_port[q];
			if (p && (p >= EVTCHN_2L_NR_PORTS ||
				  d->evtchn[p].state != ECS_VIRQ ||
				  d->evtchn[p].u.virq != q ||
				  d->evtchn[p].notify_vcpu != i))
				fuzz_fail("d%u v%u virq %u -> port %u wrong",
					  id, i, q, p);
		}
	}
	for (unsigned q = 0; q < MAX_GUEST_IRQS; q++) {
		evtchn_port_t p = d->pirq_to_port[q];
		if (p && (p >= EVTCHN_2L_NR_PORTS ||
			  d->evtchn[p].state != ECS_PIRQ ||
			  d->evtchn[p].u.pirq != q))
			fuzz_fail("d%u pirq %u -> port %u wrong", id, q, p);
	}
	if (fuzz_tainted[id])
		return;
	xen_ulong_t any_sel = 0;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu_info *vi = d->vcpus[i].vcpu_info;
		any_sel |= vi->evtchn_pending_sel;
		if (vi->evtchn_pending_sel && !vi->evtchn_upcall_pending)
			fuzz_fail("d%u v%u selector %#llx without upcall "
				  "pending",
				  id, i,
				  (unsigned long long)vi->evtchn_pending_sel);
	}
	for (unsigned w = 0; w < EVTCHN_WORD_BITS; w++) {
		xen_ulong_t live = s->evtchn_pending[w] & ~s->evtchn_mask[w];
		if (live && !((any_sel >> w) & 1))
			fuzz_fail("d%u word %u: unmasked pending %#llx, no "
				  "vcpu has selector bit %u",
				  id, w, (unsigned long long)live, w);
	}
}

static void check_vcpu(struct domain *d, struct vcpu *v)
{
	unsigned id = d->domid, i = v->vcpu_id;
	if (v != &d->vcpus[i] || v->domain != d ||
	    v->vcpu_info != &d->shared_info->vcpu_info[i] ||
	    v->processor >= nr_pcpus)
		fuzz_fail("d%u v%u identity broken", id, i);
	if (v->run_state > VCPU_BLOCKED)
		fuzz_fail("d%u v%u run_state %u", id, i, v->run_state);
	if (d->state == DOM_SHUTDOWN && v->run_state != VCPU_DOWN)
		fuzz_fail("d%u shut down but v%u state %u", id, i,
			  v->run_state);
	if (v->poll_nr && v->run_state != VCPU_BLOCKED)
		fuzz_fail("d%u v%u polls %u ports but state %u", id, i,
			  v->poll_nr, v->run_state);
	if (v->poll_nr > ARRAY_SIZE(v->poll_buf) ||
	    (v->poll_nr && v->poll_ports != v->poll_buf))
		fuzz_fail("d%u v%u poll set broken", id, i);
	if (v->run_state != VCPU_BLOCKED || fuzz_tainted[id])
		return;
	if (v->poll_nr == 0 && vcpu_upcall_pending(v))
		fuzz_fail("d%u v%u blocked with an upcall pending", id, i);
	for (unsigned k = 0; k < v->poll_nr; k++)
		if (v->poll_ports[k] < EVTCHN_2L_NR_PORTS &&
		    bit(d->shared_info->evtchn_pending, v->poll_ports[k]))
			fuzz_fail("d%u v%u polls port %u, pending, not woken",
				  id, i, v->poll_ports[k]);
}

static void check_pcpu(struct pcpu *p)
{
	unsigned n = 0;
	struct vcpu *last = NULL;
	for (struct vcpu *v = p->runq_head; v; v = v->runq_next) {
		if (++n > MAX_DOMAINS * MAX_VCPUS_PER_DOMAIN)
			fuzz_fail("cpu%u run queue cycles", p->id);
		if (!v->on_runq || v->processor != p->id ||
		    v->run_state != VCPU_RUNNABLE || v->is_running ||
		    v == p->curr)
			fuzz_fail("cpu%u queues d%u v%u (on_runq %d cpu %u "
				  "state %u running %d)",
				  p->id, v->domain->domid, v->vcpu_id,
				  v->on_runq, v->processor, v->run_state,
				  v->is_running);
		last = v;
	}
	if (p->runq_tail != last)
		fuzz_fail("cpu%u run queue tail is not the last entry", p->id);
	struct vcpu *c = p->curr;
	if (c && (!c->is_running || c->processor != p->id))
		fuzz_fail("cpu%u current d%u v%u running %d cpu %u", p->id,
			  c->domain->domid, c->vcpu_id, c->is_running,
			  c->processor);
	if (c && c->run_state != VCPU_RUNNABLE &&
	    !(p->softirq & SOFTIRQ_SCHEDULE))
		fuzz_fail("cpu%u keeps running d%u v%u in state %u", p->id,
			  c->domain->domid, c->vcpu_id, c->run_state);
	s_time_t prev = INT64_MIN;
	n = 0;
	for (struct timer *t = p->timers; t; t = t->next) {
		if (++n > 1000)
			fuzz_fail("cpu%u timer list cycles", p->id);
		if (!t->active || t->cpu != p->id || t->expires < prev)
			fuzz_fail("cpu%u timer list broken", p->id);
		prev = t->expires;
	}
	if (p->timers && fake.deadline[p->id] > p->timers->expires &&
	    !(p->softirq & SOFTIRQ_TIMER))
		fuzz_fail("cpu%u deadline %lld after its first timer %lld",
			  p->id, (long long)fake.deadline[p->id],
			  (long long)p->timers->expires);
}

void fuzz_check_invariants(void)
{
	unsigned queued = 0, on_runq = 0;
	for (unsigned c = 0; c < nr_pcpus; c++) {
		check_pcpu(&pcpus[c]);
		for (struct vcpu *v = pcpus[c].runq_head; v; v = v->runq_next)
			queued++;
	}
	for (unsigned id = 0; id < MAX_DOMAINS; id++) {
		struct domain *d = &domains[id];
		if (d->state == DOM_FREE)
			continue;
		if (d->domid != id || d->nr_vcpus == 0 ||
		    d->nr_vcpus > MAX_VCPUS_PER_DOMAIN ||
		    d->state > DOM_SHUTDOWN)
			fuzz_fail("d%u identity broken", id);
		check_events(d);
		for (unsigned i = 0; i < d->nr_vcpus; i++) {
			struct vcpu *v = &d->vcpus[i];
			check_vcpu(d, v);
			on_runq += v->on_runq;
			if (v->is_running != (pcpus[v->processor].curr == v))
				fuzz_fail("d%u v%u is_running %d, current "
					  "of cpu%u is another",
					  id, i, v->is_running, v->processor);
			if (v->run_state == VCPU_RUNNABLE && !v->on_runq &&
			    !v->is_running)
				fuzz_fail("d%u v%u runnable, neither queued "
					  "nor running",
					  id, i);
		}
	}
	if (queued != on_runq)
		fuzz_fail("%u vCPUs on run queues, %u marked on_runq", queued,
			  on_runq);
}

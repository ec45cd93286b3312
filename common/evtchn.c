/* Event channels with Xen's 2-level semantics. The path of an event:
 * evtchn_send -> evtchn_set_pending (pending bit, then selector bit, then
 * vcpu_raise_upcall) -> sched_kick -> leave_hypervisor ->
 * arch_deliver_upcall -> the guest's handler. */
#include <larch/evtchn.h>
#include <larch/irq.h>
#include <larch/sched.h>
#include <larch/vcpu_irq.h>
#include <larch/hypercall.h>
#include <larch/console.h>
#include <string.h>

#define NR_PORTS EVTCHN_2L_NR_PORTS

static bool port_valid(evtchn_port_t port)
{
	return port < NR_PORTS;
}

static struct vcpu *vcpu_of(struct domain *d, unsigned id)
{
	return id < d->nr_vcpus ? &d->vcpus[id] : NULL;
}

/* Take the lowest free port for a new binding in the given state and
 * notifying the given vCPU; caller holds d->evtchn_lock. */
static long new_port(struct domain *d, enum evtchn_state state, unsigned vcpu)
{
	assert_spin_held(&d->evtchn_lock);
	for (evtchn_port_t p = 1; p < NR_PORTS; p++)
		if (d->evtchn[p].state == ECS_FREE) {
			d->evtchn[p].state = state;
			d->evtchn[p].notify_vcpu = (uint16_t)vcpu;
			return p;
		}
	return -XEN_ENOSPC;
}

/* Lock two domains' channel tables in a fixed order (by id). */
static void lock_pair(struct domain *a, struct domain *b)
{
	if (a == b) {
		spin_lock(&a->evtchn_lock);
	} else if (a->domid < b->domid) {
		spin_lock(&a->evtchn_lock);
		spin_lock(&b->evtchn_lock);
	} else {
		spin_lock(&b->evtchn_lock);
		spin_lock(&a->evtchn_lock);
	}
}

static void unlock_pair(struct domain *a, struct domain *b)
{
	spin_unlock(&a->evtchn_lock);
	if (a != b)
		spin_unlock(&b->evtchn_lock);
}

/* A vCPU blocked in SCHEDOP_poll on this port wakes, masked or not. */
static void wake_pollers(struct domain *d, evtchn_port_t port)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		unsigned n = READ_ONCE(v->poll_nr);
		for (unsigned k = 0; k < n; k++)
			if (v->poll_ports[k] == port) {
				sched_kick(v);
				break;
			}
	}
}

void evtchn_set_pending(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = &d->vcpus[d->evtchn[port].notify_vcpu];

	if (test_and_set_bit(port, d->evtchn_pending))
		return; /* already pending: the guest has not seen it yet */
	if (!test_bit(port, d->evtchn_mask) &&
	    !test_and_set_bit(port / EVTCHN_WORD_BITS,
			      &v->vcpu_info->evtchn_pending_sel)) {
		vcpu_raise_upcall(v);
		sched_kick(v);
	}
	wake_pollers(d, port);
}

long evtchn_alloc_unbound(struct vcpu *caller, struct evtchn_alloc_unbound *a)
{
	struct domain *d = domain_lookup(caller, a->dom);
	if (!d)
		return -XEN_ESRCH;
	if (d != caller->domain && !caller->domain->privileged)
		return -XEN_EPERM;
	struct domain *rd = domain_lookup(caller, a->remote_dom);
	if (!rd)
		return -XEN_ESRCH;

	spin_lock(&d->evtchn_lock);
	long port = new_port(d, ECS_UNBOUND, 0);
	if (port > 0) {
		d->evtchn[port].u.unbound_remote = rd->domid;
		a->port = (evtchn_port_t)port;
	}
	spin_unlock(&d->evtchn_lock);
	return port > 0 ? 0 : port;
}

static void link_interdomain(struct domain *ld, evtchn_port_t lport,
			     struct domain *rd, evtchn_port_t rport)
{
	struct evtchn *l = &ld->evtchn[lport], *r = &rd->evtchn[rport];
	l->state = ECS_INTERDOMAIN;
	l->notify_vcpu = 0;
	l->u.interdomain.dom = rd->domid;
	l->u.interdomain.port = rport;
	r->state = ECS_INTERDOMAIN;
	r->u.interdomain.dom = ld->domid;
	r->u.interdomain.port = lport;
}

long evtchn_bind_interdomain(struct vcpu *caller,
			     struct evtchn_bind_interdomain *a)
{
	struct domain *ld = caller->domain;
	struct domain *rd = domain_lookup(caller, a->remote_dom);
	if (!rd)
		return -XEN_ESRCH;
	if (!port_valid(a->remote_port))
		return -XEN_EINVAL;

	lock_pair(ld, rd);
	long ret = -XEN_EINVAL;
	struct evtchn *r = &rd->evtchn[a->remote_port];
	if (r->state == ECS_UNBOUND && r->u.unbound_remote == ld->domid) {
		ret = new_port(ld, ECS_INTERDOMAIN, 0);
		if (ret > 0) {
			a->local_port = (evtchn_port_t)ret;
			link_interdomain(ld, a->local_port, rd, a->remote_port);
			/* Like Xen: the new binding starts pending so that a
			 * notification sent before it existed is not lost. */
			evtchn_set_pending(ld, a->local_port);
			ret = 0;
		}
	}
	unlock_pair(ld, rd);
	return ret;
}

long evtchn_bind_static(struct domain *a, evtchn_port_t pa, struct domain *b,
			evtchn_port_t pb)
{
	if (!port_valid(pa) || !port_valid(pb) || pa == 0 || pb == 0 ||
	    (a == b && pa == pb))
		return -XEN_EINVAL;
	lock_pair(a, b);
	long ret = -XEN_EBUSY;
	/* b's end may be the one a's previous life left unbound (a restart) */
	const struct evtchn *eb = &b->evtchn[pb];
	if (a->evtchn[pa].state == ECS_FREE &&
	    (eb->state == ECS_FREE ||
	     (eb->state == ECS_UNBOUND && eb->u.unbound_remote == a->domid))) {
		link_interdomain(a, pa, b, pb);
		ret = 0;
	}
	unlock_pair(a, b);
	return ret;
}

long evtchn_bind_virq(struct vcpu *caller, struct evtchn_bind_virq *a)
{
	struct domain *d = caller->domain;
	if (a->virq >= NR_VIRQS)
		return -XEN_EINVAL;
	struct vcpu *v = vcpu_of(d, a->vcpu);
	if (!v)
		return -XEN_ENOENT;

	spin_lock(&d->evtchn_lock);
	long ret = -XEN_EEXIST;
	if (v->virq_to_port[a->virq] == 0) {
		ret = new_port(d, ECS_VIRQ, a->vcpu);
		if (ret > 0) {
			d->evtchn[ret].u.virq = a->virq;
			v->virq_to_port[a->virq] = (uint16_t)ret;
			a->port = (evtchn_port_t)ret;
			ret = 0;
		}
	}
	spin_unlock(&d->evtchn_lock);
	return ret;
}

long evtchn_bind_ipi(struct vcpu *caller, struct evtchn_bind_ipi *a)
{
	struct domain *d = caller->domain;
	if (!vcpu_of(d, a->vcpu))
		return -XEN_ENOENT;
	spin_lock(&d->evtchn_lock);
	long ret = new_port(d, ECS_IPI, a->vcpu);
	if (ret > 0) {
		a->port = (evtchn_port_t)ret;
		ret = 0;
	}
	spin_unlock(&d->evtchn_lock);
	return ret;
}

long evtchn_bind_pirq(struct vcpu *caller, struct evtchn_bind_pirq *a)
{
	struct domain *d = caller->domain;
	if (a->pirq >= MAX_GUEST_IRQS)
		return -XEN_EINVAL;
	if (!irq_guest_owns_pirq(d, a->pirq))
		return -XEN_EPERM;
	spin_lock(&d->evtchn_lock);
	long ret = -XEN_EEXIST;
	if (d->pirq_to_port[a->pirq] == 0) {
		ret = new_port(d, ECS_PIRQ, 0);
		if (ret > 0) {
			d->evtchn[ret].u.pirq = a->pirq;
			d->pirq_to_port[a->pirq] = (evtchn_port_t)ret;
			a->port = (evtchn_port_t)ret;
			ret = 0;
		}
	}
	spin_unlock(&d->evtchn_lock);
	return ret;
}

long evtchn_bind_vcpu(struct vcpu *caller, struct evtchn_bind_vcpu *a)
{
	struct domain *d = caller->domain;
	if (!vcpu_of(d, a->vcpu))
		return -XEN_ENOENT;
	if (!port_valid(a->port))
		return -XEN_EINVAL;
	spin_lock(&d->evtchn_lock);
	long ret = -XEN_EINVAL;
	struct evtchn *c = &d->evtchn[a->port];
	/* Per-vCPU sources (IPIs, VIRQs) stay on the vCPU they name. */
	if (c->state == ECS_UNBOUND || c->state == ECS_INTERDOMAIN ||
	    c->state == ECS_PIRQ || c->state == ECS_HYPERVISOR) {
		c->notify_vcpu = (uint16_t)a->vcpu;
		ret = 0;
	}
	spin_unlock(&d->evtchn_lock);
	return ret;
}

/* Free one port; caller holds the lock(s) of d and of any peer. */
static void free_port(struct domain *d, evtchn_port_t port)
{
	struct evtchn *c = &d->evtchn[port];
	assert_spin_held(&d->evtchn_lock);
	switch (c->state) {
	case ECS_VIRQ:
		d->vcpus[c->notify_vcpu].virq_to_port[c->u.virq] = 0;
		break;
	case ECS_PIRQ:
		d->pirq_to_port[c->u.pirq] = 0;
		break;
	case ECS_INTERDOMAIN: {
		struct domain *rd = &domains[c->u.interdomain.dom];
		struct evtchn *r = &rd->evtchn[c->u.interdomain.port];
		assert_spin_held(&rd->evtchn_lock);
		r->state = ECS_UNBOUND;
		r->u.unbound_remote = d->domid;
		break;
	}
	default:
		break;
	}
	clear_bit(port, d->evtchn_pending);
	memset(c, 0, sizeof(*c));
}

long evtchn_close(struct domain *d, evtchn_port_t port)
{
	if (!port_valid(port))
		return -XEN_EINVAL;
	for (;;) {
		spin_lock(&d->evtchn_lock);
		struct evtchn *c = &d->evtchn[port];
		if (c->state == ECS_FREE || c->state == ECS_RESERVED) {
			spin_unlock(&d->evtchn_lock);
			return -XEN_EINVAL;
		}
		if (c->state != ECS_INTERDOMAIN) {
			free_port(d, port);
			spin_unlock(&d->evtchn_lock);
			return 0;
		}
		/* Interdomain: both tables must be locked, in order. */
		struct domain *rd = &domains[c->u.interdomain.dom];
		spin_unlock(&d->evtchn_lock);
		lock_pair(d, rd);
		bool same = c->state == ECS_INTERDOMAIN &&
			    &domains[c->u.interdomain.dom] == rd;
		if (same)
			free_port(d, port);
		unlock_pair(d, rd);
		if (same)
			return 0;
		/* it changed while unlocked: look again */
	}
}

long evtchn_send(struct vcpu *caller, evtchn_port_t port)
{
	struct domain *ld = caller->domain;
	if (!port_valid(port))
		return -XEN_EINVAL;
	spin_lock(&ld->evtchn_lock);
	struct evtchn *c = &ld->evtchn[port];
	long ret = 0;
	uint32_t service = 0;
	switch (c->state) {
	case ECS_INTERDOMAIN:
		evtchn_set_pending(&domains[c->u.interdomain.dom],
				   c->u.interdomain.port);
		break;
	case ECS_HYPERVISOR:
		service = c->u.service; /* run without the lock, below */
		break;
	case ECS_IPI:
		evtchn_set_pending(ld, port);
		break;
	case ECS_UNBOUND:
		break; /* nobody listens yet: dropped, as in Xen */
	default:
		ret = -XEN_EINVAL;
	}
	spin_unlock(&ld->evtchn_lock);
	if (service == EVTCHN_SERVICE_CONSOLE)
		xen_console_notify(ld);
	return ret;
}

long evtchn_status(struct vcpu *caller, struct evtchn_status *a)
{
	struct domain *d = domain_lookup(caller, a->dom);
	if (!d)
		return -XEN_ESRCH;
	if (d != caller->domain && !caller->domain->privileged)
		return -XEN_EPERM;
	if (!port_valid(a->port))
		return -XEN_EINVAL;
	spin_lock(&d->evtchn_lock);
	struct evtchn *c = &d->evtchn[a->port];
	memset(&a->u, 0, sizeof(a->u));
	a->vcpu = c->notify_vcpu;
	switch (c->state) {
	case ECS_UNBOUND:
		a->status = EVTCHNSTAT_unbound;
		a->u.unbound.dom = c->u.unbound_remote;
		break;
	case ECS_INTERDOMAIN:
		a->status = EVTCHNSTAT_interdomain;
		a->u.interdomain.dom = c->u.interdomain.dom;
		a->u.interdomain.port = c->u.interdomain.port;
		break;
	case ECS_PIRQ:
		a->status = EVTCHNSTAT_pirq;
		a->u.pirq = c->u.pirq;
		break;
	case ECS_VIRQ:
		a->status = EVTCHNSTAT_virq;
		a->u.virq = c->u.virq;
		break;
	case ECS_IPI:
		a->status = EVTCHNSTAT_ipi;
		break;
	case ECS_HYPERVISOR: /* as a channel to Xen itself */
		a->status = EVTCHNSTAT_interdomain;
		a->u.interdomain.dom = DOMID_XEN;
		break;
	default:
		a->status = EVTCHNSTAT_closed;
	}
	spin_unlock(&d->evtchn_lock);
	return 0;
}

long evtchn_unmask(struct vcpu *caller, evtchn_port_t port)
{
	struct domain *d = caller->domain;
	if (!port_valid(port))
		return -XEN_EINVAL;
	struct vcpu *v = &d->vcpus[d->evtchn[port].notify_vcpu];
	/* An event that arrived while masked is raised now. */
	if (test_and_clear_bit(port, d->evtchn_mask) &&
	    test_bit(port, d->evtchn_pending) &&
	    !test_and_set_bit(port / EVTCHN_WORD_BITS,
			      &v->vcpu_info->evtchn_pending_sel)) {
		vcpu_raise_upcall(v);
		sched_kick(v);
	}
	return 0;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned virq)
{
	struct domain *d = v->domain;
	spin_lock(&d->evtchn_lock);
	evtchn_port_t port = v->virq_to_port[virq];
	if (port)
		evtchn_set_pending(d, port);
	spin_unlock(&d->evtchn_lock);
}

long evtchn_bind_hypervisor(struct domain *d, enum evtchn_service service,
			    unsigned vcpu)
{
	if (!vcpu_of(d, vcpu))
		return -XEN_ENOENT;
	spin_lock(&d->evtchn_lock);
	long port = new_port(d, ECS_HYPERVISOR, vcpu);
	if (port > 0)
		d->evtchn[port].u.service = service;
	spin_unlock(&d->evtchn_lock);
	return port;
}

/* A service's side of its port: raised only while the guest keeps it
 * bound to that service (it may have closed or rebound it). */
void evtchn_notify(struct domain *d, evtchn_port_t port)
{
	if (!port_valid(port))
		return;
	spin_lock(&d->evtchn_lock);
	if (d->evtchn[port].state == ECS_HYPERVISOR)
		evtchn_set_pending(d, port);
	spin_unlock(&d->evtchn_lock);
}

void send_guest_pirq(struct domain *d, unsigned pirq)
{
	if (pirq >= MAX_GUEST_IRQS)
		return;
	spin_lock(&d->evtchn_lock);
	evtchn_port_t port = d->pirq_to_port[pirq];
	if (port)
		evtchn_set_pending(d, port);
	spin_unlock(&d->evtchn_lock);
}

/* The hypercall: copy the argument in, run the op, copy results out. */
long do_event_channel_op(struct vcpu *v, unsigned cmd, uint64_t arg)
{
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_unmask unmask;
	} op;
	static const uint8_t size[] = {
		[EVTCHNOP_bind_interdomain] = sizeof(op.bind_interdomain),
		[EVTCHNOP_bind_virq] = sizeof(op.bind_virq),
		[EVTCHNOP_bind_pirq] = sizeof(op.bind_pirq),
		[EVTCHNOP_close] = sizeof(op.close),
		[EVTCHNOP_send] = sizeof(op.send),
		[EVTCHNOP_status] = sizeof(op.status),
		[EVTCHNOP_alloc_unbound] = sizeof(op.alloc_unbound),
		[EVTCHNOP_bind_ipi] = sizeof(op.bind_ipi),
		[EVTCHNOP_bind_vcpu] = sizeof(op.bind_vcpu),
		[EVTCHNOP_unmask] = sizeof(op.unmask),
	};
	struct domain *d = v->domain;
	if (cmd >= ARRAY_SIZE(size))
		return -XEN_ENOSYS;
	if (copy_from_guest(d, &op, arg, size[cmd]))
		return -XEN_EFAULT;

	long ret;
	bool copy_back = false;
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		ret = evtchn_alloc_unbound(v, &op.alloc_unbound);
		copy_back = true;
		break;
	case EVTCHNOP_bind_interdomain:
		ret = evtchn_bind_interdomain(v, &op.bind_interdomain);
		copy_back = true;
		break;
	case EVTCHNOP_bind_virq:
		ret = evtchn_bind_virq(v, &op.bind_virq);
		copy_back = true;
		break;
	case EVTCHNOP_bind_ipi:
		ret = evtchn_bind_ipi(v, &op.bind_ipi);
		copy_back = true;
		break;
	case EVTCHNOP_bind_pirq:
		ret = evtchn_bind_pirq(v, &op.bind_pirq);
		copy_back = true;
		break;
	case EVTCHNOP_bind_vcpu:
		ret = evtchn_bind_vcpu(v, &op.bind_vcpu);
		break;
	case EVTCHNOP_close:
		ret = evtchn_close(d, op.close.port);
		break;
	case EVTCHNOP_send:
		ret = evtchn_send(v, op.send.port);
		break;
	case EVTCHNOP_status:
		ret = evtchn_status(v, &op.status);
		copy_back = true;
		break;
	default: /* EVTCHNOP_unmask */
		ret = evtchn_unmask(v, op.unmask.port);
		break;
	}
	if (ret == 0 && copy_back && copy_to_guest(d, arg, &op, size[cmd]))
		ret = -XEN_EFAULT;
	return ret;
}

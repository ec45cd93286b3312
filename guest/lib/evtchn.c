/* Guest side of the 2-level event channels: the upcall demultiplexer and
 * thin wrappers around the event-channel hypercalls. */
#include <guest.h>

#define NR_PORTS EVTCHN_2L_NR_PORTS

static struct {
	evtchn_handler_t fn;
	void *data;
} handlers[NR_PORTS];

volatile uint64_t upcall_count;

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data)
{
	if (port < NR_PORTS) {
		handlers[port].data = data;
		handlers[port].fn = fn;
	}
}

/* Selector word first, then the pending & ~mask bits of each selected
 * word; clear each pending bit before calling its handler so an event that
 * arrives during the handler is seen again. */
void evtchn_do_upcall(void)
{
	struct vcpu_info *vi = &shared->vcpu_info[arch_vcpu_id()];
	upcall_count++;
	do {
		__atomic_store_n(&vi->evtchn_upcall_pending, 0,
				 __ATOMIC_SEQ_CST);
		uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
						   __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned w = (unsigned)__builtin_ctzll(sel);
			sel &= sel - 1;
			uint64_t bits = shared->evtchn_pending[w] &
					~shared->evtchn_mask[w];
			while (bits) {
				unsigned b = (unsigned)__builtin_ctzll(bits);
				bits &= bits - 1;
				evtchn_port_t port = w * 64 + b;
				__atomic_fetch_and(&shared->evtchn_pending[w],
						   ~(1ULL << b),
						   __ATOMIC_SEQ_CST);
				if (handlers[port].fn)
					handlers[port].fn(port,
							  handlers[port].data);
			}
		}
	} while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST));
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };
	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF,
					   .remote_dom = remote };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	if (rc == 0)
		*port = op.port;
	return rc;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
			     evtchn_port_t *port)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote,
					      .remote_port = rport };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
	if (rc == 0)
		*port = op.local_port;
	return rc;
}

long evtchn_bind_virq(unsigned virq, unsigned vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
	if (rc == 0)
		*port = op.port;
	return rc;
}

long evtchn_bind_ipi(unsigned vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = { .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);
	if (rc == 0)
		*port = op.port;
	return rc;
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };
	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

void evtchn_mask_port(evtchn_port_t port)
{
	__atomic_fetch_or(&shared->evtchn_mask[port / 64], 1ULL << (port % 64),
			  __ATOMIC_SEQ_CST);
}

/* Clearing the mask bit alone would strand an event that arrived while
 * masked; the hypercall re-raises it. */
void evtchn_unmask_port(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

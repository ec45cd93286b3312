/* Event channels, 2-level: per-domain pending/mask bitmaps in shared_info,
 * a per-vCPU selector word, then an upcall. */
#ifndef LARCH_EVTCHN_H
#define LARCH_EVTCHN_H

#include <larch/domain.h>

/* Each returns 0 (or a port) on success, -XEN_E* on bad input; nothing
 * changes on error. */
long evtchn_alloc_unbound(struct vcpu *caller, struct evtchn_alloc_unbound *a);
long evtchn_bind_interdomain(struct vcpu *caller,
			     struct evtchn_bind_interdomain *a);
long evtchn_bind_virq(struct vcpu *caller, struct evtchn_bind_virq *a);
long evtchn_bind_ipi(struct vcpu *caller, struct evtchn_bind_ipi *a);
long evtchn_bind_pirq(struct vcpu *caller, struct evtchn_bind_pirq *a);
long evtchn_bind_vcpu(struct vcpu *caller, struct evtchn_bind_vcpu *a);
long evtchn_close(struct domain *d, evtchn_port_t port);
long evtchn_send(struct vcpu *caller, evtchn_port_t port);
long evtchn_status(struct vcpu *caller, struct evtchn_status *a);
long evtchn_unmask(struct vcpu *caller, evtchn_port_t port);

/* Bind a pre-configured interdomain pair (from the device tree). */
long evtchn_bind_static(struct domain *a, evtchn_port_t pa, struct domain *b,
			evtchn_port_t pb);

/* A port in d whose other end is a larch service: the guest's sends on
 * it run the service (evtchn_send), the service raises it with
 * evtchn_notify. Returns the port or -XEN_ENOSPC. */
long evtchn_bind_hypervisor(struct domain *d, enum evtchn_service service,
			    unsigned vcpu);
void evtchn_notify(struct domain *d, evtchn_port_t port);

/* Hypervisor-side sources. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned virq);
void send_guest_pirq(struct domain *d, unsigned pirq);

/* Mark port pending in d and notify its vCPU: pending bit, then the
 * selector, then the upcall. Masked ports stop after the pending bit. */
void evtchn_set_pending(struct domain *d, evtchn_port_t port);

long do_event_channel_op(struct vcpu *v, unsigned cmd, uint64_t arg);

#endif

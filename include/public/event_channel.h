/* larch guest ABI: event-channel operations (Xen's numbers and layouts). */
#ifndef LARCH_PUBLIC_EVENT_CHANNEL_H
#define LARCH_PUBLIC_EVENT_CHANNEL_H

#include <stddef.h>
#include "xen_abi.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq	  1
#define EVTCHNOP_bind_pirq	  2
#define EVTCHNOP_close		  3
#define EVTCHNOP_send		  4
#define EVTCHNOP_status		  5
#define EVTCHNOP_alloc_unbound	  6
#define EVTCHNOP_bind_ipi	  7
#define EVTCHNOP_bind_vcpu	  8
#define EVTCHNOP_unmask		  9

struct evtchn_alloc_unbound {
	domid_t dom, remote_dom; /* IN */
	evtchn_port_t port;	 /* OUT */
};

struct evtchn_bind_interdomain {
	domid_t remote_dom;	   /* IN */
	evtchn_port_t remote_port; /* IN */
	evtchn_port_t local_port;  /* OUT */
};

struct evtchn_bind_virq {
	uint32_t virq;	    /* IN */
	uint32_t vcpu;	    /* IN */
	evtchn_port_t port; /* OUT */
};

#define BIND_PIRQ__WILL_SHARE 1
struct evtchn_bind_pirq {
	uint32_t pirq;	    /* IN */
	uint32_t flags;	    /* IN */
	evtchn_port_t port; /* OUT */
};

struct evtchn_bind_ipi {
	uint32_t vcpu;	    /* IN */
	evtchn_port_t port; /* OUT */
};

struct evtchn_close {
	evtchn_port_t port;
};

struct evtchn_send {
	evtchn_port_t port;
};

#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq	       3
#define EVTCHNSTAT_virq	       4
#define EVTCHNSTAT_ipi	       5

struct evtchn_status {
	domid_t dom;	    /* IN */
	evtchn_port_t port; /* IN */
	uint32_t status;    /* OUT */
	uint32_t vcpu;	    /* OUT */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

struct evtchn_unmask {
	evtchn_port_t port;
};

_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "abi");
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "abi");
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "abi");
_Static_assert(sizeof(struct evtchn_status) == 24, "abi");
_Static_assert(offsetof(struct evtchn_status, u) == 16, "abi");
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "abi");

#endif

/* Host tests: the PV console ring larch serves (common/xen_console.c) and
 * its hypervisor-ended event channel. The ring is guest memory, so every
 * index in it may be garbage. */
#include "common_util.h"
#include <larch/console.h>

#define RING_OFF 0x3000

static struct xencons_interface *ring_of(struct domain *d)
{
	return gptr(d, RING_OFF);
}

/* Domain 0 with a console ring at RING_OFF; its port in *port. */
static struct domain *with_console(evtchn_port_t *port)
{
	fake_reset(1);
	struct domain *d = fake_domain(0, 1, 0, LARCH_POLICY_EAGER);
	long p = evtchn_bind_hypervisor(d, EVTCHN_SERVICE_CONSOLE, 0);
	EXPECT(p > 0);
	*port = (evtchn_port_t)p;
	xen_console_attach(d, ring_of(d), *port);
	return d;
}

static void guest_write(struct domain *d, const char *s)
{
	struct xencons_interface *r = ring_of(d);
	for (; *s; s++)
		r->out[r->out_prod++ % sizeof(r->out)] = *s;
}

static void output_printed_and_consumed_on_send(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	guest_write(d, "hello ring\n");
	EXPECT_EQ(fake.console_len, 0); /* nothing until the guest sends */
	EXPECT_EQ(evtchn_send(&d->vcpus[0], port), 0);
	EXPECT(strcmp(fake.console, "hello ring\r\n") == 0);
	EXPECT_EQ(ring_of(d)->out_cons, ring_of(d)->out_prod);
	/* and the guest is told its ring has room again */
	EXPECT(port_pending(d, port));
}

static void output_wraps_the_ring(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	ring_of(d)->out_cons = ring_of(d)->out_prod = 0xfffffff8u;
	guest_write(d, "across the wrap\n");
	evtchn_send(&d->vcpus[0], port);
	EXPECT(strcmp(fake.console, "across the wrap\r\n") == 0);
	EXPECT_EQ(ring_of(d)->out_cons, 0xfffffff8u + 16);
}

/* A producer index far ahead of the consumer: one ring's worth printed
 * at most, nothing read outside the ring, the gap skipped. */
static void corrupt_indices_stay_in_the_ring(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	struct xencons_interface *r = ring_of(d);
	memset(r->out, 'z', sizeof(r->out));
	r->out_cons = 5;
	r->out_prod = 5 + 100000;
	EXPECT_EQ(evtchn_send(&d->vcpus[0], port), 0);
	EXPECT_EQ(r->out_cons, 5 + 100000);
	size_t zs = 0;
	for (size_t i = 0; i < fake.console_len; i++)
		zs += fake.console[i] == 'z';
	EXPECT_EQ(zs + d->con_len,
		  sizeof(r->out)); /* the tail awaits its newline */
}

static void input_goes_to_the_ring_within_its_room(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	struct xencons_interface *r = ring_of(d);
	EXPECT_EQ(console_input_room(), sizeof(r->in));
	console_input_put('l');
	console_input_put('s');
	EXPECT_EQ(r->in_prod, 0); /* published by push, with the event */
	EXPECT(!port_pending(d, port));
	console_input_push();
	EXPECT_EQ(r->in_prod, 2);
	EXPECT(r->in[0] == 'l' && r->in[1] == 's');
	EXPECT(port_pending(d, port));
	for (size_t i = 2; i < sizeof(r->in); i++)
		console_input_put('x');
	EXPECT_EQ(console_input_room(), 0);
	r->in_cons = 10; /* the guest read ten */
	EXPECT_EQ(console_input_room(), 10);
	/* a guest's garbage consumer index leaves it no room, no more */
	r->in_cons = 0x80000000u;
	EXPECT_EQ(console_input_room(), 0);
	r->in_prod = 12345; /* its copy of our index is ignored */
	r->in_cons = 1020;
	EXPECT_EQ(console_input_room(), 1020);
}

static void no_input_domain_no_room(void)
{
	fake_reset(1);
	fake_domain(0, 1, 0, 0);
	EXPECT_EQ(console_input_room(), 0);
	console_input_put('x'); /* dropped, nothing touched */
	console_input_push();
}

static void shut_down_domain_gets_no_input(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	d->state = DOM_SHUTDOWN;
	EXPECT_EQ(console_input_room(), 0);
}

/* The guest closed its console port: a send is -EINVAL, larch's notify
 * raises nothing, the port can be reused. */
static void closed_console_port(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	EXPECT_EQ(evtchn_close(d, port), 0);
	guest_write(d, "late\n");
	EXPECT_EQ(evtchn_send(&d->vcpus[0], port), -XEN_EINVAL);
	EXPECT_EQ(fake.console_len, 0);
	console_input_put('a');
	console_input_push();
	EXPECT(!port_pending(d, port));
}

static void status_and_rebind(void)
{
	evtchn_port_t port;
	struct domain *d = with_console(&port);
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	EXPECT_EQ(evtchn_status(&d->vcpus[0], &st), 0);
	EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
	EXPECT_EQ(st.u.interdomain.dom, DOMID_XEN);
	struct evtchn_bind_vcpu bv = { port, 0 };
	EXPECT_EQ(evtchn_bind_vcpu(&d->vcpus[0], &bv), 0);
	EXPECT_EQ(evtchn_bind_hypervisor(d, EVTCHN_SERVICE_CONSOLE, 7),
		  -XEN_ENOENT);
}

HARNESS_DEFINE("host");

int main(void)
{
	RUN("xen_console", output_printed_and_consumed_on_send);
	RUN("xen_console", output_wraps_the_ring);
	RUN("xen_console", corrupt_indices_stay_in_the_ring);
	RUN("xen_console", input_goes_to_the_ring_within_its_room);
	RUN("xen_console", no_input_domain_no_room);
	RUN("xen_console", shut_down_domain_gets_no_input);
	RUN("xen_console", closed_console_port);
	RUN("xen_console", status_and_rebind);
	return harness_failed ? 1 : 0;
}

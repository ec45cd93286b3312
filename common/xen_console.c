/* Xen's PV console ring, served by larch itself: what a PV kernel's
 * console driver (Linux's hvc0) writes goes to larch's console under the
 * domain's name, and the UART's input goes into the ring of the first
 * domain that has one. larch is the ring's back end, as xenconsoled is on
 * Xen; no other domain is involved. The page is guest memory: every index
 * read from it is untrusted and only ever masked into the ring. */
#include <larch/console.h>
#include <larch/evtchn.h>

#define OUT_SIZE sizeof(((struct xencons_interface *)0)->out)
#define IN_SIZE	 sizeof(((struct xencons_interface *)0)->in)

static void (*input_resume)(void);

/* The first domain (by slot) with a ring that still runs: when it goes
 * down, the next one with a ring gets the keyboard. */
static struct domain *input_domain(void)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].cons_ring && domains[i].state == DOM_RUNNING)
			return &domains[i];
	return NULL;
}

static uint32_t read_index(const volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

void xen_console_attach(struct domain *d, struct xencons_interface *ring,
			evtchn_port_t port)
{
	d->cons_ring = ring;
	d->cons_port = port;
	d->cons_in_prod = 0;
	if (input_domain() == d && input_resume)
		input_resume();
}

/* Everything between out_cons and out_prod, at most one ring's worth (a
 * larger gap is the guest's corruption: the ring's contents are printed
 * once and the gap skipped). */
static void drain_output(struct domain *d)
{
	struct xencons_interface *r = d->cons_ring;
	char buf[128];
	uint32_t cons = read_index(&r->out_cons);
	uint32_t prod = read_index(&r->out_prod);
	uint32_t len = prod - cons;
	if (len > OUT_SIZE) {
		cons = prod - (uint32_t)OUT_SIZE;
		len = (uint32_t)OUT_SIZE;
	}
	while (len) {
		uint32_t n = len < sizeof(buf) ? len : (uint32_t)sizeof(buf);
		for (uint32_t i = 0; i < n; i++)
			buf[i] = ((volatile char *)
					  r->out)[(cons + i) % OUT_SIZE];
		console_guest_write(d, buf, n);
		cons += n;
		len -= n;
	}
	__atomic_store_n(&r->out_cons, prod, __ATOMIC_RELEASE);
}

void xen_console_notify(struct domain *d)
{
	if (!d->cons_ring)
		return;
	/* one drainer per domain: two vCPUs notifying at once must not
	 * print the same bytes twice */
	spin_lock(&d->cons_lock);
	drain_output(d);
	spin_unlock(&d->cons_lock);
	/* its room for output is back; it may also have read input */
	evtchn_notify(d, d->cons_port);
	if (input_resume && input_domain() == d)
		input_resume();
}

void console_input_register(void (*resume)(void))
{
	input_resume = resume;
	if (input_domain())
		resume();
}

size_t console_input_room(void)
{
	struct domain *d = input_domain();
	if (!d)
		return 0;
	uint32_t used = d->cons_in_prod - read_index(&d->cons_ring->in_cons);
	return used >= IN_SIZE ? 0 : IN_SIZE - used;
}

/* Only after console_input_room() said there is room. */
void console_input_put(char c)
{
	struct domain *d = input_domain();
	if (!d)
		return;
	((volatile char *)d->cons_ring->in)[d->cons_in_prod % IN_SIZE] = c;
	d->cons_in_prod++;
}

void console_input_push(void)
{
	struct domain *d = input_domain();
	if (!d)
		return;
	__atomic_store_n(&d->cons_ring->in_prod, d->cons_in_prod,
			 __ATOMIC_RELEASE);
	evtchn_notify(d, d->cons_port);
}

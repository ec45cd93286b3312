/* Hostile co-tenant ("hostile-cotenant seed=S calls=N"): every vCPU of
 * this domain issues exactly N random hypercalls (random numbers, random
 * and wild arguments and pointers, event-channel ops on random ports,
 * sched and vCPU ops) from a PRNG seeded by S and the vCPU id, with events
 * enabled, beside a ping-pong between two other domains that must still
 * count exactly. The hypervisor must answer every call with a result and
 * change nothing outside this domain.
 *
 * Left out, because they legitimately end or strand the caller rather
 * than test the hypervisor: SCHEDOP_shutdown with a readable reason in
 * range (issued only with a wild pointer or a bad reason), VCPUOP_down on
 * the calling vCPU, SCHEDOP_block and SCHEDOP_poll without a deadline (both
 * always get one a few microseconds ahead), closing or rebinding the
 * vCPU's own VIRQ_TIMER port (block's wake-up), console writes of this
 * domain's memory (a wild pointer, or a count of 0: garbage lines would
 * reach the console), the x86 PV calls set_callbacks (4) and iret (23),
 * which redirect or end the caller by design, and ppc's 51, which
 * re-registers the caller's own SRR0/SRR1 window (garbage there breaks its
 * own upcall returns, nobody else's). Writes the hypervisor
 * makes through a pointer land in a scratch buffer: any pointer into this
 * domain's memory outside it is moved there. */
#include "suite.h"

#define SCRATCH	     4096
#define WAKE_NS	     20000 /* block/poll deadline: 20 us ahead */
#define MAX_HOSTILE  2
#define NR_PORTS     EVTCHN_2L_NR_PORTS
#define HC_SET_CBS   4	/* __HYPERVISOR_set_callbacks (x86 PV) */
#define HC_IRET	     23 /* __HYPERVISOR_iret (x86 PV) */
#define HC_SRR_WIN   51 /* ppc: the guest's SRR0/SRR1 window */
#define HC_NR_RANDOM 64

/* a 64-byte tail so a struct at the buffer's end stays inside */
static uint8_t scratch[MAX_HOSTILE][SCRATCH + 64] __attribute__((aligned(64)));
static evtchn_port_t timer_ports[MAX_HOSTILE];
static volatile uint64_t issued[MAX_HOSTILE];
static volatile uint32_t finished;

struct hostile {
	unsigned id; /* vCPU */
	uint64_t s;  /* xorshift64* state */
	uint8_t *buf;
};

static uint64_t rnd(struct hostile *h)
{
	h->s ^= h->s >> 12;
	h->s ^= h->s << 25;
	h->s ^= h->s >> 27;
	return h->s * 2685821657736338717ULL;
}

static uint64_t below(struct hostile *h, uint64_t n)
{
	return rnd(h) % n;
}

static bool in_own_memory(uint64_t p)
{
	return p - start_info->mem_base < start_info->mem_size;
}

static bool in_scratch(struct hostile *h, uint64_t p)
{
	return p - (uint64_t)(uintptr_t)h->buf < SCRATCH;
}

/* A pointer argument: the scratch buffer (often), just past or straddling
 * the end of this domain's memory, the hypervisor's or a device's
 * addresses, or any 64-bit value. */
static uint64_t wild_ptr(struct hostile *h)
{
	uint64_t end = start_info->mem_base + start_info->mem_size, p;
	switch (below(h, 8)) {
	case 0:
	case 1:
	case 2:
		p = (uint64_t)(uintptr_t)h->buf + below(h, SCRATCH);
		break;
	case 3:
		p = end + below(h, 1 << 20);
		break;
	case 4:
		p = end - 1 - below(h, 3); /* straddles the end */
		break;
	case 5:
		p = below(h, 0x40000000); /* low: hypervisor, devices */
		break;
	case 6:
		p = 0xffff800000000000ULL | rnd(h);
		break;
	default:
		p = rnd(h);
		break;
	}
	if (in_own_memory(p) && !in_scratch(h, p) && p < end - 3)
		p = (uint64_t)(uintptr_t)h->buf + p % SCRATCH;
	return p;
}

static uint64_t wild_port(struct hostile *h)
{
	switch (below(h, 4)) {
	case 0:
		return below(h, 16);
	case 1:
		return below(h, NR_PORTS + 16);
	case 2:
		return NR_PORTS - 2 + below(h, 4);
	default:
		return rnd(h) & 0xffffffff;
	}
}

static uint64_t wild_domid(struct hostile *h)
{
	switch (below(h, 4)) {
	case 0:
	case 1:
		return below(h, 4); /* ping, pong, itself, none */
	case 2:
		return DOMID_SELF;
	default:
		return rnd(h) & 0xffff;
	}
}

static uint64_t wild_small(struct hostile *h)
{
	return below(h, 2) ? below(h, 8) : rnd(h) & 0xffffffff;
}

/* Random words over part of the scratch buffer (the rest keeps earlier
 * calls' structs); each call then writes the fields it shapes. */
static void fill_scratch(struct hostile *h)
{
	uint32_t *w = (uint32_t *)h->buf;
	for (unsigned i = 0; i < (SCRATCH + 64) / 4; i += 1 + below(h, 64))
		w[i] = (uint32_t)rnd(h);
}

static bool protected_port(uint64_t port)
{
	for (unsigned i = 0; i < MAX_HOSTILE; i++)
		if (port == timer_ports[i] && timer_ports[i])
			return true;
	return false;
}

static long evtchn_call(struct hostile *h)
{
	uint64_t cmd = below(h, 8) ? below(h, 11) : rnd(h);
	uint64_t p = wild_ptr(h);
	if (in_scratch(h, p)) {
		/* the struct's first words: a port or domid, then more */
		uint32_t *w = (uint32_t *)(uintptr_t)p;
		uint16_t *hw = (uint16_t *)(uintptr_t)p;
		if (((uintptr_t)p & 3) == 0) {
			switch (cmd) {
			case EVTCHNOP_alloc_unbound:
				hw[0] = (uint16_t)wild_domid(h);
				hw[1] = (uint16_t)wild_domid(h);
				break;
			case EVTCHNOP_bind_virq:
			case EVTCHNOP_bind_pirq:
				w[0] = (uint32_t)wild_small(h);
				w[1] = (uint32_t)wild_small(h);
				break;
			case EVTCHNOP_bind_ipi:
				w[0] = (uint32_t)wild_small(h);
				break;
			case EVTCHNOP_bind_interdomain: /* domid, port */
			case EVTCHNOP_status:
				hw[0] = (uint16_t)wild_domid(h);
				w[1] = (uint32_t)wild_port(h);
				break;
			case EVTCHNOP_bind_vcpu:
				w[1] = (uint32_t)wild_small(h);
				/* fall through */
			default: /* close, send, unmask: a port */
				w[0] = (uint32_t)wild_port(h);
				break;
			}
		}
		/* what the hypervisor will read as the port, aligned or not */
		uint32_t port;
		__builtin_memcpy(&port, (void *)(uintptr_t)p, sizeof(port));
		if ((cmd == EVTCHNOP_close || cmd == EVTCHNOP_bind_vcpu) &&
		    protected_port(port))
			__builtin_memset((void *)(uintptr_t)p, 0, sizeof(port));
	}
	return hypercall5(__HYPERVISOR_event_channel_op, cmd, p, rnd(h), rnd(h),
			  rnd(h));
}

/* A deadline a little ahead: a block or poll always wakes. */
static uint64_t soon(void)
{
	return now_ns() + WAKE_NS;
}

static long sched_call(struct hostile *h, uint64_t *calls)
{
	uint64_t p = wild_ptr(h);
	switch (below(h, 6)) {
	case 0:
		return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	case 1: /* block, woken by the timer: two calls. Events masked
		 * first, so the timer cannot fire before the block (which
		 * unmasks as it sleeps) and leave it nothing to wake it. */
		local_irq_disable();
		HYPERVISOR_set_timer_op(soon());
		(*calls)++;
		return HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	case 2: { /* shutdown: refused forms only */
		if (in_scratch(h, p) && ((uintptr_t)p & 3) == 0)
			*(uint32_t *)(uintptr_t)p =
				SHUTDOWN_crash + 1 + (uint32_t)below(h, 1000);
		else if (in_own_memory(p))
			p = start_info->mem_base + start_info->mem_size + 8;
		return hypercall5(__HYPERVISOR_sched_op, SCHEDOP_shutdown, p,
				  rnd(h), 0, 0);
	}
	case 3:
	case 4: { /* poll on random ports, always with a deadline */
		if (in_scratch(h, p)) {
			p &= ~7ULL;
			struct sched_poll *sp =
				(struct sched_poll *)(uintptr_t)p;
			uint64_t pp = below(h, 4) ? wild_ptr(h) : p;
			uint32_t nr =
				(uint32_t)(below(h, 2) ? below(h, 8) : rnd(h));
			/* The ports first, the struct last: a ports array
			 * that overlaps the struct must not overwrite its
			 * deadline (seed 8 once wrote ports 3215 and 11 over
			 * it, a deadline 47 s ahead, docs/testing.md). */
			uint32_t *ports = (uint32_t *)(uintptr_t)(pp & ~3ULL);
			if (in_scratch(h, pp) && pp != p)
				for (unsigned i = 0; i < 4; i++)
					ports[i] = (uint32_t)wild_port(h);
			sp->ports = pp;
			sp->nr_ports = nr;
			sp->timeout = soon();
		} else if (in_own_memory(p)) {
			p = start_info->mem_base + start_info->mem_size;
		}
		return hypercall5(__HYPERVISOR_sched_op, SCHEDOP_poll, p, 0, 0,
				  0);
	}
	default: { /* an unknown command */
		uint64_t cmd = 4 + below(h, 1000);
		if (below(h, 2))
			cmd = rnd(h) | 1ULL << 40;
		return hypercall5(__HYPERVISOR_sched_op, cmd, p, rnd(h), 0, 0);
	}
	}
}

static long vcpu_call(struct hostile *h)
{
	static const uint64_t cmds[] = {
		VCPUOP_initialise,
		VCPUOP_up,
		VCPUOP_down,
		VCPUOP_is_up,
		VCPUOP_set_singleshot_timer,
		VCPUOP_stop_singleshot_timer,
		5, /* unknown */
	};
	uint64_t cmd = below(h, 8)
			       ? cmds[below(h, sizeof(cmds) / sizeof(cmds[0]))]
			       : rnd(h);
	uint64_t id = below(h, 4) ? below(h, 3) : rnd(h);
	if (cmd == VCPUOP_down && id == h->id)
		id = h->id ^ 1; /* another vCPU: refused */
	uint64_t p = wild_ptr(h);
	if (cmd == VCPUOP_set_singleshot_timer && in_scratch(h, p))
		*(volatile uint8_t *)(uintptr_t)p = (uint8_t)rnd(h);
	return hypercall5(__HYPERVISOR_vcpu_op, cmd, id, p, rnd(h), rnd(h));
}

static long console_call(struct hostile *h)
{
	uint64_t cmd = below(h, 4) ? below(h, 2) : rnd(h);
	uint64_t count = below(h, 2) ? below(h, 256) : rnd(h);
	uint64_t p = wild_ptr(h);
	if (cmd == CONSOLEIO_write && in_own_memory(p))
		count = 0; /* would print this domain's memory */
	return hypercall5(__HYPERVISOR_console_io, cmd, count, p, 0, 0);
}

static long timer_call(struct hostile *h)
{
	uint64_t t;
	switch (below(h, 4)) {
	case 0:
		t = 0;
		break;
	case 1:
		t = now_ns() - below(h, 1000000);
		break;
	case 2:
		t = now_ns() + below(h, 100 * SLICE_NS);
		break;
	default:
		t = rnd(h);
		break;
	}
	return HYPERVISOR_set_timer_op(t);
}

static long any_call(struct hostile *h)
{
	uint64_t nr = below(h, 4) ? below(h, HC_NR_RANDOM) : rnd(h);
	if (nr == HC_SET_CBS || nr == HC_IRET || nr == HC_SRR_WIN)
		nr += HC_NR_RANDOM; /* unknown there */
	uint64_t a[5];
	for (unsigned i = 0; i < 5; i++)
		a[i] = below(h, 2) ? wild_ptr(h) : rnd(h);
	if (nr == __HYPERVISOR_console_io ||
	    nr == __HYPERVISOR_event_channel_op ||
	    nr == __HYPERVISOR_sched_op || nr == __HYPERVISOR_vcpu_op ||
	    nr == __HYPERVISOR_set_timer_op)
		nr = __HYPERVISOR_xen_version; /* the shaped calls cover them */
	return hypercall5(nr, a[0], a[1], a[2], a[3], a[4]);
}

static void hostile_run(unsigned id)
{
	unsigned seed = arg_value("seed", 1), n = arg_value("calls", 1000);
	struct hostile h = { .id = id, .buf = scratch[id] };
	h.s = (seed + 1) * 0x9e3779b97f4a7c15ULL ^
	      (id + 1) * 0xbf58476d1ce4e5b9ULL;
	timer_ports[id] = timer_port();
	local_irq_enable();
	uint64_t calls = 0;
	while (calls < n) {
		fill_scratch(&h);
		/* out of 20: 6 event channel, 3 sched, 3 vCPU, 2 console,
		 * 2 timer, 1 larch_op, 3 any number */
		uint64_t k = below(&h, 20);
		if (k < 6)
			evtchn_call(&h);
		else if (k < 9 && calls + 2 <= n)
			sched_call(&h, &calls);
		else if (k < 9)
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		else if (k < 12)
			vcpu_call(&h);
		else if (k < 14)
			console_call(&h);
		else if (k < 16)
			timer_call(&h);
		else if (k < 17)
			hypercall5(__HYPERVISOR_larch_op, below(&h, 4),
				   wild_domid(&h), rnd(&h), 0, 0);
		else
			any_call(&h);
		calls++;
	}
	issued[id] = calls;
	gprintf("hostile: vCPU %u issued %llu calls\n", id,
		(unsigned long long)calls);
	__atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
}

void hostile_secondary(unsigned id)
{
	if (id < MAX_HOSTILE)
		hostile_run(id);
}

void hostile_main(void)
{
	unsigned nv = start_info->nr_vcpus < MAX_HOSTILE ? start_info->nr_vcpus
							 : MAX_HOSTILE;
	unsigned n = arg_value("calls", 1000);
	gprintf("hostile: domain %u, seed %u, %u calls on each of %u vCPUs\n",
		start_info->domid, arg_value("seed", 1), n, nv);
	for (unsigned id = 1; id < nv; id++)
		guest_vcpu_up(id);
	hostile_run(0);
	/* the other vCPUs finish in their own time: wait, yielding */
	uint64_t end = now_ns() + 100000 * SLICE_NS;
	while (__atomic_load_n(&finished, __ATOMIC_SEQ_CST) < nv &&
	       now_ns() < end)
		guest_yield();
	uint64_t total = 0;
	for (unsigned id = 0; id < nv; id++)
		total += issued[id];
	test_result("hostile_cotenant", "hostile_calls_issued",
		    total == (uint64_t)n * nv,
		    "a vCPU did not finish its calls");
	gprintf("hostile: domain %u survived %llu random hypercalls\n",
		start_info->domid, (unsigned long long)total);
}

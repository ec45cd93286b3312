/* Benchmarks, printed as "BENCH <metric> <value>" lines (instructions
 * under -icount shift=0, from the guest's counter) for build/<arch>/bench.sh.
 * Domains: 0 "bench" (measures, pCPU 0), 1 "echo" on pCPU 0, 2 "echo" on
 * pCPU 1. Channels: 0:1 <-> 1:1 (same pCPU), 0:2 <-> 2:1 (cross pCPU),
 * 0:3 <-> 1:3 (commands to domain 1: start yielding). */
#include <larch/format.h>
#include "suite.h"

#define N_FAST	 20000
#define N_EVENTS 2000
#define N_YIELD	 2000

static volatile uint64_t replies, cmds, self_hits;

/* instructions per operation, tenths, from counter ticks over n ops */
static uint64_t per_op_x10(uint64_t ticks, uint64_t n)
{
	uint64_t hz = suite_counter_hz();
	uint64_t ns = (ticks / hz) * 1000000000ULL +
		      (ticks % hz) * 1000000000ULL / hz;
	return ns * 10 / n;
}

/* Markers for build/profile (make profile): its QEMU plugin counts the
 * instructions executed between a call of bench_window_open and the next
 * bench_window_close, one window per timed loop, in the order of the
 * BENCH lines. Distinct bodies, so the compiler cannot fold the two into
 * one address; called outside the timed region. */
static volatile unsigned windows_opened, windows_closed;

static void __attribute__((noinline)) bench_window_open(void)
{
	windows_opened++;
}

static void __attribute__((noinline)) bench_window_close(void)
{
	windows_closed++;
}

static void report(const char *metric, uint64_t x10)
{
	gprintf("BENCH %s %llu.%llu\n", metric, (unsigned long long)(x10 / 10),
		(unsigned long long)(x10 % 10));
}

static uint64_t empty_loop_ticks(unsigned n)
{
	uint64_t t0 = arch_counter();
	for (unsigned i = 0; i < n; i++)
		__asm__ __volatile__("" ::: "memory");
	return arch_counter() - t0;
}

static void bench_mask_unmask(void)
{
	uint64_t base = empty_loop_ticks(N_FAST);
	bench_window_open();
	uint64_t t0 = arch_counter();
	for (unsigned i = 0; i < N_FAST; i++) {
		local_irq_disable();
		local_irq_enable();
	}
	uint64_t t = arch_counter() - t0;
	bench_window_close();
	report("mask_unmask_pair", per_op_x10(t > base ? t - base : 0, N_FAST));
}

static void bench_null_hypercall(void)
{
	bench_window_open();
	uint64_t t0 = arch_counter();
	for (unsigned i = 0; i < N_FAST / 4; i++)
		hypercall5(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0,
			   0);
	uint64_t t = arch_counter() - t0;
	bench_window_close();
	report("null_hypercall", per_op_x10(t, N_FAST / 4));
}

/* One-way event latency: half a round trip (send, the peer's handler
 * answers, our handler runs). */
static void bench_round_trip(const char *metric, evtchn_port_t port)
{
	replies = 0;
	bench_window_open();
	uint64_t t0 = arch_counter();
	for (unsigned i = 0; i < N_EVENTS; i++) {
		evtchn_send(port);
		wait_for(&replies, i + 1, 1000 * SLICE_NS);
	}
	uint64_t t = arch_counter() - t0;
	bench_window_close();
	report(metric, per_op_x10(t, 2 * N_EVENTS));
}

static void bench_vcpu_switch(void)
{
	evtchn_send(3); /* domain 1 starts yielding */
	guest_yield();
	bench_window_open();
	uint64_t t0 = arch_counter();
	for (unsigned i = 0; i < N_YIELD; i++)
		guest_yield();
	uint64_t t = arch_counter() - t0;
	bench_window_close();
	/* each of our yields switches to domain 1 and its yield back */
	report("vcpu_switch", per_op_x10(t, 2 * N_YIELD));
}

/* send -> upcall -> handler on this vCPU, with 1 bound port or every port
 * bound (4095: port 0 is reserved); the measured port is the last bound,
 * the highest one in the 4096 case. */
static void bench_send_deliver(const char *metric, unsigned nports)
{
	evtchn_port_t p = 0, q;
	unsigned bound = 0;
	while (bound < nports && evtchn_bind_ipi(0, &q) == 0)
		p = q, bound++;
	gprintf("bench: %s: measuring port %u (bound %u just now)\n", metric, p,
		bound);
	evtchn_set_handler(p, count_handler, (void *)&self_hits);
	self_hits = 0;
	bench_window_open();
	uint64_t t0 = arch_counter();
	for (unsigned i = 0; i < N_EVENTS; i++)
		evtchn_send(p); /* eager: the handler has run on return */
	uint64_t t = arch_counter() - t0;
	bench_window_close();
	if (self_hits != N_EVENTS)
		gprintf("bench: %s: %llu deliveries, want %u\n", metric,
			(unsigned long long)self_hits, N_EVENTS);
	report(metric, per_op_x10(t, N_EVENTS));
}

static void on_reply(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	replies++;
}

void bench_echo(void);

void bench_main(void)
{
	if (start_info->domid != 0) { /* an echo domain */
		bench_echo();
		return;
	}
	evtchn_set_handler(1, on_reply, NULL);
	evtchn_set_handler(2, on_reply, NULL);
	local_irq_enable();
	/* Nothing is timed until both echo domains answer: under icount the
	 * other pCPU's instructions count too, and make profile found domain
	 * 2's start-up (its BSS clearing) inside the null_hypercall loop. */
	for (evtchn_port_t port = 1; port <= 2; port++) {
		replies = 0;
		evtchn_send(port);
		wait_for(&replies, 1, 1000 * SLICE_NS);
	}
	bench_mask_unmask();
	bench_null_hypercall();
	bench_round_trip("event_same_pcpu", 1);
	bench_round_trip("event_cross_pcpu", 2);
	bench_vcpu_switch();
	/* the port benches last: they keep their ports bound */
	evtchn_close(1);
	evtchn_close(2);
	evtchn_close(3);
	bench_send_deliver("send_deliver_ports_1", 1);
	bench_send_deliver("send_deliver_ports_4096", EVTCHN_2L_NR_PORTS);
	gprintf("bench: done\n");
	machine_exit(0);
}

static void echo(evtchn_port_t port, void *data)
{
	(void)data;
	evtchn_send(port);
}

static void start_yield(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	cmds++;
}

void bench_echo(void)
{
	evtchn_set_handler(1, echo, NULL);
	evtchn_set_handler(3, start_yield, NULL);
	local_irq_enable();
	for (;;) {
		wait_for(&cmds, 1, 100000 * SLICE_NS);
		if (cmds) {
			for (unsigned i = 0; i < 2 * N_YIELD + 100; i++)
				guest_yield();
			cmds = 0;
		}
	}
}

void bench_secondary(unsigned id)
{
	(void)id;
}

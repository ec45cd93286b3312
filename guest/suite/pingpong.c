/* Ping-pong over an interdomain channel (port 1 in both domains, bound by
 * the config): ping sends, pong's handler answers from the upcall, ping
 * blocks with events masked until the answer arrives. Both sides check
 * exact counts. args: "ping|pong [count] [verbose] [samecpu] [demo]
 * [hostile] [ends] [storm-port] [cotenants]" (ends: ping ends the machine
 * once pong, its port's other end, has reported and shut down;
 * storm-port: port 2, a storm's target, masked and never delivered); the flags pick the suite name of the PASS lines (pingpong,
 * pingpong_samecpu, demo, hostile_cotenant) so several boots can run it. */
#include <larch/format.h>
#include "suite.h"

#define PORT 1

#define STORM_PORT 2

static volatile uint64_t received, storm_seen;
static uint64_t sent;
static bool verbose, answering;

static void on_event(evtchn_port_t port, void *data)
{
	(void)data;
	received++;
	if (verbose)
		gprintf("%s: got event %llu on port %u\n",
			answering ? "pong" : "ping",
			(unsigned long long)received, port);
	if (answering) {
		evtchn_send(PORT);
		sent++;
	}
}

static void on_storm(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	storm_seen++;
}

/* The domain at the other end of PORT has shut down (it printed its
 * counts first), or a long time has passed. */
static void wait_for_peer_down(void)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = PORT };
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) ||
	    st.status != EVTCHNSTAT_interdomain)
		return; /* already gone */
	uint64_t end = now_ns() + 1000 * SLICE_NS;
	while (now_ns() < end) {
		long s = HYPERVISOR_larch_op(LARCHOP_domain_state,
					     st.u.interdomain.dom);
		if (s < 0 || (s >> 8) == LARCH_DOMSTATE_SHUTDOWN)
			return;
		guest_yield();
	}
}

void pingpong_main(bool ping)
{
	uint64_t n = arg_number(0, 10000);
	const char *me = ping ? "ping" : "pong";
	verbose = arg_flag("verbose");
	answering = !ping;
	evtchn_set_handler(PORT, on_event, NULL);
	/* a storm's port (2), masked: its sends must cost only the sender */
	if (arg_flag("storm-port")) {
		evtchn_set_handler(STORM_PORT, on_storm, NULL);
		evtchn_mask_port(STORM_PORT);
	}
	local_irq_enable();
	bool ok = true, progress = arg_flag("cotenants");
	uint64_t t0 = now_ns();
	if (ping) {
		for (uint64_t i = 0; i < n && ok; i++) {
			if (verbose)
				gprintf("ping: sending event %llu\n",
					(unsigned long long)i + 1);
			evtchn_send(PORT);
			sent++;
			/* 10 s each: under multi-threaded TCG on a loaded host
			 * guest time is the host's, and a vCPU thread may wait
			 * that long for a core (a hang fails by silence) */
			ok = wait_for(&received, i + 1, 10000 * SLICE_NS);
			/* beside co-tenants under multi-threaded TCG each
			 * exchange waits for host threads: 1.6 s for 10,000
			 * alone, 25 s beside one more such boot; progress, so a
			 * slow host is not taken for a silent hang */
			if (progress && (i + 1) % 1000 == 0 && i + 1 < n)
				gprintf("ping: %llu exchanges\n",
					(unsigned long long)i + 1);
		}
	} else {
		ok = wait_for(&received, n, 1000000 * SLICE_NS);
	}
	if (ping && n && arg_flag("cotenants"))
		gprintf("ping: round trip %llu ns\n",
			(unsigned long long)((now_ns() - t0) / n));
	/* Nothing extra may trickle in after the last exchange. */
	spin_ns(5 * SLICE_NS);
	char name[32];
	snprintk(name, sizeof(name), "%s_exact_counts", me);
	bool exact = ok && sent == n && received == n && !storm_seen;
	const char *suite = arg_flag("demo")	    ? "demo"
			    : arg_flag("samecpu")   ? "pingpong_samecpu"
			    : arg_flag("hostile")   ? "hostile_cotenant"
			    : arg_flag("cotenants") ? "cotenants"
						    : "pingpong";
	test_result(suite, name, exact, "counts differ from the target");
	gprintf("%s: sent %llu, received %llu (target %llu)\n", me,
		(unsigned long long)sent, (unsigned long long)received,
		(unsigned long long)n);
	if (ping && arg_flag("ends")) { /* co-tenants that never stop */
		wait_for_peer_down();
		machine_exit(exact ? 0 : 1);
	}
}

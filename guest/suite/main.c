/* Suite entry: the config's args string names the role of this domain
 * ("conformance", "deferred", "ping", "pong", "isolation-observer",
 * "isolation-attacker", "bench", "hostile-cotenant", "linux-peer"),
 * optionally followed by numbers/flags. */
#include "suite.h"

static bool word_is(const char *s, const char *w)
{
	while (*w && *s == *w)
		s++, w++;
	return *w == 0 && (*s == 0 || *s == ' ');
}

uint64_t now_ns(void)
{
	uint64_t t = arch_counter(), hz = suite_counter_hz();
	return (t / hz) * 1000000000ULL + (t % hz) * 1000000000ULL / hz;
}

uint64_t ns_to_counter(uint64_t ns)
{
	uint64_t hz = suite_counter_hz();
	return (ns / 1000000000ULL) * hz +
	       (ns % 1000000000ULL) * hz / 1000000000ULL;
}

void spin_ns(uint64_t ns)
{
	uint64_t end = arch_counter() + ns_to_counter(ns);
	while (arch_counter() < end)
		;
}

volatile uint64_t timer_hits[4];

/* Each vCPU's VIRQ_TIMER port, bound on first use; it bounds every sleep. */
evtchn_port_t timer_port(void)
{
	static evtchn_port_t ports[4];
	unsigned id = arch_vcpu_id() & 3;
	if (!ports[id] && evtchn_bind_virq(VIRQ_TIMER, id, &ports[id]) == 0)
		evtchn_set_handler(ports[id], count_handler,
				   (void *)&timer_hits[id]);
	return ports[id];
}

bool wait_for(volatile uint64_t *flag, uint64_t want, uint64_t timeout_ns)
{
	uint64_t end = now_ns() + timeout_ns;
	timer_port();
	local_irq_disable();
	while (*flag < want) {
		if (now_ns() > end) {
			local_irq_enable();
			return false;
		}
		/* wakes on any event; the poll timer bounds the sleep */
		HYPERVISOR_set_timer_op(end);
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		local_irq_disable();
	}
	local_irq_enable();
	return true;
}

void count_handler(evtchn_port_t port, void *data)
{
	(void)port;
	(*(volatile uint64_t *)data)++;
}

uint64_t arg_number(unsigned idx, uint64_t dflt)
{
	const char *s = start_info->args;
	for (;;) {
		while (*s && (*s < '0' || *s > '9'))
			s++;
		if (!*s)
			return dflt;
		uint64_t v = 0;
		while (*s >= '0' && *s <= '9')
			v = v * 10 + (uint64_t)(*s++ - '0');
		if (idx-- == 0)
			return v;
	}
}

unsigned arg_value(const char *key, unsigned dflt)
{
	for (const char *s = start_info->args; *s; s++) {
		if (s != start_info->args && s[-1] != ' ')
			continue;
		const char *k = key;
		while (*k && *s == *k)
			s++, k++;
		if (*k || *s != '=' || s[1] < '0' || s[1] > '9')
			continue;
		unsigned v = 0;
		for (s++; *s >= '0' && *s <= '9'; s++)
			v = v * 10 + (unsigned)(*s - '0');
		return v;
	}
	return dflt;
}

bool arg_flag(const char *word)
{
	for (const char *s = start_info->args; *s; s++)
		if ((s == start_info->args || s[-1] == ' ') && word_is(s, word))
			return true;
	return false;
}

void guest_main(void)
{
	const char *a = start_info->args;
	if (start_info->magic != LARCH_START_MAGIC) {
		test_result("boot", "start_info", false, "bad magic");
		return;
	}
	if (word_is(a, "conformance"))
		conformance_main(true);
	else if (word_is(a, "deferred"))
		conformance_main(false);
	else if (word_is(a, "ping"))
		pingpong_main(true);
	else if (word_is(a, "pong"))
		pingpong_main(false);
	else if (word_is(a, "isolation-observer"))
		isolation_main(false);
	else if (word_is(a, "isolation-attacker"))
		isolation_main(true);
	else if (word_is(a, "bench"))
		bench_main();
	else if (word_is(a, "hostile-cotenant"))
		hostile_main();
	else if (word_is(a, "linux-peer"))
		linux_peer_main();
	else if (word_is(a, "spinner"))
		spinner_main();
	else if (word_is(a, "stuck-lock"))
		stuck_lock_main();
	else if (word_is(a, "rebooter"))
		rebooter_main();
	else if (word_is(a, "witness"))
		witness_main();
	else if (word_is(a, "storm"))
		storm_main();
	else if (word_is(a, "arch-test"))
		suite_arch_test_main();
	else
		gprintf("suite: domain %u: unknown role \"%s\"\n",
			start_info->domid, a);
}

void guest_secondary_main(unsigned id)
{
	if (word_is(start_info->args, "bench"))
		bench_secondary(id);
	else if (word_is(start_info->args, "hostile-cotenant"))
		hostile_secondary(id);
	else
		conformance_secondary(id);
}

/* Isolation: the attacker hands the hypervisor bad pointers (refused with
 * -EFAULT, nothing crashes), then touches memory outside its own map and
 * is stopped; the observer sees it stopped, keeps running, and ends the
 * machine. */
#include "suite.h"

static volatile uint64_t hits;

static void attacker(void)
{
	/* a console buffer and an event-channel argument outside its memory */
	uint64_t outside = start_info->mem_base + start_info->mem_size + 4096;
	long rc = hypercall5(__HYPERVISOR_console_io, CONSOLEIO_write, 16,
			     outside, 0, 0);
	long rc2 = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound,
					       (void *)outside);
	test_result("isolation", "bad_pointers_refused",
		    rc == -XEN_EFAULT && rc2 == -XEN_EFAULT,
		    "a bad guest pointer was not refused with -EFAULT");
	gprintf("attacker: writing outside my memory, at 0x%llx\n",
		(unsigned long long)outside);
	arch_poke(outside);
	test_result("isolation", "attacker_stopped", false,
		    "a store outside the domain's memory went through");
}

static void observer(void)
{
	evtchn_port_t p;
	uint64_t end = now_ns() + 1000 * SLICE_NS;
	long st = 0;
	while (now_ns() < end) {
		st = HYPERVISOR_larch_op(LARCHOP_domain_state, 1);
		if (st >= 0 && (st >> 8) == LARCH_DOMSTATE_SHUTDOWN)
			break;
		guest_yield();
	}
	test_result("isolation", "attacker_stopped",
		    st >= 0 && (st >> 8) == LARCH_DOMSTATE_SHUTDOWN &&
			    (st & 0xff) == SHUTDOWN_crash,
		    "the attacker was not stopped as crashed");
	/* still alive: an event to itself round trips */
	bool ok = evtchn_bind_ipi(0, &p) == 0;
	if (ok) {
		evtchn_set_handler(p, count_handler, (void *)&hits);
		local_irq_enable();
		evtchn_send(p);
		ok = wait_for(&hits, 1, 100 * SLICE_NS);
	}
	test_result("isolation", "observer_keeps_running", ok,
		    "the observer no longer gets events");
	machine_exit(tests_failed ? 1 : 0);
}

void isolation_main(bool is_attacker)
{
	if (is_attacker)
		attacker();
	else
		observer();
}

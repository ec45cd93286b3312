/* Isolation: attacker 1 hands the hypervisor bad pointers (refused with
 * -EFAULT, nothing crashes), then writes just past the end of its own
 * memory and is stopped; attacker 2
 * ("isolation-attacker device") writes to a hypervisor-owned device (the
 * interrupt controller on arm) and is stopped. The observer (domain 0)
 * sees both stopped, keeps running, and ends the machine. */
#include "suite.h"

static volatile uint64_t hits;

static void device_attacker(void)
{
	/* the GIC distributor on arm's virt machine; on other arches any
	 * address the domain is not given works the same. A number in the
	 * args picks another target (x86: the hypervisor image, another
	 * domain's memory). */
	uint64_t target = arg_number(0, 0x08000000);
	gprintf("attacker: writing to a device at 0x%llx\n",
		(unsigned long long)target);
	guest_poke(target);
	test_result("isolation", "device_attacker_stopped", false,
		    "a store to a hypervisor device went through");
}

static void attacker(void)
{
	if (arg_flag("device")) {
		device_attacker();
		return;
	}
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
	guest_poke(outside);
	test_result("isolation", "attacker_stopped", false,
		    "a store outside the domain's memory went through");
}

/* Wait (up to 1000 slices) until domain domid is down; true if it crashed. */
bool stopped_as_crashed(unsigned domid)
{
	uint64_t end = now_ns() + 1000 * SLICE_NS;
	long st = 0;
	while (now_ns() < end) {
		st = HYPERVISOR_larch_op(LARCHOP_domain_state, domid);
		if (st >= 0 && (st >> 8) == LARCH_DOMSTATE_SHUTDOWN)
			break;
		guest_yield();
	}
	return st >= 0 && (st >> 8) == LARCH_DOMSTATE_SHUTDOWN &&
	       (st & 0xff) == SHUTDOWN_crash;
}

/* Still alive after the attackers were stopped: it counts its own
 * progress, three events sent to itself that each come back. */
bool observer_still_runs(void)
{
	evtchn_port_t p;
	if (evtchn_bind_ipi(0, &p) != 0)
		return false;
	evtchn_set_handler(p, count_handler, (void *)&hits);
	local_irq_enable();
	uint64_t start = hits;
	for (uint64_t i = 1; i <= 3; i++) {
		evtchn_send(p);
		if (!wait_for(&hits, start + i, 100 * SLICE_NS))
			return false;
	}
	return hits == start + 3;
}

static void observer(void)
{
	test_result("isolation", "attacker_stopped", stopped_as_crashed(1),
		    "the attacker was not stopped as crashed");
	if (arg_flag("device"))
		test_result("isolation", "device_attacker_stopped",
			    stopped_as_crashed(2),
			    "the device attacker was not stopped as crashed");
	test_result("isolation", "observer_keeps_running",
		    observer_still_runs(),
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

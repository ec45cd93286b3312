/* Role "linux-peer" (the arm Linux boot, docs/arch-arm.md): the larch test
 * domain beside a Linux domain 0. It opens an unbound port for domain 0
 * (its first port: 1), to which Linux's evtchn-pingpong binds through
 * /dev/xen/evtchn, and echoes every event from the upcall. After the target
 * count it prints both counts, then stays alive (Linux powers the machine
 * off) and reports any event beyond the target. args: "linux-peer [count]
 * [bound] [until-down]"; with "bound" its port 1 was pre-bound by the
 * config (ppc: the other end of the Linux partition's /dev/hvc1).
 */
#include "suite.h"

static volatile uint64_t received;
static uint64_t sent;

static void echo(evtchn_port_t port, void *data)
{
	(void)data;
	received++;
	if (evtchn_send(port) == 0)
		sent++;
}

void linux_peer_main(void)
{
	uint64_t n = arg_number(0, 1000), reported;
	evtchn_port_t port = 0;
	/* "bound": the config pre-binds port 1 to domain 0 (a PAPR
	 * partition's terminal link, which larch's config binds) */
	long rc = arg_flag("bound") ? (port = 1, 0)
				    : evtchn_alloc_unbound(0, &port);
	test_result("linux", "peer_port_open", rc == 0,
		    "EVTCHNOP_alloc_unbound for domain 0 failed");
	if (rc)
		return;
	gprintf("linux-peer: port %u open for domain 0\n", port);
	evtchn_set_handler(port, echo, NULL);
	local_irq_enable();
	/* Linux may take minutes to boot under TCG: wait without a limit. */
	while (!wait_for(&received, n, 1000000 * SLICE_NS))
		;
	gprintf("linux-peer: received %llu sent %llu\n",
		(unsigned long long)received, (unsigned long long)sent);
	/* "until-down": power off once domain 0 is down, so the machine
	 * ends with it (a domain 0 whose poweroff ends the machine itself,
	 * as arm's PSCI SYSTEM_OFF does, needs no such peer) */
	if (arg_flag("until-down")) {
		long st;
		while ((st = HYPERVISOR_larch_op(LARCHOP_domain_state, 0)) >=
			       0 &&
		       (st >> 8) != LARCH_DOMSTATE_SHUTDOWN)
			guest_yield();
		gprintf("linux-peer: domain 0 is down; powering off\n");
		guest_exit(0);
	}
	for (reported = n;;) {
		wait_for(&received, reported + 1, 1000000 * SLICE_NS);
		if (received > reported) {
			reported = received;
			gprintf("linux-peer: %llu events beyond %llu\n",
				(unsigned long long)(reported - n),
				(unsigned long long)n);
		}
	}
}

/* Roles "rebooter" and "witness" (guest/configs/reboot.dts, make check's
 * <arch>/boot/reboot): a test guest whose config says on-reboot =
 * "restart" reboots once and comes back. It cannot tell its lives apart
 * (a restart clears its memory), so the witness tells it: the rebooter
 * says hello on port 1 at each start; the witness answers the first hello
 * on port 1 ("reboot") and the second on port 2 ("power off"). The
 * restart binds the channels again to the witness, which is still
 * running; the witness then waits for the rebooter to be down and ends
 * the machine. */
#include "suite.h"

#define HELLO	 1 /* rebooter -> witness; witness -> rebooter: reboot */
#define POWEROFF 2 /* witness -> rebooter: power off */

static volatile uint64_t got_reboot, got_poweroff, hellos;

static void on_reboot(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	got_reboot++;
}

static void on_poweroff(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	got_poweroff++;
}

static void on_hello(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	hellos++;
	evtchn_send(hellos == 1 ? HELLO : POWEROFF);
}

void rebooter_main(void)
{
	evtchn_set_handler(HELLO, on_reboot, NULL);
	evtchn_set_handler(POWEROFF, on_poweroff, NULL);
	local_irq_enable();
	gprintf("rebooter: started, saying hello\n");
	evtchn_send(HELLO);
	while (!got_reboot && !got_poweroff)
		wait_for(&got_poweroff, 1, 1000 * SLICE_NS);
	if (got_poweroff) {
		gprintf("rebooter: told to power off\n");
		guest_exit(0);
	}
	gprintf("rebooter: told to reboot\n");
	struct sched_shutdown sd = { .reason = SHUTDOWN_reboot };
	HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
	gprintf("rebooter: FAIL: still running after the reboot\n");
}

void witness_main(void)
{
	evtchn_set_handler(HELLO, on_hello, NULL);
	local_irq_enable();
	/* Two hellos: one per life of the rebooter. */
	bool ok = wait_for(&hellos, 2, 100000 * SLICE_NS);
	long st;
	do {
		st = HYPERVISOR_larch_op(LARCHOP_domain_state, 1);
		guest_yield();
	} while (st >= 0 && (st >> 8) != LARCH_DOMSTATE_SHUTDOWN);
	test_result("reboot", "came_back_once",
		    ok && hellos == 2 && (st & 0xff) == SHUTDOWN_poweroff,
		    "the rebooter did not say hello twice and power off");
	gprintf("witness: %llu hellos, the rebooter is down\n",
		(unsigned long long)hellos);
	machine_exit(ok ? 0 : 1);
}

/* Role "stuck-lock" (make check: <arch>/boot/stuck-lock): a privileged
 * domain has the hypervisor keep its event-channel lock
 * (LARCHOP_test_hold_lock), then asks for an event channel, which needs
 * that lock. larch must not hang: the spin counts its polls, names both
 * sides and ends the machine with exit 4 (LARCH_EXIT_LOCK_STUCK). */
#include "suite.h"

void stuck_lock_main(void)
{
	long rc = HYPERVISOR_larch_op(LARCHOP_test_hold_lock, 0);
	gprintf("stuck-lock: the hypervisor holds the lock (%ld)\n", rc);
	evtchn_port_t port;
	evtchn_alloc_unbound(0, &port);
	gprintf("stuck-lock: FAIL: the event channel op returned\n");
	machine_exit(1);
}

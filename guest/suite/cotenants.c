/* Hostile co-tenants for the latency isolation boots (issue 14): a domain
 * that spins with events masked for ever, and one that sends to a victim's
 * port in a loop. Neither stops: the victim pair's ping ends the machine
 * (its "ends" flag). args: "spinner" | "storm" (its port 1, bound by the
 * config to the victim's port). */
#include "suite.h"

void spinner_main(void)
{
	gprintf("spinner: domain %u spins with events masked\n",
		start_info->domid);
	local_irq_disable();
	for (;;)
		__asm__ __volatile__("" ::: "memory");
}

void storm_main(void)
{
	gprintf("storm: domain %u sends on port 1 without end\n",
		start_info->domid);
	for (;;)
		evtchn_send(1);
}

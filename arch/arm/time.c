/* Time: the system counter gives arch_now(); the EL2 physical timer
 * (CNTHP, PPI 26) is the hypervisor's one deadline per pCPU. Guests own the
 * virtual timer (CNTV) and see the same count (CNTVOFF_EL2 = 0). */
#include <larch/timer.h>
#include "arm.h"

uint64_t cntfrq;

int64_t ticks_to_ns(uint64_t t)
{
	return time_counter_to_ns(t, cntfrq);
}

uint64_t ns_to_ticks(int64_t ns)
{
	return time_ns_to_counter(ns, cntfrq);
}

s_time_t arch_now(void)
{
	isb();
	return ticks_to_ns(read_sysreg(cntpct_el0));
}

void arch_timer_set_deadline(s_time_t deadline)
{
	if (deadline == STIME_MAX) {
		write_sysreg(cnthp_ctl_el2, 0);
	} else {
		/* round up so the timer never fires before the deadline */
		write_sysreg(cnthp_cval_el2, ns_to_ticks(deadline) + 1);
		write_sysreg(cnthp_ctl_el2, 1);
	}
	isb();
}

void time_init(void)
{
	cntfrq = read_sysreg(cntfrq_el0);
	write_sysreg(cntvoff_el2, 0);
	/* EL1 may read the physical counter; its physical timer traps */
	write_sysreg(cnthctl_el2, 1);
	write_sysreg(cnthp_ctl_el2, 0);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

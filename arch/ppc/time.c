/* Time: the timebase gives arch_now(); the hypervisor decrementer (HDEC,
 * LPCR[HDICE]) is each pCPU's one deadline while a guest runs, and the
 * idle loop polls the same deadline. The guest decrementer (DEC) is not
 * the guests' clock: they take time from VIRQ_TIMER, and DEC carries the
 * EE-gated upcall doorbell (vcpu.c). */
#include <larch/timer.h>
#include <larch/sched.h>
#include "ppc.h"

#define HDEC_MAX 0x7fffffffULL /* fits the 32-bit and the large decrementer */

static uint64_t tb_freq = 512000000; /* POWER9's timebase, until the DT says */

s_time_t tb_to_ns(uint64_t t)
{
	return time_counter_to_ns(t, tb_freq);
}

uint64_t ns_to_tb(s_time_t ns)
{
	return time_ns_to_counter(ns, tb_freq);
}

s_time_t arch_now(void)
{
	return tb_to_ns(mftb());
}

void arch_timer_set_deadline(s_time_t deadline)
{
	ppc_pcpu[arch_cpu_id()].deadline = deadline;
	uint64_t ticks = HDEC_MAX;
	if (deadline != STIME_MAX) {
		s_time_t now = arch_now();
		/* round up so it never fires before the deadline */
		ticks = deadline <= now ? 1 : ns_to_tb(deadline - now) + 1;
		if (ticks > HDEC_MAX)
			ticks = HDEC_MAX;
	}
	mtspr(SPR_HDEC, ticks);
}

void time_cpu_init(void)
{
	if (plat.tb_freq)
		tb_freq = plat.tb_freq;
	mtspr(SPR_HDEC, HDEC_MAX);
	mtspr(SPR_DEC, HDEC_MAX);
}

/* Weak defaults for the per-arch suite hooks: "not available". */
#include "suite.h"

__attribute__((weak)) long suite_trap_count(void)
{
	return -1;
}

__attribute__((weak)) bool suite_has_percpu_timer(void)
{
	return false;
}

__attribute__((weak)) void suite_timer_arm(uint64_t deadline)
{
	(void)deadline;
}

__attribute__((weak)) void suite_timer_stop(void)
{
}

__attribute__((weak)) bool suite_timer_condition(void)
{
	return false;
}

/* arch_counter() ticks per second. The default assumes it counts
 * nanoseconds; an arch whose counter does not must override it. now_ns()
 * built on it must agree with the hypervisor's system time (set_timer_op
 * deadlines are absolute). */
__attribute__((weak)) uint64_t suite_counter_hz(void)
{
	return 1000000000ULL;
}

/* How soon an event must reach a vCPU spinning on another pCPU for the
 * kick to count as an IPI rather than the end of its time slice. */
__attribute__((weak)) uint64_t suite_kick_bound_ns(void)
{
	return SLICE_NS / 4;
}

/* Hardware-delivered eager upcalls (ppc, arm) cost no entry at unmask. */
__attribute__((weak)) unsigned suite_eager_unmask_entries(void)
{
	return 0;
}

__attribute__((weak)) void suite_arch_test_main(void)
{
	test_result("arch", "arch_tests", false, "no arch tests on this arch");
}

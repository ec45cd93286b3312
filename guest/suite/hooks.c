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

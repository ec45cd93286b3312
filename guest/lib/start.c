/* Guest start-up and shutdown, common to every arch. The arch entry sets a
 * stack and calls guest_start with the start info's address. */
#include <guest.h>

struct shared_info *shared;
const struct larch_start_info *start_info;

void guest_start(const struct larch_start_info *si);
void guest_start(const struct larch_start_info *si)
{
	start_info = si;
	shared = (struct shared_info *)(uintptr_t)si->shared_info;
	arch_guest_init(si);
	guest_main();
	guest_exit(tests_failed ? 1 : 0);
}

void guest_block(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

void guest_yield(void)
{
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

void guest_exit(int code)
{
	struct sched_shutdown sd = { .reason = code ? SHUTDOWN_crash
						    : SHUTDOWN_poweroff };
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}

void machine_exit(int code)
{
	HYPERVISOR_larch_op(LARCHOP_exit_qemu, (unsigned long)code);
}

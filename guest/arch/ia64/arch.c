/* The ia64 part of the test guests in C: secondary vCPU start, the poke
 * for isolation tests, and the suite hooks. Entry, hypercall, the PSR.I
 * accessors and the upcall entry are in entry.S. */
#include <guest.h>
#include "suite.h"

const char *const guest_arch_name = "ia64";

void arch_guest_init(const struct larch_start_info *si)
{
	(void)si; /* cr.iva and the register stack are set in entry.S */
}

void arch_secondary_init(unsigned id)
{
	(void)id;
}

/* Every PSR.I change traps on ia64 (PL1), so no trap-free claim is made. */
long suite_trap_count(void)
{
	return -1;
}

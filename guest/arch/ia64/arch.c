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

/* A raw code address, not a function descriptor: declared as data. */
extern char guest_secondary_start[];
static uint8_t vcpu_stacks[4][8192] __attribute__((aligned(16)));

int arch_vcpu_up(unsigned id)
{
	if (id == 0 || id >= 4)
		return -XEN_EINVAL;
	struct vcpu_guest_entry e = {
		.entry = (uint64_t)(uintptr_t)guest_secondary_start,
		.stack = (uint64_t)(uintptr_t)&vcpu_stacks[id][8192 - 16],
		.arg = id,
	};
	long rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &e);
	if (rc)
		return (int)rc;
	return (int)HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
}

void guest_secondary_entry(unsigned id);
void guest_secondary_entry(unsigned id)
{
	guest_secondary_main(id);
	for (;;)
		HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

void arch_poke(uint64_t addr)
{
	*(volatile uint64_t *)(uintptr_t)addr = 0x6c61726368ULL;
}

/* Every PSR.I change traps on ia64 (PL1), so no trap-free claim is made. */
long suite_trap_count(void)
{
	return -1;
}

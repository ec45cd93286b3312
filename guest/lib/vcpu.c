/* Secondary vCPUs of a test guest: their stacks, start-up and end, and the
 * isolation tests' stray store. The arch part provides the entry code
 * guest_secondary_start (it runs on the stack given here and calls
 * guest_secondary_entry(id)) and arch_secondary_init. */
#include <guest.h>

uint8_t guest_vcpu_stacks[GUEST_MAX_VCPUS][GUEST_STACK_SIZE]
	__attribute__((aligned(GUEST_STACK_SIZE)));

int guest_vcpu_up(unsigned id)
{
	if (id == 0 || id >= GUEST_MAX_VCPUS)
		return -XEN_EINVAL;
	struct vcpu_guest_entry e = {
		/* a raw code address (on ia64 not a function descriptor) */
		.entry = (uint64_t)(uintptr_t)guest_secondary_start,
		/* 16 bytes below the top: aligned, and ia64's scratch area */
		.stack = (uint64_t)(uintptr_t)&guest_vcpu_stacks
			[id][GUEST_STACK_SIZE - 16],
		.arg = id,
	};
	long rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &e);
	if (rc)
		return (int)rc;
	return (int)HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
}

void guest_secondary_entry(unsigned id)
{
	arch_secondary_init(id);
	guest_secondary_main(id);
	for (;;)
		HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

void guest_poke(uint64_t addr)
{
	*(volatile uint64_t *)(uintptr_t)addr = 0x6c61726368ULL; /* "larch" */
}

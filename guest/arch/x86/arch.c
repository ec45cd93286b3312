/* The x86_64 part of the test guests: ring 3 PV. Hypercalls are syscall
 * (number in rax, arguments rdi rsi rdx r10 r8, result in rax; rcx and r11
 * clobbered, as the instruction does); the mask is
 * the shared vcpu_info byte (irqflags.h); upcalls arrive as a bounce frame
 * at upcall_entry (entry.S). */
#include <guest.h>
#include "suite.h"
#include "irqflags.h"

const char *const guest_arch_name = "x86";

long hypercall5(unsigned long nr, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a4;
	register unsigned long r8 __asm__("r8") = a5;
	long ret;
	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			       "r"(r8)
			     : "rcx", "r11", "memory");
	return ret;
}

bool x86_policy_eager(void)
{
	return shared->arch.larch_policy == LARCH_POLICY_EAGER;
}

void x86_upcall_request(void)
{
	hypercall5(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
}

void local_irq_disable(void)
{
	x86_irq_disable();
}

void local_irq_enable(void)
{
	x86_irq_enable();
}

unsigned long local_irq_save(void)
{
	return x86_irq_save();
}

void local_irq_restore(unsigned long flags)
{
	x86_irq_restore(flags);
}

bool irqs_disabled(void)
{
	return x86_irqs_disabled();
}

uint64_t arch_counter(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

extern char secondary_start[];
static uint8_t vcpu_stacks[4][8192] __attribute__((aligned(8192)));

/* Which stack this code runs on names the vCPU: secondaries run on
 * vcpu_stacks[id] (upcalls too: the bounce frame goes on the interrupted
 * stack), vCPU 0 on the boot stack. No register or MSR carries it on x86
 * PV, and rdtscp (TSC_AUX) is not available under every KVM here. */
unsigned arch_vcpu_id(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	uint64_t base = (uint64_t)vcpu_stacks;
	if (sp > base && sp <= base + sizeof(vcpu_stacks))
		return (unsigned)((sp - 1 - base) / sizeof(vcpu_stacks[0]));
	return 0;
}

extern char upcall_entry[];

/* Callbacks are per vCPU: each registers its own. */
static void register_callbacks(void)
{
	long rc = hypercall5(__HYPERVISOR_set_callbacks,
			     (unsigned long)upcall_entry, 0, 0, 0, 0);
	if (rc)
		gprintf("guest: set_callbacks failed (%ld)\n", rc);
}

void arch_guest_init(const struct larch_start_info *si)
{
	(void)si;
	register_callbacks();
}

int arch_vcpu_up(unsigned id)
{
	if (id == 0 || id >= 4)
		return -XEN_EINVAL;
	struct vcpu_guest_entry e = {
		.entry = (uint64_t)secondary_start,
		.stack = (uint64_t)&vcpu_stacks[id][sizeof(vcpu_stacks[id])],
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
	register_callbacks();
	guest_secondary_main(id);
	for (;;)
		HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

void arch_poke(uint64_t addr)
{
	*(volatile uint64_t *)addr = 0x6c61726368ULL;
}

/* ---- suite hooks (suite.h) ---- */
long suite_trap_count(void)
{
	return hypercall5(49 /* x86_trap_count */, 0, 0, 0, 0, 0);
}

/* From vcpu_time_info: ns = ((tsc << shift) * mul) >> 32. */
uint64_t suite_counter_hz(void)
{
	const struct vcpu_time_info *t = &shared->vcpu_info[0].time;
	uint64_t scale = (uint64_t)t->tsc_to_system_mul;
	if (t->tsc_shift >= 0)
		scale <<= t->tsc_shift;
	else
		scale >>= -t->tsc_shift;
	return scale ? (1000000000ULL << 32) / scale : 1000000000ULL;
}

/* Unmasking with an upcall pending costs the eager x86 guest exactly two
 * entries, by design (PV has no trap-free delivery): the xen_version
 * request and the iret hypercall that ends the upcall. */
unsigned suite_eager_unmask_entries(void)
{
	return 2;
}

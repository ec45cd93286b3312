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

/* Which stack this code runs on names the vCPU: secondaries run on
 * guest_vcpu_stacks[id] (upcalls too: the bounce frame goes on the interrupted
 * stack), vCPU 0 on the boot stack. No register or MSR carries it on x86
 * PV, and rdtscp (TSC_AUX) is not available under every KVM here. */
unsigned arch_vcpu_id(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	uint64_t base = (uint64_t)guest_vcpu_stacks;
	if (sp > base && sp <= base + sizeof(guest_vcpu_stacks))
		return (unsigned)((sp - 1 - base) / GUEST_STACK_SIZE);
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

void arch_secondary_init(unsigned id)
{
	(void)id;
	register_callbacks(); /* callbacks are per vCPU */
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

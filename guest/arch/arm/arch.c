/* The arm64 part of the test guests: HVC hypercalls (number in x16),
 * PSTATE.I as the interrupt mask, the virtual GIC CPU interface for the
 * upcall, the virtual timer, and secondary vCPU start. */
#include <guest.h>
#include "suite.h"

const char *const guest_arch_name = "arm";

#define PPI_VTIMER 27
#define PPI_EVTCHN 31

long hypercall5(unsigned long nr, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long x16 __asm__("x16") = nr;
	register unsigned long x0 __asm__("x0") = a1;
	register unsigned long x1 __asm__("x1") = a2;
	register unsigned long x2 __asm__("x2") = a3;
	register unsigned long x3 __asm__("x3") = a4;
	register unsigned long x4 __asm__("x4") = a5;
	__asm__ __volatile__("hvc #0"
			     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
			       "+r"(x16)
			     :
			     : "memory");
	return (long)x0;
}

void local_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

void local_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

unsigned long local_irq_save(void)
{
	unsigned long f;
	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #2"
			     : "=r"(f)::"memory");
	return f;
}

void local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" ::"r"(flags) : "memory");
}

bool irqs_disabled(void)
{
	unsigned long f;
	__asm__ __volatile__("mrs %0, daif" : "=r"(f));
	return (f & (1UL << 7)) != 0;
}

uint64_t arch_counter(void)
{
	uint64_t v;
	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

unsigned arch_vcpu_id(void)
{
	uint64_t m;
	__asm__("mrs %0, mpidr_el1" : "=r"(m));
	return (unsigned)(m & 0xff);
}

void arch_guest_init(const struct larch_start_info *si)
{
	(void)si; /* vectors are set by the entry code */
}

void arch_secondary_init(unsigned id)
{
	(void)id;
}

/* ---- interrupts ---- */
void guest_irq(void);
void guest_irq(void)
{
	for (;;) {
		uint64_t intid;
		__asm__ __volatile__("mrs %0, S3_0_C12_C12_0"
				     : "=r"(intid)); /* ICC_IAR1_EL1 */
		intid &= 0xffffff;
		if (intid >= 1020)
			break;
		if (intid == PPI_EVTCHN)
			evtchn_do_upcall();
		else if (intid == PPI_VTIMER)
			suite_timer_fired();
		else
			gprintf("guest: unexpected interrupt %u\n",
				(unsigned)intid);
		__asm__ __volatile__("msr S3_0_C12_C12_1, %0" ::"r"(
			intid)); /* ICC_EOIR1_EL1 */
		__asm__ __volatile__("isb");
	}
}

void guest_bad_trap(uint64_t esr, uint64_t elr, uint64_t far);
void guest_bad_trap(uint64_t esr, uint64_t elr, uint64_t far)
{
	gprintf("guest: unexpected exception ESR %llx at %llx (FAR %llx)\n",
		(unsigned long long)esr, (unsigned long long)elr,
		(unsigned long long)far);
	guest_exit(1);
}

/* ---- suite hooks (suite.h) ---- */
long suite_trap_count(void)
{
	return hypercall5(49 /* arm_trap_count */, 0, 0, 0, 0, 0);
}

uint64_t suite_counter_hz(void)
{
	uint64_t f;
	__asm__("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

bool suite_has_percpu_timer(void)
{
	return true;
}

/* The virtual timer: CNTV_CVAL_EL0 in counter ticks, CTL ENABLE. */
void suite_timer_arm(uint64_t deadline)
{
	__asm__ __volatile__(
		"msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(
			deadline),
		"r"(1UL)
		: "memory");
}

void suite_timer_stop(void)
{
	__asm__ __volatile__("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory");
}

/* The condition holds for this vCPU's own timer (ISTATUS, bit 2). */
bool suite_timer_condition(void)
{
	uint64_t ctl;
	__asm__ __volatile__("mrs %0, cntv_ctl_el0" : "=r"(ctl));
	return (ctl & 4) != 0;
}

/* The arm boots run under -icount shift=0,sleep=off, where the kick is
 * deterministic: 115 counter ticks (1.8 us) with the IPI, 11013 (176 us)
 * when the event waits for the other pCPU's slice timer instead (checked
 * by disabling the IPI). A quarter slice would not tell them apart. */
uint64_t suite_kick_bound_ns(void)
{
	return SLICE_NS / 20;
}

/* make bench ARCH=x86, host part: the guest's own mask/unmask accessors
 * (guest/arch/x86/irqflags.h, the very same source) run in host user space
 * on the real CPU, in cycles. GS base points at a vcpu_info-shaped block as
 * the hypervisor's does. Variants add after each store the fences other PV
 * systems used: lfence, mfence, a locked operation. Best of 7 runs of 10^7
 * pairs, the empty loop subtracted. Prints CSV rows (bench.csv format). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

static _Alignas(64) uint8_t fake_vcpu_info[64];
static unsigned long upcall_requests;

/* never reached here: nothing is ever pending */
void x86_upcall_request(void)
{
	upcall_requests++;
}

_Bool x86_policy_eager(void)
{
	return 1;
}

#define N    10000000UL
#define RUNS 7

#define VARIANT(name, fence)                                                   \
	static uint64_t name(void)                                             \
	{                                                                      \
		uint64_t t0 = __rdtsc();                                       \
		for (unsigned long i = 0; i < N; i++) {                        \
			__asm__ __volatile__("movb $1, %%gs:1\n\t" fence ::    \
						     : "memory");              \
			__asm__ __volatile__("movb $0, %%gs:1\n\t" fence ::    \
						     : "memory");              \
			uint8_t p;                                             \
			__asm__ __volatile__("movb %%gs:0, %0"                 \
					     : "=q"(p)::"memory");             \
			if (__builtin_expect(p, 0) && x86_policy_eager())      \
				x86_upcall_request();                          \
		}                                                              \
		return __rdtsc() - t0;                                         \
	}

/* The barrier-free pair is the guest's real code, from its header. */
#include "../../guest/arch/x86/irqflags.h"

static uint64_t pair_plain(void)
{
	uint64_t t0 = __rdtsc();
	for (unsigned long i = 0; i < N; i++) {
		x86_irq_disable();
		x86_irq_enable();
	}
	return __rdtsc() - t0;
}

VARIANT(pair_lfence, "lfence")
VARIANT(pair_mfence, "mfence")
VARIANT(pair_locked, "lock orl $0, (%%rsp)")

static uint64_t empty_loop(void)
{
	uint64_t t0 = __rdtsc();
	for (unsigned long i = 0; i < N; i++)
		__asm__ __volatile__("" ::: "memory");
	return __rdtsc() - t0;
}

static double best(uint64_t (*fn)(void), double base)
{
	uint64_t b = UINT64_MAX;
	for (int r = 0; r < RUNS; r++) {
		uint64_t t = fn();
		if (t < b)
			b = t;
	}
	double per = (double)b / N - base;
	return per < 0 ? 0 : per;
}

int main(void)
{
	if (syscall(SYS_arch_prctl, ARCH_SET_GS,
		    (unsigned long)fake_vcpu_info)) {
		perror("arch_prctl(ARCH_SET_GS)");
		return 1;
	}
	double base = best(empty_loop, 0);
	double plain = best(pair_plain, base), lf = best(pair_lfence, base),
	       mf = best(pair_mfence, base), lk = best(pair_locked, base);
	double worst = lf > mf ? (lf > lk ? lf : lk) : (mf > lk ? mf : lk);
	const char *wname = worst == lf	  ? "lfence"
			    : worst == mf ? "mfence"
					  : "locked";
	printf("mask_unmask_pair,cycles,%.2f,host\n", plain);
	/* the worst fenced variant under the shared name, then each one */
	printf("mask_unmask_pair_fenced,cycles,%.2f,host\n", worst);
	printf("mask_unmask_pair_fenced_lfence,cycles,%.2f,host\n", lf);
	printf("mask_unmask_pair_fenced_mfence,cycles,%.2f,host\n", mf);
	printf("mask_unmask_pair_fenced_locked,cycles,%.2f,host\n", lk);
	fprintf(stderr, "hostbench: worst fenced variant: %s\n", wname);
	return upcall_requests != 0; /* nothing was pending: must stay 0 */
}

/* The ia64 hardware interface on a real CPU (built only with an ia64 gcc;
 * the host model replaces this file). Console: a 16550 in the legacy I/O
 * port space, whose base the firmware reports (IA64_IO_PORT_BASE). */
#include <larch/console.h>
#include "ia64_priv.h"

#ifndef IA64_IO_PORT_BASE
#define IA64_IO_PORT_BASE 0xffffc000000ULL /* common EFI value; check yours */
#endif
#ifndef IA64_ITC_HZ
#define IA64_ITC_HZ 400000000ULL /* replace with PAL_FREQ_RATIOS x SAL base */
#endif
#define COM1 0x3f8
/* Processor interrupt block: IPIs are 8-byte stores at id << 12 | eid << 4. */
#define PIB_BASE 0xfee00000ULL

const uint64_t ia64_itc_hz = IA64_ITC_HZ;

static volatile uint8_t *io_port(unsigned port)
{
	uint64_t pa = IA64_IO_PORT_BASE | ((port >> 2) << 12) | (port & 0xfff);
	/* Uncacheable region 6 (physical, ma=UC by region convention). */
	return (volatile uint8_t *)(0xc000000000000000ULL | pa);
}

uint64_t ia64_hw_itc(void)
{
	uint64_t t;
	__asm__ volatile("mov %0 = ar.itc" : "=r"(t));
	return t;
}

void ia64_hw_set_itm(uint64_t itc)
{
	__asm__ volatile("mov cr.itm = %0;; srlz.d;;" ::"r"(itc));
	__asm__ volatile("mov cr.itv = %0;; srlz.d;;" ::"r"(
		(uint64_t)IA64_TIMER_VECTOR));
}

void ia64_hw_mask_timer(void)
{
	__asm__ volatile("mov cr.itv = %0;; srlz.d;;" ::"r"(1ULL << 16));
}

uint64_t ia64_hw_read_ivr(void)
{
	uint64_t v;
	__asm__ volatile("mov %0 = cr.ivr;; srlz.d;;" : "=r"(v));
	return v & 0xff;
}

void ia64_hw_eoi(void)
{
	__asm__ volatile("mov cr.eoi = r0;; srlz.d;;");
}

void ia64_hw_send_ipi(unsigned cpu, unsigned vector)
{
	volatile uint64_t *p =
		(volatile uint64_t *)(0xc000000000000000ULL | PIB_BASE |
				      ((uint64_t)cpu << 12));
	*p = vector;
}

unsigned ia64_hw_cpu_id(void)
{
	uint64_t k;
	__asm__ volatile("mov %0 = ar.k4" : "=r"(k));
	return (unsigned)k;
}

void ia64_hw_set_current(struct cpu_user_regs *regs)
{
	__asm__ volatile("mov ar.k7 = %0" ::"r"(regs));
}

void ia64_hw_set_rr(unsigned region, uint64_t rr)
{
	uint64_t va = (uint64_t)region << 61;
	__asm__ volatile("mov rr[%0] = %1;; srlz.d;;" ::"r"(va), "r"(rr));
}

void ia64_hw_insert_tc(bool insn, uint64_t va, uint64_t pte, uint64_t itir)
{
	/* Called with PSR.ic = 1 from C: turn collection off around itc. */
	__asm__ volatile("rsm psr.ic;; srlz.d;;"
			 "mov cr.ifa = %0;; mov cr.itir = %1;;" ::"r"(va),
			 "r"(itir));
	if (insn)
		__asm__ volatile("itc.i %0;;" ::"r"(pte));
	else
		__asm__ volatile("itc.d %0;;" ::"r"(pte));
	__asm__ volatile("ssm psr.ic;; srlz.i;;");
}

void ia64_hw_putc(char c)
{
	volatile uint8_t *lsr = io_port(COM1 + 5), *thr = io_port(COM1);
	while (!(*lsr & 0x20))
		;
	*thr = (uint8_t)c;
}

void ia64_hw_wait(void)
{
	__asm__ volatile("hint @pause");
}

void ia64_hw_halt(int code)
{
	printk("larch: halt (%d)\n", code);
	for (;;)
		__asm__ volatile("hint @pause");
}

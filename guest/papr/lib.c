/* What larch's PAPR test partitions share: hcalls, console output, RTAS. */
#include "papr.h"

struct hret hcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		  uint64_t a3)
{
	register uint64_t r3 __asm__("r3") = nr;
	register uint64_t r4 __asm__("r4") = a0;
	register uint64_t r5 __asm__("r5") = a1;
	register uint64_t r6 __asm__("r6") = a2;
	register uint64_t r7 __asm__("r7") = a3;
	__asm__ __volatile__("sc 1"
			     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			     :
			     : "r0", "r8", "r9", "r10", "r11", "r12", "cr0",
			       "ctr", "xer", "memory");
	return (struct hret){ (long)r3, r4, r5 };
}

void puts_term(const char *s)
{
	while (*s) {
		uint64_t w[2] = { 0, 0 };
		unsigned n = 0;
		for (; n < 16 && s[n]; n++)
			w[n / 8] |= (uint64_t)(uint8_t)s[n]
				    << (56 - 8 * (n % 8));
		hcall(H_PUT_TERM_CHAR, VTERM, n, w[0], w[1]);
		s += n;
	}
}

void put_num(const char *s, uint64_t n, const char *tail)
{
	char buf[24];
	unsigned i = sizeof(buf) - 1;
	buf[i] = 0;
	do
		buf[--i] = (char)('0' + n % 10);
	while ((n /= 10) && i);
	puts_term(s);
	puts_term(buf + i);
	puts_term(tail);
}

uint32_t rtas_args[3 + 16] __attribute__((aligned(16)));

long rtas(uint32_t token, uint32_t nargs, uint32_t nret)
{
	rtas_args[0] = be32(token);
	rtas_args[1] = be32(nargs);
	rtas_args[2] = be32(nret);
	return hc(H_RTAS, (uint64_t)rtas_args, 0, 0, 0);
}

void power_off(void)
{
	rtas_args[3] = rtas_args[4] = 0;
	rtas(RTAS_POWER_OFF, 2, 1);
	for (;;)
		;
}

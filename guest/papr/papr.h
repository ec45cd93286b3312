/* larch's own PAPR test partitions (guest/papr/): built and staged as a
 * pseries kernel is, they talk to the hypervisor only through hcalls. */
#ifndef GUEST_PAPR_H
#define GUEST_PAPR_H

#include <stdint.h>

#include <public/papr.h>

#define VTERM	      PAPR_VTERM_REG /* the console; + k: link k */
#define LINK_IRQ_BASE PAPR_IRQ_LINK  /* link k's XICS source: base + k */

struct hret {
	long rc;
	uint64_t r4, r5;
};

struct hret hcall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		  uint64_t a3);
static inline long hc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
		      uint64_t a3)
{
	return hcall(nr, a0, a1, a2, a3).rc;
}
void puts_term(const char *s);
/* s, then the number in decimal, then tail */
void put_num(const char *s, uint64_t n, const char *tail);
/* An RTAS call with its argument block's words (big-endian) in
 * rtas_args: the status (the first return word), or the hcall's error. */
extern uint32_t rtas_args[3 + 16];
long rtas(uint32_t token, uint32_t nargs, uint32_t nret);
static inline uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}
void power_off(void) __attribute__((noreturn));

#endif

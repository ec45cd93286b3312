/* larch's own PAPR test partitions (guest/papr/): built and staged as a
 * pseries kernel is, they talk to the hypervisor only through hcalls. */
#ifndef GUEST_PAPR_H
#define GUEST_PAPR_H

#include <stdint.h>

/* PAPR hcalls and status values (facts from PAPR / Linux's hvcall.h) */
#define H_SUCCESS	    0
#define H_FUNCTION	    (-2)
#define H_PARAMETER	    (-4)
#define H_P2		    (-55)
#define H_P4		    (-57)
#define H_GET_TERM_CHAR	    0x54
#define H_PUT_TERM_CHAR	    0x58
#define H_EOI		    0x64
#define H_CPPR		    0x68
#define H_IPI		    0x6c
#define H_IPOLL		    0x70
#define H_XIRR		    0x74
#define H_REGISTER_VPA	    0xdc
#define H_PROD		    0xe8
#define H_SET_MODE	    0x31c
#define H_REGISTER_PROC_TBL 0x37c
#define H_RTAS		    0xf000
#define VTERM		    0x30000000 /* the console; + k: link k */
#define LINK_IRQ_BASE	    0x1000     /* link k's XICS source: base + k */
/* larch's RTAS tokens (arch/ppc/papr/papr.h, named in /rtas) */
#define RTAS_GET_TIME_OF_DAY 2
#define RTAS_SET_TIME_OF_DAY 3
#define RTAS_POWER_OFF	     4
#define RTAS_SET_XIVE	     11

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

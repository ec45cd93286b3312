/* The PAPR side of make bench ARCH=ppc (docs/performance.md): a partition
 * built as a pseries kernel is, measuring in instructions (-icount
 * shift=0: one instruction per ns; the timebase runs at 512 MHz) what the
 * rhype way of delivering an interrupt costs: the partition is not
 * interrupted but asks the hypervisor, by hcall, what arrived. Its link 1
 * (terminal 0x30000001, XICS source 0x1001) is an event channel to the
 * "linux-peer" test domain on the other pCPU, which echoes every event.
 * It takes no interrupt (MSR[EE]=0, but for the instant after H_CEDE,
 * with its DEC far away: the -icount image synthesizes no 0x500) and
 * prints "BENCH <metric> <value>", per one-way event as the test guests'
 * event_cross_pcpu is (a round trip is two). */
#include "papr.h"

#define N_HCALL 20000
#define N_TRIPS 2000
#define LINK	1
#define TB_HZ	512000000ULL

static inline uint64_t mftb(void)
{
	uint64_t t;
	__asm__ __volatile__("mftb %0" : "=r"(t));
	return t;
}

static inline void dec_far(void)
{
	__asm__ __volatile__("mtdec %0" ::"r"(0x7fffffffULL));
}

static inline void ee_off(void)
{
	__asm__ __volatile__("mtmsrd %0, 1" ::"r"(0ULL) : "memory");
}

/* tenths of an instruction per operation */
static uint64_t per_op_x10(uint64_t ticks, uint64_t n)
{
	return ticks * 10000000000ULL / TB_HZ / n;
}

static void report(const char *metric, uint64_t x10)
{
	char tail[4] = { '.', (char)('0' + x10 % 10), '\n', 0 };
	puts_term("BENCH ");
	puts_term(metric);
	put_num(" ", x10 / 10, tail);
}

static uint64_t loop_ticks(unsigned n)
{
	uint64_t t0 = mftb();
	for (unsigned i = 0; i < n; i++)
		__asm__ __volatile__("" ::: "memory");
	return mftb() - t0;
}

/* n calls of one hcall, less the loop's own cost */
static void hcall_cost(const char *metric, uint64_t nr, uint64_t a0)
{
	uint64_t base = loop_ticks(N_HCALL);
	uint64_t t0 = mftb();
	for (unsigned i = 0; i < N_HCALL; i++)
		hc(nr, a0, 0, 0, 0);
	report(metric, per_op_x10(mftb() - t0 - base, N_HCALL));
}

/* Wait for the link's answer: H_CEDE (sleep until it arrives) or, when
 * poll, H_XIRR over and over; then accept it, read its byte, end it.
 * Returns the bytes read; counts the H_XIRR calls in *asks. */
static uint64_t await_answer(int poll, uint64_t *asks)
{
	for (;;) {
		if (!poll) {
			dec_far();
			hc(H_CEDE, 0, 0, 0, 0);
			ee_off();
		}
		struct hret x = hcall(H_XIRR, 0, 0, 0, 0);
		(*asks)++;
		if ((x.r4 & 0xffffff) == LINK_IRQ_BASE + LINK) {
			uint64_t n =
				hcall(H_GET_TERM_CHAR, VTERM + LINK, 0, 0, 0)
					.r4;
			hc(H_EOI, x.r4, 0, 0, 0);
			return n;
		}
	}
}

/* N_TRIPS round trips: a byte (an event) out, the answer back */
static void round_trips(const char *metric, int poll)
{
	uint64_t asks = 0, got = 0;
	uint64_t t0 = mftb();
	for (unsigned i = 0; i < N_TRIPS; i++) {
		hc(H_PUT_TERM_CHAR, VTERM + LINK, 1, (uint64_t)'p' << 56, 0);
		got += await_answer(poll, &asks);
	}
	uint64_t ticks = mftb() - t0;
	report(metric, per_op_x10(ticks, 2 * N_TRIPS));
	put_num("papr-bench: ", N_TRIPS, " sent, ");
	put_num("", got, " answers, ");
	put_num("", asks, " H_XIRR\n");
}

void papr_main(uint64_t fdt);
void papr_main(uint64_t fdt)
{
	(void)fdt;
	puts_term("papr-bench: start\n");
	/* an hcall that changes nothing: the CPPR it already has */
	hc(H_CPPR, 0xff, 0, 0, 0);
	hcall_cost("papr_hcall_null", H_CPPR, 0xff);
	/* asking with nothing there */
	hcall_cost("papr_xirr_empty", H_XIRR, 0);
	/* the link's source to this vCPU at priority 5 (ibm,set-xive) */
	rtas_args[3] = be32(LINK_IRQ_BASE + LINK);
	rtas_args[4] = 0;
	rtas_args[5] = be32(5);
	if (rtas(RTAS_SET_XIVE, 3, 1) || rtas_args[6]) {
		puts_term("papr-bench: ibm,set-xive failed\n");
		power_off();
	}
	/* sleeping until it arrives, as the test guests' SCHEDOP_block and
	 * Linux's idle H_CEDE do; then asking without sleeping */
	round_trips("papr_event_cross_pcpu", 0);
	round_trips("papr_poll_event_cross_pcpu", 1);
	power_off();
}

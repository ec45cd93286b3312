/* Host test of the XICS state machine a PAPR partition drives
 * (arch/ppc/papr/xics_state.c): presentation by priority, acceptance and
 * EOI, level sources re-presented, routing and masking, and every bad
 * argument refused with nothing changed. */
#include <stdint.h>
#include "harness.h"
#include "../arch/ppc/papr/xics_state.c"

HARNESS_DEFINE("ppc");

#define BASE 0x1000
#define NR   3

static struct xics_source src[NR];
static bool line[NR + 1]; /* asserted, by source index 1..NR */
static struct xics_icp icp0, icp1;

static bool asserted(const void *ctx, unsigned k)
{
	(void)ctx;
	return line[k];
}

static struct xics_ics ics = {
	.src = src,
	.nr = NR,
	.base = BASE,
	.asserted = asserted,
};

static void reset(void)
{
	xics_ics_reset(&ics);
	xics_icp_reset(&icp0);
	xics_icp_reset(&icp1);
	memset(line, 0, sizeof(line));
}

static uint32_t best(const struct xics_icp *icp, uint32_t server)
{
	uint8_t prio;
	return xics_best(icp, server, &ics, &prio);
}

static void nothing_out_of_reset(void)
{
	reset();
	line[1] = true;
	icp0.mfrr = 0;
	EXPECT_EQ(best(&icp0, 0), 0); /* CPPR 0 holds everything back */
	icp0.cppr = 0xff;
	icp0.mfrr = 0xff;
	EXPECT_EQ(best(&icp0, 0), 0); /* source masked (prio 0xff) */
	EXPECT_EQ(xics_accept(&icp0, 0, &ics), 0xff000000u);
	EXPECT_EQ(icp0.cppr, 0xff);
}

static void ipi_by_priority(void)
{
	reset();
	icp0.cppr = 5;
	icp0.mfrr = 5;
	EXPECT_EQ(best(&icp0, 0), 0); /* not more favoured than CPPR */
	icp0.mfrr = 4;
	EXPECT_EQ(best(&icp0, 0), XICS_IPI);
	EXPECT_EQ(xics_accept(&icp0, 0, &ics), 0x05000000u | XICS_IPI);
	EXPECT_EQ(icp0.cppr, 4);
	EXPECT_EQ(best(&icp0, 0), 0); /* now at its priority */
	icp0.mfrr = 0xff;	      /* Linux clears its IPI... */
	EXPECT_EQ(xics_eoi(&icp0, &ics, 0x05000000u | XICS_IPI), 0);
	EXPECT_EQ(icp0.cppr, 5); /* ...and EOIs back to 5 */
	EXPECT_EQ(best(&icp0, 0), 0);
}

static void source_routing_and_level(void)
{
	reset();
	icp0.cppr = icp1.cppr = 0xff;
	EXPECT_EQ(xics_set_xive(&ics, BASE + 2, 1, 5, 2), 0);
	line[2] = true;
	EXPECT_EQ(best(&icp0, 0), 0); /* routed to server 1 */
	EXPECT_EQ(best(&icp1, 1), BASE + 2);
	EXPECT_EQ(xics_accept(&icp1, 1, &ics), 0xff000000u | (BASE + 2));
	EXPECT(src[1].in_service);
	EXPECT_EQ(best(&icp1, 1), 0);
	icp1.cppr = 0xff; /* even with the CPPR opened before the EOI: */
	EXPECT_EQ(best(&icp1, 1), 0); /* in service: not offered again */
	EXPECT_EQ(xics_eoi(&icp1, &ics, 0xff000000u | (BASE + 2)), 0);
	EXPECT_EQ(best(&icp1, 1), BASE + 2); /* still asserted: level */
	line[2] = false;
	EXPECT_EQ(best(&icp1, 1), 0);
}

static void most_favoured_wins(void)
{
	reset();
	icp0.cppr = 0xff;
	EXPECT_EQ(xics_set_xive(&ics, BASE + 1, 0, 7, 1), 0);
	EXPECT_EQ(xics_set_xive(&ics, BASE + 3, 0, 3, 1), 0);
	line[1] = line[3] = true;
	icp0.mfrr = 5;
	EXPECT_EQ(best(&icp0, 0), BASE + 3); /* 3 beats the IPI's 5 */
	xics_accept(&icp0, 0, &ics);
	EXPECT_EQ(icp0.cppr, 3);
	EXPECT_EQ(best(&icp0, 0), 0); /* nothing beats 3 now */
	EXPECT_EQ(xics_eoi(&icp0, &ics, 0xff000000u | (BASE + 3)), 0);
	line[3] = false;
	EXPECT_EQ(best(&icp0, 0), XICS_IPI); /* then the IPI, then 7 */
}

static void int_off_holds_source(void)
{
	reset();
	icp0.cppr = 0xff;
	EXPECT_EQ(xics_set_xive(&ics, BASE + 1, 0, 5, 1), 0);
	line[1] = true;
	EXPECT_EQ(xics_int_on(&ics, BASE + 1, false), 0);
	EXPECT_EQ(best(&icp0, 0), 0);
	EXPECT_EQ(xics_int_on(&ics, BASE + 1, true), 0);
	EXPECT_EQ(best(&icp0, 0), BASE + 1);
	uint32_t server, prio;
	EXPECT_EQ(xics_get_xive(&ics, BASE + 1, &server, &prio), 0);
	EXPECT_EQ(server, 0);
	EXPECT_EQ(prio, 5);
}

static void bad_arguments_change_nothing(void)
{
	reset();
	icp0.cppr = 0x20;
	struct xics_source before[NR];
	memcpy(before, src, sizeof(src));
	/* not a source: below, at and above the range */
	EXPECT_EQ(xics_set_xive(&ics, BASE, 0, 5, 2), -1);
	EXPECT_EQ(xics_set_xive(&ics, BASE + NR + 1, 0, 5, 2), -1);
	EXPECT_EQ(xics_set_xive(&ics, 1ull << 40, 0, 5, 2), -1);
	/* a server that does not exist, a priority out of range */
	EXPECT_EQ(xics_set_xive(&ics, BASE + 1, 2, 5, 2), -1);
	EXPECT_EQ(xics_set_xive(&ics, BASE + 1, 1ull << 33, 5, 2), -1);
	EXPECT_EQ(xics_set_xive(&ics, BASE + 1, 0, 0x100, 2), -1);
	EXPECT_EQ(xics_int_on(&ics, BASE + NR + 1, true), -1);
	uint32_t server = 77, prio = 77;
	EXPECT_EQ(xics_get_xive(&ics, 5, &server, &prio), -1);
	EXPECT_EQ(server, 77);
	EXPECT(memcmp(before, src, sizeof(src)) == 0);
	/* H_EOI of a source the partition does not own */
	EXPECT_EQ(xics_eoi(&icp0, &ics, 0x05000000u | 0x777), -1);
	EXPECT_EQ(xics_eoi(&icp0, &ics, 0x05000000u | (BASE + NR + 1)), -1);
	EXPECT_EQ(icp0.cppr, 0x20);
}

int main(void)
{
	RUN("xics", nothing_out_of_reset);
	RUN("xics", ipi_by_priority);
	RUN("xics", source_routing_and_level);
	RUN("xics", most_favoured_wins);
	RUN("xics", int_off_holds_source);
	RUN("xics", bad_arguments_change_nothing);
	return harness_failed ? 1 : 0;
}

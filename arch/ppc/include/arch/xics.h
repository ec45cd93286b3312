/* The XICS interrupt controller's state machine, as PAPR defines it for a
 * partition: per vCPU a presentation controller (ICP: current processor
 * priority CPPR, IPI request MFRR), and a source controller (ICS) whose
 * sources each have a server (vCPU), a priority (0xff: masked), an on/off
 * switch and an in-service flag. Lower numbers are more favoured. Pure C:
 * built into the hypervisor (papr/xics_state.c; papr/xics.c is the glue)
 * and into a host test (tests/test_ppc_xics.c). */
#ifndef ARCH_PPC_XICS_H
#define ARCH_PPC_XICS_H

#include <stdbool.h>
#include <stdint.h>

#define XICS_IPI	2    /* the IPI's source number */
#define XICS_PRIO_LEAST 0xff /* masked / nothing to present */

struct xics_icp {
	uint8_t cppr, mfrr;
};

struct xics_source {
	uint32_t server;
	uint8_t prio;
	bool off, in_service;
};

/* A partition's sources: numbers base + 1 .. base + nr, level triggered:
 * asserted(ctx, k) says whether source k (1..nr) has something waiting. */
struct xics_ics {
	struct xics_source *src;
	unsigned nr;
	uint32_t base;
	bool (*asserted)(const void *ctx, unsigned k);
	const void *ctx;
};

/* Out of reset: everything masked, no IPI. */
void xics_icp_reset(struct xics_icp *icp);
void xics_ics_reset(struct xics_ics *ics);

/* The interrupt the ICP of vCPU `server` would present: its source number
 * (0: none beats the CPPR), and its priority in *prio. */
uint32_t xics_best(const struct xics_icp *icp, uint32_t server,
		   const struct xics_ics *ics, uint8_t *prio);
/* H_XIRR: accept it; returns the XIRR (old CPPR << 24 | source). */
uint32_t xics_accept(struct xics_icp *icp, uint32_t server,
		     struct xics_ics *ics);
/* H_EOI: -1 if the XIRR names no source of this partition. */
int xics_eoi(struct xics_icp *icp, struct xics_ics *ics, uint64_t xirr);
/* ibm,set-xive / ibm,get-xive / ibm,int-on and -off: -1 for a number that
 * is not one of the partition's sources, a server at or above nr_servers
 * or a priority above 0xff. */
int xics_set_xive(struct xics_ics *ics, uint64_t irq, uint64_t server,
		  uint64_t prio, uint32_t nr_servers);
int xics_get_xive(const struct xics_ics *ics, uint64_t irq, uint32_t *server,
		  uint32_t *prio);
int xics_int_on(struct xics_ics *ics, uint64_t irq, bool on);
/* The source index k (1..nr) an interrupt number names, 0 if none. */
unsigned xics_source_index(const struct xics_ics *ics, uint64_t irq);

#endif

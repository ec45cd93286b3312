/* The XICS state machine (arch/ppc/include/arch/xics.h). */
#include <arch/xics.h>

void xics_icp_reset(struct xics_icp *icp)
{
	icp->cppr = 0; /* all masked until the partition opens its CPPR */
	icp->mfrr = XICS_PRIO_LEAST;
}

void xics_ics_reset(struct xics_ics *ics)
{
	for (unsigned k = 0; k < ics->nr; k++)
		ics->src[k] = (struct xics_source){ .prio = XICS_PRIO_LEAST };
}

unsigned xics_source_index(const struct xics_ics *ics, uint64_t irq)
{
	if (irq <= ics->base || irq - ics->base > ics->nr)
		return 0;
	return (unsigned)(irq - ics->base);
}

uint32_t xics_best(const struct xics_icp *icp, uint32_t server,
		   const struct xics_ics *ics, uint8_t *prio)
{
	uint32_t best = 0;
	*prio = icp->cppr;
	if (icp->mfrr < *prio) {
		*prio = icp->mfrr;
		best = XICS_IPI;
	}
	for (unsigned k = 1; k <= ics->nr; k++) {
		const struct xics_source *s = &ics->src[k - 1];
		if (s->server == server && !s->off && !s->in_service &&
		    s->prio < *prio && ics->asserted(ics->ctx, k)) {
			*prio = s->prio;
			best = ics->base + k;
		}
	}
	return best;
}

uint32_t xics_accept(struct xics_icp *icp, uint32_t server,
		     struct xics_ics *ics)
{
	uint8_t prio;
	uint32_t src = xics_best(icp, server, ics, &prio);
	uint32_t xirr = (uint32_t)icp->cppr << 24 | src;
	if (src) {
		icp->cppr = prio;
		unsigned k = xics_source_index(ics, src);
		if (k)
			ics->src[k - 1].in_service = true;
	}
	return xirr;
}

int xics_eoi(struct xics_icp *icp, struct xics_ics *ics, uint64_t xirr)
{
	uint32_t src = xirr & 0xffffff;
	unsigned k = xics_source_index(ics, src);
	if (src != XICS_IPI && src != 0 && !k)
		return -1;
	if (k)
		ics->src[k - 1].in_service = false;
	icp->cppr = (uint8_t)(xirr >> 24);
	return 0;
}

int xics_set_xive(struct xics_ics *ics, uint64_t irq, uint64_t server,
		  uint64_t prio, uint32_t nr_servers)
{
	unsigned k = xics_source_index(ics, irq);
	if (!k || server >= nr_servers || prio > XICS_PRIO_LEAST)
		return -1;
	ics->src[k - 1].server = (uint32_t)server;
	ics->src[k - 1].prio = (uint8_t)prio;
	return 0;
}

int xics_get_xive(const struct xics_ics *ics, uint64_t irq, uint32_t *server,
		  uint32_t *prio)
{
	unsigned k = xics_source_index(ics, irq);
	if (!k)
		return -1;
	*server = ics->src[k - 1].server;
	*prio = ics->src[k - 1].prio;
	return 0;
}

int xics_int_on(struct xics_ics *ics, uint64_t irq, bool on)
{
	unsigned k = xics_source_index(ics, irq);
	if (!k)
		return -1;
	ics->src[k - 1].off = !on;
	return 0;
}

/* XICS, the interrupt controller a pseries partition drives by hcall: one
 * presentation controller (ICP) per vCPU with its current processor
 * priority (CPPR), its IPI request (MFRR) and the source it has accepted;
 * lower numbers are more favoured, 0xff is least. The partition asks which
 * interrupt arrived (H_XIRR), ends it (H_EOI), sets its priority (H_CPPR)
 * and sends IPIs (H_IPI); larch tells it that one is waiting by an external
 * interrupt at its 0x500 when its MSR[EE] is 1 (partition.c's entry path,
 * papr_deliver below). Sources: the IPI (number 2) and one per terminal
 * link (vterm.c), asserted while an event waits on its channel (level
 * triggered: accepted, it is not offered again until its H_EOI). */
#include <larch/atomic.h>
#include <larch/console.h>
#include <larch/sched.h>
#include <larch/vcpu_irq.h>
#include "../ppc.h"
#include "papr.h"

#define XICS_IPI   2
#define PRIO_LEAST 0xff

static struct vcpu *server_vcpu(struct domain *d, uint64_t server)
{
	return server < d->nr_vcpus ? &d->vcpus[server] : NULL;
}

/* The link source irq names: its index k (1..), or 0 if none. */
static unsigned link_of(const struct domain *d, uint64_t irq)
{
	if (irq <= PAPR_IRQ_LINK || irq - PAPR_IRQ_LINK > papr_nr_links(d))
		return 0;
	return (unsigned)(irq - PAPR_IRQ_LINK);
}

static bool link_asserted(const struct domain *d, unsigned k)
{
	return test_bit(papr_link_port(d, k), d->evtchn_pending);
}

/* The most favoured interrupt v's ICP would present: its source number
 * and priority; 0 when none beats the CPPR. */
static uint32_t best_source(const struct vcpu *v, uint8_t *prio)
{
	const struct ppc_papr_vcpu *p = &v->arch.papr;
	const struct domain *d = v->domain;
	uint32_t src = 0;
	*prio = p->cppr;
	if (p->mfrr < *prio) {
		*prio = p->mfrr;
		src = XICS_IPI;
	}
	for (unsigned k = 1; k <= papr_nr_links(d); k++) {
		const struct ppc_ics_source *s = &d->arch.ics[k - 1];
		if (s->server == v->vcpu_id && !s->off && !s->in_service &&
		    s->prio < *prio && link_asserted(d, k)) {
			*prio = s->prio;
			src = PAPR_IRQ_LINK + k;
		}
	}
	return src;
}

bool papr_xics_pending(const struct vcpu *v)
{
	uint8_t prio;
	return best_source(v, &prio) != 0;
}

/* H_XIRR / H_XIRR_X: accept the most favoured interrupt: its priority
 * becomes the CPPR; r4 = old CPPR << 24 | source (0: none). */
long papr_xirr(struct vcpu *v, bool with_time)
{
	struct ppc_papr_vcpu *p = &v->arch.papr;
	struct cpu_user_regs *r = &v->arch.regs;
	uint8_t prio;
	uint32_t src = best_source(v, &prio);
	r->gpr[4] = (uint64_t)p->cppr << 24 | src;
	if (src) {
		p->cppr = prio;
		p->counted = false;
	}
	unsigned k = link_of(v->domain, src);
	if (k)
		v->domain->arch.ics[k - 1].in_service = true;
	if (with_time)
		r->gpr[5] = mftb();
	return H_SUCCESS;
}

/* H_EOI(xirr): the source is done; the CPPR goes back to xirr's. A link
 * source still asserted is offered again. */
long papr_eoi(struct vcpu *v, uint64_t xirr)
{
	uint32_t src = xirr & 0xffffff;
	unsigned k = link_of(v->domain, src);
	if (src != XICS_IPI && src != 0 && !k)
		return H_PARAMETER; /* not a source of this partition */
	if (k)
		v->domain->arch.ics[k - 1].in_service = false;
	v->arch.papr.cppr = (uint8_t)(xirr >> 24);
	return H_SUCCESS;
}

long papr_cppr(struct vcpu *v, uint64_t cppr)
{
	v->arch.papr.cppr = (uint8_t)cppr;
	return H_SUCCESS;
}

/* H_IPI(server, mfrr): an IPI request at that priority (0xff: none). */
long papr_ipi(struct vcpu *v, uint64_t server, uint64_t mfrr)
{
	struct vcpu *t = server_vcpu(v->domain, server);
	if (!t)
		return H_PARAMETER;
	__atomic_store_n(&t->arch.papr.mfrr, (uint8_t)mfrr, __ATOMIC_SEQ_CST);
	if (papr_xics_pending(t))
		sched_kick(t);
	return H_SUCCESS;
}

/* H_IPOLL(server): what H_XIRR would say, accepting nothing; r5 = MFRR. */
long papr_ipoll(struct vcpu *v, uint64_t server)
{
	struct vcpu *t = server_vcpu(v->domain, server);
	if (!t)
		return H_PARAMETER;
	const struct ppc_papr_vcpu *p = &t->arch.papr;
	uint8_t prio;
	v->arch.regs.gpr[4] = (uint64_t)p->cppr << 24 | best_source(t, &prio);
	v->arch.regs.gpr[5] = p->mfrr;
	return H_SUCCESS;
}

/* On every entry of a partition vCPU: an interrupt waiting and MSR[EE]=1:
 * the external interrupt at its 0x500 now (through SRR0/SRR1, as the
 * hardware would). MSR[EE]=0 (Linux hard-disabled): no mediated external
 * interrupt under QEMU 7.2 (DESIGN.md), so the hypervisor decrementer
 * brings larch back shortly to look again. Counted both ways. */
#define HARD_MASKED_RECHECK_TB 25600 /* 50 us at 512 MHz */
void papr_deliver(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct ppc_papr_vcpu *p = &v->arch.papr;
	uint8_t prio;
	papr_events_seen(v);
	uint32_t src = best_source(v, &prio);
	if (!src)
		return;
	/* each interrupt is counted once, by the MSR[EE] it first found
	 * (until H_XIRR accepts it) */
	bool link = src != XICS_IPI, ee = r->msr & MSR_EE;
	if (!p->counted) {
		p->counted = true;
		*(ee ? &p->irq_at_ee1 : &p->irq_at_ee0) += 1;
		*(ee ? &p->link_at_ee1 : &p->link_at_ee0) += link;
	}
	if (ee && !ppc_entry_rfid) {
		r->srr0 = r->nip;
		r->srr1 = r->msr;
		r->nip = 0x500;
		r->msr = MSR_SF | MSR_ME | MSR_LE;
		return;
	}
	if ((int64_t)(int32_t)mfspr(SPR_HDEC) > HARD_MASKED_RECHECK_TB)
		mtspr(SPR_HDEC, HARD_MASKED_RECHECK_TB);
}

/* A partition sees its events as link sources, read from the pending
 * bitmap, never as upcalls: the upcall flags are dropped before the bitmap
 * is looked at, so the next event's sender kicks the vCPU again. */
void papr_events_seen(struct vcpu *v)
{
	__atomic_store_n(&v->vcpu_info->evtchn_upcall_pending, 0,
			 __ATOMIC_SEQ_CST);
	__atomic_store_n(&v->vcpu_info->evtchn_pending_sel, 0,
			 __ATOMIC_SEQ_CST);
}

/* RTAS ibm,set-xive: route link source irq to a vCPU at a priority; the
 * event channel's notifications then kick that vCPU. */
int papr_ics_set_xive(struct domain *d, uint32_t irq, uint32_t server,
		      uint32_t prio)
{
	unsigned k = link_of(d, irq);
	if (!k || server >= d->nr_vcpus || prio > PRIO_LEAST)
		return -1;
	struct ppc_ics_source *s = &d->arch.ics[k - 1];
	s->server = server;
	s->prio = (uint8_t)prio;
	d->evtchn[papr_link_port(d, k)].notify_vcpu = (uint16_t)server;
	if (link_asserted(d, k))
		sched_kick(&d->vcpus[server]);
	return 0;
}

int papr_ics_get_xive(struct domain *d, uint32_t irq, uint32_t *server,
		      uint32_t *prio)
{
	unsigned k = link_of(d, irq);
	if (!k)
		return -1;
	*server = d->arch.ics[k - 1].server;
	*prio = d->arch.ics[k - 1].prio;
	return 0;
}

/* ibm,int-on / ibm,int-off */
int papr_ics_int_on(struct domain *d, uint32_t irq, bool on)
{
	unsigned k = link_of(d, irq);
	if (!k)
		return -1;
	d->arch.ics[k - 1].off = !on;
	if (on && link_asserted(d, k))
		sched_kick(&d->vcpus[d->arch.ics[k - 1].server]);
	return 0;
}

/* At the partition's power-off or reboot: how its interrupts found it
 * (docs/performance.md compares the two). */
void papr_report(struct domain *d)
{
	uint64_t ee1 = 0, ee0 = 0, link1 = 0, link0 = 0;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		const struct ppc_papr_vcpu *p = &d->vcpus[i].arch.papr;
		ee1 += p->irq_at_ee1;
		ee0 += p->irq_at_ee0;
		link1 += p->link_at_ee1;
		link0 += p->link_at_ee0;
	}
	printk("larch: domain %u (%s): XICS interrupts: %llu at MSR[EE]=1, "
	       "%llu at MSR[EE]=0 (hard-disabled)\n",
	       d->domid, d->name, (unsigned long long)ee1,
	       (unsigned long long)ee0);
	printk("larch: domain %u (%s): XICS link interrupts: %llu at "
	       "MSR[EE]=1, %llu at MSR[EE]=0\n",
	       d->domid, d->name, (unsigned long long)link1,
	       (unsigned long long)link0);
}

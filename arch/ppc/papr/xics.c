/* XICS for a PAPR partition: the hcalls and RTAS calls of the interrupt
 * controller a pseries kernel drives, on the state machine of
 * arch/ppc/include/arch/xics.h. The partition asks which interrupt arrived
 * (H_XIRR), ends it (H_EOI), sets its priority (H_CPPR) and sends IPIs
 * (H_IPI); larch tells it that one waits by an external interrupt at its
 * 0x500 when its MSR[EE] is 1 (papr_deliver, on every entry). Sources: the
 * IPI (number 2), the console's input (vterm.c; larch looks at the UART
 * every 20 ms while it is on) and one per terminal link, asserted while an
 * event waits on its channel. */
#include <larch/atomic.h>
#include <larch/console.h>
#include <larch/sched.h>
#include "../ppc.h"
#include "papr.h"

/* Source index k: 1 the console (PAPR_IRQ_LINK), k > 1 link k - 1. */
static bool source_asserted(const void *ctx, unsigned k)
{
	const struct domain *d = ctx;
	if (k == 1)
		return papr_console_input_waiting(d);
	return test_bit(papr_link_port(d, k - 1), d->evtchn_pending);
}

static struct xics_ics ics_of(const struct domain *d)
{
	return (struct xics_ics){
		.src = d->arch.papr->ics,
		.nr = papr_nr_links(d) + 1,
		.base = PAPR_IRQ_LINK - 1,
		.asserted = source_asserted,
		.ctx = d,
	};
}

/* The console's source on: larch looks at the UART every
 * PAPR_CONSOLE_POLL_NS and kicks the source's vCPU when input waits. */
static void console_poll(void *data)
{
	struct domain *d = data;
	struct ppc_papr_domain *pd = d->arch.papr;
	if (!pd || d->state != DOM_RUNNING)
		return;
	const struct xics_source *s = &pd->ics[0];
	if (s->off || s->prio == XICS_PRIO_LEAST)
		return; /* masked: ibm,set-xive or int-on starts it again */
	if (papr_console_input_waiting(d))
		sched_kick(&d->vcpus[s->server]);
	timer_set(&pd->console_poll, arch_now() + PAPR_CONSOLE_POLL_NS);
}

static void source_changed(struct domain *d, unsigned k)
{
	const struct xics_source *s = &d->arch.papr->ics[k - 1];
	if (k == 1) {
		struct timer *t = &d->arch.papr->console_poll;
		timer_stop(t);
		timer_init(t, console_poll, d, d->vcpus[s->server].processor);
		console_poll(d);
	} else {
		/* the event channel's notifications kick the source's vCPU */
		d->evtchn[papr_link_port(d, k - 1)].notify_vcpu =
			(uint16_t)s->server;
		if (!s->off && source_asserted(d, k))
			sched_kick(&d->vcpus[s->server]);
	}
}

void papr_xics_teardown(struct domain *d)
{
	timer_stop(&d->arch.papr->console_poll);
}

static struct vcpu *server_vcpu(struct domain *d, uint64_t server)
{
	return server < d->nr_vcpus ? &d->vcpus[server] : NULL;
}

void papr_xics_reset(struct domain *d)
{
	struct xics_ics ics = ics_of(d);
	ics.nr = PAPR_NR_SOURCES;
	timer_init(&d->arch.papr->console_poll, console_poll, d, 0);
	xics_ics_reset(&ics);
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		xics_icp_reset(&d->vcpus[i].arch.papr->icp);
}

bool papr_xics_pending(const struct vcpu *v)
{
	struct xics_ics ics = ics_of(v->domain);
	uint8_t prio;
	return xics_best(&v->arch.papr->icp, v->vcpu_id, &ics, &prio) != 0;
}

/* H_XIRR / H_XIRR_X: r4 = the accepted XIRR (r5 = the timebase). */
long papr_xirr(struct vcpu *v, bool with_time)
{
	struct xics_ics ics = ics_of(v->domain);
	uint32_t xirr = xics_accept(&v->arch.papr->icp, v->vcpu_id, &ics);
	v->arch.regs.gpr[4] = xirr;
	if (xirr & 0xffffff)
		v->arch.papr->counted = false;
	if (with_time)
		v->arch.regs.gpr[5] = mftb();
	return H_SUCCESS;
}

long papr_eoi(struct vcpu *v, uint64_t xirr)
{
	struct xics_ics ics = ics_of(v->domain);
	return xics_eoi(&v->arch.papr->icp, &ics, xirr) ? H_PARAMETER
							: H_SUCCESS;
}

long papr_cppr(struct vcpu *v, uint64_t cppr)
{
	v->arch.papr->icp.cppr = (uint8_t)cppr;
	return H_SUCCESS;
}

/* H_IPI(server, mfrr): an IPI request at that priority (0xff: none). */
long papr_ipi(struct vcpu *v, uint64_t server, uint64_t mfrr)
{
	struct vcpu *t = server_vcpu(v->domain, server);
	if (!t)
		return H_PARAMETER;
	__atomic_store_n(&t->arch.papr->icp.mfrr, (uint8_t)mfrr,
			 __ATOMIC_SEQ_CST);
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
	struct xics_ics ics = ics_of(t->domain);
	const struct xics_icp *icp = &t->arch.papr->icp;
	uint8_t prio;
	v->arch.regs.gpr[4] = (uint64_t)icp->cppr << 24 |
			      xics_best(icp, t->vcpu_id, &ics, &prio);
	v->arch.regs.gpr[5] = icp->mfrr;
	return H_SUCCESS;
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

/* On every entry of a partition vCPU: an interrupt waiting and MSR[EE]=1:
 * the external interrupt at its 0x500 now (through SRR0/SRR1, as the
 * hardware would). MSR[EE]=0 (Linux hard-disabled): true, the caller sets
 * LPCR[MER], which on POWER9 mediates the interrupt the moment the
 * partition sets EE; QEMU 7.2 ignores MER (DESIGN.md), so the hypervisor
 * decrementer also brings larch back shortly to look again. Each interrupt
 * is counted once, by the MSR[EE] it first found (until H_XIRR accepts
 * it). */
#define HARD_MASKED_RECHECK_TB 25600 /* 50 us at 512 MHz */
static bool papr_deliver(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct ppc_papr_vcpu *p = v->arch.papr;
	struct xics_ics ics = ics_of(v->domain);
	uint8_t prio;
	papr_events_seen(v);
	uint32_t src = xics_best(&p->icp, v->vcpu_id, &ics, &prio);
	if (!src)
		return false;
	bool link = src > PAPR_IRQ_LINK, ee = r->msr & MSR_EE;
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
		return false;
	}
	if ((int64_t)(int32_t)mfspr(SPR_HDEC) > HARD_MASKED_RECHECK_TB)
		mtspr(SPR_HDEC, HARD_MASKED_RECHECK_TB);
	return true;
}

/* RTAS ibm,set-xive: route source irq to a vCPU at a priority. */
int papr_ics_set_xive(struct domain *d, uint32_t irq, uint32_t server,
		      uint32_t prio)
{
	struct xics_ics ics = ics_of(d);
	if (xics_set_xive(&ics, irq, server, prio, d->nr_vcpus))
		return -1;
	source_changed(d, xics_source_index(&ics, irq));
	return 0;
}

int papr_ics_get_xive(struct domain *d, uint32_t irq, uint32_t *server,
		      uint32_t *prio)
{
	struct xics_ics ics = ics_of(d);
	return xics_get_xive(&ics, irq, server, prio);
}

/* ibm,int-on / ibm,int-off */
int papr_ics_int_on(struct domain *d, uint32_t irq, bool on)
{
	struct xics_ics ics = ics_of(d);
	if (xics_int_on(&ics, irq, on))
		return -1;
	source_changed(d, xics_source_index(&ics, irq));
	return 0;
}

/* At the partition's power-off or reboot: how its interrupts found it
 * (docs/performance.md compares the two). */
void papr_report(struct domain *d)
{
	uint64_t ee1 = 0, ee0 = 0, link1 = 0, link0 = 0;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		const struct ppc_papr_vcpu *p = d->vcpus[i].arch.papr;
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

/* The entry's delivery, and LPCR[MER] for an interrupt left waiting. */
void papr_prepare_entry(struct vcpu *v)
{
	uint64_t lpcr = mfspr(SPR_LPCR);
	uint64_t want = papr_deliver(v) ? lpcr | LPCR_MER : lpcr & ~LPCR_MER;
	if (want != lpcr)
		mtspr(SPR_LPCR, want);
}

/* XICS, the interrupt controller a pseries partition drives by hcall: one
 * presentation controller (ICP) per vCPU with its current processor
 * priority (CPPR), its IPI request (MFRR) and the source it has accepted;
 * lower numbers are more favoured, 0xff is least. The partition asks which
 * interrupt arrived (H_XIRR), ends it (H_EOI), sets its priority (H_CPPR)
 * and sends IPIs (H_IPI); larch tells it that one is waiting by an external
 * interrupt at its 0x500 when its MSR[EE] is 1 (partition.c's entry path,
 * papr_deliver below). Sources: the IPI (number 2); device sources come
 * with the devices that raise them. */
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

/* The most favoured interrupt this ICP would present: its source number
 * and priority; 0 when none beats the CPPR. */
static uint32_t best_source(const struct ppc_papr_vcpu *p, uint8_t *prio)
{
	if (p->mfrr < p->cppr) {
		*prio = p->mfrr;
		return XICS_IPI;
	}
	return 0;
}

bool papr_xics_pending(const struct vcpu *v)
{
	uint8_t prio;
	return best_source(&v->arch.papr, &prio) != 0;
}

/* H_XIRR / H_XIRR_X: accept the most favoured interrupt: its priority
 * becomes the CPPR; r4 = old CPPR << 24 | source (0: none). */
long papr_xirr(struct vcpu *v, bool with_time)
{
	struct ppc_papr_vcpu *p = &v->arch.papr;
	struct cpu_user_regs *r = &v->arch.regs;
	uint8_t prio;
	uint32_t src = best_source(p, &prio);
	r->gpr[4] = (uint64_t)p->cppr << 24 | src;
	if (src)
		p->cppr = prio;
	if (with_time)
		r->gpr[5] = mftb();
	return H_SUCCESS;
}

/* H_EOI(xirr): the source is done; the CPPR goes back to xirr's. */
long papr_eoi(struct vcpu *v, uint64_t xirr)
{
	uint32_t src = xirr & 0xffffff;
	if (src != XICS_IPI && src != 0)
		return H_PARAMETER; /* not a source of this partition */
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
	v->arch.regs.gpr[4] = (uint64_t)p->cppr << 24 | best_source(p, &prio);
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
	if (!papr_xics_pending(v))
		return;
	if ((r->msr & MSR_EE) && !ppc_entry_rfid) {
		r->srr0 = r->nip;
		r->srr1 = r->msr;
		r->nip = 0x500;
		r->msr = MSR_SF | MSR_ME | MSR_LE;
		p->irq_at_ee1++;
		return;
	}
	p->irq_at_ee0++;
	if ((int64_t)(int32_t)mfspr(SPR_HDEC) > HARD_MASKED_RECHECK_TB)
		mtspr(SPR_HDEC, HARD_MASKED_RECHECK_TB);
}

/* A PAPR partition's vCPU: the decrementer is the partition's own timer
 * (the test guests' DEC carries larch's doorbell instead), so it is kept
 * across switches as the timebase value where it runs out; the SPRs a
 * radix pseries kernel uses and its FP/vector registers move with it (the
 * test guests use neither; whatever they leave there is not kept, and
 * they find the registers zeroed); H_CEDE sleeps until that DEC runs out,
 * an H_PROD, or an interrupt for it. */
#include <larch/sched.h>
#include <larch/timer.h>
#include <larch/vcpu_irq.h>
#include <larch/lifecycle.h>
#include "../ppc.h"
#include "papr.h"

#define DEC_MAX 0x7fffffffLL /* a 32-bit DEC: LPCR[LD] stays off */

static void dec_wake(void *data)
{
	sched_kick(data);
}

void papr_vcpu_init(struct vcpu *v)
{
	struct ppc_papr_vcpu *p = v->arch.papr;
	timer_init(&p->dec_wake, dec_wake, v, v->processor);
	p->dec_tb = mftb() + DEC_MAX;
}

void papr_switch_out(struct vcpu *v)
{
	struct ppc_papr_vcpu *p = v->arch.papr;
	p->dec_tb = mftb() + (uint64_t)(int64_t)(int32_t)mfspr(SPR_DEC);
	p->pidr = mfspr(SPR_PIDR);
	p->amr = mfspr(SPR_AMR);
	p->iamr = mfspr(SPR_IAMR);
	p->uamor = mfspr(SPR_UAMOR);
	p->fscr = mfspr(SPR_FSCR);
	p->dscr = mfspr(SPR_DSCR);
	p->tar = mfspr(SPR_TAR);
	/* its FP and vector registers leave with it: no other guest on this
	 * pCPU may read or change them */
	papr_fp_save(p->fp);
}

void papr_switch_in(struct vcpu *v)
{
	struct ppc_papr_vcpu *p = v->arch.papr;
	int64_t left = (int64_t)(p->dec_tb - mftb());
	/* run out while away: negative, taken at the partition's 0x900 as
	 * soon as its MSR[EE] allows */
	if (left > DEC_MAX)
		left = DEC_MAX;
	if (left < 0)
		left = -1;
	timer_stop(&p->dec_wake);
	if (p->ceded) /* woken: the H_CEDE is over, a prod consumed */
		p->ceded = p->prodded = false;
	mtspr(SPR_DEC, (uint64_t)left);
	mtspr(SPR_PIDR, p->pidr);
	mtspr(SPR_AMR, p->amr);
	mtspr(SPR_IAMR, p->iamr);
	mtspr(SPR_UAMOR, p->uamor);
	mtspr(SPR_FSCR, p->fscr);
	mtspr(SPR_DSCR, p->dscr);
	mtspr(SPR_TAR, p->tar);
	papr_fp_load(p->fp);
	__asm__ __volatile__("isync" ::: "memory");
}

bool papr_irq_pending(const struct vcpu *v)
{
	const struct ppc_papr_vcpu *p = v->arch.papr;
	return p->prodded || papr_xics_pending(v) ||
	       (p->ceded && arch_now() >= p->cede_until);
}

/* H_CEDE: the vCPU gives its pCPU up until its DEC runs out, an H_PROD or
 * an interrupt; it returns with MSR[EE]=1 (PAPR), so the DEC or the
 * interrupt is taken at once. */
long papr_cede(struct vcpu *v)
{
	struct ppc_papr_vcpu *p = v->arch.papr;
	vcpu_irq_unmask(v);
	papr_events_seen(v);
	if (p->prodded) {
		p->prodded = false;
		return H_SUCCESS;
	}
	int64_t dec = (int32_t)mfspr(SPR_DEC);
	if (dec < 0)
		return H_SUCCESS;
	p->cede_until = arch_now() + tb_to_ns((uint64_t)dec);
	p->ceded = true;
	timer_set(&p->dec_wake, p->cede_until);
	vcpu_sleep(v);
	if (v->run_state != VCPU_BLOCKED) {
		/* something was already pending: it runs on */
		p->ceded = p->prodded = false;
		timer_stop(&p->dec_wake);
	}
	return H_SUCCESS;
}

/* H_PROD: wake a ceded vCPU of the same partition, or make its next
 * H_CEDE return at once. */
long papr_prod(struct vcpu *v, uint64_t target)
{
	struct domain *d = v->domain;
	if (target >= d->nr_vcpus)
		return H_PARAMETER;
	struct vcpu *t = &d->vcpus[target];
	t->arch.papr->prodded = true;
	sched_kick(t);
	return H_SUCCESS;
}

/* A partition's restart or teardown: its vCPUs' cede wake-ups stop (the
 * rebuild clears the vCPUs, which must then be on no timer list) and its
 * process table is forgotten. */
void arch_domain_teardown(struct domain *d)
{
	if (!d->arch.papr)
		return;
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		timer_stop(&d->vcpus[i].arch.papr->dec_wake);
	papr_xics_teardown(d);
	ppc_set_process_table(d->arch.lpid, 0);
}

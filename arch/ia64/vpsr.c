/* ia64 PSR virtualisation and upcall delivery: the guest's PSR.I lives in
 * the saved cr.ipsr (the contract's mask); the real PSR a guest runs with is
 * computed here at every return, and an upcall is a virtual external
 * interrupt raised at that return (rfi) through the guest's own IVT. */
#include <larch/vcpu_irq.h>
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/console.h>
#include <string.h>
#include "ia64_priv.h"

/* Bits the guest sees but never gets for real: its interrupt mask and
 * collection bit, its register bank and its privilege level. */
#define VIRT_BITS                                                              \
	(IA64_PSR_I | IA64_PSR_IC | IA64_PSR_BN | IA64_PSR_CPL | IA64_PSR_DT | \
	 IA64_PSR_RT | IA64_PSR_IT)
/* Bits a guest may hold in its real PSR: be, up, ac, mfl, mfh (0..5), pp, sp,
 * di, si (20..23), ri, ed. Everything else is the hypervisor's. */
#define GUEST_OWNED_BITS (0x3eULL | (0xfULL << 20) | IA64_PSR_RI | (1ULL << 43))

uint64_t ia64_psr_for_rfi(const struct cpu_user_regs *r)
{
	uint64_t psr = r->cr_ipsr & GUEST_OWNED_BITS;
	uint64_t vcpl = (r->cr_ipsr & IA64_PSR_CPL) >> IA64_PSR_CPL_SHIFT;
	/* The guest kernel's virtual PL0 is PL1 for real; its PL2/3 stay. */
	uint64_t cpl = vcpl < IA64_GUEST_CPL ? IA64_GUEST_CPL : vcpl;
	/* Real I = 1 always: the hypervisor's timer and IPIs must preempt a
	 * guest that masked itself. Translation on; bank 1 always, since
	 * the hypervisor's entry uses bank 0 as scratch. */
	return psr | IA64_PSR_I | IA64_PSR_IC | IA64_PSR_DT | IA64_PSR_RT |
	       IA64_PSR_IT | IA64_PSR_BN | (cpl << IA64_PSR_CPL_SHIFT);
}

void ia64_sync_from_hw(struct cpu_user_regs *r)
{
	r->cr_ipsr = (r->hw_ipsr & ~VIRT_BITS) | (r->cr_ipsr & VIRT_BITS);
}

void ia64_advance_ip(struct cpu_user_regs *r, unsigned tmpl)
{
	unsigned ri = (r->cr_ipsr & IA64_PSR_RI) >> IA64_PSR_RI_SHIFT;
	bool mlx = (tmpl & ~1u) == 0x04; /* MLX: slot 1+2 are one insn */
	if (ri >= 2 || (mlx && ri == 1)) {
		r->cr_iip += 16;
		ri = 0;
	} else {
		ri++;
	}
	r->cr_ipsr = (r->cr_ipsr & ~IA64_PSR_RI) |
		     ((uint64_t)ri << IA64_PSR_RI_SHIFT);
}

/*
 * A virtual external interrupt, as the hardware would raise one: the
 * interrupted IP, PSR and frame go to the guest's virtual cr.iip, cr.ipsr
 * and cr.ifs; the guest resumes at its IVT's external-interrupt entry with
 * PSR.I and PSR.ic clear, in bank 0 (virtually), at slot 0. cr.ifs is left
 * invalid so the rfi keeps the interrupted frame covered on the guest's
 * register stack, where the guest's own rfi will restore it from cr.ifs.
 */
void arch_deliver_upcall(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct ia64_vcr *c = &v->arch.vcr;
	/* Masked (eager policy): nothing to arm, since the guest's ssm psr.i
	 * traps and its emulation returns through this path. */
	if (vcpu_irq_masked(v))
		return;
	/* No vector table yet, or interruption collection off (the guest is
	 * inside its own handler): a delivery would lose state, so it waits
	 * for the guest's rfi or its next unmask. */
	if (!c->iva || !(r->cr_ipsr & IA64_PSR_IC))
		return;
	c->ipsr = r->cr_ipsr;
	c->iip = r->cr_iip;
	c->ifs = r->cr_ifs;
	c->ivr_pending = IA64_UPCALL_VECTOR;
	r->cr_ipsr &= ~(IA64_PSR_I | IA64_PSR_IC | IA64_PSR_RI | IA64_PSR_BN |
			IA64_PSR_CPL);
	r->cr_iip = c->iva + IA64_IVT_EXTINT;
	r->cr_ifs = 0;
	v->arch.virq_injected++;
	v->stat_upcalls++;
}

/* vCPU RBS: the guest's stacked registers while the hypervisor runs. 512-
 * byte aligned so the NaT collections fall where the RSE puts them. */
static uint64_t vcpu_rbs[MAX_DOMAINS][MAX_VCPUS_PER_DOMAIN]
			[IA64_VCPU_RBS_SIZE / 8] __attribute__((aligned(512)));

uint64_t *ia64_vcpu_rbs(const struct vcpu *v)
{
	return vcpu_rbs[v->domain->domid % MAX_DOMAINS]
		       [v->vcpu_id % MAX_VCPUS_PER_DOMAIN];
}

/* Initial guest PSR as the guest sees it: its kernel at PL0, translation
 * and collection on, bank 1, upcalls masked until it enables them. */
#define GUEST_START_PSR                                                        \
	(IA64_PSR_IC | IA64_PSR_DT | IA64_PSR_RT | IA64_PSR_IT | IA64_PSR_BN)

void arch_vcpu_init(struct vcpu *v)
{
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.regs.cr_ipsr = GUEST_START_PSR;
	v->arch.rbs_base = (uint64_t)(uintptr_t)ia64_vcpu_rbs(v);
}

/* Enter at entry with sp = stack and in0 (r32) = arg: arg is put in the
 * vCPU RBS as the one dirty register, and cr.ifs describes a frame of one
 * register, so the exit path's loadrs + rfi make it r32. */
int arch_vcpu_set_entry(struct vcpu *v, uint64_t entry, uint64_t stack,
			uint64_t arg)
{
	struct domain *d = v->domain;
	if ((entry & 15) || entry < d->guest_base ||
	    entry - d->guest_base >= d->mem_size)
		return -XEN_EINVAL;
	struct cpu_user_regs *r = &v->arch.regs;
	uint64_t *rbs = ia64_vcpu_rbs(v);
	memset(r, 0, sizeof(*r));
	r->cr_ipsr = GUEST_START_PSR;
	r->cr_iip = entry;
	r->gr[12] = stack & ~15ULL;
	rbs[0] = arg;
	r->loadrs = 8;
	r->cr_ifs = IA64_IFS_V | 1;
	/* Enforced lazy until the guest points ar.bspstore at its own RBS. */
	r->ar_rsc = 0;
	v->arch.vcr = (struct ia64_vcr){ 0 };
	v->arch.ivt_base = 0;
	return 0;
}

void arch_ctxt_switch(struct vcpu *prev, struct vcpu *next)
{
	(void)prev;
	if (!next)
		return;
	/* Regions 0..6 get the domain's region IDs: no TLB purge is needed
	 * between domains, and region 7 (the hypervisor) never changes. */
	for (unsigned rgn = 0; rgn < IA64_HYP_REGION; rgn++)
		ia64_hw_set_rr(rgn, (next->domain->arch.rid_base + rgn) << 8 |
					    IA64_PAGE_SHIFT << 2);
	ia64_hw_set_current(&next->arch.regs);
}

/* ia64 has no per-CPU interrupt a guest owns (no ARM-style PPI): the
 * vector is acknowledged and dropped. */
void arch_inject_percpu_irq(struct vcpu *v, unsigned irq)
{
	(void)v;
	(void)irq;
	ia64_hw_eoi();
}

void arch_irq_eoi(unsigned irq)
{
	(void)irq;
	ia64_hw_eoi();
}

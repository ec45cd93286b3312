/* vCPU state that moves on context switch (EL1 system registers, stage 2,
 * the virtual GIC's list registers, the virtual timer), upcall delivery
 * through a list register, and domain memory. */
#include <string.h>
#include <larch/console.h>
#include <larch/irq.h>
#include <larch/sched.h>
#include <larch/lifecycle.h>
#include <larch/setup.h>
#include <larch/vcpu_irq.h>
#include <public/start_info.h>
#include "arm.h"

#define SPSR_EL1H_MASKED 0x3c5ULL /* EL1h, D A I F all set */
#define CNTV_ENABLE	 1ULL
#define CNTV_IMASK	 2ULL
#define CNTV_ISTATUS	 4ULL
#define UPCALL_PRIO	 0xa0
#define VTIMER_PRIO	 0x90

/* ---- virtual interrupts, through the list registers (arm.h, gic.c) ---- */

/* A kernel domain's vCPU takes intid only once its (emulated) GIC enables
 * it: until then, and while no LR is free, it waits in the vGIC for
 * vgic_flush. Out of line, like the no-free-LR report, so the test guests'
 * inject saves no registers for either. */
static __attribute__((noinline)) void kernel_inject(struct vcpu *v,
						    unsigned intid)
{
	if (!vgic_enabled(v, intid) || !lr_put(intid, vgic_prio(v, intid)))
		vgic_raise(v, intid);
}

static __attribute__((noinline, cold)) bool no_free_lr(unsigned intid)
{
	printk("larch: cpu%u: no free list register for INTID %u\n",
	       arch_cpu_id(), intid);
	return false;
}

/* Make intid pending for the current vCPU. The hardware delivers it the
 * moment the guest runs with PSTATE.I clear: no trap. */
bool vgic_inject(struct vcpu *v, unsigned intid)
{
	if (unlikely(v->arch.kernel)) {
		kernel_inject(v, intid);
		return true;
	}
	unsigned prio = intid == PPI_VTIMER ? VTIMER_PRIO : UPCALL_PRIO;
	if (__builtin_expect(lr_put_inline(intid, prio), 1))
		return true;
	return no_free_lr(intid);
}

void arch_deliver_upcall(struct vcpu *v)
{
	/* v is current on this pCPU: its list registers are live */
	vgic_inject(v, PPI_EVTCHN);
}

/* The vtimer mechanism: when CNTV fires the hypervisor sets IMASK in the
 * guest's CNTV_CTL (the level drops, the physical PPI is finished at once)
 * and injects virtual PPI 27. The guest's own CTL write (re-arm or disable)
 * clears IMASK. */
void vtimer_irq(unsigned cpu)
{
	struct vcpu *v = current_vcpu(cpu);
	uint64_t ctl = read_sysreg(cntv_ctl_el0);
	write_sysreg(cntv_ctl_el0, v ? ctl | CNTV_IMASK : 0);
	isb();
	gic_eoi(PPI_VTIMER);
	if (v)
		do_irq(cpu, PPI_VTIMER);
}

/* v is current on this pCPU, so its list registers are the live ones. */
bool arch_vcpu_irq_pending(const struct vcpu *v)
{
	if (v->arch.kernel) /* any raised, enabled or LR-pending interrupt */
		return vgic_vcpu_pending((struct vcpu *)v);
	return vgic_has(PPI_VTIMER, LR_PENDING);
}

void arch_inject_percpu_irq(struct vcpu *v, unsigned irq)
{
	vgic_inject(v, irq);
}

void arch_irq_eoi(unsigned irq)
{
	gic_eoi(irq);
}

/* The guest has taken a per-CPU IRQ once no list register holds it
 * pending: drop it from the common pending set. */
void arm_sync_percpu_state(struct vcpu *v)
{
	if (percpu_irq_pending(v, PPI_VTIMER) &&
	    !vgic_has(PPI_VTIMER, LR_PENDING))
		v->percpu_irq_pending &= ~(1ULL << PPI_VTIMER);
}

/* ---- vCPU life ---- */

static void vtimer_wake(void *data)
{
	sched_kick(data);
}

void arch_vcpu_init(struct vcpu *v)
{
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.regs.spsr = SPSR_EL1H_MASKED;
	v->arch.el1.sctlr = SCTLR_EL1_RES1;
	v->arch.el1.cpacr = 3ULL << 20;
	/* virtual CPU interface: group 1 enabled, priority mask open */
	v->arch.el1.vmcr = (0xffULL << 24) | (1ULL << 1);
	v->arch.vmpidr = 0x80000000ULL | v->vcpu_id;
	memset(v->arch.vgic.prio, 0xa0, sizeof(v->arch.vgic.prio));
	v->arch.vgic.waker = 2; /* ProcessorSleep, as out of reset */
	timer_init(&v->arch.vtimer_wake, vtimer_wake, v, v->processor);
}

int arch_vcpu_set_entry(struct vcpu *v, uint64_t entry, uint64_t stack,
			uint64_t arg)
{
	if (entry & 3 || stack & 15)
		return -XEN_EINVAL;
	memset(&v->arch.regs, 0, sizeof(v->arch.regs));
	v->arch.regs.elr = entry;
	v->arch.regs.sp_el1 = stack;
	v->arch.regs.x[0] = arg;
	v->arch.regs.spsr = SPSR_EL1H_MASKED;
	return 0;
}

#define SAVE(f, r) c->f = read_sysreg(r)
#define LOAD(f, r) write_sysreg(r, c->f)

static void save_el1(struct vcpu *v)
{
	struct arm_el1_ctxt *c = &v->arch.el1;
	SAVE(sctlr, sctlr_el1);
	SAVE(ttbr0, ttbr0_el1);
	SAVE(ttbr1, ttbr1_el1);
	SAVE(tcr, tcr_el1);
	SAVE(mair, mair_el1);
	SAVE(amair, amair_el1);
	SAVE(vbar, vbar_el1);
	SAVE(cpacr, cpacr_el1);
	SAVE(elr, elr_el1);
	SAVE(spsr, spsr_el1);
	SAVE(esr, esr_el1);
	SAVE(far, far_el1);
	SAVE(afsr0, afsr0_el1);
	SAVE(afsr1, afsr1_el1);
	SAVE(contextidr, contextidr_el1);
	SAVE(tpidr, tpidr_el1);
	SAVE(tpidr_el0, tpidr_el0);
	SAVE(tpidrro_el0, tpidrro_el0);
	SAVE(sp_el0, sp_el0);
	SAVE(par, par_el1);
	SAVE(cntkctl, cntkctl_el1);
	SAVE(cntv_ctl, cntv_ctl_el0);
	SAVE(cntv_cval, cntv_cval_el0);
	/* stop the outgoing timer so it cannot fire into the next vCPU */
	write_sysreg(cntv_ctl_el0, 0);
	SAVE(vmcr, S3_4_C12_C11_7);
	SAVE(ap1r0, S3_4_C12_C9_0);
	/* only the LRs in use are read and cleared: the rest are empty */
	uint32_t used = gic_lrs_used();
	unsigned n = gic_nr_lrs();
	for (unsigned i = 0; i < n; i++) {
		c->lr[i] = 0;
		if (used & (1u << i)) {
			c->lr[i] = gic_lr_read(i);
			gic_lr_write(i, 0);
		}
	}
}

static void load_el1(struct vcpu *v)
{
	struct arm_el1_ctxt *c = &v->arch.el1;
	LOAD(sctlr, sctlr_el1);
	LOAD(ttbr0, ttbr0_el1);
	LOAD(ttbr1, ttbr1_el1);
	LOAD(tcr, tcr_el1);
	LOAD(mair, mair_el1);
	LOAD(amair, amair_el1);
	LOAD(vbar, vbar_el1);
	LOAD(cpacr, cpacr_el1);
	LOAD(elr, elr_el1);
	LOAD(spsr, spsr_el1);
	LOAD(esr, esr_el1);
	LOAD(far, far_el1);
	LOAD(afsr0, afsr0_el1);
	LOAD(afsr1, afsr1_el1);
	LOAD(contextidr, contextidr_el1);
	LOAD(tpidr, tpidr_el1);
	LOAD(tpidr_el0, tpidr_el0);
	LOAD(tpidrro_el0, tpidrro_el0);
	LOAD(sp_el0, sp_el0);
	LOAD(par, par_el1);
	LOAD(cntkctl, cntkctl_el1);
	LOAD(cntv_cval, cntv_cval_el0);
	LOAD(cntv_ctl, cntv_ctl_el0);
	LOAD(vmcr, S3_4_C12_C11_7);
	LOAD(ap1r0, S3_4_C12_C9_0);
	/* every LR is empty here (cleared at boot and by save_el1) */
	unsigned n = gic_nr_lrs();
	for (unsigned i = 0; i < n; i++)
		if (c->lr[i])
			gic_lr_write(i, c->lr[i]);
	write_sysreg(vttbr_el2, v->domain->arch.vttbr);
	write_sysreg(vmpidr_el2, v->arch.vmpidr);
}

/* Switching from or to a kernel domain's vCPU: its FP/SIMD registers,
 * CSSELR/MDSCR, and its HCR_EL2 with the FP trap off. The test guests share
 * the boot-time HCR_EL2 and trap FP on first use (and are stopped): those
 * are restored only when a kernel domain ran last. prev is the vCPU last
 * loaded on this pCPU, so a kernel prev always has kernel_loaded set. */
static __attribute__((noinline)) void
kernel_switch(struct arm_pcpu *pc, struct vcpu *prev, struct vcpu *next)
{
	if (prev && prev->arch.kernel) {
		arm_fp_save(&prev->arch.fp);
		prev->arch.el1.csselr = read_sysreg(csselr_el1);
		prev->arch.el1.mdscr = read_sysreg(mdscr_el1);
	}
	if (!next)
		return;
	if (next->arch.kernel) {
		write_sysreg(hcr_el2, HCR_EL2_KERNEL);
		write_sysreg(csselr_el1, next->arch.el1.csselr);
		write_sysreg(mdscr_el1, next->arch.el1.mdscr);
		write_sysreg(cptr_el2, CPTR_EL2_RES1);
		pc->kernel_loaded = 1;
		isb();
		arm_fp_load(&next->arch.fp);
	} else {
		write_sysreg(hcr_el2, HCR_EL2_GUEST);
		/* no debug events (Linux's MDE/KDE) in a test guest */
		write_sysreg(mdscr_el1, 0);
		write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_EL2_TFP);
		pc->kernel_loaded = 0;
	}
}

void arch_ctxt_switch(struct vcpu *prev, struct vcpu *next)
{
	/* one test for the test guests: neither side is a kernel domain */
	struct arm_pcpu *pc = this_pcpu();
	if (unlikely(pc->kernel_loaded || (next && next->arch.kernel)))
		kernel_switch(pc, prev, next);
	if (prev) {
		save_el1(prev);
		arm_sync_percpu_state(prev);
		/* A vtimer armed by a vCPU that is not running must still
		 * wake it: a hypervisor timer at the same deadline. */
		uint64_t ctl = prev->arch.el1.cntv_ctl;
		if ((ctl & (CNTV_ENABLE | CNTV_IMASK)) == CNTV_ENABLE &&
		    prev->domain->state == DOM_RUNNING)
			timer_set(&prev->arch.vtimer_wake,
				  ticks_to_ns(prev->arch.el1.cntv_cval));
	}
	if (next) {
		timer_stop(&next->arch.vtimer_wake);
		load_el1(next);
		/* replay a per-CPU IRQ recorded but no longer in an LR */
		if (percpu_irq_pending(next, PPI_VTIMER) &&
		    !vgic_has(PPI_VTIMER, LR_PENDING | LR_ACTIVE))
			vgic_inject(next, PPI_VTIMER);
	}
	isb();
}

/* ---- domains ---- */

extern uint8_t _end[];
static struct domain_pool pool, pool_high;

/* Domain memory: RAM after the hypervisor. With a loaded config, the
 * staging window (kernel, initrd, the config itself) is skipped: below it
 * first, then above it. */
int arch_domain_alloc(const struct domain_config *cfg, struct domain_params *p)
{
	uint64_t end = plat.ram_base + plat.ram_size;
	if (!pool.end) {
		pool = (struct domain_pool){ (uint64_t)_end, end };
		if (arm_loaded_config) {
			pool.end = STAGING_BASE < end ? STAGING_BASE : end;
			pool_high = (struct domain_pool){ STAGING_END, end };
		}
	}
	struct domain_pool *from = &pool;
	if (pool_high.end && pool.end - pool.next < cfg->mem_size)
		from = &pool_high;
	return domain_pool_alloc(from, cfg, ~0ULL, GUEST_IPA_BASE, p);
}

int arch_domain_load(struct domain *d, const struct domain_config *cfg,
		     const struct guest_image *img)
{
	uint64_t si_off = d->mem_size - 8192;
	if (s2_build(&d->arch, d->domid + 1u, d->guest_base,
		     (uint64_t)d->host_base, d->mem_size)) {
		config_error(cfg, "memory",
			     "stage-2 tables cannot map 0x%llx bytes at 0x%llx",
			     (unsigned long long)d->mem_size,
			     (unsigned long long)d->guest_base);
		return -XEN_EINVAL;
	}
	int rc = domain_load_image(d, cfg, img, si_off,
				   d->guest_base + d->mem_size - 4096);
	if (rc)
		return rc;
	struct vcpu *v = &d->vcpus[0];
	v->arch.regs.elr = d->guest_base;
	v->arch.regs.x[0] = d->guest_base + si_off;
	return 0;
}

/* A domain's restart or teardown: its vCPUs' vtimer wake-ups stop (the
 * rebuild clears the vCPUs, which must then be on no timer list). */
void arch_domain_teardown(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		timer_stop(&d->vcpus[i].arch.vtimer_wake);
}

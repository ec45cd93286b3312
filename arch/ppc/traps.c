/* Traps into the hypervisor: hypercalls (sc 1: number in r3, arguments
 * r4-r8, result in r3), the hypervisor decrementer, doorbell IPIs, and
 * partition faults (the domain is stopped, the others go on). */
#include <larch/console.h>
#include <larch/format.h>
#include <larch/hypercall.h>
#include <larch/irq.h>
#include <larch/lifecycle.h>
#include <larch/sched.h>
#include <public/sched.h>
#include "ppc.h"
#include "papr/papr.h"

/* larch ppc-only hypercalls: this vCPU's entries to the hypervisor (tests
 * show eager delivery took no trap), and which delivery mechanism ran. */
#define __HYPERVISOR_ppc_trap_count   49
#define __HYPERVISOR_ppc_upcall_stats 50
#define __HYPERVISOR_ppc_srr_window   51
#define SRR_WINDOW_MAX		      64 /* bytes: a few instructions */

long arch_do_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	switch (h->nr) {
	case __HYPERVISOR_ppc_trap_count:
		return (long)v->arch.traps;
	case __HYPERVISOR_ppc_upcall_stats:
		/* 0: synthesized 0x500 deliveries; 1: entries with the
		 * doorbell (DEC + MER) armed; 2: 1 if this image enters
		 * guests with rfid (no synthesized 0x500, see head.S) */
		if (h->a[0] == 0)
			return (long)v->arch.synth_500;
		if (h->a[0] == 1)
			return (long)v->arch.doorbells;
		if (h->a[0] == 2)
			return ppc_entry_rfid;
		return -XEN_EINVAL;
	case __HYPERVISOR_ppc_srr_window: {
		/* a0/a1: the restartable exit sequence (start, length); a2:
		 * the length of the prologue at the upcall vectors */
		struct arch_domain *a = &v->domain->arch;
		if (h->a[0] % 4 || h->a[1] % 4 || h->a[2] % 4 ||
		    h->a[1] > SRR_WINDOW_MAX || h->a[2] > SRR_WINDOW_MAX)
			return -XEN_EINVAL;
		a->srr_exit = h->a[0];
		a->srr_exit_len = h->a[1];
		a->srr_prologue_len = h->a[2];
		return 0;
	}
	}
	return -XEN_ENOSYS;
}

/* No physical interrupt is routed to guests on powernv (the guests' timer is
 * VIRQ_TIMER, their decrementer is the doorbell): nothing to inject. */
void arch_inject_percpu_irq(struct vcpu *v, unsigned irq)
{
	(void)v;
	(void)irq;
}

void arch_irq_eoi(unsigned irq)
{
	(void)irq;
}

static void guest_fault(struct vcpu *v, const char *what, uint64_t addr)
{
	char why[96];
	snprintk(why, sizeof(why), "%s at 0x%llx", what,
		 (unsigned long long)addr);
	domain_crash(v, why, v->arch.regs.nip);
	if (v->domain->arch.papr)
		kernel_domain_check_down(v->domain);
}

/* The -icount image enters guests with rfid, which sets SRR0/SRR1: an
 * asynchronous hypervisor interrupt (HDEC, doorbell, external) that finds
 * the guest with MSR[RI]=0, its own SRR0/SRR1 live, would clobber them on
 * the way back, and the guest would rfid into the void (or to its own
 * rfid, forever). Where the guest has
 * said (ppc hypercall 51) which code that is, make it safe to resume:
 * inside its exit sequence, which reads SRR0/SRR1 from SPRGs, start that
 * sequence over; inside the prologue of an upcall vector (0x500, 0x900),
 * undo the guest interrupt: back to the state in SRR0/SRR1 (HV forced
 * off: the guest wrote them), r3 from SPRG1 where the prologue saved it;
 * the upcall, still pending, is delivered again. */
static void __attribute__((noinline)) srr_window_fixup(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	const struct arch_domain *a = &v->domain->arch;
	uint64_t pc = r->nip;
	if (!ppc_entry_rfid || (r->msr & MSR_RI))
		return;
	if (pc - a->srr_exit < a->srr_exit_len) {
		r->nip = a->srr_exit;
		return;
	}
	static const uint64_t vectors[] = { 0x500, 0x900 };
	for (unsigned i = 0; i < 2; i++)
		if (pc - vectors[i] < a->srr_prologue_len) {
			if (pc != vectors[i])
				r->gpr[3] = mfspr(SPR_SPRG1);
			r->nip = r->srr0;
			r->msr = r->srr1 & ~MSR_HV;
			return;
		}
}

/* Not from a guest: the idle loop's wake-up (it alone runs the hypervisor
 * with MSR[EE]=1), or a hypervisor bug. Kept out of line: the guest trap
 * path pays nothing for it. */
static void __attribute__((noinline, cold, noreturn))
trap_from_hypervisor(unsigned cpu, uint64_t vec)
{
	const struct cpu_user_regs *r = ppc_pcpu[cpu].hot.regs;
	if (r == &ppc_pcpu[cpu].hyp_regs &&
	    (r->msr & (MSR_HV | MSR_EE)) == (MSR_HV | MSR_EE) &&
	    ppc_idle_wakeup(cpu, vec))
		ppc_run(cpu);
	panic("larch: cpu%u: hypervisor interrupt 0x%llx at 0x%llx "
	      "(MSR %llx, HDAR %llx)",
	      cpu, (unsigned long long)vec, (unsigned long long)r->nip,
	      (unsigned long long)r->msr, (unsigned long long)mfspr(SPR_HDAR));
}

/* Entered from head.S with every register of the interrupted context saved
 * in this pCPU's save area (the current vCPU's, or its own when idle). */
void ppc_trap(uint64_t vec);
void ppc_trap(uint64_t vec)
{
	unsigned cpu = arch_cpu_id();
	struct vcpu *v = current_vcpu(cpu);
	struct cpu_user_regs *r = ppc_pcpu[cpu].hot.regs;
	if (!v || r != &v->arch.regs || (r->msr & MSR_HV))
		trap_from_hypervisor(cpu, vec);
	v->arch.traps++;
	v->arch.doorbell = false; /* re-armed on the way out if still due */
	switch (vec) {
	case 0xc00: {
		if (unlikely(v->arch.papr)) {
			papr_hcall(v);
			kernel_domain_check_down(v->domain);
			break;
		}
		struct hypercall_args h = {
			.nr = r->gpr[3],
			.a = { r->gpr[4], r->gpr[5], r->gpr[6], r->gpr[7],
			       r->gpr[8] },
		};
		r->gpr[3] = (uint64_t)do_hypercall(v, &h);
		break;
	}
	case 0x980: /* HDEC: this pCPU's deadline */
		srr_window_fixup(v);
		mtspr(SPR_HDEC, 0x7fffffffULL);
		raise_softirq(cpu, SOFTIRQ_TIMER);
		break;
	case 0xe80: /* doorbell: the sender raised our softirq */
		srr_window_fixup(v);
		__asm__ __volatile__("msgclr %0" ::"r"(5ULL << 27) : "memory");
		__atomic_store_n(&ppc_pcpu[cpu].ipi, 0, __ATOMIC_SEQ_CST);
		break;
	case 0xe00:
		guest_fault(v, "partition-scoped data storage fault",
			    mfspr(SPR_HDAR));
		break;
	case 0xe20:
		guest_fault(v, "partition-scoped instruction fetch fault",
			    r->nip);
		break;
	case 0xe40:
		guest_fault(v, "privileged or illegal instruction",
			    mfspr(SPR_HEIR));
		break;
	case 0x500: /* no device is routed to guests on powernv: ignore */
		srr_window_fixup(v);
		break;
	case 0xe60: /* maintenance (HMER): the machine's, not the guest's */
		printk("larch: cpu%u: hypervisor maintenance interrupt, "
		       "ignored\n",
		       cpu);
		break;
	default:
		guest_fault(v, "unexpected hypervisor interrupt", vec);
		break;
	}
	ppc_run(cpu);
}

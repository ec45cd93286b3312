/* ia64 trap dispatch and the run loop: entry.S saves the guest and calls
 * ia64_trap; whatever vCPU comes back is restored and entered with rfi. */
#include <larch/vcpu_irq.h>
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <public/sched.h>
#include "ia64_priv.h"

struct ia64_stats ia64_stats[MAX_PCPUS];

void ia64_guest_fault(struct vcpu *v, const char *why)
{
	struct cpu_user_regs *r = &v->arch.regs;
	ia64_stats[v->processor % MAX_PCPUS].guest_faults++;
	printk("larch: domain %u (%s): %s at iip 0x%llx slot %u\n",
	       (unsigned)v->domain->domid, v->domain->name, why,
	       (unsigned long long)r->cr_iip,
	       (unsigned)((r->cr_ipsr & IA64_PSR_RI) >> IA64_PSR_RI_SHIFT));
	domain_shutdown(v->domain, SHUTDOWN_crash);
}

/* Guest virtual layout: region 0 maps the domain's memory one to one
 * (guest_base..); region 1, page 0 is its shared_info. */
#define GUEST_SHARED_VA 0x2000000000000000ULL
#define PTE_P		1ULL
#define PTE_A		(1ULL << 5)
#define PTE_D		(1ULL << 6)
#define PTE_PL(pl)	((uint64_t)(pl) << 7)
#define PTE_AR_RWX	(3ULL << 9)
#define PAGE_MASK_16K	(~((1ULL << IA64_PAGE_SHIFT) - 1))

static uint64_t hyp_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p - IA64_HYP_VBASE;
}

int ia64_guest_tlb_miss(struct vcpu *v, uint64_t va, bool insn)
{
	struct domain *d = v->domain;
	uint64_t page = va & PAGE_MASK_16K, pa;
	ia64_stats[v->processor % MAX_PCPUS].tlb_misses++;
	if (page == GUEST_SHARED_VA && !insn)
		pa = hyp_pa(d->shared_info);
	else if (va >= d->guest_base && va - d->guest_base < d->mem_size &&
		 page >= d->guest_base)
		pa = hyp_pa(d->host_base + (page - d->guest_base));
	else
		return -XEN_EFAULT;
	uint64_t pte = PTE_P | PTE_A | PTE_D | PTE_PL(IA64_GUEST_CPL) |
		       PTE_AR_RWX | (pa & PAGE_MASK_16K & ((1ULL << 50) - 1));
	ia64_hw_insert_tc(insn, page, pte, IA64_PAGE_SHIFT << 2);
	return 0;
}

static void hypercall(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct hypercall_args h = { r->gr[2],
				    { r->gr[14], r->gr[15], r->gr[16],
				      r->gr[17], r->gr[18] } };
	/* break is a fault: step past it before the call, so a vCPU that
	 * blocks or is re-entered resumes after the break. */
	unsigned tmpl = 0;
	const uint8_t *b = guest_mem_ptr(v->domain, r->cr_iip, 16);
	if (b)
		ia64_bundle_slot(b, 0, &tmpl);
	ia64_advance_ip(r, tmpl);
	r->gr[8] = (uint64_t)do_hypercall(v, &h);
}

static void external_interrupts(unsigned cpu)
{
	uint64_t vec;
	while ((vec = ia64_hw_read_ivr()) != IA64_SPURIOUS_VECTOR) {
		ia64_stats[cpu].extint++;
		do_irq(cpu, (unsigned)vec);
	}
}

/* Fast return: only for emulations that changed nothing the scheduler or
 * delivery cares about, and only if no work is queued for this pCPU. */
static struct vcpu *fast_return(unsigned cpu, struct vcpu *v)
{
	if (__atomic_load_n(&pcpus[cpu].softirq, __ATOMIC_SEQ_CST) ||
	    v->domain->state != DOM_RUNNING)
		return ia64_next_vcpu(cpu);
	v->arch.fast_returns++;
	v->arch.regs.hw_ipsr = ia64_psr_for_rfi(&v->arch.regs);
	return v;
}

struct vcpu *ia64_trap(unsigned cpu, unsigned long vector)
{
	struct vcpu *v = current_vcpu(cpu);
	if (!v) /* entry.S only comes here from guest code */
		panic("ia64: vector 0x%lx with no current vCPU", vector);
	struct cpu_user_regs *r = &v->arch.regs;
	const char *why;
	ia64_sync_from_hw(r);
	switch (vector) {
	case IA64_IVT_EXTINT:
		external_interrupts(cpu);
		break;
	case IA64_IVT_BREAK:
		ia64_stats[cpu].breaks++;
		if (r->cr_iim == IA64_HYPERCALL_IMM)
			hypercall(v);
		else
			ia64_guest_fault(
				v, "break with a non-hypercall immediate");
		break;
	case IA64_IVT_GENERAL_EXC:
		if (((r->cr_isr & IA64_ISR_CODE_MASK) >> 4) !=
		    IA64_GEN_PRIV_OP) {
			ia64_guest_fault(
				v, "general exception (illegal operation)");
			break;
		}
		ia64_stats[cpu].privops++;
		switch (ia64_emulate_privop(v, &why)) {
		case PRIVOP_FAST:
			return fast_return(cpu, v);
		case PRIVOP_SLOW:
			break;
		case PRIVOP_BAD:
			ia64_guest_fault(v, why);
			break;
		}
		break;
	case IA64_IVT_ALT_ITLB:
	case IA64_IVT_ALT_DTLB:
		if (ia64_guest_tlb_miss(v, r->cr_ifa,
					vector == IA64_IVT_ALT_ITLB))
			ia64_guest_fault(v, "access outside its memory");
		else
			return fast_return(cpu, v);
		break;
	default:
		ia64_guest_fault(v, "unexpected interruption");
		break;
	}
	return ia64_next_vcpu(cpu);
}

/* Idle: external interrupts stay masked in the hypervisor, but IVR reports
 * pending vectors regardless of PSR.I, so idle polls it. */
static void cpu_idle(unsigned cpu)
{
	uint64_t vec = ia64_hw_read_ivr();
	if (vec == IA64_SPURIOUS_VECTOR) {
		ia64_hw_wait();
		return;
	}
	ia64_stats[cpu].extint++;
	do_irq(cpu, (unsigned)vec);
}

struct vcpu *ia64_next_vcpu(unsigned cpu)
{
	struct vcpu *v;
	while (!(v = leave_hypervisor(cpu)))
		cpu_idle(cpu);
	v->arch.regs.hw_ipsr = ia64_psr_for_rfi(&v->arch.regs);
	return v;
}

/* ---- the rest of the arch duties ---- */

static void timer_irq(unsigned irq)
{
	(void)irq;
	raise_softirq(arch_cpu_id(), SOFTIRQ_TIMER);
	ia64_hw_eoi();
}

static void ipi_irq(unsigned irq)
{
	/* Nothing to do: taking it sent this pCPU through its return path. */
	(void)irq;
	raise_softirq(arch_cpu_id(), SOFTIRQ_SCHEDULE);
	ia64_hw_eoi();
}

void ia64_irq_setup(void)
{
	irq_set_handler(IA64_TIMER_VECTOR, timer_irq);
	irq_set_handler(IA64_IPI_VECTOR, ipi_irq);
}

unsigned arch_cpu_id(void)
{
	return ia64_hw_cpu_id();
}

s_time_t arch_now(void)
{
	uint64_t t = ia64_hw_itc();
	return (s_time_t)((t / ia64_itc_hz) * 1000000000ULL +
			  (t % ia64_itc_hz) * 1000000000ULL / ia64_itc_hz);
}

void arch_timer_set_deadline(s_time_t deadline)
{
	if (deadline == STIME_MAX) {
		ia64_hw_mask_timer();
		return;
	}
	if (deadline < 0)
		deadline = 0;
	uint64_t ns = (uint64_t)deadline;
	uint64_t itc = (ns / 1000000000ULL) * ia64_itc_hz +
		       (ns % 1000000000ULL) * ia64_itc_hz / 1000000000ULL;
	ia64_hw_set_itm(itc);
}

void arch_send_ipi(unsigned cpu)
{
	ia64_hw_send_ipi(cpu, IA64_IPI_VECTOR);
}

long arch_do_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	/* No ia64-only hypercalls: everything goes through the common ones. */
	(void)v;
	(void)h;
	return -XEN_ENOSYS;
}

void arch_machine_exit(int code)
{
	ia64_hw_halt(code);
}

void arch_console_putc(char c)
{
	ia64_hw_putc(c);
}

/* entry.S: an interruption at cpl 0 (never expected). */
void ia64_hyp_panic(uint64_t vector, uint64_t iip, uint64_t isr, uint64_t ifa);
void ia64_hyp_panic(uint64_t vector, uint64_t iip, uint64_t isr, uint64_t ifa)
{
	panic("ia64: hypervisor interruption 0x%llx at iip 0x%llx isr 0x%llx "
	      "ifa 0x%llx",
	      (unsigned long long)vector, (unsigned long long)iip,
	      (unsigned long long)isr, (unsigned long long)ifa);
}

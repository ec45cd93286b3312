/* Guest traps into EL2: hypercalls (HVC, number in x16, arguments x0-x4,
 * result in x0), stage-2 aborts (the domain is stopped, others go on),
 * trapped WFI/SMC, and physical interrupts. */
#include <larch/console.h>
#include <larch/lifecycle.h>
#include <larch/format.h>
#include <larch/hypercall.h>
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/vcpu_irq.h>
#include <public/sched.h>
#include "arm.h"

#define EC_WFX	    0x01
#define EC_FP	    0x07
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYSREG   0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define ESR_ISV	    (1u << 24)
#define ESR_IL	    (1u << 25)
#define XEN_HVC_IMM 0xea1

/* larch arm-only hypercall: how many times this vCPU entered the
 * hypervisor (tests show eager delivery took no trap). */
#define __HYPERVISOR_arm_trap_count 49

static void guest_fault(struct vcpu *v, const char *what, uint64_t esr)
{
	struct domain *d = v->domain;
	uint64_t ipa = (read_sysreg(hpfar_el2) >> 4) << 12 |
		       (read_sysreg(far_el2) & 0xfff);
	char why[96];
	snprintk(why, sizeof(why), "%s at IPA 0x%llx", what,
		 (unsigned long long)ipa);
	printk("larch: domain %u (%s): ESR 0x%llx\n", d->domid, d->name,
	       (unsigned long long)esr);
	domain_crash(v, why, v->arch.regs.elr);
	if (v->arch.kernel)
		kernel_domain_check_down(d);
}

static void guest_bad_trap(struct vcpu *v, const char *what, uint64_t esr)
{
	struct domain *d = v->domain;
	printk("larch: domain %u (%s): ESR 0x%llx\n", d->domid, d->name,
	       (unsigned long long)esr);
	domain_crash(v, what, v->arch.regs.elr);
	if (v->arch.kernel)
		kernel_domain_check_down(d);
}

long arch_do_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	if (v->arch.kernel) /* Xen's ABI only (common/) */
		return -XEN_ENOSYS;
	if (h->nr == __HYPERVISOR_arm_trap_count)
		return (long)v->arch.traps;
	return -XEN_ENOSYS;
}

/* Kernel domains: Xen's HVC #0xEA1 for hypercalls, anything else (HVC #0)
 * is PSCI/SMCCC. Either may take the domain down. */
static __attribute__((noinline)) void
kernel_hvc(struct vcpu *v, struct cpu_user_regs *r, uint64_t esr)
{
	if ((esr & 0xffff) == XEN_HVC_IMM) {
		struct hypercall_args h = {
			.nr = r->x[16],
			.a = { r->x[0], r->x[1], r->x[2], r->x[3], r->x[4] },
		};
		r->x[0] = (uint64_t)do_hypercall(v, &h);
	} else {
		arm_psci(v, r);
	}
	kernel_domain_check_down(v->domain);
}

/* A kernel domain's access to an emulated device: a stage-2 fault on an
 * unmapped IPA with a valid syndrome (ISV: a single load or store of one
 * general register). False: not an emulated register, or an access the
 * syndrome does not describe. */
static __attribute__((noinline)) bool
emulate_mmio(struct vcpu *v, struct cpu_user_regs *r, uint64_t esr)
{
	if (!(esr & ESR_ISV))
		return false;
	uint64_t ipa = (read_sysreg(hpfar_el2) >> 4) << 12 |
		       (read_sysreg(far_el2) & 0xfff);
	unsigned size = 1u << ((esr >> 22) & 3), rt = (esr >> 16) & 31;
	bool write = esr & (1u << 6), sign = esr & (1u << 21);
	uint64_t val = write && rt != 31 ? r->x[rt] : 0;
	if (size < 8)
		val &= (1ULL << (8 * size)) - 1;
	bool ok;
	if (ipa - GUEST_UART < GUEST_UART_SIZE)
		ok = vpl011_mmio(v, ipa - GUEST_UART, size, write, &val);
	else
		ok = vgic_mmio(v, ipa, size, write, &val);
	if (!ok)
		return false;
	if (!write && rt != 31) {
		if (sign && size < 8 && (val >> (8 * size - 1)) & 1)
			val |= ~0ULL << (8 * size);
		if (!(esr & (1u << 15))) /* SF: 32-bit register */
			val &= 0xffffffffULL;
		r->x[rt] = val;
	}
	r->elr += esr & ESR_IL ? 4 : 2;
	return true;
}

static void guest_sync(struct vcpu *v, struct cpu_user_regs *r)
{
	uint64_t esr = read_sysreg(esr_el2);
	switch (esr >> 26) {
	case EC_HVC64: {
		if (v->arch.kernel) {
			kernel_hvc(v, r, esr);
			break;
		}
		struct hypercall_args h = {
			.nr = r->x[16],
			.a = { r->x[0], r->x[1], r->x[2], r->x[3], r->x[4] },
		};
		r->x[0] = (uint64_t)do_hypercall(v, &h);
		break;
	}
	case EC_WFX: /* a guest WFI gives the pCPU away */
		r->elr += esr & ESR_IL ? 4 : 2; /* T32 WFI is 16-bit */
		if (v->arch.kernel) /* until an interrupt is pending for it,
				       masked or not (PSTATE.I untouched) */
			vcpu_sleep(v);
		else
			vcpu_yield(v);
		break;
	case EC_SMC64: /* no firmware for guests: PSCI NOT_SUPPORTED */
		r->x[0] = (uint64_t)-1;
		r->elr += 4;
		break;
	case EC_DABT_LOW:
		if (v->arch.kernel && emulate_mmio(v, r, esr))
			break;
		guest_fault(v, "stage-2 data abort", esr);
		break;
	case EC_IABT_LOW:
		guest_fault(v, "stage-2 instruction abort", esr);
		break;
	case EC_FP:
		guest_bad_trap(v, "FP/SIMD use (not provided to guests)", esr);
		break;
	case EC_SYSREG:
		if (v->arch.kernel && arm_sysreg(v, r, esr))
			break;
		guest_bad_trap(v, "trapped system register access", esr);
		break;
	default:
		guest_bad_trap(v, "unhandled trap", esr);
		break;
	}
}

/* Entered from head.S with every guest register saved in *regs. */
void arm_guest_trap(struct cpu_user_regs *regs, uint64_t kind);
void arm_guest_trap(struct cpu_user_regs *regs, uint64_t kind)
{
	unsigned cpu = this_pcpu()->id;
	struct vcpu *v = current_vcpu(cpu);
	if (!v || regs != &v->arch.regs)
		panic("larch: cpu%u: guest trap with no current vCPU", cpu);
	v->arch.traps++;
	switch (kind) {
	case 0:
		guest_sync(v, regs);
		break;
	case 1:
		arm_handle_irqs(cpu);
		break;
	default:
		guest_bad_trap(v, kind == 2 ? "FIQ" : "SError",
			       read_sysreg(esr_el2));
		break;
	}

	arm_run(cpu);
}

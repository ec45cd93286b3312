/* Privileged operations of a PV kernel, emulated as Xen emulates them: it
 * runs in ring 3, so rdmsr/wrmsr fault (#GP) and larch answers for the MSRs
 * a kernel reads or sets; its own CPUID goes through Xen's forced-emulation
 * prefix (ud2; .ascii "xen"; cpuid: #UD) and gets a filtered answer. Any
 * other MSR is the guest's #GP, as on Xen. */
#include <string.h>
#include <larch/console.h>
#include <larch/domain.h>
#include <arch/pv_vcpu.h>
#include "../x86.h"

#define MSR_IA32_TSC	     0x10
#define MSR_IA32_PLATFORM_ID 0x17
#define MSR_IA32_APICBASE    0x1b
#define MSR_IA32_FEATURE_CTL 0x3a
#define MSR_IA32_UCODE_REV   0x8b
#define MSR_IA32_MTRRCAP     0xfe
#define MSR_IA32_ARCH_CAPS   0x10a
#define MSR_IA32_MCG_CAP     0x179
#define MSR_IA32_MCG_STATUS  0x17a
#define MSR_IA32_MISC_ENABLE 0x1a0
#define MSR_IA32_CR_PAT	     0x277
#define MSR_MTRR_DEF_TYPE    0x2ff
#define MSR_IA32_SPEC_CTRL   0x48
#define MSR_IA32_PRED_CMD    0x49
#define MSR_IA32_TSC_AUX     0xc0000103

/* The PAT a Xen PV guest sees (Xen's own, which Linux takes as given):
 * WB, WT, UC-, UC, WC, WP, UC-, UC. */
#define XEN_PV_PAT 0x0000050100070406ULL

/* EFER as a 64-bit PV guest sees it: SCE, LME, LMA, NXE. */
#define PV_EFER 0xd01ULL

static bool pv_rdmsr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	const struct pv_vcpu *pv = x86_pv(v);
	switch (msr) {
	case MSR_FS_BASE:
		*val = v->arch.fs_base;
		return true;
	case MSR_GS_BASE:
		*val = pv->user_mode ? pv->gs_user : pv->gs_kernel;
		return true;
	case MSR_KERNEL_GS_BASE:
		*val = pv->user_mode ? pv->gs_kernel : pv->gs_user;
		return true;
	case MSR_EFER:
		*val = PV_EFER;
		return true;
	case MSR_IA32_CR_PAT:
		*val = XEN_PV_PAT;
		return true;
	case MSR_IA32_TSC:
		*val = rdtsc();
		return true;
	/* present, reporting nothing: no APIC, MTRRs, machine checks,
	 * microcode or speculation controls for a PV guest */
	case MSR_IA32_PLATFORM_ID:
	case MSR_IA32_APICBASE:
	case MSR_IA32_FEATURE_CTL:
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_MTRRCAP:
	case MSR_IA32_ARCH_CAPS:
	case MSR_IA32_MCG_CAP:
	case MSR_IA32_MCG_STATUS:
	case MSR_IA32_MISC_ENABLE:
	case MSR_MTRR_DEF_TYPE:
	case MSR_IA32_SPEC_CTRL:
		*val = 0;
		return true;
	default:
		return false;
	}
}

static bool canonical(uint64_t a)
{
	return (a + (1ULL << 47)) >> 48 == 0;
}

static bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	struct pv_vcpu *pv = x86_pv(v);
	uint64_t *gs_now = pv->user_mode ? &pv->gs_user : &pv->gs_kernel;
	uint64_t *gs_other = pv->user_mode ? &pv->gs_kernel : &pv->gs_user;
	switch (msr) {
	case MSR_FS_BASE:
		if (!canonical(val))
			return false;
		v->arch.fs_base = val;
		wrmsr(MSR_FS_BASE, val);
		return true;
	case MSR_GS_BASE:
		if (!canonical(val))
			return false;
		*gs_now = val;
		v->arch.gs_base = val;
		wrmsr(MSR_GS_BASE, val);
		return true;
	case MSR_KERNEL_GS_BASE:
		if (!canonical(val))
			return false;
		*gs_other = val;
		return true;
	case MSR_IA32_CR_PAT: /* Xen's PAT is fixed */
		return val == XEN_PV_PAT;
	case MSR_EFER: /* nothing to change */
		return val == PV_EFER;
	/* accepted, changing nothing the guest could see */
	case MSR_IA32_SPEC_CTRL:
	case MSR_IA32_PRED_CMD:
	case MSR_IA32_MISC_ENABLE:
		return true;
	default:
		return false;
	}
}

/* CPUID as a PV guest may see it: the host's, less what larch does not
 * give a PV guest (APIC, MTRR, machine checks, monitor, VMX/SVM, XSAVE
 * and AVX until its state is switched, PCID, superpages, FS/GS-base
 * instructions, protection keys), with the hypervisor bit set. */
static void pv_cpuid(struct cpu_user_regs *r)
{
	uint32_t leaf = (uint32_t)r->rax, sub = (uint32_t)r->rcx;
	uint32_t a, b, c, d;
	__asm__ __volatile__("cpuid"
			     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(leaf), "c"(sub));
	switch (leaf) {
	case 1:
		c &= ~((1u << 3) | (1u << 5) | (1u << 6) | (1u << 7) |
		       (1u << 8) | (1u << 11) | (1u << 15) | (1u << 17) |
		       (1u << 18) | (1u << 21) | (1u << 24) | (1u << 26) |
		       (1u << 27) | (1u << 28));
		c |= 1u << 31; /* hypervisor */
		d &= ~((1u << 7) | (1u << 9) | (1u << 12) | (1u << 14) |
		       (1u << 21) | (1u << 22) | (1u << 29) | (1u << 31));
		b &= 0x0000ffffu; /* no APIC ids, one logical CPU */
		break;
	case 7:
		/* kept: BMI1, AVX-free ERMS, BMI2, ADX, CLFLUSHOPT,
		 * SHA; nothing in ecx/edx */
		b &= (1u << 3) | (1u << 8) | (1u << 9) | (1u << 19) |
		     (1u << 23) | (1u << 29);
		c = 0;
		d = 0;
		if (sub)
			a = b = 0;
		else
			a = 0;
		break;
	case 0xd: /* XSAVE: hidden */
		a = b = c = d = 0;
		break;
	case 0x80000001:
		c &= ~((1u << 2) | (1u << 3)); /* SVM, ext APIC */
		d &= ~(1u << 26);	       /* 1 GiB pages */
		break;
	default:
		if (leaf >= 0x40000000 && leaf < 0x40010000)
			a = b = c = d = 0;
		break;
	}
	r->rax = a;
	r->rbx = b;
	r->rcx = c;
	r->rdx = d;
}

int x86_pv_emulate_op(struct vcpu *v, struct cpu_user_regs *r, unsigned vec)
{
	uint8_t b[7] = { 0 };
	if (copy_from_guest(v->domain, b, r->rip, 2))
		return 0;
	if (vec == 13 && b[0] == 0x0f && (b[1] == 0x30 || b[1] == 0x32)) {
		uint32_t msr = (uint32_t)r->rcx;
		if (b[1] == 0x30) {
			uint64_t val = (r->rdx & 0xffffffffu) << 32 |
				       (r->rax & 0xffffffffu);
			if (!pv_wrmsr(v, msr, val))
				return 0;
		} else {
			uint64_t val;
			if (!pv_rdmsr(v, msr, &val))
				return 0;
			r->rax = val & 0xffffffffu;
			r->rdx = val >> 32;
		}
		r->rip += 2;
		return 1;
	}
	/* ud2; .ascii "xen"; cpuid */
	static const uint8_t forced_cpuid[7] = { 0x0f, 0x0b, 'x', 'e',
						 'n',  0x0f, 0xa2 };
	if (vec == 6 && !copy_from_guest(v->domain, b, r->rip, sizeof(b)) &&
	    !memcmp(b, forced_cpuid, sizeof(b))) {
		pv_cpuid(r);
		r->rip += sizeof(b);
		return 1;
	}
	return 0;
}

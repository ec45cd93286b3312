/* Privileged operations of a PV kernel, emulated as Xen emulates them: it
 * runs in ring 3, so rdmsr/wrmsr, xsetbv and control-register moves fault
 * (#GP) and larch answers for the MSRs a kernel reads or sets; its own CPUID goes through Xen's forced-emulation
 * prefix (ud2; .ascii "xen"; cpuid: #UD) and gets a filtered answer. Any
 * other MSR is the guest's #GP, as on Xen. */
#include <string.h>
#include <larch/console.h>
#include <larch/domain.h>
#include <larch/xen_guest.h> /* LARCH_XEN_VERSION */
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
		*val = pv_gs(pv);
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

/* FS, GS and the swapped GS are set_segment_base's bases, named from the
 * mode that runs. */
static bool pv_wrmsr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	bool user = x86_pv(v)->user_mode;
	switch (msr) {
	case MSR_FS_BASE:
		return !x86_pv_set_segment_base(v, SEGBASE_FS, val);
	case MSR_GS_BASE:
		return !x86_pv_set_segment_base(
			v, user ? SEGBASE_GS_USER : SEGBASE_GS_KERNEL, val);
	case MSR_KERNEL_GS_BASE:
		return !x86_pv_set_segment_base(
			v, user ? SEGBASE_GS_KERNEL : SEGBASE_GS_USER, val);
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
 * give a PV guest (APIC, MTRR, machine checks, monitor, VMX/SVM, PCID,
 * superpages of any size, global pages, VME/DE, FS/GS-base instructions,
 * protection keys, AVX-512), with the hypervisor bit set. XSAVE comes with
 * OSXSAVE set (Xen sets CR4.OSXSAVE for its PV guests, and Linux uses
 * XSAVE only when both are there); AVX, and FMA, F16C and AVX2 which need
 * its registers, only where larch switches them (pv/xstate.c). */
static void pv_cpuid(struct cpu_user_regs *r)
{
	uint32_t leaf = (uint32_t)r->rax, sub = (uint32_t)r->rcx;
	uint32_t a, b, c, d;
	bool avx = x86_pv_xcr0_max() & 4;
	__asm__ __volatile__("cpuid"
			     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(leaf), "c"(sub));
	switch (leaf) {
	case 1:
		c &= ~((1u << 3) | (1u << 5) | (1u << 6) | (1u << 7) |
		       (1u << 8) | (1u << 11) | (1u << 15) | (1u << 17) |
		       (1u << 18) | (1u << 21) | (1u << 24) | (1u << 27));
		if (!x86_pv_xcr0_max())
			c &= ~(1u << 26); /* XSAVE */
		else
			c |= 1u << 27; /* OSXSAVE */
		if (!avx)
			c &= ~((1u << 12) | (1u << 28) | (1u << 29));
		c |= 1u << 31; /* hypervisor */
		/* and, as on Xen for PV: no VME, DE, PSE, PGE, PSE36 (a PV
		 * kernel maps with 4 KiB pages, no global ones) */
		d &= ~((1u << 1) | (1u << 2) | (1u << 3) | (1u << 7) |
		       (1u << 9) | (1u << 12) | (1u << 13) | (1u << 14) |
		       (1u << 17) | (1u << 21) | (1u << 22) | (1u << 29) |
		       (1u << 31));
		b &= 0x0000ffffu; /* no APIC ids, one logical CPU */
		break;
	case 7:
		/* kept: BMI1, AVX2 (with AVX), BMI2, ERMS, ADX,
		 * CLFLUSHOPT, SHA; nothing in ecx/edx */
		b &= (1u << 3) | (avx ? 1u << 5 : 0) | (1u << 8) | (1u << 9) |
		     (1u << 19) | (1u << 23) | (1u << 29);
		c = 0;
		d = 0;
		if (sub)
			a = b = 0;
		else
			a = 0;
		break;
	case 0xd: {
		uint32_t x[4];
		x86_pv_cpuid_xstate(sub, x);
		a = x[0], b = x[1], c = x[2], d = x[3];
		break;
	}
	case 0x80000001:
		c &= ~((1u << 2) | (1u << 3)); /* SVM, ext APIC */
		d &= ~(1u << 26);	       /* 1 GiB pages */
		break;
	/* Xen's leaves, which a PV kernel uses to find its hypervisor:
	 * the signature, the version, one hypercall page at MSR
	 * 0x40000000 (which Linux's static page never writes) */
	case 0x40000000:
		a = 0x40000002;
		b = 0x566e6558; /* "XenV" */
		c = 0x65584d4d; /* "MMXe" */
		d = 0x4d4d566e; /* "nVMM" */
		break;
	case 0x40000001:
		a = LARCH_XEN_VERSION;
		b = c = d = 0;
		break;
	case 0x40000002:
		a = 1;
		b = 0x40000000;
		c = d = 0;
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

/* Control registers as a PV kernel sees them (Xen's view): CR0 with PE,
 * MP, ET, NE, WP, AM, PG and the TS it asked for (real while it runs); CR2 the last bounced page
 * fault's address; CR3 its root's machine address; CR4 with PAE, OSXSAVE
 * where XSAVE is offered, and the SSE bits it turned on. Writes that change only TS or those SSE bits are
 * taken; any other is its #GP (CR3: new_baseptr is the way). */
#define PV_CR0		0x80050033ULL
#define PV_CR4_WRITABLE 0x600ULL /* OSFXSR, OSXMMEXCPT */

static bool pv_mov_cr(struct vcpu *v, struct cpu_user_regs *r, const uint8_t *b,
		      unsigned *len)
{
	unsigned i = 0, rex = 0;
	if ((b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (b[i] != 0x0f || (b[i + 1] != 0x20 && b[i + 1] != 0x22))
		return false;
	uint8_t modrm = b[i + 2];
	if ((modrm >> 6) != 3)
		return false;
	unsigned cr = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
	uint64_t *reg = cpu_user_regs_gpr(r, (modrm & 7) | (rex & 1 ? 8 : 0));
	const struct pv_vcpu *pv = x86_pv(v);
	uint64_t val;
	switch (cr) {
	case 0:
		val = PV_CR0 | (pv->cr0_ts ? 8 : 0);
		break;
	case 2:
		val = v->vcpu_info->arch.cr2;
		break;
	case 3:
		val = pv_root(pv) << 12;
		break;
	case 4:
		val = pv->cr4;
		break;
	default:
		return false;
	}
	if (b[i + 1] == 0x20)
		*reg = val;
	else if (cr == 4 && (*reg & ~PV_CR4_WRITABLE) == x86_pv_cr4_fixed())
		x86_pv(v)->cr4 = *reg; /* SSE on: larch has it on already */
	else if (cr == 0 && (*reg & ~8ULL) == PV_CR0)
		x86_pv_set_ts(v, *reg & 8);
	else if (b[i + 1] == 0x22)
		return false;
	*len = i + 3;
	return true;
}

/* Port I/O of a PV kernel that asked for I/O privilege (PHYSDEVOP_set_iopl,
 * as Linux does), from its kernel mode: there are no ports for it, so a
 * read gives all ones and a write goes nowhere, as on Xen for ports a
 * domain was not given. in/out with an immediate port or dx, 8/16/32-bit;
 * string forms are not emulated. cli/sti do nothing. */
static bool pv_port_io(struct vcpu *v, struct cpu_user_regs *r,
		       const uint8_t *b, unsigned *len)
{
	unsigned i = 0, size = 4;
	if (!x86_pv(v)->iopl)
		return false;
	if (b[i] == 0x66) {
		size = 2;
		i++;
	}
	uint8_t op = b[i++];
	switch (op) {
	case 0xfa: /* cli, sti: nothing (Xen's choice too: a popf could not
		    * undo it; a kernel masks events through its vcpu_info) */
	case 0xfb:
		if (size != 4)
			return false;
		*len = i;
		return true;
	case 0xe4: /* in imm8 */
	case 0xe5:
	case 0xe6: /* out imm8 */
	case 0xe7:
		i++;
		break;
	case 0xec: /* in dx */
	case 0xed:
	case 0xee: /* out dx */
	case 0xef:
		break;
	default:
		return false;
	}
	if (!(op & 1))
		size = 1;
	bool in = !(op & 2);
	if (in) {
		uint64_t mask =
			size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;
		/* a 32-bit in zero-extends into rax, as the CPU does */
		r->rax = size == 4 ? mask : (r->rax & ~mask) | mask;
	}
	*len = i;
	return true;
}

int x86_pv_emulate_op(struct vcpu *v, struct cpu_user_regs *r, unsigned vec)
{
	uint8_t b[7] = { 0 };
	unsigned len;
	/* MSRs, control registers and ports are its kernel's, as on Xen: a
	 * user program's attempt stays its kernel's #GP */
	bool kernel = !x86_pv(v)->user_mode;
	if (copy_from_guest(v->domain, b, r->rip, 2))
		return 0;
	if (vec == 13 && kernel && !copy_from_guest(v->domain, b, r->rip, 4) &&
	    (pv_mov_cr(v, r, b, &len) || pv_port_io(v, r, b, &len))) {
		r->rip += len;
		return 1;
	}
	/* clts (0f 06) */
	if (vec == 13 && kernel && b[0] == 0x0f && b[1] == 0x06) {
		x86_pv_set_ts(v, false);
		r->rip += 2;
		return 1;
	}
	/* xsetbv (0f 01 d1) */
	if (vec == 13 && kernel && !copy_from_guest(v->domain, b, r->rip, 3) &&
	    b[0] == 0x0f && b[1] == 0x01 && b[2] == 0xd1) {
		if (!x86_pv_xsetbv(v, (uint32_t)r->rcx,
				   (r->rdx & 0xffffffffu) << 32 |
					   (r->rax & 0xffffffffu)))
			return 0;
		r->rip += 3;
		return 1;
	}
	if (vec == 13 && kernel && b[0] == 0x0f &&
	    (b[1] == 0x30 || b[1] == 0x32)) {
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

/* x87/SSE/AVX state of PV vCPUs (XSAVE), as Xen gives it to a 64-bit PV
 * guest: the kernel sees XSAVE, OSXSAVE and AVX in CPUID, enables AVX with
 * xsetbv (privileged: its #GP is emulated here), and its registers are
 * switched with xsave/xrstor. larch's own guests run with CR0.EM set and
 * XCR0 = x87|SSE, so every x87, SSE and VEX instruction is their #UD.
 *
 * A pCPU's registers hold one PV vCPU's state (its owner) from that
 * vCPU's load until another PV vCPU comes (saved then) or a larch guest
 * does (saved, XCR0 and CR0.EM put back). Without XSAVE on the host the
 * same is done with fxsave/fxrstor and the guest is offered no XSAVE.
 *
 * CR0.TS is the guest's (fpu_taskswitch, clts, mov to CR0) and real while
 * it runs: its next x87/SSE/AVX instruction is #NM, which larch answers
 * as Xen does, TS cleared and the #NM bounced to the kernel's handler.
 * larch's own xsave/xrstor would fault on TS, so it is cleared first. */
#include <larch/domain.h>
#include <arch/pv_vcpu.h>
#include "../x86.h"

#define XSTATE_AVX   (1ULL << 2)
#define XSAVE_HDR    512 /* xstate_bv at this offset of the area */
#define CR4_OSXSAVE  (1ULL << 18)
#define CR0_TS	     (1ULL << 3)
#define CPUID1_XSAVE (1u << 26)

static bool host_xsave;
static uint64_t guest_xcr0_max;	 /* what a PV kernel may enable */
static uint32_t guest_xsave_max; /* the area that needs, standard form */
struct vcpu *x86_fpu_owner[MAX_PCPUS];

static void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *r)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(sub));
}

static void xsetbv(uint64_t v)
{
	__asm__ __volatile__("xsetbv" ::"c"(0), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32))
			     : "memory");
}

/* every component XCR0 enables (EDX:EAX all ones) */
static void save(struct pv_vcpu *pv)
{
	if (host_xsave)
		__asm__ __volatile__("xsave64 %0"
				     : "+m"(pv->fpu)
				     : "a"(-1), "d"(-1));
	else
		__asm__ __volatile__("fxsave64 %0" : "=m"(pv->fpu));
}

static void restore(struct pv_vcpu *pv)
{
	if (host_xsave)
		__asm__ __volatile__("xrstor64 %0" ::"m"(pv->fpu), "a"(-1),
				     "d"(-1));
	else
		__asm__ __volatile__("fxrstor64 %0" ::"m"(pv->fpu));
}

/* Each pCPU at boot; the boot pCPU first decides what guests get: x87,
 * SSE and AVX where the host has them and their standard-form area fits
 * struct pv_vcpu's (the components beyond, AVX-512, MPX, PKRU, AMX, are
 * larch's to switch first). */
void x86_xstate_init(unsigned cpu)
{
	uint32_t r[4];
	cpuid_count(1, 0, r);
	if (!(r[2] & CPUID1_XSAVE))
		return;
	__asm__ __volatile__("mov %%cr4, %%rax\n\tor %0, %%rax\n\t"
			     "mov %%rax, %%cr4" ::"i"(CR4_OSXSAVE)
			     : "rax", "memory");
	xsetbv(XSTATE_FP_SSE);
	if (cpu)
		return;
	host_xsave = true;
	cpuid_count(0xd, 0, r);
	guest_xcr0_max = XSTATE_FP_SSE;
	guest_xsave_max = XSAVE_HDR + 64;
	cpuid_count(0xd, 2, r + 0);
	uint32_t avx_end = r[0] + r[1];
	cpuid_count(0xd, 0, r);
	if ((r[0] & XSTATE_AVX) && avx_end <= PV_XSAVE_AREA) {
		guest_xcr0_max |= XSTATE_AVX;
		guest_xsave_max = avx_end;
	}
}

uint64_t x86_pv_xcr0_max(void)
{
	return host_xsave ? guest_xcr0_max : 0;
}

/* CR4 as every PV kernel sees it: PAE, and OSXSAVE where XSAVE is
 * offered (Xen sets it for its PV guests; Linux reads it as given). */
uint64_t x86_pv_cr4_fixed(void)
{
	return 0x20 | (host_xsave ? CR4_OSXSAVE : 0);
}

/* CPUID leaf 0xd for a PV kernel: the components it may enable, the size
 * for what it enabled (the hardware's answer: its XCR0 is loaded), the
 * size for all of them; XSAVEOPT, XSAVEC and XGETBV1 but not XSAVES (a
 * ring-0 instruction) nor any supervisor component. */
void x86_pv_cpuid_xstate(uint32_t sub, uint32_t *r)
{
	if (!host_xsave || sub > 63 ||
	    (sub >= 2 && !(guest_xcr0_max >> sub & 1))) {
		r[0] = r[1] = r[2] = r[3] = 0;
		return;
	}
	cpuid_count(0xd, sub, r);
	if (sub == 0) {
		r[0] = (uint32_t)guest_xcr0_max;
		r[2] = guest_xsave_max;
		r[3] = 0;
	} else if (sub == 1) {
		r[0] &= 7;
		r[2] = r[3] = 0;
	}
}

/* xsetbv from a PV kernel: only XCR0, x87 always on, AVX only with SSE,
 * nothing larch does not switch; false leaves it the guest's #GP. v is
 * current, so its state is the one in the registers. */
bool x86_pv_xsetbv(struct vcpu *v, uint32_t reg, uint64_t val)
{
	if (!host_xsave || reg != 0 || !(val & 1) || (val & ~guest_xcr0_max) ||
	    ((val & XSTATE_AVX) && !(val & 2)))
		return false;
	struct pv_vcpu *pv = x86_pv(v);
	pv->xcr0 = val;
	/* a component now off must not be restored from an older save
	 * (xrstor faults on it), which xsave leaves in the header */
	*(uint64_t *)(pv->fpu + XSAVE_HDR) &= val;
	xsetbv(val);
	return true;
}

/* v, a PV vCPU, is about to run on cpu: its FPU state into the
 * registers, the previous PV owner's saved first. */
void x86_pv_fpu_load(unsigned cpu, struct vcpu *v)
{
	struct vcpu *owner = x86_fpu_owner[cpu];
	struct pv_vcpu *pv = x86_pv(v);
	if (owner == v && !pv->fpu_fresh)
		return; /* CR0 too is as v left it */
	write_cr0(x86_cr0_fpu);
	if (owner && owner != v && !x86_pv(owner)->fpu_fresh)
		save(x86_pv(owner));
	if (host_xsave)
		xsetbv(pv->xcr0);
	restore(pv);
	pv->fpu_fresh = false;
	x86_fpu_owner[cpu] = v;
	if (pv->cr0_ts)
		write_cr0(x86_cr0_fpu | CR0_TS);
}

/* v (current) sets or clears its CR0.TS */
void x86_pv_set_ts(struct vcpu *v, bool ts)
{
	x86_pv(v)->cr0_ts = ts;
	write_cr0(x86_cr0_fpu | (ts ? CR0_TS : 0));
}

/* v, one of larch's guests, is about to run on cpu, whose registers hold
 * a PV vCPU's state: save it, then no FPU and no AVX for v; then
 * x86_load_frame (a tail call, as on the switch path without a PV vCPU
 * before). */
void x86_load_frame_after_pv(unsigned cpu, struct vcpu *v)
{
	struct vcpu *owner = x86_fpu_owner[cpu];
	if (x86_pv(owner)->cr0_ts)
		write_cr0(x86_cr0_fpu);
	if (!x86_pv(owner)->fpu_fresh)
		save(x86_pv(owner));
	if (host_xsave)
		xsetbv(XSTATE_FP_SSE);
	write_cr0(x86_cr0_no_fpu);
	x86_fpu_owner[cpu] = NULL;
	x86_load_frame(cpu, v);
}

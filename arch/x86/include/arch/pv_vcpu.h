/* x86 PV kernels (a Xen PV guest such as Linux): the per-vCPU state of
 * Xen's 64-bit PV CPU model, kept beside struct vcpu (which stays 512
 * bytes). The guest kernel and its user space both run in ring 3; larch
 * tracks which one is current, switching page tables and GS on the
 * guest's syscall and iret. */
#ifndef ARCH_X86_PV_VCPU_H
#define ARCH_X86_PV_VCPU_H

#include <arch/pv_mm.h>
#include <public/xen_x86_pv.h>

struct vcpu;

/* x87 + SSE + AVX in XSAVE's standard form need 832 bytes */
#define PV_XSAVE_AREA 1024
#define XSTATE_FP_SSE 3ULL /* XCR0: x87 and SSE, what a vCPU starts with */

struct pv_vcpu {
	/* xsave image (fxsave's where the host has no XSAVE) */
	uint8_t fpu[PV_XSAVE_AREA] __attribute__((aligned(64)));
	uint64_t xcr0;		     /* the guest's, loaded while it runs */
	bool fpu_fresh;		     /* fpu was reset: not in any register */
	struct pv_mm mm;	     /* page-table roots, LDT */
	struct trap_info traps[256]; /* set_trap_table, by vector */
	uint64_t syscall_callback;   /* guest user mode's syscall entry */
	uint64_t nmi_callback;	     /* registered; larch raises no NMI */
	uint64_t kernel_sp;	     /* stack_switch: kernel mode's stack */
	uint64_t gs_kernel, gs_user; /* set_segment_base */
	uint8_t iopl;		     /* PHYSDEVOP_set_iopl */
	bool cr0_ts;		     /* its CR0.TS (pv/xstate.c) */
	uint64_t cr4;		     /* what it wrote: PAE, OSFXSR... */
	bool user_mode;		     /* guest user mode is current */
	uint64_t gdt_frames[PV_GDT_MAX_FRAMES]; /* typed PGT_SEG_DESC */
	unsigned gdt_nr;
};

struct pv_vcpu *x86_pv(struct vcpu *v);

/* x87/SSE as after fninit (control word 0x37f, MXCSR 0x1f80), AVX and TS off;
 * the xsave header all zero: every component in its initial state */
static inline void pv_fpu_reset(struct pv_vcpu *pv)
{
	for (unsigned i = 0; i < sizeof(pv->fpu); i++)
		pv->fpu[i] = 0;
	pv->fpu[0] = 0x7f;
	pv->fpu[1] = 0x03;
	pv->fpu[24] = 0x80;
	pv->fpu[25] = 0x1f;
	pv->xcr0 = XSTATE_FP_SSE;
	pv->cr0_ts = false;
	pv->fpu_fresh = true;
}

/* The page-table root (an L4 mfn) and GS base of the mode that runs. */
static inline uint64_t pv_root(const struct pv_vcpu *pv)
{
	return pv->user_mode ? pv->mm.user_baseptr : pv->mm.baseptr;
}

static inline uint64_t pv_gs(const struct pv_vcpu *pv)
{
	return pv->user_mode ? pv->gs_user : pv->gs_kernel;
}

/* set_segment_base (SEGBASE_*): 0 or -XEN_EINVAL, nothing changed */
long x86_pv_set_segment_base(struct vcpu *v, uint64_t which, uint64_t base);

#endif

/* VCPUOP_initialise for a PV kernel: a secondary vCPU's whole first state
 * from Xen's vcpu_guest_context (Linux's cpu_initialize_context fills one
 * per CPU it brings up). Everything is checked, and every reference taken,
 * before the vCPU changes; a refused context leaves it as it was.
 * larch starts a vCPU in kernel mode only, with no LDT, with its x87/SSE
 * state reset (fpu_ctxt is not read: Linux passes zeros and initialises
 * the FPU itself), and without debug registers (docs/arch-x86.md). */
#include <string.h>
#include <larch/hypercall.h>
#include <larch/xen_guest.h>
#include <arch/pv_vcpu.h>
#include "../x86.h"

/* The checks that need no frame: 0 or -XEN_E* */
static long check_context(struct vcpu_guest_context *c)
{
	const struct xen_cpu_user_regs *u = &c->user_regs;
	if (!(c->flags & VGCF_in_kernel) || c->ldt_ents ||
	    c->gdt_ents > PV_GDT_MAX_ENTRIES)
		return -XEN_EINVAL;
	if (!pv_va_ok(u->rip, 1) || !pv_canonical(u->rsp) ||
	    !pv_canonical(c->kernel_sp) || !pv_canonical(c->fs_base) ||
	    !pv_canonical(c->gs_base_kernel) || !pv_canonical(c->gs_base_user))
		return -XEN_EINVAL;
	if (!pv_callback_ok(c->event_callback_eip) ||
	    !pv_callback_ok(c->failsafe_callback_eip) ||
	    !pv_callback_ok(c->syscall_callback_eip))
		return -XEN_EINVAL;
	/* the table is by vector: entry n handles vector n */
	for (unsigned n = 0; n < 256; n++) {
		struct trap_info *t = &c->trap_ctxt[n];
		if (!t->address) {
			memset(t, 0, sizeof(*t));
			continue;
		}
		long rc = x86_pv_trap_check(t);
		if (rc)
			return rc;
		t->vector = (uint8_t)n;
	}
	return 0;
}

/* The roots and GDT frames: typed references for t, all or none; the ones
 * t held before are released. Caller holds the domain's mm_lock. */
static long take_frames(struct vcpu *t, const struct vcpu_guest_context *c)
{
	struct pv_mm *m = x86_pv_mm(t);
	uint16_t dom = t->domain->domid;
	uint64_t root = c->ctrlreg[3] >> 12, user = c->ctrlreg[1] >> 12;
	long rc = get_page_and_type(root, PGT_L4, dom);
	if (rc)
		return rc;
	if (user && (rc = get_page_and_type(user, PGT_L4, dom))) {
		put_page_and_type(root);
		return rc;
	}
	rc = x86_pv_gdt_install(t, c->gdt_frames,
				(unsigned)((c->gdt_ents + 511) / 512));
	if (rc) {
		put_page_and_type(root);
		if (user)
			put_page_and_type(user);
		return rc;
	}
	if (m->baseptr)
		put_page_and_type(m->baseptr);
	if (m->user_baseptr)
		put_page_and_type(m->user_baseptr);
	m->baseptr = root;
	m->user_baseptr = user;
	return 0;
}

long arch_xen_vcpu_initialise(struct vcpu *t, uint64_t ctx)
{
	/* 5 KiB: staged per pCPU, not on the hypervisor stack */
	static struct vcpu_guest_context staged[MAX_PCPUS];
	struct vcpu_guest_context *c = &staged[x86_cpu_id()];
	struct domain *d = t->domain;
	if (!d->arch.pv)
		return -XEN_ENOSYS;
	if (copy_from_guest(d, c, ctx, sizeof(*c)))
		return -XEN_EFAULT;
	long rc = check_context(c);
	if (rc)
		return rc;
	x86_mm_lock(d);
	rc = take_frames(t, c);
	x86_mm_unlock(t);
	if (rc)
		return rc;

	struct pv_vcpu *pv = x86_pv(t);
	const struct xen_cpu_user_regs *u = &c->user_regs;
	struct cpu_user_regs *r = &t->arch.regs;
	r->r15 = u->r15, r->r14 = u->r14, r->r13 = u->r13, r->r12 = u->r12;
	r->rbp = u->rbp, r->rbx = u->rbx, r->r11 = u->r11, r->r10 = u->r10;
	r->r9 = u->r9, r->r8 = u->r8, r->rax = u->rax, r->rcx = u->rcx;
	r->rdx = u->rdx, r->rsi = u->rsi, r->rdi = u->rdi;
	r->rip = u->rip;
	r->rsp = u->rsp;
	/* the event mask is the guest's vcpu_info byte, not rflags.IF; its
	 * IOPL is the vCPU's I/O privilege (as PHYSDEVOP_set_iopl sets it;
	 * Linux passes 1) */
	r->rflags = (u->rflags & RFLAGS_USER) | RFLAGS_IF | 2;
	pv->iopl = (uint8_t)(u->rflags >> 12 & 3);
	memcpy(pv->traps, c->trap_ctxt, sizeof(pv->traps));
	t->arch.event_callback = c->event_callback_eip;
	t->arch.failsafe_callback = c->failsafe_callback_eip;
	pv->syscall_callback = c->syscall_callback_eip;
	pv->kernel_sp = c->kernel_sp;
	pv->user_mode = false;
	t->arch.fs_base = c->fs_base;
	pv->gs_kernel = c->gs_base_kernel;
	pv->gs_user = c->gs_base_user;
	t->arch.gs_base = pv->gs_kernel;
	t->arch.cr3 = pv->mm.baseptr << 12;
	pv_fpu_reset(pv);
	return 0;
}

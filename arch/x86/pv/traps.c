/* Xen's 64-bit PV CPU model for PV kernels: the trap table and exception
 * bouncing, the event and syscall callbacks, the kernel stack, segment
 * bases, and HYPERVISOR_iret with its switch between guest kernel and
 * guest user mode (both ring 3; each with its own page-table root and GS
 * base). Exceptions and events reach the guest kernel as Xen delivers
 * them: a frame of rcx, r11, [error code], rip, cs, rflags, rsp, ss on its
 * kernel stack, rip at the registered handler. */
#include <string.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/vcpu_irq.h>
#include <public/xen_mm.h>
#include <arch/pv_vcpu.h>
#include "../x86.h"

static struct pv_vcpu pv_vcpus[MAX_DOMAINS][MAX_VCPUS_PER_DOMAIN];

struct pv_vcpu *x86_pv(struct vcpu *v)
{
	return &pv_vcpus[v->domain->domid][v->vcpu_id];
}

/* The GS base of the mode that runs becomes current. */
static void load_gs(struct vcpu *v, const struct pv_vcpu *pv)
{
	v->arch.gs_base = pv_gs(pv);
	wrmsr(MSR_GS_BASE, v->arch.gs_base);
}

/* The guest mode's page-table root and GS base become current. */
static void load_mode(struct vcpu *v, struct pv_vcpu *pv)
{
	v->arch.pv_user = pv->user_mode;
	v->arch.cr3 = pv_root(pv) << 12;
	write_cr3(v->arch.cr3);
	load_gs(v, pv);
}

/* Enter the guest kernel at entry with Xen's frame; err < 0: none. */
static int bounce(struct vcpu *v, uint64_t entry, long err, bool mask)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct pv_vcpu *pv = x86_pv(v);
	bool from_user = pv->user_mode;
	bool was_masked = vcpu_irq_masked(v);
	uint64_t f[8];
	unsigned n = 0;
	f[n++] = r->rcx;
	f[n++] = r->r11;
	if (err >= 0)
		f[n++] = (uint64_t)err;
	f[n++] = r->rip;
	/* RPL 0 tells the guest kernel it interrupted itself */
	f[n++] = (from_user ? FLAT_RING3_CS64 : FLAT_RING3_CS64 & ~3ull) |
		 (uint64_t)was_masked << 32;
	f[n++] = (r->rflags & RFLAGS_USER) | (was_masked ? 0 : RFLAGS_IF) | 2;
	f[n++] = r->rsp;
	f[n++] = from_user ? FLAT_RING3_SS64 : FLAT_RING3_SS64 & ~3ull;
	if (from_user) {
		pv->user_mode = false;
		load_mode(v, pv);
	}
	uint64_t sp = ((from_user ? pv->kernel_sp : r->rsp) & ~15ull) - n * 8;
	if (copy_to_guest(v->domain, sp, f, n * 8))
		return -1;
	r->rsp = sp;
	r->rip = entry;
	r->rflags = (r->rflags & RFLAGS_USER & ~0x100ull) | RFLAGS_IF | 2;
	if (mask)
		vcpu_irq_mask(v);
	return 0;
}

/* The vectors whose exceptions carry an error code. */
static bool has_error_code(unsigned vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21;
}

bool x86_pv_exception(struct vcpu *v, unsigned vec, uint64_t err, uint64_t cr2,
		      const char **why)
{
	struct pv_vcpu *pv = x86_pv(v);
	const struct trap_info *t = &pv->traps[vec & 255];
	*why = NULL;
	/* `int $n` (a #GP naming IDT entry n): the kernel's vector n if its
	 * trap table lets ring 3 raise it, past the 2-byte instruction */
	if (vec == 13 && (err & 7) == 2 && v->domain->arch.pv) {
		const struct trap_info *n = &pv->traps[(err >> 3) & 255];
		if (n->address && (n->flags & 3) == 3) {
			v->arch.regs.rip += 2;
			t = n;
			vec = (unsigned)(err >> 3) & 255;
		}
	}
	pv_trace("exception %u error %llx cr2 %llx at %llx\n", vec,
		 (unsigned long long)err, (unsigned long long)cr2,
		 (unsigned long long)v->arch.regs.rip);
	if (!v->domain->arch.pv || !t->address)
		return false;
	if (vec == 14)
		v->vcpu_info->arch.cr2 = cr2;
	if (bounce(v, t->address, has_error_code(vec) ? (long)err : -1,
		   t->flags & TI_MASK_EVENTS)) {
		*why = "its exception frame does not fit its kernel stack";
		return false;
	}
	return true;
}

/* ---- events: the upcall of a PV kernel ---- */
bool x86_pv_upcall(struct vcpu *v)
{
	return bounce(v, v->arch.event_callback, -1, true) == 0;
}

/* ---- syscall from guest user mode: the guest kernel's syscall entry,
 * events masked as SFMASK would clear IF; rip/r11 in the frame are the
 * user's return address and flags ---- */
bool x86_pv_syscall(struct vcpu *v, const char **why)
{
	struct pv_vcpu *pv = x86_pv(v);
	if (!pv->syscall_callback) {
		*why = "a syscall in user mode with no syscall callback";
		return false;
	}
	if (bounce(v, pv->syscall_callback, -1, true)) {
		*why = "its syscall frame does not fit its kernel stack";
		return false;
	}
	return true;
}

void x86_pv_syscall_entry(struct vcpu *v, struct cpu_user_regs *r)
{
	const char *why = NULL;
	if (v->arch.pv_user)
		x86_pv_syscall(v, &why);
	else if (!pv_canonical(r->rip))
		why = "hypercall returning to a non-canonical address";
	else if (r->rax == __HYPERVISOR_iret)
		x86_pv_iret(v, &why);
	else {
		uint64_t nr = r->rax, a0 = r->rdi, a1 = r->rsi;
		(void)nr, (void)a0, (void)a1;
		x86_dispatch_hypercall(v, r);
		pv_trace("hypercall %llu(%llx, %llx) = %lld\n",
			 (unsigned long long)nr, (unsigned long long)a0,
			 (unsigned long long)a1, (long long)r->rax);
	}
	if (why)
		domain_crash(v, why, r->rip);
}

/* ---- HYPERVISOR_iret: Xen's context at rsp; RPL 3 in cs returns to
 * guest user mode ---- */
bool x86_pv_iret(struct vcpu *v, const char **why)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct pv_vcpu *pv = x86_pv(v);
	struct iret_context c;
	if (copy_from_guest(v->domain, &c, r->rsp, sizeof(c))) {
		*why = "iret frame outside its memory";
		return false;
	}
	if (!pv_canonical(c.rip) || !pv_canonical(c.rsp)) {
		*why = "iret to a non-canonical address";
		return false;
	}
	if ((c.cs & 3) == 3 && !pv->user_mode) {
		if (!pv->mm.user_baseptr) {
			*why = "iret to user mode with no user page table";
			return false;
		}
		pv->user_mode = true;
		load_mode(v, pv);
	}
	r->rax = c.rax;
	r->rip = c.rip;
	r->rsp = c.rsp;
	r->rflags = (c.rflags & RFLAGS_USER) | RFLAGS_IF | 2;
	/* a return from a syscall: as sysret leaves them */
	r->rcx = c.flags & VGCF_in_syscall ? c.rip : c.rcx;
	r->r11 = c.flags & VGCF_in_syscall ? r->rflags : c.r11;
	if (c.rflags & RFLAGS_IF)
		vcpu_irq_unmask(v);
	else
		vcpu_irq_mask(v);
	return true;
}

/* ---- the hypercalls ---- */
/* As Xen: a null selector is refused, any other gets RPL 3 (the handler
 * runs in ring 3 whatever the guest asked; the selector is only reported
 * back); the handler must be where the guest maps code. */
long x86_pv_trap_check(struct trap_info *t)
{
	if (!(t->cs & ~3))
		return -XEN_EPERM;
	t->cs |= 3;
	return pv_va_ok(t->address, 1) ? 0 : -XEN_EINVAL;
}

/* Entries up to one with address 0, each checked as it is read into a
 * per-pCPU staging table: a refused list changes nothing. */
static long set_trap_table(struct vcpu *v, uint64_t list)
{
	static struct trap_info staged[MAX_PCPUS][256];
	struct trap_info *st = staged[x86_cpu_id()];
	struct pv_vcpu *pv = x86_pv(v);
	if (!list) {
		memset(pv->traps, 0, sizeof(pv->traps));
		return 0;
	}
	memcpy(st, pv->traps, sizeof(pv->traps));
	for (unsigned i = 0;; i++) {
		struct trap_info t;
		if (i > 256)
			return -XEN_EINVAL;
		if (copy_from_guest(v->domain, &t, list + i * sizeof(t),
				    sizeof(t)))
			return -XEN_EFAULT;
		if (!t.address)
			break;
		long rc = x86_pv_trap_check(&t);
		if (rc)
			return rc;
		st[t.vector] = t;
	}
	memcpy(pv->traps, st, sizeof(pv->traps));
	return 0;
}

long x86_pv_set_segment_base(struct vcpu *v, uint64_t which, uint64_t base)
{
	struct pv_vcpu *pv = x86_pv(v);
	if (which != SEGBASE_GS_USER_SEL && !pv_canonical(base))
		return -XEN_EINVAL;
	switch (which) {
	case SEGBASE_FS:
		v->arch.fs_base = base;
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		pv->gs_kernel = base;
		break;
	case SEGBASE_GS_USER:
		pv->gs_user = base;
		break;
	case SEGBASE_GS_USER_SEL:
		/* a selector for user mode's GS: a 64-bit kernel's are flat
		 * (base 0), which is what user GS becomes; the selector
		 * itself is not loaded (larch keeps GS null) */
		if (base > 0xffff)
			return -XEN_EINVAL;
		pv->gs_user = 0;
		break;
	default:
		return -XEN_EINVAL;
	}
	load_gs(v, pv);
	return 0;
}

/* callback_op: the entry points set_callbacks sets, one at a time. An
 * NMI entry is accepted (Linux requires it) but larch raises no NMI;
 * 32-bit syscall/sysenter entries are not offered (-EINVAL: Linux then
 * leaves 32-bit syscalls off). */
static long callback_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct pv_vcpu *pv = x86_pv(v);
	struct callback_register cb;
	if (cmd != CALLBACKOP_register && cmd != CALLBACKOP_unregister)
		return -XEN_ENOSYS;
	if (copy_from_guest(v->domain, &cb, arg, sizeof(cb)))
		return -XEN_EFAULT;
	uint64_t a = cmd == CALLBACKOP_register ? cb.address : 0;
	if (!pv_callback_ok(a))
		return -XEN_EINVAL;
	switch (cb.type) {
	case CALLBACKTYPE_event:
		v->arch.event_callback = a;
		return 0;
	case CALLBACKTYPE_failsafe:
		v->arch.failsafe_callback = a;
		return 0;
	case CALLBACKTYPE_syscall:
		pv->syscall_callback = a;
		return 0;
	case CALLBACKTYPE_nmi:
		pv->nmi_callback = a;
		return 0;
	default:
		return -XEN_EINVAL;
	}
}

/* vm_assist: the assists of 64-bit PV that larch's model always has
 * (writable page tables, extended CR3, ...) may be turned on or off;
 * nothing changes. */
static long vm_assist(uint64_t cmd, uint64_t type)
{
	const uint64_t known = 1ULL << VMASST_TYPE_4gb_segments |
			       1ULL << VMASST_TYPE_4gb_segments_notify |
			       1ULL << VMASST_TYPE_writable_pagetables |
			       1ULL << VMASST_TYPE_pae_extended_cr3 |
			       1ULL << VMASST_TYPE_runstate_update_flag |
			       1ULL << VMASST_TYPE_m2p_strict;
	if (cmd > VMASST_CMD_disable)
		return -XEN_ENOSYS;
	return type < 64 && (known >> type & 1) ? 0 : -XEN_EINVAL;
}

long x86_pv_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	struct pv_vcpu *pv = x86_pv(v);
	const uint64_t *a = h->a;
	switch (h->nr) {
	case __HYPERVISOR_set_trap_table:
		return set_trap_table(v, a[0]);
	case __HYPERVISOR_set_callbacks:
		/* event, failsafe, syscall: where it may map code */
		if (!pv_va_ok(a[0], 1) || !pv_callback_ok(a[1]) ||
		    !pv_callback_ok(a[2]))
			return -XEN_EINVAL;
		v->arch.event_callback = a[0];
		v->arch.failsafe_callback = a[1];
		pv->syscall_callback = a[2];
		return 0;
	case __HYPERVISOR_stack_switch:
		/* the selector is the kernel's SS (Xen gives it RPL 3);
		 * larch enters with its own flat one */
		if (!pv_canonical(a[1]))
			return -XEN_EINVAL;
		pv->kernel_sp = a[1];
		return 0;
	case __HYPERVISOR_set_segment_base:
		return x86_pv_set_segment_base(v, a[0], a[1]);
	case __HYPERVISOR_callback_op:
		return callback_op(v, a[0], a[1]);
	case __HYPERVISOR_fpu_taskswitch:
		x86_pv_set_ts(v, a[0] != 0);
		return 0;
	case __HYPERVISOR_vm_assist:
		return vm_assist(a[0], a[1]);
	case __HYPERVISOR_physdev_op: {
		/* only the I/O privilege; there are no devices to give */
		struct physdev_set_iopl io;
		if (a[0] != PHYSDEVOP_set_iopl)
			return -XEN_ENOSYS;
		if (copy_from_guest(v->domain, &io, a[1], sizeof(io)))
			return -XEN_EFAULT;
		if (io.iopl > 3)
			return -XEN_EINVAL;
		pv->iopl = (uint8_t)io.iopl;
		return 0;
	}
	case __HYPERVISOR_set_gdt:
	case __HYPERVISOR_update_descriptor:
		return x86_pv_descriptor_hypercall(v, h);
	case __HYPERVISOR_mmu_update:
	case __HYPERVISOR_mmuext_op:
	case __HYPERVISOR_update_va_mapping:
		return x86_pv_mmu_hypercall(v, h);
	default:
		return -XEN_ENOSYS;
	}
}

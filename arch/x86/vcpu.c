/* x86 PV vCPUs and domains: per-domain page tables (larch's upper-half
 * slots, supervisor-only, in every one), context switch, the upcall bounce frame
 * and its iret hypercall, hypercall decoding, guest faults. */
#include <string.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/lifecycle.h>
#include <larch/sched.h>
#include <larch/setup.h>
#include <larch/vcpu_irq.h>
#include <public/sched.h>
#include <public/start_info.h>
#include <public/xen_x86_pv.h>
#include "x86.h"
#include <larch/lifecycle.h>
#include <arch/mm.h> /* PTE_* */

#define BLK_2M	  (2ULL << 20)
#define POOL_BASE (16ULL << 20)
/* larch's own guests live in the lower half: an iretq or sysret to the
 * upper half is refused (non-canonical addresses would fault in ring 0;
 * PV kernels, which do run in the upper half, have arch/x86/pv/traps.c) */
#define USER_VA_LIMIT (1ULL << 47)

#define HC_X86_TRAP_COUNT 49 /* this vCPU's entries to the hypervisor */

/* The bounce frame the hypervisor pushes on the guest stack for an upcall;
 * the guest's iret hypercall pops it. rax, rcx and r11 are in it because
 * the iret's own syscall clobbers them; rflags.IF carries the mask to
 * restore (IF set = unmasked), as a PV iret does. */
struct bounce_frame {
	uint64_t rax, rcx, r11, rip, rflags, rsp;
};

/* head.S: FRAME_SIZE, FRAME_CS, and arch.hyp_sp right after the frame */
_Static_assert(sizeof(struct cpu_user_regs) == 22 * 8, "FRAME_SIZE");
_Static_assert(offsetof(struct cpu_user_regs, cs) == 18 * 8, "FRAME_CS");
_Static_assert(offsetof(struct arch_vcpu, hyp_sp) ==
		       sizeof(struct cpu_user_regs),
	       "hyp_sp follows the frame");

_Static_assert(sizeof(struct vcpu) == ARCH_VCPU_ALIGN, "vCPUs index by shift");

static uint64_t dom_pt[MAX_DOMAINS][3][512] __attribute__((aligned(4096)));
static struct domain_pool pool;
extern uint8_t _end[];

static uint64_t vcpu_info_gaddr(const struct vcpu *v)
{
	const struct domain *d = v->domain;
	return d->guest_base +
	       (uint64_t)((const uint8_t *)v->vcpu_info - d->host_base);
}

static void set_user_frame(struct cpu_user_regs *r)
{
	r->cs = SEL_USER_CS;
	r->ss = SEL_USER_DS;
	r->rflags = RFLAGS_IF | 2;
}

/* ---- domains ---- */
int arch_domain_alloc(const struct domain_config *cfg, struct domain_params *p)
{
	/* domains from 16 MiB up, so their addresses do not move with the
	 * image size (the x86 isolation test names one); the pool hands out
	 * hypervisor (directmap) addresses */
	if (!pool.end) {
		uint64_t start = (uint64_t)_end;
		uint64_t base = (uint64_t)__va(POOL_BASE);
		uint64_t end = config_staging_window.size
				       ? config_staging_window.addr
				       : ram_end;
		pool = (struct domain_pool){ start < base ? base : start,
					     (uint64_t)__va(end) };
		x86_paging_init(&pool);
	}
	/* one page directory (1 GiB) per domain */
	return domain_pool_alloc(&pool, cfg, 1ULL << 30, GUEST_VA_BASE, p);
}

/* PML4[0] -> this domain's PDPT, whose only entry is 1 (guest 1-2 GiB):
 * the domain's memory in 2 MiB user pages. The rest of the lower half is
 * unmapped; PML4 slots HV_SLOT_FIRST..HV_SLOT_LAST are larch's
 * (supervisor-only: U/S, needed at every level for ring 3, is clear in
 * larch's entries), copied from the boot table. Entries hold physical
 * addresses. */
static uint64_t build_tables(struct domain *d)
{
	uint64_t(*pt)[512] = dom_pt[d->domid];
	memset(pt, 0, sizeof(dom_pt[0]));
	pt[0][0] = __pa(pt[1]) | PTE_P | PTE_RW | PTE_US;
	x86_install_hv_slots(pt[0]);
	pt[1][1] = __pa(pt[2]) | PTE_P | PTE_RW | PTE_US;
	for (uint64_t off = 0; off < d->mem_size; off += BLK_2M)
		pt[2][off / BLK_2M] = __pa(d->host_base + off) | PTE_P |
				      PTE_RW | PTE_US | PTE_PSE;
	return __pa(pt[0]);
}

/* Guest time: ns = ((tsc << shift) * mul) >> 32, Xen's vcpu_time_info. */
static void fill_time_info(struct vcpu_time_info *t)
{
	uint64_t mul = tsc_mul;
	int shift = 0;
	while (mul >> 32) {
		mul >>= 1;
		shift++;
	}
	t->tsc_to_system_mul = (uint32_t)mul;
	t->tsc_shift = (int8_t)shift;
	t->tsc_timestamp = 0;
	t->system_time = 0;
}

static int domain_prepare(struct domain *d);

int arch_domain_load(struct domain *d, const struct domain_config *cfg,
		     const struct guest_image *img)
{
	uint64_t si_off = d->mem_size - 8192;
	uint64_t len = (uint64_t)(img->end - img->start);
	int rc = domain_prepare(d);
	if (rc)
		return rc;
	if (x86_is_elf(img->start, len))
		return x86_pv_kernel_load(d, cfg, img->start, len, NULL, 0,
					  "image");
	rc = domain_load_image(d, cfg, img, si_off,
			       d->guest_base + d->mem_size - 4096);
	if (rc)
		return rc;
	struct cpu_user_regs *r = &d->vcpus[0].arch.regs;
	r->rip = d->guest_base;
	r->rdi = d->guest_base + si_off;
	r->rsp = d->guest_base + si_off; /* until the guest sets its own */
	return 0;
}

/* A staged Xen PV kernel (config "kernel", "initrd", "bootargs"). */
int arch_domain_load_kernel(struct domain *d, const struct domain_config *cfg)
{
	int rc = domain_prepare(d);
	if (rc)
		return rc;
	return x86_pv_kernel_load(
		d, cfg, __va(cfg->kernel.addr), cfg->kernel.size,
		cfg->initrd.size ? __va(cfg->initrd.addr) : NULL,
		cfg->initrd.size, "kernel");
}

/* What every domain gets before its image: larch's tables (the PV MMU
 * replaces them for a PV kernel), its frames in the frame table, per-vCPU
 * roots and GS bases, guest time. */
static int domain_prepare(struct domain *d)
{
	if (d->domid >= MAX_DOMAINS)
		return -XEN_ENOSPC;
	d->arch.cr3 = build_tables(d);
	x86_paging_assign(d);
	for (unsigned i = 0; i < MAX_VCPUS_PER_DOMAIN; i++) {
		struct vcpu *v = &d->vcpus[i];
		v->arch.cr3 = d->arch.cr3;
		v->arch.gs_base = vcpu_info_gaddr(v);
		v->arch.hypercall_rip_limit = USER_VA_LIMIT;
		v->arch.fs_base = x86_hyp_fs_base(v->processor);
		x86_pv_vcpu_init(v);
	}
	for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		fill_time_info(&d->shared_info->vcpu_info[i].time);
	return 0;
}

/* ---- vCPUs ---- */
void arch_vcpu_init(struct vcpu *v)
{
	memset(&v->arch, 0, sizeof(v->arch));
	set_user_frame(&v->arch.regs);
}

int arch_vcpu_set_entry(struct vcpu *v, uint64_t entry, uint64_t stack,
			uint64_t arg)
{
	struct domain *d = v->domain;
	if ((stack & 15) || !guest_mem_ptr(d, entry, 1) ||
	    !guest_mem_ptr(d, stack - 16, 16))
		return -XEN_EINVAL;
	memset(&v->arch.regs, 0, sizeof(v->arch.regs));
	set_user_frame(&v->arch.regs);
	v->arch.regs.rip = entry;
	v->arch.regs.rsp = stack;
	v->arch.regs.rdi = arg;
	vcpu_irq_mask(v);
	return 0;
}

/* v's page-table root and segment bases become current on this pCPU.
 * larch's own guests address their vcpu_info through GS (GS base = its
 * address): their mask and pending bytes are %gs:1 and %gs:0. */
static inline void load_address_space(struct vcpu *v)
{
	if (read_cr3() != v->arch.cr3)
		write_cr3(v->arch.cr3);
	wrmsr(MSR_GS_BASE, v->arch.gs_base);
	wrmsr(MSR_FS_BASE, v->arch.fs_base);
}

/* One test of "PV?" per switch; all tail calls: no frame on the path. */
void arch_ctxt_switch(struct vcpu *prev, struct vcpu *next)
{
	(void)prev;
	if (!next)
		return;
	unsigned cpu = next->processor; /* pinned: this pCPU */
	if (next->arch.pv) {
		/* named before its root is loaded, so no shootdown of its
		 * mappings can miss this pCPU (only PV domains ask for them;
		 * a pCPU left naming one after a switch to larch's own guest
		 * gets a needless flush, never a missed one) */
		x86_tlb_domain[cpu] = next->domain;
		load_address_space(next);
		x86_pv_load_frame(cpu, next);
	} else {
		load_address_space(next);
		if (x86_fpu_owner[cpu]) /* a PV vCPU's state is loaded */
			x86_load_frame_after_pv(cpu, next);
		else
			x86_load_frame(cpu, next);
	}
}

/* ---- the upcall: bounce frame and iret ---- */
static void guest_crash(struct vcpu *v, const char *why)
{
	domain_crash(v, why, v->arch.regs.rip);
}

/* v is current on this pCPU, about to return to ring 3. A masked vCPU
 * gets nothing here: an eager guest asks for the upcall when it unmasks.
 * The frame is written in place (it is 16-byte aligned, inside the
 * domain's memory: guest_mem_ptr checked the whole of it). */
void arch_deliver_upcall(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	if (vcpu_irq_masked(v) || !v->arch.event_callback) {
		v->arch.upcall_waited = true;
		return;
	}
	if (v->arch.pv) { /* Xen's frame, on its kernel stack */
		if (!x86_pv_upcall(v)) {
			guest_crash(v, "upcall frame outside its memory");
			return;
		}
		v->stat_upcalls++;
		if (v->arch.upcall_waited)
			v->domain->stat_unmask_upcalls++;
		v->arch.upcall_waited = false;
		return;
	}
	/* below the red zone; the frame (48 bytes) ends 16-byte aligned */
	uint64_t sp = ((r->rsp - 128) & ~15ULL) - sizeof(struct bounce_frame);
	_Static_assert(sizeof(struct bounce_frame) % 16 == 0,
		       "frame keeps the alignment");
	struct bounce_frame *f = guest_mem_ptr(v->domain, sp, sizeof(*f));
	if (!f) {
		guest_crash(v, "upcall frame outside its memory");
		return;
	}
	f->rax = r->rax;
	f->rcx = r->rcx;
	f->r11 = r->r11;
	f->rip = r->rip;
	f->rflags = (r->rflags & RFLAGS_USER) | RFLAGS_IF | 2;
	f->rsp = r->rsp;
	r->rsp = sp;
	r->rip = v->arch.event_callback;
	vcpu_irq_mask(v);
	v->stat_upcalls++;
}

/* The frame is read once into f before it is checked: the guest's other
 * vCPUs can write it meanwhile. */
static void do_iret(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	const volatile struct bounce_frame *g =
		guest_mem_ptr(v->domain, r->rsp, sizeof(*g));
	if (!g) {
		guest_crash(v, "iret frame outside its memory");
		return;
	}
	struct bounce_frame f = { g->rax, g->rcx,    g->r11,
				  g->rip, g->rflags, g->rsp };
	/* iretq to a non-canonical rip would fault in ring 0 */
	if (f.rip >= USER_VA_LIMIT || f.rsp >= USER_VA_LIMIT) {
		guest_crash(v, "iret to a non-canonical address");
		return;
	}
	r->rax = f.rax;
	r->rcx = f.rcx;
	r->r11 = f.r11;
	r->rip = f.rip;
	r->rsp = f.rsp;
	r->rflags = (f.rflags & RFLAGS_USER) | RFLAGS_IF | 2;
	/* the mask byte as it was when the upcall was bounced */
	if (f.rflags & RFLAGS_IF)
		vcpu_irq_unmask(v);
	else
		vcpu_irq_mask(v);
}

/* A PV kernel's x86 hypercalls are Xen's (pv/traps.c); larch's own
 * guests have two. */
long arch_do_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	if (v->domain->arch.pv)
		return x86_pv_hypercall(v, h);
	switch (h->nr) {
	case __HYPERVISOR_set_callbacks:
		/* event callback, failsafe callback: code in its memory */
		if (!guest_mem_ptr(v->domain, h->a[0], 1) ||
		    (h->a[1] && !guest_mem_ptr(v->domain, h->a[1], 1)))
			return -XEN_EINVAL;
		v->arch.event_callback = h->a[0];
		v->arch.failsafe_callback = h->a[1];
		return 0;
	case HC_X86_TRAP_COUNT:
		return (long)v->arch.entries;
	default:
		return -XEN_ENOSYS;
	}
}

/* ---- guest traps ---- */
static const char *const exc_names[32] = {
	[0] = "divide error",	  [1] = "debug",
	[3] = "breakpoint",	  [4] = "overflow",
	[5] = "bound range",	  [6] = "invalid opcode",
	[7] = "no FPU",		  [8] = "double fault",
	[10] = "invalid TSS",	  [11] = "segment not present",
	[12] = "stack fault",	  [13] = "general protection fault",
	[14] = "page fault",	  [16] = "x87 error",
	[17] = "alignment check", [19] = "SIMD error",
};

/* Which memory a faulting guest address names, for the report. Only its
 * own memory is mapped in its lower half; larch's slots are mapped
 * supervisor-only: through the directmap, name the machine memory. */
static const char *whose(const struct domain *d, uint64_t a)
{
	extern uint8_t _start_image[];
	if (a >= d->guest_base && a - d->guest_base < d->mem_size)
		return "its own memory";
	if (a >= GUEST_VA_BASE && a < 2 * GUEST_VA_BASE)
		return "outside its memory";
	if (a < USER_VA_LIMIT)
		return "not mapped in its address space";
	if (a < DIRECTMAP_BASE || a - DIRECTMAP_BASE >= DIRECTMAP_SIZE)
		return "an unmapped address";
	if (a >= (uint64_t)_start_image && a < (uint64_t)_end)
		return "hypervisor memory (the larch image)";
	for (unsigned i = 0; i < MAX_DOMAINS; i++) {
		const struct domain *o = &domains[i];
		if (o->state != DOM_FREE && a >= (uint64_t)o->host_base &&
		    a - (uint64_t)o->host_base < o->mem_size)
			return o == d ? "its own memory, through larch's "
					"directmap"
				      : "another domain's memory";
	}
	return "hypervisor-owned memory";
}

static void guest_fault(struct vcpu *v, struct cpu_user_regs *f)
{
	char why[160];
	unsigned vec = (unsigned)f->vector;
	const char *name =
		vec < 32 && exc_names[vec] ? exc_names[vec] : "exception";
	uint64_t a = vec == 14 ? read_cr2() : 0;
	int pt = vec == 14 ? x86_pv_ptwr(v, f, a, why, sizeof(why)) : 0;
	if (pt > 0)
		return;
	/* a PV kernel's privileged operation, emulated as Xen does */
	if (v->arch.pv && (vec == 13 || vec == 6) &&
	    x86_pv_emulate_op(v, f, vec))
		return;
	/* the TS a PV kernel set: cleared, then its own #NM (as on Xen) */
	if (v->arch.pv && vec == 7)
		x86_pv_set_ts(v, false);
	/* a PV kernel's own handler, if it registered one */
	const char *stop;
	if (x86_pv_exception(v, vec, f->error_code, a, &stop))
		return;
	if (stop || pt < 0) {
		guest_crash(v, stop ? stop : why);
		return;
	}
	if (vec == 14) {
		snprintk(why, sizeof(why), "page fault %s 0x%llx, %s",
			 f->error_code & 2 ? "writing" : "reading",
			 (unsigned long long)a, whose(v->domain, a));
	} else {
		snprintk(why, sizeof(why), "%s (vector %u, error %llx)", name,
			 vec, (unsigned long long)f->error_code);
	}
	guest_crash(v, why);
}

/* Under this machine's (nested, emulated) KVM a guest's syscall loads rip
 * from LSTAR, rcx, r11 and SFMASK but leaves CS at ring 3, so the first
 * fetch of syscall_entry page-faults from ring 3. Finish the instruction
 * here: return address rcx, flags r11, then it is an ordinary hypercall.
 * A guest jumping to syscall_entry itself gets the same treatment, which
 * is what a syscall does anyway (rcx is always the guest's to choose). */
static void syscall_left_in_ring3(unsigned cpu, struct cpu_user_regs *r)
{
	static bool told;
	if (!told) {
		told = true;
		printk("larch: cpu%u: syscall stayed in ring 3 (an emulation "
		       "bug); completing it from the page fault\n",
		       cpu);
	}
	r->rip = r->rcx;
	r->rflags = r->r11;
	r->vector = VEC_HYPERCALL;
}

/* r is the current vCPU's arch.regs, saved there by syscall_entry (or by
 * x86_guest_trap for the KVM case above); this runs on the pCPU stack. */
static void hypercall(struct vcpu *v, struct cpu_user_regs *r)
{
	/* one compare on the common path: a PV kernel's limit is 0 */
	if (r->rip >= v->arch.hypercall_rip_limit) {
		if (v->arch.pv) /* a Xen PV kernel: arch/x86/pv/traps.c */
			x86_pv_syscall_entry(v, r);
		else
			guest_crash(v, "hypercall returning to a "
				       "non-canonical address");
	} else if (r->rax == __HYPERVISOR_iret) {
		do_iret(v);
	} else {
		x86_dispatch_hypercall(v, r);
	}
}

void x86_hypercall(struct cpu_user_regs *r)
{
	struct vcpu *v = container_of(r, struct vcpu, arch.regs);
	v->arch.entries++;
	hypercall(v, r);
	x86_run(x86_cpu_id());
}

/* Any other trap from ring 3; f is the current vCPU's arch.regs. */
void x86_guest_trap(struct cpu_user_regs *f)
{
	struct vcpu *v = container_of(f, struct vcpu, arch.regs);
	unsigned cpu = x86_cpu_id();
	v->arch.entries++;
	if (f->vector == 14 && f->rip == (uint64_t)syscall_entry) {
		syscall_left_in_ring3(cpu, f);
		hypercall(v, f);
	} else if (f->vector >= 32) {
		x86_interrupt(cpu, (unsigned)f->vector);
	} else {
		guest_fault(v, f);
	}
	x86_run(cpu);
}

/* ---- reference figure: cli/sti in ring 0 (the bench prints it) ---- */
static uint64_t ticks_to_ns(uint64_t t)
{
	return (uint64_t)(((unsigned __int128)t * tsc_mul) >> 32);
}

void x86_report_native_pair(void)
{
	enum { N = 20000 };
	uint64_t t0 = rdtsc();
	for (unsigned i = 0; i < N; i++)
		__asm__ __volatile__("" ::: "memory");
	uint64_t base = rdtsc() - t0;
	t0 = rdtsc();
	for (unsigned i = 0; i < N; i++)
		__asm__ __volatile__("cli\n\tsti" ::: "memory");
	uint64_t t = rdtsc() - t0;
	__asm__ __volatile__("cli" ::: "memory");
	uint64_t x10 = ticks_to_ns(t > base ? t - base : 0) * 10 / N;
	printk("BENCH mask_unmask_pair_native %llu.%llu\n",
	       (unsigned long long)(x10 / 10), (unsigned long long)(x10 % 10));
}

/* A PV kernel's frames keep their page types and counts in the frame
 * table: a rebuild would find them pinned. Not reset yet. */
bool arch_domain_restartable(const struct domain *d)
{
	return !d->arch.pv;
}

/* A pCPU that switched to idle keeps the last root loaded (a switch to a
 * vCPU loads its own): before the domain's tables are rebuilt for a
 * restart, a pCPU still on them moves to larch's own. */
void arch_domain_leave_pcpu(struct domain *d)
{
	if (read_cr3() == d->arch.cr3)
		write_cr3(__pa(boot_pml4));
}

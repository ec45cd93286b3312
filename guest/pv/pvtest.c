/* larch's x86 PV test kernel: booted by the PV domain builder as Xen boots a
 * Linux PV kernel, it checks what it was given (start_info, p2m, masked
 * events), then drives the PV MMU the way a kernel does: maps frames with
 * update_va_mapping, builds and pins tables, hooks them in with mmu_update,
 * switches to a page-table root of its own, batches with multicall; then
 * makes each request a hostile kernel would and checks Xen's refusal.
 * One "PASS x86/pvmmu/<case>" line per case. */
#include <stdarg.h>
#include <larch/format.h>
#include <public/sched.h>
#include <public/shared_info.h>
#include <public/start_info.h>
#include <public/xen_abi.h>
#include <public/xen_mm.h>
#include <public/xen_x86_pv.h>
#include <public/event_channel.h>

#define PAGE	  4096ul
#define PTE_P	  0x001ul
#define PTE_RW	  0x002ul
#define PTE_US	  0x004ul
#define PTE_ADDR  0x000ffffffffff000ul
#define VIRT_BASE 0xffffffff80000000ul
/* larch's image, through its directmap: never the guest's */
#define HV_IMAGE_VA  0xffff830000100000ul
#define HV_IMAGE_MFN 0x100ul

static long hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		      unsigned long a3, unsigned long a4)
{
	register unsigned long r10 __asm__("r10") = a4;
	long ret;
	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			     : "rcx", "r11", "r8", "memory");
	return ret;
}

static void print(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintk(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, (unsigned long)n,
		  (unsigned long)line, 0);
}

static unsigned failed;
static bool quiet; /* the hostile role: its set-up passes silently */

static void result(const char *name, bool ok, const char *why)
{
	if (ok && quiet)
		return;
	if (ok) {
		print("PASS x86/pvmmu/%s\n", name);
	} else {
		print("FAIL x86/pvmmu/%s: %s\n", name, why);
		failed++;
	}
}
#define CHECK(name, cond) result(name, (cond), #cond)

static long uvm(unsigned long va, unsigned long val, unsigned long flags)
{
	return hypercall(__HYPERVISOR_update_va_mapping, va, val, flags, 0);
}

static long mmuext(unsigned cmd, unsigned long arg1)
{
	struct mmuext_op op = { .cmd = cmd };
	op.arg1.mfn = arg1;
	return hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
			 DOMID_SELF);
}

static long pt_write(unsigned long maddr, unsigned long val)
{
	struct mmu_update u = { maddr | MMU_NORMAL_PT_UPDATE, val };
	return hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			 DOMID_SELF);
}

static const struct xen_start_info *si;
static const uint64_t *p2m;
static uint64_t mfn0, nr_pages;
/* scratch pages of the bootstrap mapping, above the boot stack */
static unsigned long scratch[3];
/* past the bootstrap mapping: served by an L1 of the kernel's own */
static unsigned long beyond;
static uint64_t beyond_l1;

static unsigned long pte(uint64_t mfn, unsigned long flags)
{
	return (unsigned long)mfn << 12 | flags | PTE_P | PTE_US;
}

/* A table frame inside the bootstrap mapping, read through it (tables are
 * mapped read-only there). */
static const uint64_t *table_va(uint64_t mfn)
{
	return (const uint64_t *)(VIRT_BASE + (mfn - mfn0) * PAGE);
}

static unsigned idx(unsigned long va, int level)
{
	return (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
}

/* Machine address of va's entry at `level` in the tables rooted at l4. */
static unsigned long entry_maddr(uint64_t l4, unsigned long va, int level)
{
	uint64_t mfn = l4;
	for (int l = 4; l > level; l--)
		mfn = (table_va(mfn)[idx(va, l)] & PTE_ADDR) >> 12;
	return (unsigned long)mfn << 12 | idx(va, level) * 8;
}

static uint64_t current_l4;

static void boot_protocol(void)
{
	bool magic = true;
	static const char want[] = "xen-3.0-x86_64";
	for (unsigned i = 0; i < sizeof(want); i++)
		magic &= si->magic[i] == want[i];
	CHECK("start_info_magic", magic);
	bool contiguous = nr_pages > 0;
	for (uint64_t i = 1; i < nr_pages; i++)
		contiguous &= p2m[i] == p2m[0] + i;
	CHECK("p2m_lists_every_page", contiguous);
	CHECK("page_tables_in_bootstrap", si->pt_base > VIRT_BASE &&
						  !(si->pt_base & (PAGE - 1)) &&
						  si->nr_pt_frames >= 4);
	/* shared_info, mapped as a kernel maps it: events arrive masked */
	long rc = uvm(scratch[0], pte(si->shared_info >> 12, PTE_RW),
		      UVMF_INVLPG | UVMF_LOCAL);
	const struct shared_info *sh = (const void *)scratch[0];
	CHECK("shared_info_mapped", rc == 0);
	CHECK("entered_with_events_masked",
	      rc == 0 && sh->vcpu_info[0].evtchn_upcall_mask == 1);
}

/* The first frame of the next domain in the pool: domains take whole
 * 2 MiB blocks in config order; this one's last frames (grant table,
 * shared_info) lie outside nr_pages. */
static uint64_t next_domain_mfn(void)
{
	return (mfn0 + nr_pages + 511) & ~511ull;
}

/* frames past the bootstrap mapping, free for the tests */
static uint64_t free_mfn(unsigned k)
{
	return mfn0 + nr_pages - 1 - k;
}

static void mappings(void)
{
	uint64_t data = free_mfn(0);
	volatile uint64_t *w = (volatile uint64_t *)scratch[1];
	volatile const uint64_t *r = (volatile const uint64_t *)scratch[2];
	long a = uvm(scratch[1], pte(data, PTE_RW), UVMF_INVLPG | UVMF_LOCAL);
	long b = uvm(scratch[2], pte(data, 0), UVMF_INVLPG | UVMF_LOCAL);
	if (!a)
		*w = 0x6c61726368ul;
	CHECK("update_va_mapping_aliases_a_frame",
	      a == 0 && b == 0 && *r == 0x6c61726368ul);

	/* a new L1 (made in a free frame, then mapped read-only) hooked
	 * into the L2 under the first 2 MiB past the bootstrap mapping */
	uint64_t l1 = free_mfn(1);
	long m = uvm(scratch[1], pte(l1, PTE_RW), UVMF_INVLPG | UVMF_LOCAL);
	for (unsigned i = 0; i < 512; i++)
		w[i] = 0;
	w[0] = pte(data, 0);
	long u = uvm(scratch[1], 0, UVMF_INVLPG | UVMF_LOCAL);
	long p = mmuext(MMUEXT_PIN_L1_TABLE, l1);
	beyond = VIRT_BASE + ((nr_pages * PAGE + 0x1fffff) & ~0x1ffffful);
	beyond_l1 = l1;
	long h = pt_write(entry_maddr(current_l4, beyond, 2), pte(l1, PTE_RW));
	CHECK("pinned_l1_hooked_by_mmu_update",
	      !m && !u && !p && !h &&
		      *(volatile const uint64_t *)beyond == 0x6c61726368ul);
}

/* A root of its own: a copy of the boot L4, pinned, made current; then
 * the boot L4, unpinned, is a plain frame again (it could not be mapped
 * writable while in use), and the new one, in use, stays a table. */
static void own_root(void)
{
	uint64_t l4 = free_mfn(2), boot_l4 = current_l4;
	uint64_t *w = (uint64_t *)scratch[1];
	long m = uvm(scratch[1], pte(l4, PTE_RW), UVMF_INVLPG | UVMF_LOCAL);
	for (unsigned i = 0; i < 512; i++)
		w[i] = table_va(boot_l4)[i];
	long u = uvm(scratch[1], 0, UVMF_INVLPG | UVMF_LOCAL);
	long p = mmuext(MMUEXT_PIN_L4_TABLE, l4);
	long s = mmuext(MMUEXT_NEW_BASEPTR, l4);
	if (!s)
		current_l4 = l4;
	CHECK("new_baseptr_to_own_l4", !m && !u && !p && !s);
	long busy = uvm(scratch[1], pte(boot_l4, PTE_RW), UVMF_INVLPG);
	long up = mmuext(MMUEXT_UNPIN_TABLE, boot_l4);
	long freed = uvm(scratch[1], pte(boot_l4, PTE_RW), UVMF_INVLPG);
	long back = uvm(scratch[1], 0, UVMF_INVLPG);
	CHECK("old_root_released_after_switch",
	      busy == -XEN_EINVAL && up == 0 && freed == 0 && back == 0);
	long unpin = mmuext(MMUEXT_UNPIN_TABLE, l4);
	long still = uvm(scratch[1], pte(l4, PTE_RW), UVMF_INVLPG);
	CHECK("unpinned_root_in_use_stays_a_table",
	      unpin == 0 && still == -XEN_EINVAL);
}

/* Writable page tables: plain stores into a pinned L1 (mapped read-only)
 * are emulated and validated by larch, as Xen does. The L1 from
 * mappings() serves `beyond`; its entries 1 and 2 are written here. A/D
 * bits the CPU may set are ignored in the comparisons. */
static void writable_page_tables(void)
{
	volatile uint64_t *e = (volatile uint64_t *)scratch[1];
	long m = uvm(scratch[1], pte(beyond_l1, 0), UVMF_INVLPG | UVMF_LOCAL);
	e[1] = pte(free_mfn(0), 0);
	CHECK("store_into_own_l1_emulated",
	      !m && *(volatile const uint64_t *)(beyond + PAGE) ==
			      0x6c61726368ul);
	uint64_t old = __atomic_exchange_n(&e[2], pte(free_mfn(0), 0),
					   __ATOMIC_SEQ_CST);
	uint64_t want = pte(free_mfn(0), 0);
	bool swapped = __atomic_compare_exchange_n(
		&e[2], &want, pte(free_mfn(0), PTE_RW), false, __ATOMIC_SEQ_CST,
		__ATOMIC_SEQ_CST);
	uint64_t stale = 0;
	bool refused_swap = __atomic_compare_exchange_n(
		&e[2], &stale, 0, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	volatile uint64_t *via = (volatile uint64_t *)(beyond + 2 * PAGE);
	CHECK("xchg_and_cmpxchg_on_own_l1_emulated",
	      old == 0 && swapped && !refused_swap &&
		      (stale & ~0x60ul) == pte(free_mfn(0), PTE_RW) &&
		      *via == 0x6c61726368ul);
	/* a refused store stops the kernel: the hostile role does it */
}

/* The hostile role ("ptwr-foreign" on its command line): a store into its
 * own L1 that maps another domain's frame. larch stops it. */
static void store_foreign_entry(void)
{
	volatile uint64_t *e = (volatile uint64_t *)scratch[1];
	uvm(scratch[1], pte(beyond_l1, 0), UVMF_INVLPG | UVMF_LOCAL);
	print("pvtest: storing another domain's frame into its own L1\n");
	e[3] = pte(next_domain_mfn(), 0);
	print("FAIL x86/pvmmu/foreign_store_went_through\n");
}

static void batch(void)
{
	static struct multicall_entry mc[2];
	for (unsigned i = 0; i < 2; i++) {
		mc[i].op = __HYPERVISOR_update_va_mapping;
		mc[i].args[0] = scratch[1 + i];
		mc[i].args[1] = pte(free_mfn(0), 0);
		mc[i].args[2] = UVMF_INVLPG | UVMF_LOCAL;
		mc[i].result = 1;
	}
	long rc = hypercall(__HYPERVISOR_multicall, (unsigned long)mc, 2, 0, 0);
	CHECK("multicall_runs_each_entry",
	      rc == 0 && mc[0].result == 0 && mc[1].result == 0 &&
		      *(volatile const uint64_t *)scratch[1] == 0x6c61726368ul);
}

/* What a hostile kernel asks: each refused with Xen's code, nothing
 * changed (the scratch mapping still reads the test pattern). */
static void hostile(void)
{
	uint64_t foreign = next_domain_mfn();
	unsigned long s = scratch[2];
	CHECK("map_foreign_frame_refused",
	      uvm(s, pte(foreign, 0), UVMF_INVLPG) == -XEN_EINVAL);
	CHECK("map_hypervisor_frame_refused",
	      uvm(s, pte(HV_IMAGE_MFN, 0), UVMF_INVLPG) == -XEN_EINVAL);
	CHECK("map_own_table_writable_refused",
	      uvm(s, pte(current_l4, PTE_RW), UVMF_INVLPG) == -XEN_EINVAL);
	CHECK("update_va_mapping_of_hypervisor_va_refused",
	      uvm(HV_IMAGE_VA, pte(free_mfn(0), 0), UVMF_INVLPG) ==
		      -XEN_EINVAL);
	/* an L1 naming a foreign frame cannot be pinned */
	uint64_t bad = free_mfn(3);
	uint64_t *w = (uint64_t *)scratch[1];
	long m = uvm(scratch[1], pte(bad, PTE_RW), UVMF_INVLPG);
	for (unsigned i = 0; i < 512; i++)
		w[i] = 0;
	w[7] = pte(foreign, PTE_RW);
	long u = uvm(scratch[1], pte(free_mfn(0), 0), UVMF_INVLPG);
	CHECK("pin_table_with_foreign_entry_refused",
	      !m && !u && mmuext(MMUEXT_PIN_L1_TABLE, bad) == -XEN_EINVAL);
	CHECK("new_baseptr_to_foreign_frame_refused",
	      mmuext(MMUEXT_NEW_BASEPTR, foreign) == -XEN_EINVAL);
	CHECK("new_baseptr_to_data_frame_refused",
	      mmuext(MMUEXT_NEW_BASEPTR, bad) == -XEN_EINVAL);
	CHECK("mmu_update_of_hypervisor_slot_refused",
	      pt_write((unsigned long)current_l4 << 12 | 262 * 8,
		       pte(free_mfn(0), 0)) == -XEN_EINVAL);
	CHECK("mmu_update_bad_pointer_efault",
	      hypercall(__HYPERVISOR_mmu_update, HV_IMAGE_VA, 1, 0,
			DOMID_SELF) == -XEN_EFAULT &&
		      hypercall(__HYPERVISOR_mmuext_op, 0, 1, 0, DOMID_SELF) ==
			      -XEN_EFAULT);
	CHECK("mmu_update_for_another_domain_refused",
	      hypercall(__HYPERVISOR_mmu_update, (unsigned long)w, 1, 0, 5) ==
		      -XEN_ESRCH);
	CHECK("nothing_changed_by_refusals",
	      *(volatile const uint64_t *)s == 0x6c61726368ul);
}

/* ---- traps, events, user mode: Xen's 64-bit PV CPU model ---- */
extern char pv_page_fault_entry[], pv_invalid_op_entry[], pv_event_entry[];
extern char pv_gp_entry[], pv_nm_entry[];
void pv_general_protection(uint64_t *frame);
void pv_device_not_available(uint64_t *frame);
extern char pv_syscall_entry[], pv_user_code[];
void pv_enter_user(unsigned long rip, unsigned long rsp);
void pv_page_fault(uint64_t *frame);
void pv_invalid_op(uint64_t *frame);
void pv_event(uint64_t *frame);
void pv_syscall(uint64_t rax, uint64_t *frame);

static volatile unsigned faults, invalid_ops, events;
static volatile uint64_t fault_cr2, fault_err, event_cs;
static volatile struct shared_info *sh; /* mapped at scratch[0] */
static unsigned long fault_fix_va;	/* mapped by the #PF handler */

/* frame: rcx r11 err rip cs rflags rsp ss */
void pv_page_fault(uint64_t *frame)
{
	faults++;
	fault_err = frame[2];
	fault_cr2 = sh->vcpu_info[0].arch.cr2;
	if (fault_cr2 == fault_fix_va)
		uvm(fault_fix_va, pte(free_mfn(0), 0), UVMF_INVLPG);
}

/* frame: rcx r11 rip cs rflags rsp ss; ud2 is two bytes */
static volatile uint16_t handler_cs;
void pv_invalid_op(uint64_t *frame)
{
	invalid_ops++;
	frame[2] += 2;
	__asm__ __volatile__("mov %%cs, %0" : "=r"(handler_cs));
}

/* frame: rcx r11 err rip ...; the faulting rdmsr/wrmsr is two bytes,
 * xsetbv three */
static volatile unsigned gp_faults, gp_skip = 2;
void pv_general_protection(uint64_t *frame)
{
	gp_faults++;
	frame[3] += gp_skip;
}

/* #NM: larch cleared the TS that raised it (as Xen does), so returning
 * retries the instruction */
static volatile unsigned nm_faults;
void pv_device_not_available(uint64_t *frame)
{
	(void)frame;
	nm_faults++;
}

static evtchn_port_t timer_port;

void pv_event(uint64_t *frame)
{
	events++;
	event_cs = frame[3];
	volatile struct vcpu_info *vi = &sh->vcpu_info[0];
	vi->evtchn_upcall_pending = 0;
	__atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&sh->evtchn_pending[timer_port / 64],
			   ~(1ull << (timer_port % 64)), __ATOMIC_SEQ_CST);
}

static const struct trap_info trap_table[] = {
	{ 14, 0, FLAT_RING3_CS64, 0, (uint64_t)pv_page_fault_entry },
	{ 6, 0, FLAT_RING3_CS64, 0, (uint64_t)pv_invalid_op_entry },
	{ 13, 0, FLAT_RING3_CS64, 0, (uint64_t)pv_gp_entry },
	{ 7, 0, FLAT_RING3_CS64, 0, (uint64_t)pv_nm_entry },
	{ 0, 0, 0, 0, 0 },
};

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo = 0, hi = 0;
	__asm__ __volatile__("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
}

/* ring 3 cannot run rdmsr/wrmsr: larch emulates what a kernel uses, as
 * Xen does, and an unknown MSR is the kernel's own #GP */
static void privileged_ops(void)
{
	wrmsr(0xc0000100, 0x1234000); /* FS base */
	uint64_t fs = rdmsr(0xc0000100);
	CHECK("wrmsr_rdmsr_fs_base_emulated",
	      fs == 0x1234000 && gp_faults == 0);
	CHECK("pat_reads_xens_value",
	      rdmsr(0x277) == 0x0000050100070406ul && gp_faults == 0);
	rdmsr(0x12345678);
	wrmsr(0x12345678, 1);
	CHECK("unknown_msr_is_the_kernels_gp", gp_faults == 2);
	wrmsr(0xc0000100, 0);
	uint32_t a = 1, b, c = 0, d;
	__asm__ __volatile__("ud2; .ascii \"xen\"; cpuid"
			     : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	CHECK("forced_cpuid_emulated_and_filtered",
	      (c >> 31) && !(c & (1u << 5)) && !(d & (1u << 9)) &&
		      invalid_ops == 1);
}

/* ---- x87/SSE/AVX state: XSAVE as Xen offers it to a PV kernel ---- */
static void cpuid(uint32_t leaf, uint32_t sub, uint32_t *r)
{
	r[0] = leaf;
	r[2] = sub;
	__asm__ __volatile__("ud2; .ascii \"xen\"; cpuid"
			     : "+a"(r[0]), "=b"(r[1]), "+c"(r[2]), "=d"(r[3]));
}

static uint64_t xgetbv(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

static void xsetbv(uint32_t reg, uint64_t v)
{
	__asm__ __volatile__("xsetbv" ::"c"(reg), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
}

static uint64_t read_cr0(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void write_cr0(uint64_t v)
{
	__asm__ __volatile__("mov %0, %%cr0" ::"r"(v));
}

static uint64_t read_cr4(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* XSAVE with OSXSAVE and AVX offered, CR4.OSXSAVE on, XCR0 starting at
 * x87|SSE; xsetbv emulated for the values a kernel may set and the
 * kernel's #GP for the rest; leaf 0xd describing what it enabled. */
static void xstate(void)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	CHECK("cpuid_offers_xsave_osxsave_avx", (r[2] >> 26 & 7) == 7);
	CHECK("cr4_osxsave_set", read_cr4() >> 18 & 1);
	CHECK("xcr0_starts_x87_sse", xgetbv() == 3);
	unsigned gp = gp_faults;
	gp_skip = 3;
	xsetbv(0, 4);	  /* AVX without x87 and SSE */
	xsetbv(0, 5);	  /* AVX without SSE */
	xsetbv(0, 0x207); /* PKRU: not switched by larch */
	xsetbv(1, 3);	  /* not XCR0 */
	gp_skip = 2;
	CHECK("bad_xsetbv_is_the_kernels_gp",
	      gp_faults == gp + 4 && xgetbv() == 3);
	xsetbv(0, 7);
	CHECK("xsetbv_avx_emulated", xgetbv() == 7 && gp_faults == gp + 4);
	cpuid(0xd, 0, r);
	uint32_t s1[4], s2[4], s9[4];
	cpuid(0xd, 1, s1);
	cpuid(0xd, 2, s2);
	cpuid(0xd, 9, s9);
	/* CR0.TS, the kernel's: set by fpu_taskswitch or a CR0 write, its
	 * next FPU instruction is its #NM with TS cleared; clts emulated */
	unsigned nm = nm_faults;
	hypercall(__HYPERVISOR_fpu_taskswitch, 1, 0, 0, 0);
	uint64_t ts_set = read_cr0() & 8;
	__asm__ __volatile__("fninit");
	CHECK("fpu_taskswitch_ts_is_the_kernels_nm",
	      ts_set && nm_faults == nm + 1 && !(read_cr0() & 8));
	write_cr0(read_cr0() | 8);
	ts_set = read_cr0() & 8;
	__asm__ __volatile__("clts");
	__asm__ __volatile__("fninit");
	CHECK("cr0_ts_write_and_clts_emulated", ts_set && !(read_cr0() & 8) &&
							nm_faults == nm + 1 &&
							gp_faults == gp + 4);
	CHECK("cpuid_xstate_leaf_filtered",
	      r[0] == 7 && r[3] == 0 && r[1] == 832 && r[2] == 832 &&
		      !(s1[0] & 8) && s2[0] == 256 && s2[1] == 576 && !s9[0] &&
		      !s9[1]);
}

/* The "fpu" role: two copies of this kernel share a pCPU (with a larch
 * guest) and yield to each other; each keeps its own ymm0-15, x87 control
 * word and MXCSR, checked after every yield. */
static uint8_t ymm_in[16][32] __attribute__((aligned(32)));
static uint8_t ymm_out[16][32] __attribute__((aligned(32)));

#define YMM_ALL(op, mem)                                                       \
	__asm__ __volatile__(                                                  \
		op " 0x000(%0), %%ymm0\n\t" op " 0x020(%0), %%ymm1\n\t" op     \
		   " 0x040(%0), %%ymm2\n\t" op " 0x060(%0), %%ymm3\n\t" op     \
		   " 0x080(%0), %%ymm4\n\t" op " 0x0a0(%0), %%ymm5\n\t" op     \
		   " 0x0c0(%0), %%ymm6\n\t" op " 0x0e0(%0), %%ymm7\n\t" op     \
		   " 0x100(%0), %%ymm8\n\t" op " 0x120(%0), %%ymm9\n\t" op     \
		   " 0x140(%0), %%ymm10\n\t" op " 0x160(%0), %%ymm11\n\t" op   \
		   " 0x180(%0), %%ymm12\n\t" op " 0x1a0(%0), %%ymm13\n\t" op   \
		   " 0x1c0(%0), %%ymm14\n\t" op                                \
		   " 0x1e0(%0), %%ymm15" ::"r"(mem)                            \
		: "memory")

static void ymm_store_all(void *mem)
{
	__asm__ __volatile__(
		"vmovdqu %%ymm0, 0x000(%0)\n\tvmovdqu %%ymm1, 0x020(%0)\n\t"
		"vmovdqu %%ymm2, 0x040(%0)\n\tvmovdqu %%ymm3, 0x060(%0)\n\t"
		"vmovdqu %%ymm4, 0x080(%0)\n\tvmovdqu %%ymm5, 0x0a0(%0)\n\t"
		"vmovdqu %%ymm6, 0x0c0(%0)\n\tvmovdqu %%ymm7, 0x0e0(%0)\n\t"
		"vmovdqu %%ymm8, 0x100(%0)\n\tvmovdqu %%ymm9, 0x120(%0)\n\t"
		"vmovdqu %%ymm10, 0x140(%0)\n\tvmovdqu %%ymm11, 0x160(%0)\n\t"
		"vmovdqu %%ymm12, 0x180(%0)\n\tvmovdqu %%ymm13, 0x1a0(%0)\n\t"
		"vmovdqu %%ymm14, 0x1c0(%0)\n\tvmovdqu %%ymm15, 0x1e0(%0)" ::
			"r"(mem)
		: "memory");
}

static void fpu_role(unsigned yields)
{
	uint8_t seed = (uint8_t)(si->cmd_line[4] * 53); /* "fpu 1", "fpu 2" */
	for (unsigned i = 0; i < 16; i++)
		for (unsigned j = 0; j < 32; j++)
			ymm_in[i][j] = (uint8_t)(seed + i * 37 + j * 11);
	uint16_t fcw = 0x27f | (seed & 1) << 10, fcw_out;
	uint32_t mxcsr = 0x1f80 | (seed & 3) << 13, mxcsr_out;
	xsetbv(0, 7);
	__asm__ __volatile__("fldcw %0" ::"m"(fcw));
	__asm__ __volatile__("ldmxcsr %0" ::"m"(mxcsr));
	YMM_ALL("vmovdqu", ymm_in);
	unsigned bad = 0, n;
	for (n = 0; n < yields && !bad; n++) {
		hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0);
		ymm_store_all(ymm_out);
		__asm__ __volatile__("fnstcw %0" : "=m"(fcw_out));
		__asm__ __volatile__("stmxcsr %0" : "=m"(mxcsr_out));
		for (unsigned i = 0; i < 16; i++)
			for (unsigned j = 0; j < 32; j++)
				bad += ymm_out[i][j] != ymm_in[i][j];
		bad += fcw_out != fcw || mxcsr_out != mxcsr;
	}
	print("pvtest: %s: %u yields, %u bytes differed\n", si->cmd_line, n,
	      bad);
	CHECK("ymm_x87_mxcsr_kept_across_switches", !bad && n == yields);
}

static uint64_t now_ns(void)
{
	const volatile struct vcpu_time_info *t = &sh->vcpu_info[0].time;
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	uint64_t tsc = ((uint64_t)hi << 32 | lo) - t->tsc_timestamp;
	tsc = t->tsc_shift >= 0 ? tsc << t->tsc_shift : tsc >> -t->tsc_shift;
	return t->system_time +
	       (uint64_t)(((unsigned __int128)tsc * t->tsc_to_system_mul) >>
			  32);
}

static void traps_and_events(void)
{
	long rc = hypercall(__HYPERVISOR_set_trap_table,
			    (unsigned long)trap_table, 0, 0, 0);
	CHECK("set_trap_table", rc == 0);
	/* an unmapped page: the #PF handler maps it, the load retries */
	fault_fix_va = scratch[2] + PAGE; /* past the test's scratch pages */
	long u = uvm(fault_fix_va, 0, UVMF_INVLPG);
	uint64_t v = *(volatile const uint64_t *)fault_fix_va;
	CHECK("page_fault_bounced_with_cr2",
	      u == 0 && faults == 1 && fault_cr2 == fault_fix_va &&
		      fault_err == 4 && v == 0x6c61726368ul);
	__asm__ __volatile__("ud2");
	CHECK("invalid_opcode_bounced_and_resumed", invalid_ops == 1);

	/* events: VIRQ_TIMER through the event callback, Xen's frame */
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
	long b = hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
			   (unsigned long)&bv, 0, 0);
	timer_port = bv.port;
	long c = hypercall(__HYPERVISOR_set_callbacks,
			   (unsigned long)pv_event_entry, 0,
			   (unsigned long)pv_syscall_entry, 0);
	volatile struct vcpu_info *vi = &sh->vcpu_info[0];
	/* masked (as it entered): the timer fires, no upcall */
	hypercall(__HYPERVISOR_set_timer_op, now_ns() + 100000, 0, 0, 0);
	while (!vi->evtchn_upcall_pending)
		;
	unsigned before = events;
	/* unmasked, then asked for (a kernel's irq enable does this) */
	vi->evtchn_upcall_mask = 0;
	hypercall(__HYPERVISOR_xen_version, 0, 0, 0, 0);
	CHECK("masked_event_waits_for_unmask",
	      b == 0 && c == 0 && before == 0 && events == 1);
	CHECK("event_frame_says_kernel_mode_and_mask",
	      (event_cs & 0xffff) == (FLAT_RING3_CS64 & ~3u) &&
		      (event_cs >> 32) == 0);
	/* unmasked: the next timer event arrives on its own */
	hypercall(__HYPERVISOR_set_timer_op, now_ns() + 100000, 0, 0, 0);
	for (unsigned long spin = 0; events < 2 && spin < 100000000; spin++)
		;
	CHECK("unmasked_event_delivered", events == 2);
}

/* DS loaded with sel (from its GDT), read back, then null again */
static uint16_t load_ds(uint16_t sel)
{
	uint16_t seen;
	__asm__ __volatile__("mov %1, %%ds\n\tmov %%ds, %0\n\t"
			     "xor %%eax, %%eax\n\tmov %%ax, %%ds"
			     : "=r"(seen)
			     : "r"(sel)
			     : "rax", "memory");
	return seen;
}

/* Its own GDT: a frame of descriptors (read-only to it), set_gdt, a
 * segment loaded from it; larch raises DPL 0 to 3, refuses gates. */
static void descriptor_tables(void)
{
	uint64_t g = free_mfn(5), bad = free_mfn(6);
	volatile uint64_t *w = (volatile uint64_t *)scratch[1];
	long m = uvm(scratch[1], pte(g, PTE_RW), UVMF_INVLPG);
	for (unsigned i = 0; i < 512; i++)
		w[i] = 0;
	w[1] = 0x00af9a000000ffffull; /* 64-bit code, DPL 0 */
	w[2] = 0x00cff2000000ffffull; /* data, DPL 3 */
	long u = uvm(scratch[1], pte(g, 0), UVMF_INVLPG);
	uint64_t list[1] = { g };
	long s = hypercall(__HYPERVISOR_set_gdt, (unsigned long)list, 3, 0, 0);
	CHECK("set_gdt_own_frame", !m && !u && !s);
	CHECK("gdt_dpl0_raised_to_3_and_accessed",
	      w[1] == 0x00affb000000fffful && w[2] == 0x00cff3000000fffful);
	uint16_t sel = 0x13, seen;
	seen = load_ds(sel);
	CHECK("segment_loaded_from_own_gdt", seen == 0x13);
	long ud = hypercall(__HYPERVISOR_update_descriptor,
			    (unsigned long)(g << 12 | 3 * 8),
			    0x00cf92000000fffful, 0, 0);
	CHECK("update_descriptor_checked_and_written",
	      ud == 0 && w[3] == 0x00cff3000000fffful);
	/* hostile */
	CHECK("call_gate_descriptor_refused",
	      hypercall(__HYPERVISOR_update_descriptor,
			(unsigned long)(g << 12 | 4 * 8), 0x0000ec0000080000ul,
			0, 0) == -XEN_EINVAL &&
		      w[4] == 0);
	CHECK("gdt_frame_mapped_writable_refused",
	      uvm(scratch[2], pte(g, PTE_RW), UVMF_INVLPG) == -XEN_EINVAL);
	long bm = uvm(scratch[2], pte(bad, PTE_RW), UVMF_INVLPG);
	volatile uint64_t *b = (volatile uint64_t *)scratch[2];
	for (unsigned i = 0; i < 512; i++)
		b[i] = 0;
	b[5] = 0x0000ec0000080000ul; /* a call gate */
	long bu = uvm(scratch[2], pte(free_mfn(0), 0), UVMF_INVLPG);
	uint64_t bad_list[1] = { bad };
	CHECK("set_gdt_with_call_gate_refused",
	      !bm && !bu &&
		      hypercall(__HYPERVISOR_set_gdt, (unsigned long)bad_list,
				8, 0, 0) == -XEN_EINVAL);
	uint64_t foreign_list[1] = { next_domain_mfn() };
	CHECK("set_gdt_foreign_frame_refused",
	      hypercall(__HYPERVISOR_set_gdt, (unsigned long)foreign_list, 8, 0,
			0) == -XEN_EINVAL);
	CHECK("set_gdt_into_reserved_entries_refused",
	      hypercall(__HYPERVISOR_set_gdt, (unsigned long)list, 7169, 0,
			0) == -XEN_EINVAL);
	struct mmuext_op ldt = { .cmd = MMUEXT_SET_LDT };
	ldt.arg1.linear_addr = HV_IMAGE_VA & ~0xffful;
	ldt.arg2.nr_ents = 16;
	CHECK("ldt_in_hypervisor_refused",
	      hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&ldt, 1, 0,
			DOMID_SELF) == -XEN_EINVAL);
	/* the refusals left the GDT in force: its data segment loads */
	seen = load_ds(sel);
	CHECK("gdt_unchanged_by_refusals", seen == 0x13);
}

/* Hostile CPU-model requests: each refused. */
static void hostile_cpu(void)
{
	/* Xen's rule: a ring-0 selector is given RPL 3; the handler runs
	 * in ring 3 all the same. A null selector is refused. */
	static const struct trap_info ring0[] = {
		{ 6, 0, 0x08, 0, (uint64_t)pv_invalid_op_entry },
		{ 0, 0, 0, 0, 0 },
	};
	long r0 = hypercall(__HYPERVISOR_set_trap_table, (unsigned long)ring0,
			    0, 0, 0);
	__asm__ __volatile__("ud2");
	CHECK("trap_table_ring0_selector_runs_in_ring3",
	      r0 == 0 && invalid_ops == 2 && (handler_cs & 3) == 3);
	static const struct trap_info null_sel[] = {
		{ 13, 0, 0, 0, (uint64_t)pv_invalid_op_entry },
		{ 0, 0, 0, 0, 0 },
	};
	CHECK("trap_table_null_selector_refused",
	      hypercall(__HYPERVISOR_set_trap_table, (unsigned long)null_sel, 0,
			0, 0) == -XEN_EPERM);
	static const struct trap_info hvaddr[] = {
		{ 13, 0, FLAT_RING3_CS64, 0, HV_IMAGE_VA },
		{ 0, 0, 0, 0, 0 },
	};
	CHECK("trap_table_hypervisor_address_refused",
	      hypercall(__HYPERVISOR_set_trap_table, (unsigned long)hvaddr, 0,
			0, 0) == -XEN_EINVAL);
	CHECK("segment_base_non_canonical_refused",
	      hypercall(__HYPERVISOR_set_segment_base, SEGBASE_FS,
			0x0000800000000000ul, 0, 0) == -XEN_EINVAL);
	CHECK("callback_in_hypervisor_refused",
	      hypercall(__HYPERVISOR_set_callbacks, HV_IMAGE_VA, 0, 0, 0) ==
		      -XEN_EINVAL);
	/* after the refusals the handlers registered earlier still work */
	__asm__ __volatile__("ud2");
	CHECK("refusals_changed_nothing", invalid_ops == 3);
}

/* ---- a second vCPU from a Xen vcpu_guest_context (VCPUOP_initialise) ---- */
static struct vcpu_guest_context ctx;
static uint8_t secondary_stack[4096] __attribute__((aligned(16)));
static volatile uint64_t secondary_saw_gs = 1, secondary_ran;
static uint64_t gs_probe = 0x5ec0de;

/* vCPU 1's entry, on the state the context gave it: kernel mode (its
 * hypercalls work), its GS base, its stack. It takes itself down. */
static void secondary_main(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%gs:0, %0" : "=r"(v));
	secondary_saw_gs = v;
	__atomic_store_n(&secondary_ran, 1, __ATOMIC_RELEASE);
	hypercall(__HYPERVISOR_vcpu_op, VCPUOP_down, 1, 0, 0);
	for (;;)
		;
}

static void fill_context(void)
{
	for (unsigned i = 0; i < sizeof(ctx); i++)
		((volatile uint8_t *)&ctx)[i] = 0;
	ctx.flags = VGCF_in_kernel;
	ctx.user_regs.rip = (uint64_t)secondary_main;
	/* as if called: the return address slot below a 16-byte boundary */
	ctx.user_regs.rsp =
		(uint64_t)(secondary_stack + sizeof(secondary_stack)) - 8;
	ctx.user_regs.rflags = 0x1000;
	ctx.user_regs.cs = FLAT_RING3_CS64;
	ctx.user_regs.ss = FLAT_RING3_SS64;
	ctx.kernel_sp = (uint64_t)(secondary_stack + sizeof(secondary_stack));
	ctx.gs_base_kernel = (uint64_t)&gs_probe;
	ctx.ctrlreg[3] = current_l4 << 12;
}

static long initialise(unsigned id, const void *c)
{
	return hypercall(__HYPERVISOR_vcpu_op, VCPUOP_initialise, id,
			 (unsigned long)c, 0);
}

static void secondary_vcpu(void)
{
	/* hostile contexts first: each refused, vCPU 1 stays down */
	fill_context();
	ctx.ctrlreg[3] = next_domain_mfn() << 12;
	CHECK("context_foreign_root_refused", initialise(1, &ctx) < 0);
	fill_context();
	ctx.trap_ctxt[13] =
		(struct trap_info){ 13, 0, 0, 0, (uint64_t)secondary_main };
	CHECK("context_null_trap_selector_refused",
	      initialise(1, &ctx) == -XEN_EPERM);
	fill_context();
	ctx.user_regs.rip = HV_IMAGE_VA;
	CHECK("context_entry_in_hypervisor_refused",
	      initialise(1, &ctx) == -XEN_EINVAL);
	fill_context();
	ctx.gs_base_kernel = 0x0000800000000000ul;
	CHECK("context_non_canonical_gs_refused",
	      initialise(1, &ctx) == -XEN_EINVAL);
	fill_context();
	ctx.gdt_frames[0] = next_domain_mfn();
	ctx.gdt_ents = 16;
	CHECK("context_foreign_gdt_frame_refused", initialise(1, &ctx) < 0);
	fill_context();
	ctx.flags = 0;
	CHECK("context_user_mode_start_refused",
	      initialise(1, &ctx) == -XEN_EINVAL);
	CHECK("context_in_hypervisor_memory_refused",
	      initialise(1, (const void *)HV_IMAGE_VA) == -XEN_EFAULT);
	CHECK("refused_contexts_left_vcpu_down",
	      hypercall(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1, 0, 0) == 0 &&
		      hypercall(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0, 0) ==
			      -XEN_EINVAL);
	CHECK("initialise_running_vcpu_refused",
	      initialise(0, &ctx) == -XEN_EEXIST);
	/* the real one */
	fill_context();
	long i = initialise(1, &ctx);
	long u = hypercall(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0, 0);
	for (unsigned n = 0;
	     n < 1000000 && !__atomic_load_n(&secondary_ran, __ATOMIC_ACQUIRE);
	     n++)
		hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0);
	CHECK("second_vcpu_started_from_context",
	      !i && !u && secondary_ran && secondary_saw_gs == gs_probe);
}

static void after_user(void);
static unsigned gp_before_user;
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));

/* User mode: its own page-table root (a copy of the kernel's), entered by
 * iret; its syscall comes back here in kernel mode. */
static void user_mode(void)
{
	uint64_t ul4 = free_mfn(4);
	uint64_t *w = (uint64_t *)scratch[1];
	const uint64_t *kl4 = (const uint64_t *)scratch[2];
	long m = uvm(scratch[2], pte(current_l4, 0), UVMF_INVLPG) |
		 uvm(scratch[1], pte(ul4, PTE_RW), UVMF_INVLPG);
	for (unsigned i = 0; i < 512; i++)
		w[i] = kl4[i];
	long u = uvm(scratch[1], pte(free_mfn(0), 0), UVMF_INVLPG);
	long p = mmuext(MMUEXT_PIN_L4_TABLE, ul4);
	long n = mmuext(MMUEXT_NEW_USER_BASEPTR, ul4);
	long s = hypercall(__HYPERVISOR_stack_switch, FLAT_RING3_SS64,
			   (unsigned long)(kernel_stack + sizeof(kernel_stack)),
			   0, 0);
	CHECK("user_page_table_and_kernel_stack_set",
	      !m && !u && !p && !n && !s);
	gp_before_user = gp_faults;
	pv_enter_user((unsigned long)pv_user_code,
		      (unsigned long)(user_stack + sizeof(user_stack)));
	result("user_mode_entered", false, "iret to user mode returned");
}

/* frame: rcx r11 rip cs rflags rsp ss */
void pv_syscall(uint64_t rax, uint64_t *frame)
{
	CHECK("user_syscall_bounced_to_kernel",
	      rax == 0x55 && (frame[3] & 3) == 3 && frame[0] == frame[2] &&
		      frame[5] ==
			      (unsigned long)(user_stack + sizeof(user_stack)));
	CHECK("user_msr_access_is_the_kernels_gp",
	      gp_faults == gp_before_user + 2);
	/* a hypercall works again: this is kernel mode */
	CHECK("kernel_mode_after_syscall",
	      hypercall(__HYPERVISOR_xen_version, 0, 0, 0, 0) > 0);
	after_user();
}

void pv_main(const struct xen_start_info *start);
void pv_main(const struct xen_start_info *start)
{
	si = start;
	p2m = (const uint64_t *)si->mfn_list;
	mfn0 = p2m[0];
	nr_pages = si->nr_pages;
	current_l4 = mfn0 + (si->pt_base - VIRT_BASE) / PAGE;
	unsigned long top = si->pt_base + (si->nr_pt_frames + 1) * PAGE;
	for (unsigned i = 0; i < 3; i++)
		scratch[i] = top + (16 + i) * PAGE;
	print("pvtest: %lu pages, page tables at %lx\n",
	      (unsigned long)nr_pages, (unsigned long)si->pt_base);
	quiet = si->cmd_line[0] == 'p'; /* "ptwr-foreign" */
	if (si->cmd_line[0] == 'f') {	/* "fpu" */
		fpu_role(2000);
		after_user();
	}
	boot_protocol();
	mappings();
	if (quiet) {
		store_foreign_entry();
		return;
	}
	writable_page_tables();
	own_root();
	batch();
	hostile();
	sh = (volatile struct shared_info *)scratch[0];
	traps_and_events();
	privileged_ops();
	xstate();
	descriptor_tables();
	hostile_cpu();
	secondary_vcpu();
	user_mode();
}

static void after_user(void)
{
	print("pvtest: %u failed\n", failed);
	struct sched_shutdown sd = { SHUTDOWN_poweroff };
	hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (unsigned long)&sd,
		  0, 0);
	for (;;)
		;
}

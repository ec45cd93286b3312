/* Host tests of x86's PV MMU hypercalls (arch/x86/pv/mm.c) over the frame
 * table: Xen's numbers, error codes, done counts and flushes. */
#include <stdlib.h>

#include "harness.h"
#include <arch/pv_mm.h>
#include <public/xen_mm.h>

HARNESS_DEFINE("host");

#define FIRST 0x100
#define NR    32
#define DOM   1
#define OTHER 2		 /* frames FIRST+24.. */
#define GVA   0x10000ull /* guest argument area */

static uint64_t (*mem)[512];
static struct page_info pages[NR];
static uint64_t hv[512];
static uint8_t gmem[4096];
static struct {
	int n;
	enum pv_flush kind;
	uint64_t va, mask;
} fl;
static struct pv_mm m;

static uint64_t *map(uint64_t mfn)
{
	return mem[mfn - FIRST];
}

static int copy_from(void *ctx, void *dst, uint64_t gva, size_t len)
{
	(void)ctx;
	if (gva < GVA || gva + len > GVA + sizeof(gmem))
		return -XEN_EFAULT;
	memcpy(dst, gmem + (gva - GVA), len);
	return 0;
}

static int copy_to(void *ctx, uint64_t gva, const void *src, size_t len)
{
	(void)ctx;
	if (gva < GVA || gva + len > GVA + sizeof(gmem))
		return -XEN_EFAULT;
	memcpy(gmem + (gva - GVA), src, len);
	return 0;
}

static void flush(void *ctx, enum pv_flush kind, uint64_t va, uint64_t mask)
{
	(void)ctx;
	fl.n++;
	fl.kind = kind;
	fl.va = va;
	fl.mask = mask;
}

static const struct pv_mm_ops ops = { copy_from, copy_to, flush };

static void reset(void)
{
	memset(mem, 0, sizeof(uint64_t[NR][512]));
	memset(gmem, 0, sizeof(gmem));
	memset(&fl, 0, sizeof(fl));
	frame_table_init(pages, FIRST, NR, map, hv);
	frame_assign(FIRST, 24, DOM);
	frame_assign(FIRST + 24, 8, OTHER);
	m = (struct pv_mm){
		.domid = DOM, .first_mfn = FIRST, .nr_mfns = 24, .ops = &ops
	};
}

static uint64_t pte(uint64_t mfn, uint64_t flags)
{
	return mfn << 12 | flags;
}

static struct page_info *pg(uint64_t mfn)
{
	return mfn_page(mfn);
}

/* requests at GVA, done count at GVA + 2048 */
static long update(unsigned n, const struct mmu_update *u)
{
	memcpy(gmem, u, n * sizeof(*u));
	return pv_mmu_update(&m, GVA, n, GVA + 2048, DOMID_SELF);
}

static uint32_t done_count(void)
{
	uint32_t d;
	memcpy(&d, gmem + 2048, sizeof(d));
	return d;
}

static long ext(struct mmuext_op op)
{
	memcpy(gmem, &op, sizeof(op));
	return pv_mmuext_op(&m, GVA, 1, GVA + 2048, DOMID_SELF);
}

static long ext_mfn(uint32_t cmd, uint64_t mfn)
{
	return ext((struct mmuext_op){ .cmd = cmd, .arg1.mfn = mfn });
}

static uint64_t slot_addr(uint64_t mfn, unsigned slot)
{
	return mfn << 12 | slot << 3;
}

/* L4 F -> L3 F+1 -> L2 F+2 -> L1 F+3, written through mmu_update on plain
 * frames, then the L4 pinned and loaded: va 0 is F+3's entry 0. */
static void build_and_load(void)
{
	struct mmu_update u[3] = {
		{ slot_addr(FIRST, 0), pte(FIRST + 1, PTE_P | PTE_RW) },
		{ slot_addr(FIRST + 1, 0), pte(FIRST + 2, PTE_P | PTE_RW) },
		{ slot_addr(FIRST + 2, 0), pte(FIRST + 3, PTE_P | PTE_RW) },
	};
	EXPECT_EQ(update(3, u), 0);
	EXPECT_EQ(ext_mfn(MMUEXT_PIN_L4_TABLE, FIRST), 0);
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_BASEPTR, FIRST), 0);
}

static void plain_frame_update_writes(void)
{
	reset();
	struct mmu_update u = { slot_addr(FIRST + 4, 5), 0x1234 };
	EXPECT_EQ(update(1, &u), 0);
	EXPECT_EQ(map(FIRST + 4)[5], 0x1234);
	EXPECT_EQ(done_count(), 1);
	EXPECT_EQ(pg(FIRST + 4)->type_count, 0);
}

static void table_update_validated(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 3, 1),
				pte(FIRST + 6, PTE_P | PTE_RW) };
	EXPECT_EQ(update(1, &u), 0);
	EXPECT_EQ(map(FIRST + 3)[1], pte(FIRST + 6, PTE_P | PTE_RW | PTE_US));
	EXPECT_EQ(pg(FIRST + 6)->type, PGT_WRITABLE);
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 1);
}

static void table_update_drops_old(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 3, 1),
				pte(FIRST + 6, PTE_P | PTE_RW) };
	EXPECT_EQ(update(1, &u), 0);
	u.val = pte(FIRST + 7, PTE_P);
	EXPECT_EQ(update(1, &u), 0);
	EXPECT_EQ(pg(FIRST + 6)->type_count, 0);
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 0);
	EXPECT_EQ(pg(FIRST + 7)->ref_count, 1);
}

static void same_frame_rewrite_keeps_it(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 2, 0),
				pte(FIRST + 3, PTE_P | PTE_RW | PTE_A) };
	EXPECT_EQ(update(1, &u), 0);
	EXPECT_EQ(pg(FIRST + 3)->type, PGT_L1);
	EXPECT_EQ(pg(FIRST + 3)->type_count, 1);
}

static void foreign_frame_refused(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 3, 1),
				pte(FIRST + 24, PTE_P) };
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	EXPECT_EQ(map(FIRST + 3)[1], 0);
	EXPECT_EQ(pg(FIRST + 24)->ref_count, 0);
	EXPECT_EQ(done_count(), 0);
}

static void hypervisor_frame_refused(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 3, 1), pte(0x10, PTE_P) };
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	u.ptr = slot_addr(0x10, 0); /* a store into a hypervisor frame */
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	EXPECT_EQ(map(FIRST + 3)[1], 0);
}

static void own_table_writable_refused(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 3, 1),
				pte(FIRST + 3, PTE_P | PTE_RW) };
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	u.val = pte(FIRST, PTE_P | PTE_RW);
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	u.val = pte(FIRST, PTE_P); /* read-only is fine */
	EXPECT_EQ(update(1, &u), 0);
}

static void hv_slot_update_refused(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST, HV_SLOT_FIRST),
				pte(FIRST + 1, PTE_P) };
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	u.ptr = slot_addr(FIRST, HV_SLOT_LAST);
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST + 1)->type_count, 1);
}

static void done_counts_up_to_failure(void)
{
	reset();
	struct mmu_update u[3] = {
		{ slot_addr(FIRST + 4, 0), 1 },
		{ slot_addr(FIRST + 24, 0), 2 }, /* foreign */
		{ slot_addr(FIRST + 4, 1), 3 },
	};
	EXPECT_EQ(update(3, u), -XEN_EINVAL);
	EXPECT_EQ(done_count(), 1);
	EXPECT_EQ(map(FIRST + 4)[0], 1);
	EXPECT_EQ(map(FIRST + 4)[1], 0);
}

static void foreign_domid_refused(void)
{
	reset();
	struct mmu_update u = { slot_addr(FIRST + 4, 0), 1 };
	memcpy(gmem, &u, sizeof(u));
	EXPECT_EQ(pv_mmu_update(&m, GVA, 1, 0, OTHER), -XEN_ESRCH);
	EXPECT_EQ(pv_mmuext_op(&m, GVA, 1, 0, OTHER), -XEN_ESRCH);
	EXPECT_EQ(map(FIRST + 4)[0], 0);
	EXPECT_EQ(pv_mmu_update(&m, GVA, 1, 0, DOM), 0);
}

static void bad_request_pointer_faults(void)
{
	reset();
	EXPECT_EQ(pv_mmu_update(&m, 0x999000, 1, GVA + 2048, DOMID_SELF),
		  -XEN_EFAULT);
	EXPECT_EQ(done_count(), 0);
}

static void preserve_ad_keeps_bits(void)
{
	reset();
	build_and_load();
	struct mmu_update u = { slot_addr(FIRST + 3, 2),
				pte(FIRST + 6, PTE_P | PTE_A | PTE_D) };
	EXPECT_EQ(update(1, &u), 0);
	u.ptr |= MMU_PT_UPDATE_PRESERVE_AD;
	u.val = pte(FIRST + 6, PTE_P);
	EXPECT_EQ(update(1, &u), 0);
	EXPECT_EQ(map(FIRST + 3)[2],
		  pte(FIRST + 6, PTE_P | PTE_US | PTE_A | PTE_D));
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 1);
}

static void machphys_identity_only(void)
{
	reset();
	struct mmu_update u = { slot_addr(FIRST + 5, 0) | MMU_MACHPHYS_UPDATE,
				5 };
	EXPECT_EQ(update(1, &u), 0);
	u.val = 6;
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
	u.ptr = slot_addr(FIRST + 25, 0) | MMU_MACHPHYS_UPDATE;
	u.val = 25;
	EXPECT_EQ(update(1, &u), -XEN_EINVAL);
}

static void unknown_command_enosys(void)
{
	reset();
	struct mmu_update u = { slot_addr(FIRST + 5, 0) | 3, 5 };
	EXPECT_EQ(update(1, &u), -XEN_ENOSYS);
	EXPECT_EQ(ext_mfn(14, FIRST), -XEN_ENOSYS);
}

static void pin_unpin_counts(void)
{
	reset();
	EXPECT_EQ(ext_mfn(MMUEXT_PIN_L2_TABLE, FIRST + 5), 0);
	EXPECT_EQ(pg(FIRST + 5)->type, PGT_L2);
	EXPECT(pg(FIRST + 5)->flags & PGF_PINNED);
	EXPECT_EQ(done_count(), 1);
	EXPECT_EQ(ext_mfn(MMUEXT_UNPIN_TABLE, FIRST + 5), 0);
	EXPECT_EQ(pg(FIRST + 5)->type_count, 0);
	EXPECT_EQ(pg(FIRST + 5)->ref_count, 0);
	EXPECT_EQ(ext_mfn(MMUEXT_UNPIN_TABLE, FIRST + 5), -XEN_EINVAL);
	EXPECT_EQ(ext_mfn(MMUEXT_UNPIN_TABLE, 0x10), -XEN_EINVAL);
}

static void pin_foreign_reference_refused(void)
{
	reset();
	map(FIRST + 5)[3] = pte(FIRST + 26, PTE_P);
	EXPECT_EQ(ext_mfn(MMUEXT_PIN_L1_TABLE, FIRST + 5), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST + 5)->type_count, 0);
	EXPECT_EQ(pg(FIRST + 26)->ref_count, 0);
	EXPECT_EQ(done_count(), 0);
}

static void new_baseptr_takes_and_drops(void)
{
	reset();
	build_and_load();
	EXPECT_EQ(m.baseptr, FIRST);
	EXPECT_EQ(fl.kind, PV_NEW_BASEPTR);
	EXPECT_EQ(pg(FIRST)->type_count, 2); /* pin + baseptr */
	EXPECT_EQ(ext_mfn(MMUEXT_PIN_L4_TABLE, FIRST + 8), 0);
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_BASEPTR, FIRST + 8), 0);
	EXPECT_EQ(pg(FIRST)->type_count, 1);
	EXPECT_EQ(pg(FIRST + 8)->type_count, 2);
}

static void new_baseptr_refusals(void)
{
	reset();
	build_and_load();
	int n = fl.n;
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_BASEPTR, FIRST + 24), -XEN_EINVAL);
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_BASEPTR, FIRST + 3), -XEN_EINVAL); /* L1 */
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_BASEPTR, 0), -XEN_EINVAL);
	EXPECT_EQ(m.baseptr, FIRST);
	EXPECT_EQ(fl.n, n);
}

static void user_baseptr_zero_clears(void)
{
	reset();
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_USER_BASEPTR, FIRST + 9), 0);
	EXPECT_EQ(pg(FIRST + 9)->type, PGT_L4);
	EXPECT_EQ(ext_mfn(MMUEXT_NEW_USER_BASEPTR, 0), 0);
	EXPECT_EQ(m.user_baseptr, 0);
	EXPECT_EQ(pg(FIRST + 9)->type_count, 0);
}

static void flush_ops_reported(void)
{
	reset();
	EXPECT_EQ(ext((struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL }), 0);
	EXPECT_EQ(fl.kind, PV_FLUSH_LOCAL);
	EXPECT_EQ(ext((struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_ALL }), 0);
	EXPECT_EQ(fl.kind, PV_FLUSH_ALL);
	EXPECT_EQ(ext((struct mmuext_op){ .cmd = MMUEXT_INVLPG_LOCAL,
					  .arg1.linear_addr = 0x5000 }),
		  0);
	EXPECT_EQ(fl.kind, PV_INVLPG_LOCAL);
	EXPECT_EQ(fl.va, 0x5000);
	uint64_t mask = 6;
	memcpy(gmem + 1024, &mask, sizeof(mask));
	EXPECT_EQ(ext((struct mmuext_op){ .cmd = MMUEXT_INVLPG_MULTI,
					  .arg1.linear_addr = 0x6000,
					  .arg2.vcpumask = GVA + 1024 }),
		  0);
	EXPECT_EQ(fl.kind, PV_INVLPG_MULTI);
	EXPECT_EQ(fl.mask, 6);
	EXPECT_EQ(fl.n, 4);
}

static void flush_multi_bad_mask_faults(void)
{
	reset();
	EXPECT_EQ(ext((struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_MULTI,
					  .arg2.vcpumask = 0x999000 }),
		  -XEN_EFAULT);
	EXPECT_EQ(fl.n, 0);
}

static void invlpg_hypervisor_address_ignored(void)
{
	reset();
	EXPECT_EQ(ext((struct mmuext_op){ .cmd = MMUEXT_INVLPG_ALL,
					  .arg1.linear_addr =
						  0xffff830000000000ull }),
		  0);
	EXPECT_EQ(fl.n, 0);
}

static void set_ldt_bounds(void)
{
	reset();
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT,
				.arg1.linear_addr = 0x200000,
				.arg2.nr_ents = 8192 };
	EXPECT_EQ(ext(op), 0);
	EXPECT_EQ(m.ldt_ents, 8192);
	op.arg2.nr_ents = 8193;
	EXPECT_EQ(ext(op), -XEN_EINVAL);
	op.arg2.nr_ents = 1;
	op.arg1.linear_addr = 0x200008;
	EXPECT_EQ(ext(op), -XEN_EINVAL);
	op.arg1.linear_addr = 0xffff800000000000ull;
	EXPECT_EQ(ext(op), -XEN_EINVAL);
	op.arg1.linear_addr = 0x00007ffffffff000ull; /* crosses the hole */
	op.arg2.nr_ents = 1024;
	EXPECT_EQ(ext(op), -XEN_EINVAL);
	EXPECT_EQ(m.ldt_base, 0x200000);
	EXPECT_EQ(m.ldt_ents, 8192);
}

static void update_va_mapping_maps_and_flushes(void)
{
	reset();
	build_and_load();
	EXPECT_EQ(pv_update_va_mapping(&m, 0x3000,
				       pte(FIRST + 6, PTE_P | PTE_RW),
				       UVMF_INVLPG | UVMF_ALL),
		  0);
	EXPECT_EQ(map(FIRST + 3)[3], pte(FIRST + 6, PTE_P | PTE_RW | PTE_US));
	EXPECT_EQ(fl.kind, PV_INVLPG_ALL);
	EXPECT_EQ(fl.va, 0x3000);
	EXPECT_EQ(pv_update_va_mapping(&m, 0x3000, 0, UVMF_TLB_FLUSH), 0);
	EXPECT_EQ(fl.kind, PV_FLUSH_LOCAL);
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 0);
}

static void update_va_mapping_refusals(void)
{
	reset();
	EXPECT_EQ(pv_update_va_mapping(&m, 0x3000, 0, 0), -XEN_EINVAL);
	/* larch's slot 262 leads, in this model, to tables a walk could
	 * follow: the address itself must be refused */
	hv[262] = pte(FIRST + 1, PTE_P);
	build_and_load();
	int n = fl.n;
	EXPECT_EQ(pv_update_va_mapping(&m, 0xffff830000001000ull,
				       pte(FIRST + 6, PTE_P), 0),
		  -XEN_EINVAL);
	EXPECT_EQ(
		pv_update_va_mapping(&m, 0x40000000, pte(FIRST + 6, PTE_P), 0),
		-XEN_EINVAL); /* no L2 entry there */
	EXPECT_EQ(pv_update_va_mapping(&m, 0x3000, pte(FIRST + 6, PTE_P),
				       UVMF_FLUSHTYPE_MASK),
		  -XEN_EINVAL);
	EXPECT_EQ(pv_update_va_mapping(&m, 0x3000, pte(FIRST + 6, PTE_P),
				       UVMF_INVLPG | 0x999000),
		  -XEN_EFAULT);
	EXPECT_EQ(pv_update_va_mapping(&m, 0x3000, pte(FIRST + 27, PTE_P), 0),
		  -XEN_EINVAL);
	EXPECT_EQ(map(FIRST + 3)[3], 0);
	EXPECT_EQ(map(FIRST + 3)[1], 0);
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 0);
	EXPECT_EQ(fl.n, n);
	hv[262] = 0;
}

/* ---- writable page tables: stores into a pinned L1 at FIRST+3 ---- */
#define PT  (FIRST + 3)
#define ENT ((uint64_t)PT << 12 | 5 * 8) /* its entry 5 */

static struct cpu_user_regs regs;
static long refused;
static const char *why;

static void pinned_l1(void)
{
	reset();
	memset(&regs, 0, sizeof(regs));
	regs.rip = 0x1000;
	EXPECT_EQ(pin_table(PT, 1, DOM), 0);
}

static int emulate(const char *bytes, size_t n)
{
	return pv_ptwr_emulate(&m, &regs, (const uint8_t *)bytes, n, ENT,
			       &refused, &why);
}
#define EMULATE(b) emulate(b, sizeof(b) - 1)

static void ptwr_mov_register_applied(void)
{
	pinned_l1();
	regs.rbx = pte(FIRST + 6, PTE_P | PTE_RW);
	EXPECT_EQ(EMULATE("\x48\x89\x1f"), PTWR_DONE); /* mov %rbx,(%rdi) */
	EXPECT_EQ(map(PT)[5], pte(FIRST + 6, PTE_P | PTE_RW | PTE_US));
	EXPECT_EQ(pg(FIRST + 6)->type, PGT_WRITABLE);
	EXPECT_EQ(pg(FIRST + 6)->type_count, 1);
	EXPECT_EQ(regs.rip, 0x1003);
}

/* rip moves past exactly the instruction: ModRM, SIB, displacements,
 * rip-relative, REX.R registers, immediates */
static void ptwr_instruction_lengths(void)
{
	pinned_l1();
	regs.rax = pte(FIRST + 6, PTE_P);
	EXPECT_EQ(EMULATE("\x48\x89\x44\x24\x08"), PTWR_DONE);
	EXPECT_EQ(regs.rip, 0x1005);
	EXPECT_EQ(EMULATE("\x48\x89\x84\xc8\x00\x01\x00\x00"), PTWR_DONE);
	EXPECT_EQ(regs.rip, 0x100d);
	regs.r8 = pte(FIRST + 7, PTE_P);
	EXPECT_EQ(EMULATE("\x4c\x89\x05\x10\x00\x00\x00"), PTWR_DONE);
	EXPECT_EQ(regs.rip, 0x1014);
	EXPECT_EQ(map(PT)[5], pte(FIRST + 7, PTE_P | PTE_US));
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 0);
	EXPECT_EQ(EMULATE("\x48\xc7\x07\x00\x00\x00\x00"), PTWR_DONE);
	EXPECT_EQ(regs.rip, 0x101b);
	/* SIB with no base: an absolute disp32 (mov %rax,0x10) */
	regs.rax = 0;
	EXPECT_EQ(EMULATE("\x48\x89\x04\x25\x10\x00\x00\x00"), PTWR_DONE);
	EXPECT_EQ(regs.rip, 0x1023);
	EXPECT_EQ(map(PT)[5], 0);
	EXPECT_EQ(pg(FIRST + 7)->ref_count, 0);
}

static void ptwr_xchg_returns_old(void)
{
	pinned_l1();
	regs.rax = pte(FIRST + 6, PTE_P);
	EXPECT_EQ(EMULATE("\x48\x87\x07"), PTWR_DONE);
	EXPECT_EQ(regs.rax, 0);
	regs.rax = 0;
	EXPECT_EQ(EMULATE("\x48\x87\x07"), PTWR_DONE);
	EXPECT_EQ(regs.rax, pte(FIRST + 6, PTE_P | PTE_US));
	EXPECT_EQ(map(PT)[5], 0);
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 0);
}

static void ptwr_cmpxchg_both_outcomes(void)
{
	pinned_l1();
	regs.rax = 0;
	regs.rdx = pte(FIRST + 6, PTE_P);
	/* lock cmpxchg %rdx,(%rdi): expected 0, found 0 -> written, ZF */
	EXPECT_EQ(EMULATE("\xf0\x48\x0f\xb1\x17"), PTWR_DONE);
	EXPECT_EQ(map(PT)[5], pte(FIRST + 6, PTE_P | PTE_US));
	EXPECT(regs.rflags & 0x40);
	EXPECT_EQ(regs.rip, 0x1005);
	/* expected 0 again, found the entry -> not written, rax = entry */
	regs.rax = 0;
	regs.rdx = pte(FIRST + 7, PTE_P);
	EXPECT_EQ(EMULATE("\xf0\x48\x0f\xb1\x17"), PTWR_DONE);
	EXPECT_EQ(map(PT)[5], pte(FIRST + 6, PTE_P | PTE_US));
	EXPECT_EQ(regs.rax, pte(FIRST + 6, PTE_P | PTE_US));
	EXPECT(!(regs.rflags & 0x40));
	EXPECT_EQ(pg(FIRST + 7)->ref_count, 0);
}

/* validated as mmu_update validates: refused, nothing changed */
static void ptwr_bad_entries_refused(void)
{
	pinned_l1();
	regs.rbx = pte(FIRST + 24, PTE_P); /* another domain's */
	EXPECT_EQ(EMULATE("\x48\x89\x1f"), PTWR_REFUSED);
	EXPECT_EQ(refused, -XEN_EINVAL);
	regs.rbx = pte(PT, PTE_P | PTE_RW); /* the table itself, writable */
	EXPECT_EQ(EMULATE("\x48\x89\x1f"), PTWR_REFUSED);
	regs.rbx = pte(0x10, PTE_P); /* outside the frame table */
	EXPECT_EQ(EMULATE("\x48\x89\x1f"), PTWR_REFUSED);
	EXPECT_EQ(map(PT)[5], 0);
	EXPECT_EQ(regs.rip, 0x1000);
	EXPECT_EQ(pg(FIRST + 24)->ref_count, 0);
}

static void ptwr_other_forms_unhandled(void)
{
	pinned_l1();
	regs.rbx = pte(FIRST + 6, PTE_P);
	EXPECT_EQ(EMULATE("\x89\x1f"), PTWR_UNHANDLED); /* 32-bit */
	EXPECT_EQ(EMULATE("\x66\x89\x1f"), PTWR_UNHANDLED);
	EXPECT_EQ(EMULATE("\x48\x01\x1f"), PTWR_UNHANDLED); /* add */
	EXPECT_EQ(EMULATE("\x48\x89"), PTWR_UNHANDLED);
	EXPECT_EQ(EMULATE("\x48\x89\xd8"), PTWR_UNHANDLED); /* reg, reg */
	EXPECT_EQ(EMULATE("\x48\xc7\x07\x00\x00"), PTWR_UNHANDLED);
	EXPECT_EQ(pv_ptwr_emulate(&m, &regs, (const uint8_t *)"\x48\x89\x1f", 3,
				  ENT + 4, &refused, &why),
		  PTWR_UNHANDLED); /* misaligned */
	EXPECT_EQ(map(PT)[5], 0);
	EXPECT_EQ(regs.rip, 0x1000);
}

/* the bit operations of a kernel's PTE helpers: a byte or the whole
 * entry anded or ored, validated as a whole new entry */
static void ptwr_and_or_forms(void)
{
	pinned_l1();
	map(PT)[5] = pte(FIRST + 6, PTE_P | PTE_RW | PTE_US);
	EXPECT_EQ(get_page_and_type(FIRST + 6, PGT_WRITABLE, DOM), 0);
	EXPECT_EQ(pg(FIRST + 6)->type_count, 1);
	/* ds andb $0xfd,(%r15): clear_bit(_PAGE_BIT_RW) on fork */
	EXPECT_EQ(EMULATE("\x3e\x41\x80\x27\xfd"), PTWR_DONE);
	EXPECT_EQ(map(PT)[5], pte(FIRST + 6, PTE_P | PTE_US));
	EXPECT_EQ(pg(FIRST + 6)->type_count, 0);
	EXPECT_EQ(regs.rip, 0x1005);
	EXPECT(!(regs.rflags & 0x40)); /* result non-zero */
	/* lock orb $2,(%rdi): writable again */
	EXPECT_EQ(EMULATE("\xf0\x80\x0f\x02"), PTWR_DONE);
	EXPECT_EQ(map(PT)[5], pte(FIRST + 6, PTE_P | PTE_RW | PTE_US));
	EXPECT_EQ(pg(FIRST + 6)->type_count, 1);
	/* andq $-3,(%rdi) and and %rax,(%rdi) on all 8 bytes */
	EXPECT_EQ(EMULATE("\x48\x83\x27\xfd"), PTWR_DONE);
	EXPECT_EQ(map(PT)[5], pte(FIRST + 6, PTE_P | PTE_US));
	regs.rax = 0;
	EXPECT_EQ(EMULATE("\x48\x21\x07"), PTWR_DONE);
	EXPECT_EQ(map(PT)[5], 0);
	EXPECT(regs.rflags & 0x40); /* zero */
	EXPECT_EQ(pg(FIRST + 6)->ref_count, 0);
}

/* an or that would map the table itself writable: refused as a whole */
static void ptwr_or_refused(void)
{
	pinned_l1();
	map(PT)[5] = pte(PT, PTE_P | PTE_US); /* the L1 maps itself, RO */
	EXPECT_EQ(get_page(PT, DOM), 0);
	EXPECT_EQ(EMULATE("\xf0\x80\x0f\x02"), PTWR_REFUSED);
	EXPECT_EQ(map(PT)[5], pte(PT, PTE_P | PTE_US));
	EXPECT_EQ(regs.rip, 0x1000);
	/* a byte store into a higher byte (bits 8-15) */
	map(PT)[5] = 0;
	regs.rbx = 0x7; /* mov %bl,1(%rdi) at byte 1: present bits stay 0 */
	EXPECT_EQ(pv_ptwr_emulate(&m, &regs, (const uint8_t *)"\x88\x5f\x01", 3,
				  ENT + 1, &refused, &why),
		  PTWR_DONE);
	EXPECT_EQ(map(PT)[5], 0x700ull);
	/* ah..bh need no REX to be named: refused */
	EXPECT_EQ(EMULATE("\x88\x27"), PTWR_UNHANDLED);
}

int main(void)
{
	mem = aligned_alloc(4096, sizeof(uint64_t[NR][512]));
	RUN("x86_pv_mm", plain_frame_update_writes);
	RUN("x86_pv_mm", table_update_validated);
	RUN("x86_pv_mm", table_update_drops_old);
	RUN("x86_pv_mm", same_frame_rewrite_keeps_it);
	RUN("x86_pv_mm", foreign_frame_refused);
	RUN("x86_pv_mm", hypervisor_frame_refused);
	RUN("x86_pv_mm", own_table_writable_refused);
	RUN("x86_pv_mm", hv_slot_update_refused);
	RUN("x86_pv_mm", done_counts_up_to_failure);
	RUN("x86_pv_mm", foreign_domid_refused);
	RUN("x86_pv_mm", bad_request_pointer_faults);
	RUN("x86_pv_mm", preserve_ad_keeps_bits);
	RUN("x86_pv_mm", machphys_identity_only);
	RUN("x86_pv_mm", unknown_command_enosys);
	RUN("x86_pv_mm", pin_unpin_counts);
	RUN("x86_pv_mm", pin_foreign_reference_refused);
	RUN("x86_pv_mm", new_baseptr_takes_and_drops);
	RUN("x86_pv_mm", new_baseptr_refusals);
	RUN("x86_pv_mm", user_baseptr_zero_clears);
	RUN("x86_pv_mm", flush_ops_reported);
	RUN("x86_pv_mm", flush_multi_bad_mask_faults);
	RUN("x86_pv_mm", invlpg_hypervisor_address_ignored);
	RUN("x86_pv_mm", set_ldt_bounds);
	RUN("x86_pv_mm", update_va_mapping_maps_and_flushes);
	RUN("x86_pv_mm", update_va_mapping_refusals);
	RUN("x86_pv_mm", ptwr_mov_register_applied);
	RUN("x86_pv_mm", ptwr_instruction_lengths);
	RUN("x86_pv_mm", ptwr_xchg_returns_old);
	RUN("x86_pv_mm", ptwr_cmpxchg_both_outcomes);
	RUN("x86_pv_mm", ptwr_bad_entries_refused);
	RUN("x86_pv_mm", ptwr_other_forms_unhandled);
	RUN("x86_pv_mm", ptwr_and_or_forms);
	RUN("x86_pv_mm", ptwr_or_refused);
	free(mem);
	return harness_failed ? 1 : 0;
}

/* Host tests of x86's frame table (arch/x86/mm.c): one case per page-type,
 * reference-count and validation rule, on a small model of guest RAM. */
#include <stdlib.h>

#include "harness.h"
#include <arch/mm.h>
#include <public/xen_abi.h>

HARNESS_DEFINE("host");

#define FIRST 0x100 /* first machine frame of the model */
#define NR    32
#define DOM   1
#define OTHER 2 /* frames FIRST+24.. belong to another domain */

static uint64_t (*mem)[512];
static struct page_info pages[NR];
static uint64_t hv[512];

static uint64_t *map(uint64_t mfn)
{
	return mem[mfn - FIRST];
}

static void reset(void)
{
	memset(mem, 0, sizeof(uint64_t[NR][512]));
	frame_table_init(pages, FIRST, NR, map, hv);
	frame_assign(FIRST, 24, DOM);
	frame_assign(FIRST + 24, 8, OTHER);
}

static uint64_t pte(uint64_t mfn, uint64_t flags)
{
	return mfn << 12 | flags;
}

static struct page_info *pg(uint64_t mfn)
{
	return mfn_page(mfn);
}

/* L4 f -> L3 f+1 -> L2 f+2 -> L1 f+3 -> data f+4 (rw) and f+5 (ro) */
static void build_chain(uint64_t f)
{
	map(f)[0] = pte(f + 1, PTE_P | PTE_RW);
	map(f + 1)[0] = pte(f + 2, PTE_P | PTE_RW);
	map(f + 2)[0] = pte(f + 3, PTE_P | PTE_RW);
	map(f + 3)[0] = pte(f + 4, PTE_P | PTE_RW);
	map(f + 3)[1] = pte(f + 5, PTE_P);
}

static void get_put_page_counts(void)
{
	reset();
	EXPECT_EQ(get_page(FIRST, DOM), 0);
	EXPECT_EQ(get_page(FIRST, DOM), 0);
	EXPECT_EQ(pg(FIRST)->ref_count, 2);
	put_page(FIRST);
	EXPECT_EQ(pg(FIRST)->ref_count, 1);
}

static void foreign_frame_refused(void)
{
	reset();
	EXPECT_EQ(get_page(FIRST + 24, DOM), -XEN_EINVAL);
	EXPECT_EQ(get_page_type(FIRST + 24, PGT_WRITABLE, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST + 24)->ref_count, 0);
}

static void frame_outside_table_refused(void)
{
	reset();
	EXPECT_EQ(get_page(FIRST - 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(get_page(FIRST + NR, DOM), -XEN_EINVAL);
}

static void unowned_frame_refused(void)
{
	reset();
	frame_assign(FIRST + 3, 1, FRAME_OWNER_NONE);
	EXPECT_EQ(get_page(FIRST + 3, DOM), -XEN_EINVAL);
	EXPECT_EQ(get_page(FIRST + 3, FRAME_OWNER_NONE), -XEN_EINVAL);
}

static void one_type_at_a_time(void)
{
	reset();
	EXPECT_EQ(get_page_type(FIRST, PGT_WRITABLE, DOM), 0);
	EXPECT_EQ(get_page_type(FIRST, PGT_L1, DOM), -XEN_EINVAL);
	EXPECT_EQ(get_page_type(FIRST, PGT_SEG_DESC, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST)->type, PGT_WRITABLE);
	EXPECT_EQ(pg(FIRST)->type_count, 1);
}

static void same_type_counts_up(void)
{
	reset();
	EXPECT_EQ(get_page_type(FIRST, PGT_WRITABLE, DOM), 0);
	EXPECT_EQ(get_page_type(FIRST, PGT_WRITABLE, DOM), 0);
	EXPECT_EQ(pg(FIRST)->type_count, 2);
}

static void type_changes_at_zero(void)
{
	reset();
	EXPECT_EQ(get_page_type(FIRST, PGT_WRITABLE, DOM), 0);
	put_page_type(FIRST);
	EXPECT_EQ(pg(FIRST)->type, PGT_NONE);
	EXPECT_EQ(get_page_type(FIRST, PGT_L1, DOM), 0);
	EXPECT_EQ(pg(FIRST)->type, PGT_L1);
}

static void writable_frame_never_table(void)
{
	reset();
	/* an L1 maps frame F+5 writable; F+5 cannot become a table */
	map(FIRST)[0] = pte(FIRST + 5, PTE_P | PTE_RW);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
	EXPECT_EQ(pg(FIRST + 5)->type, PGT_WRITABLE);
	EXPECT_EQ(pin_table(FIRST + 5, 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST + 5)->ref_count, 1);
}

static void table_never_mapped_writable(void)
{
	reset();
	EXPECT_EQ(pin_table(FIRST + 5, 1, DOM), 0);
	map(FIRST)[0] = pte(FIRST + 5, PTE_P | PTE_RW);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), -XEN_EINVAL);
	/* read-only is fine */
	map(FIRST)[0] = pte(FIRST + 5, PTE_P);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
	EXPECT_EQ(pg(FIRST + 5)->ref_count, 2);
}

static void validation_takes_references(void)
{
	reset();
	build_chain(FIRST);
	EXPECT_EQ(pin_table(FIRST, 4, DOM), 0);
	EXPECT_EQ(pg(FIRST)->type, PGT_L4);
	EXPECT_EQ(pg(FIRST + 1)->type, PGT_L3);
	EXPECT_EQ(pg(FIRST + 2)->type, PGT_L2);
	EXPECT_EQ(pg(FIRST + 3)->type, PGT_L1);
	EXPECT_EQ(pg(FIRST + 4)->type, PGT_WRITABLE);
	EXPECT_EQ(pg(FIRST + 5)->type_count, 0);
	EXPECT_EQ(pg(FIRST + 5)->ref_count, 1);
	for (int i = 1; i <= 4; i++) {
		EXPECT_EQ(pg(FIRST + i)->type_count, 1);
		EXPECT_EQ(pg(FIRST + i)->ref_count, 1);
		EXPECT(pg(FIRST + i)->flags & PGF_VALIDATED || i == 4);
	}
	EXPECT(pg(FIRST)->flags & PGF_VALIDATED);
	EXPECT(pg(FIRST)->flags & PGF_PINNED);
}

static void devalidation_drops_references(void)
{
	reset();
	build_chain(FIRST);
	EXPECT_EQ(pin_table(FIRST, 4, DOM), 0);
	EXPECT_EQ(unpin_table(FIRST, 4, DOM), 0);
	for (int i = 0; i <= 5; i++) {
		EXPECT_EQ(pg(FIRST + i)->type_count, 0);
		EXPECT_EQ(pg(FIRST + i)->ref_count, 0);
		EXPECT_EQ(pg(FIRST + i)->type, PGT_NONE);
		/* the frame that was mapped writable may be in a TLB */
		EXPECT_EQ(pg(FIRST + i)->flags,
			  i == 4 ? PGF_STALE_WRITABLE : 0);
	}
}

static void failed_validation_changes_nothing(void)
{
	reset();
	build_chain(FIRST);
	map(FIRST + 3)[7] = pte(FIRST + 24, PTE_P); /* foreign, last */
	hv[HV_SLOT_FIRST] = 0x5000;
	EXPECT_EQ(pin_table(FIRST, 4, DOM), -XEN_EINVAL);
	/* the refused L4 is as the guest wrote it */
	EXPECT_EQ(map(FIRST)[0], pte(FIRST + 1, PTE_P | PTE_RW));
	EXPECT_EQ(map(FIRST)[HV_SLOT_FIRST], 0);
	hv[HV_SLOT_FIRST] = 0;
	for (int i = 0; i <= 5; i++) {
		EXPECT_EQ(pg(FIRST + i)->type_count, 0);
		EXPECT_EQ(pg(FIRST + i)->ref_count, 0);
		/* conservative: its writable reference existed for a moment */
		EXPECT_EQ(pg(FIRST + i)->flags,
			  i == 4 ? PGF_STALE_WRITABLE : 0);
	}
	EXPECT_EQ(pg(FIRST + 24)->ref_count, 0);
}

static void pin_foreign_reference_refused(void)
{
	reset();
	map(FIRST)[0] = pte(FIRST + 25, PTE_P);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), -XEN_EINVAL);
	map(FIRST)[0] = pte(FIRST + 25, PTE_P);
	EXPECT_EQ(pin_table(FIRST, 2, DOM), -XEN_EINVAL);
}

static void pin_foreign_table_refused(void)
{
	reset();
	EXPECT_EQ(pin_table(FIRST + 24, 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST + 24)->flags, 0);
}

static void double_pin_refused(void)
{
	reset();
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST)->type_count, 1);
}

static void unpin_needs_pin_and_level(void)
{
	reset();
	EXPECT_EQ(unpin_table(FIRST, 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(pin_table(FIRST, 2, DOM), 0);
	EXPECT_EQ(unpin_table(FIRST, 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(unpin_table(FIRST, 2, OTHER), -XEN_EINVAL);
	EXPECT_EQ(unpin_table(FIRST, 2, DOM), 0);
	EXPECT_EQ(pg(FIRST)->type_count, 0);
	/* an L1 that is only referenced, never pinned, cannot be unpinned */
	map(FIRST + 1)[0] = pte(FIRST + 3, PTE_P);
	EXPECT_EQ(pin_table(FIRST + 1, 2, DOM), 0);
	EXPECT_EQ(unpin_table(FIRST + 3, 1, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST + 3)->type_count, 1);
	EXPECT_EQ(pg(FIRST + 3)->ref_count, 1);
}

static void superpage_refused(void)
{
	reset();
	map(FIRST)[0] = pte(FIRST + 4, PTE_P | PTE_PSE);
	EXPECT_EQ(pin_table(FIRST, 2, DOM), -XEN_EINVAL);
	EXPECT_EQ(pin_table(FIRST, 3, DOM), -XEN_EINVAL);
	EXPECT_EQ(pin_table(FIRST, 4, DOM), -XEN_EINVAL);
	/* in an L1, bit 7 is PAT */
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
}

static void reserved_bits_refused(void)
{
	reset();
	map(FIRST)[0] = pte(FIRST + 4, PTE_P) | (1ull << 52);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), -XEN_EINVAL);
	map(FIRST)[0] = pte(FIRST + 4, PTE_P | PTE_NX);
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
}

static void user_bit_forced(void)
{
	reset();
	map(FIRST)[0] = pte(FIRST + 4, PTE_P);
	map(FIRST)[1] = pte(FIRST + 4, 0); /* not present: left alone */
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
	EXPECT_EQ(map(FIRST)[0], pte(FIRST + 4, PTE_P | PTE_US));
	EXPECT_EQ(map(FIRST)[1], pte(FIRST + 4, 0));
}

static void not_present_takes_nothing(void)
{
	reset();
	map(FIRST)[0] = pte(FIRST + 24, PTE_RW); /* foreign but not present */
	EXPECT_EQ(pin_table(FIRST, 1, DOM), 0);
	EXPECT_EQ(pg(FIRST + 24)->ref_count, 0);
}

static void hv_slots_copied(void)
{
	reset();
	for (int i = HV_SLOT_FIRST; i <= HV_SLOT_LAST; i++)
		hv[i] = 0xabc000 | i;
	/* a guest value there (even a foreign frame) is replaced, not used */
	map(FIRST)[HV_SLOT_FIRST] = pte(FIRST + 24, PTE_P);
	map(FIRST)[HV_SLOT_LAST + 1] = pte(FIRST + 1, PTE_P);
	EXPECT_EQ(pin_table(FIRST, 4, DOM), 0);
	EXPECT_EQ(map(FIRST)[HV_SLOT_FIRST], 0xabc000 | HV_SLOT_FIRST);
	EXPECT_EQ(map(FIRST)[HV_SLOT_LAST], 0xabc000 | HV_SLOT_LAST);
	EXPECT_EQ(pg(FIRST + 24)->ref_count, 0);
	EXPECT_EQ(pg(FIRST + 1)->type, PGT_L3);
	EXPECT_EQ(unpin_table(FIRST, 4, DOM), 0);
	EXPECT_EQ(pg(FIRST + 1)->ref_count, 0);
	memset(hv, 0, sizeof(hv));
}

static void self_reference_refused(void)
{
	reset();
	map(FIRST)[0] = pte(FIRST, PTE_P); /* L2 entry naming itself */
	EXPECT_EQ(pin_table(FIRST, 2, DOM), -XEN_EINVAL);
	EXPECT_EQ(pg(FIRST)->type_count, 0);
	EXPECT_EQ(pg(FIRST)->ref_count, 0);
}

static void shared_table_validated_once(void)
{
	reset();
	/* two L2 entries share one L1: it is validated once, counted twice */
	map(FIRST)[0] = pte(FIRST + 1, PTE_P);
	map(FIRST)[1] = pte(FIRST + 1, PTE_P);
	map(FIRST + 1)[0] = pte(FIRST + 4, PTE_P | PTE_RW);
	EXPECT_EQ(pin_table(FIRST, 2, DOM), 0);
	EXPECT_EQ(pg(FIRST + 1)->type_count, 2);
	EXPECT_EQ(pg(FIRST + 4)->type_count, 1);
	EXPECT_EQ(unpin_table(FIRST, 2, DOM), 0);
	EXPECT_EQ(pg(FIRST + 4)->type_count, 0);
	EXPECT_EQ(pg(FIRST + 1)->ref_count, 0);
}

static void table_in_use_survives_unpin(void)
{
	reset();
	build_chain(FIRST);
	EXPECT_EQ(pin_table(FIRST + 3, 1, DOM), 0);
	EXPECT_EQ(pin_table(FIRST, 4, DOM), 0);
	EXPECT_EQ(unpin_table(FIRST + 3, 1, DOM), 0);
	/* the L2 still references it: still a validated L1 */
	EXPECT_EQ(pg(FIRST + 3)->type, PGT_L1);
	EXPECT_EQ(pg(FIRST + 3)->type_count, 1);
	EXPECT_EQ(pg(FIRST + 4)->type, PGT_WRITABLE);
}

static unsigned flushes;
static uint16_t flushed_owner;
static void count_flush(uint16_t owner)
{
	flushes++;
	flushed_owner = owner;
}

/* A frame once mapped writable becomes a table only after a TLB flush
 * (a stale writable entry elsewhere would write the validated table);
 * one flush per such change, none for a frame never mapped writable. */
static void stale_writable_flushed_before_table(void)
{
	reset();
	frame_table.flush_stale = count_flush;
	flushes = 0;
	EXPECT_EQ(get_page_type(FIRST + 3, PGT_L1, DOM), 0);
	EXPECT_EQ(flushes, 0);
	put_page_type(FIRST + 3);
	EXPECT_EQ(get_page_type(FIRST + 4, PGT_WRITABLE, DOM), 0);
	put_page_type(FIRST + 4);
	EXPECT_EQ(flushes, 0);
	EXPECT_EQ(get_page_type(FIRST + 4, PGT_WRITABLE, DOM), 0);
	put_page_type(FIRST + 4);
	EXPECT_EQ(get_page_type(FIRST + 4, PGT_L1, DOM), 0);
	EXPECT_EQ(flushes, 1);
	EXPECT_EQ(flushed_owner, DOM);
	put_page_type(FIRST + 4);
	EXPECT_EQ(get_page_type(FIRST + 4, PGT_L2, DOM), 0);
	EXPECT_EQ(flushes, 1);
	frame_table.flush_stale = NULL;
}

/* GDT frames: code and data raised to DPL 3 and marked accessed; system
 * descriptors and conforming code refused with the frame unchanged; a
 * descriptor frame is never writable (and a writable one never one). */
static void descriptor_frames_checked(void)
{
	reset();
	uint64_t *f = map(FIRST + 2);
	f[1] = 0x00af9a000000ffffull; /* code64, DPL 0 */
	f[2] = 0x00cff2000000ffffull; /* data, DPL 3 */
	f[3] = 0x0000000000000000ull; /* not present */
	EXPECT_EQ(get_page_type(FIRST + 2, PGT_SEG_DESC, DOM), 0);
	EXPECT_EQ(f[1], 0x00affb000000ffffull);
	EXPECT_EQ(f[2], 0x00cff3000000ffffull);
	EXPECT_EQ(f[3], 0);
	EXPECT_EQ(get_page_type(FIRST + 2, PGT_WRITABLE, DOM), -XEN_EINVAL);
	put_page_type(FIRST + 2);
	uint64_t *g = map(FIRST + 5);
	g[9] = 0x0000ec0000080000ull; /* a 64-bit call gate, DPL 3 */
	EXPECT_EQ(get_page_type(FIRST + 5, PGT_SEG_DESC, DOM), -XEN_EINVAL);
	EXPECT_EQ(g[9], 0x0000ec0000080000ull);
	EXPECT_EQ(pg(FIRST + 5)->type_count, 0);
	g[9] = 0x00cf9e000000ffffull; /* conforming code */
	EXPECT_EQ(get_page_type(FIRST + 5, PGT_SEG_DESC, DOM), -XEN_EINVAL);
	g[9] = 0x0000890000000067ull; /* a TSS */
	EXPECT_EQ(get_page_type(FIRST + 5, PGT_SEG_DESC, DOM), -XEN_EINVAL);
	EXPECT_EQ(get_page_type(FIRST + 6, PGT_WRITABLE, DOM), 0);
	EXPECT_EQ(get_page_type(FIRST + 6, PGT_SEG_DESC, DOM), -XEN_EINVAL);
}

int main(void)
{
	mem = aligned_alloc(4096, sizeof(uint64_t[NR][512]));
	RUN("x86_mm", get_put_page_counts);
	RUN("x86_mm", foreign_frame_refused);
	RUN("x86_mm", frame_outside_table_refused);
	RUN("x86_mm", unowned_frame_refused);
	RUN("x86_mm", one_type_at_a_time);
	RUN("x86_mm", same_type_counts_up);
	RUN("x86_mm", type_changes_at_zero);
	RUN("x86_mm", writable_frame_never_table);
	RUN("x86_mm", table_never_mapped_writable);
	RUN("x86_mm", validation_takes_references);
	RUN("x86_mm", devalidation_drops_references);
	RUN("x86_mm", failed_validation_changes_nothing);
	RUN("x86_mm", pin_foreign_reference_refused);
	RUN("x86_mm", pin_foreign_table_refused);
	RUN("x86_mm", double_pin_refused);
	RUN("x86_mm", unpin_needs_pin_and_level);
	RUN("x86_mm", superpage_refused);
	RUN("x86_mm", reserved_bits_refused);
	RUN("x86_mm", user_bit_forced);
	RUN("x86_mm", not_present_takes_nothing);
	RUN("x86_mm", hv_slots_copied);
	RUN("x86_mm", self_reference_refused);
	RUN("x86_mm", shared_table_validated_once);
	RUN("x86_mm", table_in_use_survives_unpin);
	RUN("x86_mm", stale_writable_flushed_before_table);
	RUN("x86_mm", descriptor_frames_checked);
	free(mem);
	return harness_failed ? 1 : 0;
}

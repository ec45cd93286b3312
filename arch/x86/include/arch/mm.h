/* x86 frame table: per machine frame of guest RAM an owner, a page type with
 * its count, a general reference count; Xen's type/reference rules. Pure C
 * over "machine frame -> host pointer", so the rules run in host tests. */
#ifndef ARCH_X86_MM_H
#define ARCH_X86_MM_H

#include <arch/layout.h> /* HV_SLOT_FIRST, HV_SLOT_LAST */
#include <larch/types.h>

/* Owner of a frame no domain holds (hypervisor or free): never mappable. */
#define FRAME_OWNER_NONE 0xffffu

enum page_type {
	PGT_NONE,
	PGT_WRITABLE,
	PGT_L1,
	PGT_L2,
	PGT_L3,
	PGT_L4,
	PGT_SEG_DESC,
};

#define PGF_PINNED    1u /* the guest's pin holds one typed reference */
#define PGF_VALIDATED 2u /* a table whose entries hold their references */
/* Its last writable mapping went away with no TLB flush since: a CPU may
 * still hold that mapping, so it must be flushed before the frame becomes
 * a table or descriptor page (else a stale writable entry would write a
 * validated table). */
#define PGF_STALE_WRITABLE 4u

struct page_info {
	uint16_t owner;
	uint8_t type;  /* enum page_type; meaningful while type_count > 0 */
	uint8_t flags; /* PGF_* */
	uint32_t type_count;
	uint32_t ref_count;
};

/* x86-64 page-table entry bits */
#define PTE_P	 (1ull << 0)
#define PTE_RW	 (1ull << 1)
#define PTE_US	 (1ull << 2)
#define PTE_A	 (1ull << 5)
#define PTE_D	 (1ull << 6)
#define PTE_PSE	 (1ull << 7) /* PAT in an L1 entry */
#define PTE_ADDR 0x000ffffffffff000ull
#define PTE_NX	 (1ull << 63)
/* Bits 52..62: ignored by the CPU or protection keys; larch refuses them so
 * no guest state hides there. */
#define PTE_RSVD 0x7ff0000000000000ull

struct frame_table {
	struct page_info *pages;
	uint64_t first_mfn, nr;
	/* host pointer of a 4 KiB machine frame inside [first_mfn, +nr) */
	uint64_t *(*map)(uint64_t mfn);
	/* larch's L4 entries 256..271, copied into each validated guest L4 */
	const uint64_t *hv_slots;
	/* Flush every TLB that may map owner's frames (PGF_STALE_WRITABLE);
	 * NULL in tests that do not look. */
	void (*flush_stale)(uint16_t owner);
};

extern struct frame_table frame_table;

void frame_table_init(struct page_info *pages, uint64_t first_mfn, uint64_t nr,
		      uint64_t *(*map)(uint64_t mfn), const uint64_t *hv_slots);
void frame_assign(uint64_t mfn, uint64_t nr, uint16_t owner);
struct page_info *mfn_page(uint64_t mfn);
/* 1..4 for a frame typed as a page table, else 0 */
int page_table_level(const struct page_info *pg);

/* 0 or -XEN_EINVAL; all leave nothing changed on failure. */
int get_page(uint64_t mfn, uint16_t owner);
void put_page(uint64_t mfn);
int get_page_type(uint64_t mfn, enum page_type type, uint16_t owner);
void put_page_type(uint64_t mfn);
int get_page_and_type(uint64_t mfn, enum page_type type, uint16_t owner);
void put_page_and_type(uint64_t mfn);

/* One entry of a table at `level` (1..4): the references it needs taken
 * (get, which checks it) or dropped (put). slot is the entry's index, for
 * larch's L4 slots. entry_stored is the form written to the table: U/S
 * forced on (64-bit PV kernels run in ring 3), larch's slots larch's. */
int get_entry(uint64_t e, int level, unsigned slot, uint16_t owner);
void put_entry(uint64_t e, int level, unsigned slot);
uint64_t entry_stored(uint64_t e, int level, unsigned slot);

int pin_table(uint64_t mfn, int level, uint16_t owner);

/* A segment descriptor a PV kernel puts in its GDT (set_gdt's frames,
 * update_descriptor): 0 with *d in its stored form, or -XEN_EINVAL. A
 * frame's first PGT_SEG_DESC reference checks all 512 of it. */
int check_descriptor(uint64_t *d);
int unpin_table(uint64_t mfn, int level, uint16_t owner);

#endif

/* x86 frame table: page types and reference counts with Xen's rules (one
 * type at a time, tables validated on their first typed reference, a
 * writably mapped frame never a table). Pure C: host tests run it as is. */
#include <arch/mm.h>
#include <public/xen_abi.h>

struct frame_table frame_table;

void frame_table_init(struct page_info *pages, uint64_t first_mfn, uint64_t nr,
		      uint64_t *(*map)(uint64_t mfn), const uint64_t *hv_slots)
{
	frame_table.pages = pages;
	frame_table.first_mfn = first_mfn;
	frame_table.nr = nr;
	frame_table.map = map;
	frame_table.hv_slots = hv_slots;
	for (uint64_t i = 0; i < nr; i++)
		pages[i] = (struct page_info){ .owner = FRAME_OWNER_NONE };
}

void frame_assign(uint64_t mfn, uint64_t nr, uint16_t owner)
{
	for (uint64_t i = 0; i < nr; i++) {
		struct page_info *pg = mfn_page(mfn + i);
		if (pg)
			pg->owner = owner;
	}
}

struct page_info *mfn_page(uint64_t mfn)
{
	if (mfn < frame_table.first_mfn ||
	    mfn - frame_table.first_mfn >= frame_table.nr)
		return NULL;
	return &frame_table.pages[mfn - frame_table.first_mfn];
}

/* A frame outside the table (hypervisor, MMIO) or another owner's is
 * refused alike: the guest learns nothing about which it was. */
static struct page_info *owned(uint64_t mfn, uint16_t owner)
{
	struct page_info *pg = mfn_page(mfn);
	if (!pg || owner == FRAME_OWNER_NONE || pg->owner != owner)
		return NULL;
	return pg;
}

int get_page(uint64_t mfn, uint16_t owner)
{
	struct page_info *pg = owned(mfn, owner);
	if (!pg || pg->ref_count == UINT32_MAX)
		return -XEN_EINVAL;
	pg->ref_count++;
	return 0;
}

void put_page(uint64_t mfn)
{
	struct page_info *pg = mfn_page(mfn);
	if (pg && pg->ref_count)
		pg->ref_count--;
}

static int table_level(enum page_type t)
{
	return t >= PGT_L1 && t <= PGT_L4 ? (int)(t - PGT_L1) + 1 : 0;
}

int page_table_level(const struct page_info *pg)
{
	return pg->type_count ? table_level((enum page_type)pg->type) : 0;
}

/* The entries of table mfn before index n drop their references. */
static void devalidate(uint64_t mfn, int level, unsigned n)
{
	uint64_t *t = frame_table.map(mfn);
	for (unsigned i = 0; i < n; i++)
		put_entry(t[i], level, i);
}

/* All entries' references first, the stored forms only once all are
 * taken: a table refused is left as the guest wrote it (tables below it
 * that validated keep U/S forced on, which changes no access they grant). */
static int validate(uint64_t mfn, int level, uint16_t owner)
{
	uint64_t *t = frame_table.map(mfn);
	for (unsigned i = 0; i < 512; i++) {
		int rc = get_entry(t[i], level, i, owner);
		if (rc) {
			devalidate(mfn, level, i);
			return rc;
		}
	}
	for (unsigned i = 0; i < 512; i++)
		t[i] = entry_stored(t[i], level, i);
	return 0;
}

/* ---- segment descriptors (GDT frames of PV kernels) ---- */
#define DESC_A	  (1ull << 40) /* accessed */
#define DESC_CONF (1ull << 42) /* code: conforming */
#define DESC_CODE (1ull << 43)
#define DESC_S	  (1ull << 44) /* code or data (else system) */
#define DESC_DPL  (3ull << 45)
#define DESC_P	  (1ull << 47)

/* What a PV kernel may have in its GDT, as Xen allows it (64-bit): code
 * and data segments, their DPL raised to 3 (the kernel runs in ring 3)
 * and marked accessed (the CPU then never writes them); nothing not
 * present is looked at. No system descriptor (call gate, TSS, LDT) and no
 * conforming code: -XEN_EINVAL. *d is the stored form. */
int check_descriptor(uint64_t *d)
{
	uint64_t v = *d;
	if (!(v & DESC_P))
		return 0;
	if (!(v & DESC_S) ||
	    (v & (DESC_CODE | DESC_CONF)) == (DESC_CODE | DESC_CONF))
		return -XEN_EINVAL;
	*d = v | DESC_DPL | DESC_A;
	return 0;
}

/* A page of descriptors: all checked before any is rewritten. */
static int validate_desc_page(uint64_t mfn)
{
	uint64_t *t = frame_table.map(mfn);
	for (unsigned i = 0; i < 512; i++) {
		uint64_t d = t[i];
		if (check_descriptor(&d))
			return -XEN_EINVAL;
	}
	for (unsigned i = 0; i < 512; i++)
		check_descriptor(&t[i]);
	return 0;
}

int get_page_type(uint64_t mfn, enum page_type type, uint16_t owner)
{
	struct page_info *pg = owned(mfn, owner);
	if (!pg || type == PGT_NONE)
		return -XEN_EINVAL;
	if (pg->type_count) {
		/* One type at a time: it changes only at type count 0. */
		if (pg->type != type || pg->type_count == UINT32_MAX)
			return -XEN_EINVAL;
		pg->type_count++;
		return 0;
	}
	/* 0 -> 1: the type is taken before validation, so a table that
	 * references itself at another level finds it busy. */
	if (type != PGT_WRITABLE && (pg->flags & PGF_STALE_WRITABLE)) {
		if (frame_table.flush_stale)
			frame_table.flush_stale(owner);
		pg->flags &= ~PGF_STALE_WRITABLE;
	}
	pg->type = type;
	pg->type_count = 1;
	int level = table_level(type);
	if (level || type == PGT_SEG_DESC) {
		int rc = level ? validate(mfn, level, owner)
			       : validate_desc_page(mfn);
		if (rc) {
			pg->type_count = 0;
			pg->type = PGT_NONE;
			return rc;
		}
		pg->flags |= PGF_VALIDATED;
	}
	return 0;
}

void put_page_type(uint64_t mfn)
{
	struct page_info *pg = mfn_page(mfn);
	if (!pg || !pg->type_count)
		return;
	if (--pg->type_count)
		return;
	if (pg->flags & PGF_VALIDATED) {
		pg->flags &= ~PGF_VALIDATED;
		if (table_level(pg->type))
			devalidate(mfn, table_level(pg->type), 512);
	}
	if (pg->type == PGT_WRITABLE)
		pg->flags |= PGF_STALE_WRITABLE;
	pg->type = PGT_NONE;
}

int get_page_and_type(uint64_t mfn, enum page_type type, uint16_t owner)
{
	int rc = get_page(mfn, owner);
	if (rc)
		return rc;
	rc = get_page_type(mfn, type, owner);
	if (rc)
		put_page(mfn);
	return rc;
}

void put_page_and_type(uint64_t mfn)
{
	put_page_type(mfn);
	put_page(mfn);
}

static bool hv_slot(int level, unsigned slot)
{
	return level == 4 && slot >= HV_SLOT_FIRST && slot <= HV_SLOT_LAST;
}

uint64_t entry_stored(uint64_t e, int level, unsigned slot)
{
	/* larch's own mappings, whatever the guest wrote there */
	if (hv_slot(level, slot))
		return frame_table.hv_slots ? frame_table.hv_slots[slot] : 0;
	return (e & PTE_P) ? e | PTE_US : e;
}

int get_entry(uint64_t v, int level, unsigned slot, uint16_t owner)
{
	if (hv_slot(level, slot))
		return 0;
	if (!(v & PTE_P))
		return 0;
	/* No superpages for PV (PSE in L2/L3, reserved in L4); an L1's bit 7
	 * is PAT. */
	if ((v & PTE_RSVD) || (level > 1 && (v & PTE_PSE)))
		return -XEN_EINVAL;
	uint64_t mfn = (v & PTE_ADDR) >> 12;
	int rc;
	if (level == 1)
		rc = (v & PTE_RW) ? get_page_and_type(mfn, PGT_WRITABLE, owner)
				  : get_page(mfn, owner);
	else
		rc = get_page_and_type(
			mfn, (enum page_type)(PGT_L1 + level - 2), owner);
	return rc;
}

void put_entry(uint64_t e, int level, unsigned slot)
{
	if (hv_slot(level, slot) || !(e & PTE_P))
		return;
	uint64_t mfn = (e & PTE_ADDR) >> 12;
	if (level == 1 && !(e & PTE_RW))
		put_page(mfn);
	else
		put_page_and_type(mfn);
}

int pin_table(uint64_t mfn, int level, uint16_t owner)
{
	struct page_info *pg = owned(mfn, owner);
	if (!pg || level < 1 || level > 4 || (pg->flags & PGF_PINNED))
		return -XEN_EINVAL;
	int rc = get_page_and_type(mfn, (enum page_type)(PGT_L1 + level - 1),
				   owner);
	if (rc)
		return rc;
	pg->flags |= PGF_PINNED;
	return 0;
}

int unpin_table(uint64_t mfn, int level, uint16_t owner)
{
	struct page_info *pg = owned(mfn, owner);
	if (!pg || !(pg->flags & PGF_PINNED) ||
	    pg->type != (uint8_t)(PGT_L1 + level - 1))
		return -XEN_EINVAL;
	pg->flags &= ~PGF_PINNED;
	put_page_and_type(mfn);
	return 0;
}

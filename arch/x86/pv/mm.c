/* x86 PV MMU hypercalls with Xen's numbers and error codes: mmu_update,
 * mmuext_op, update_va_mapping. Every entry is validated by the frame table
 * (arch/x86/mm.c); this file decodes requests and keeps per-vCPU state. */
#include <arch/pv_mm.h>
#include <public/xen_mm.h>

#define HV_VA_START  0xffff800000000000ull
#define HV_VA_END    0xffff880000000000ull /* slots 256..271 */
#define LDT_MAX_ENTS 8192

bool pv_va_ok(uint64_t va, uint64_t len)
{
	uint64_t end = va + len;
	if (len == 0 || end < va)
		return false;
	/* lower half, or upper half above larch's slots */
	if (end <= 0x0000800000000000ull)
		return true;
	return va >= HV_VA_END;
}

/* Only the caller's own domain: PV guests here have no privilege over
 * others (Xen answers an unprivileged foreign domid with -ESRCH). */
static bool self(const struct pv_mm *m, uint16_t dom)
{
	return dom == DOMID_SELF || dom == m->domid;
}

static long pt_update(struct pv_mm *m, uint64_t ptr, uint64_t val,
		      bool preserve_ad)
{
	uint64_t mfn = ptr >> 12;
	unsigned slot = (unsigned)(ptr & 0xfff) >> 3;
	struct page_info *pg = mfn_page(mfn);
	if (!pg || pg->owner != m->domid)
		return -XEN_EINVAL;
	uint64_t *t = frame_table.map(mfn);
	int level = page_table_level(pg);
	if (!level) {
		/* a plain frame: written under a writable type, so a table or
		 * descriptor page is refused */
		int rc = get_page_type(mfn, PGT_WRITABLE, m->domid);
		if (rc)
			return rc;
		t[slot] = val;
		put_page_type(mfn);
		return 0;
	}
	if (level == 4 && slot >= HV_SLOT_FIRST && slot <= HV_SLOT_LAST)
		return -XEN_EINVAL;
	uint64_t old = t[slot];
	if (preserve_ad)
		val = (val & ~(PTE_A | PTE_D)) | (old & (PTE_A | PTE_D));
	/* the new entry's references first: replacing an entry by one to
	 * the same frame must not free that frame in between */
	int rc = get_entry(val, level, slot, m->domid);
	if (rc)
		return rc;
	t[slot] = entry_stored(val, level, slot);
	put_entry(old, level, slot);
	return 0;
}

uint64_t pv_pt_read(uint64_t entry_maddr)
{
	return frame_table.map(entry_maddr >> 12)[(entry_maddr & 0xfff) >> 3];
}

long pv_pt_write(struct pv_mm *m, uint64_t entry_maddr, uint64_t val)
{
	return pt_update(m, entry_maddr & ~7ull, val, false);
}

/* larch's p2m is a fixed identity offset: an M2P update that restates it
 * succeeds, any other is refused. */
static long machphys_update(struct pv_mm *m, uint64_t ptr, uint64_t pfn)
{
	uint64_t mfn = ptr >> 12;
	struct page_info *pg = mfn_page(mfn);
	if (!pg || pg->owner != m->domid || mfn < m->first_mfn ||
	    pfn != mfn - m->first_mfn)
		return -XEN_EINVAL;
	return 0;
}

long pv_mmu_update(struct pv_mm *m, uint64_t reqs, uint64_t count,
		   uint64_t done, uint16_t foreigndom)
{
	long rc = 0;
	uint64_t i;
	if (!self(m, foreigndom))
		return -XEN_ESRCH;
	for (i = 0; i < count; i++) {
		struct mmu_update u;
		if (m->ops->copy_from(m->ctx, &u, reqs + i * sizeof(u),
				      sizeof(u))) {
			rc = -XEN_EFAULT;
			break;
		}
		switch (u.ptr & 3) {
		case MMU_NORMAL_PT_UPDATE:
			rc = pt_update(m, u.ptr, u.val, false);
			break;
		case MMU_PT_UPDATE_PRESERVE_AD:
			rc = pt_update(m, u.ptr, u.val, true);
			break;
		case MMU_MACHPHYS_UPDATE:
			rc = machphys_update(m, u.ptr, u.val);
			break;
		default:
			rc = -XEN_ENOSYS;
		}
		if (rc)
			break;
	}
	if (done) {
		uint32_t n = (uint32_t)i;
		if (m->ops->copy_to(m->ctx, done, &n, sizeof(n)) && !rc)
			rc = -XEN_EFAULT;
	}
	return rc;
}

/* *slot becomes mfn with a typed L4 reference; 0 clears (user only). */
static long set_baseptr(struct pv_mm *m, uint64_t *slot, uint64_t mfn,
			bool may_clear)
{
	if (mfn == 0 && may_clear) {
		if (*slot)
			put_page_and_type(*slot);
		*slot = 0;
		return 0;
	}
	int rc = get_page_and_type(mfn, PGT_L4, m->domid);
	if (rc)
		return rc;
	if (*slot)
		put_page_and_type(*slot);
	*slot = mfn;
	m->ops->flush(m->ctx, PV_NEW_BASEPTR, 0, 0);
	return 0;
}

static long read_mask(struct pv_mm *m, uint64_t gva, uint64_t *mask)
{
	return m->ops->copy_from(m->ctx, mask, gva, sizeof(*mask)) ? -XEN_EFAULT
								   : 0;
}

static long mmuext_one(struct pv_mm *m, const struct mmuext_op *op)
{
	uint64_t mask = 0;
	long rc;
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return pin_table(op->arg1.mfn, (int)op->cmd + 1, m->domid);
	case MMUEXT_UNPIN_TABLE: {
		struct page_info *pg = mfn_page(op->arg1.mfn);
		if (!pg)
			return -XEN_EINVAL;
		return unpin_table(op->arg1.mfn, page_table_level(pg),
				   m->domid);
	}
	case MMUEXT_NEW_BASEPTR:
		return set_baseptr(m, &m->baseptr, op->arg1.mfn, false);
	case MMUEXT_NEW_USER_BASEPTR:
		return set_baseptr(m, &m->user_baseptr, op->arg1.mfn, true);
	case MMUEXT_TLB_FLUSH_LOCAL:
		m->ops->flush(m->ctx, PV_FLUSH_LOCAL, 0, 0);
		return 0;
	case MMUEXT_TLB_FLUSH_ALL:
		m->ops->flush(m->ctx, PV_FLUSH_ALL, 0, 0);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
		rc = read_mask(m, op->arg2.vcpumask, &mask);
		if (!rc)
			m->ops->flush(m->ctx, PV_FLUSH_MULTI, 0, mask);
		return rc;
	/* invlpg of an address outside the guest's part does nothing */
	case MMUEXT_INVLPG_LOCAL:
		if (pv_va_ok(op->arg1.linear_addr, 1))
			m->ops->flush(m->ctx, PV_INVLPG_LOCAL,
				      op->arg1.linear_addr, 0);
		return 0;
	case MMUEXT_INVLPG_ALL:
		if (pv_va_ok(op->arg1.linear_addr, 1))
			m->ops->flush(m->ctx, PV_INVLPG_ALL,
				      op->arg1.linear_addr, 0);
		return 0;
	case MMUEXT_INVLPG_MULTI:
		rc = read_mask(m, op->arg2.vcpumask, &mask);
		if (!rc && pv_va_ok(op->arg1.linear_addr, 1))
			m->ops->flush(m->ctx, PV_INVLPG_MULTI,
				      op->arg1.linear_addr, mask);
		return rc;
	case MMUEXT_SET_LDT: {
		uint64_t base = op->arg1.linear_addr;
		uint32_t ents = op->arg2.nr_ents;
		if (ents > LDT_MAX_ENTS || (base & 0xfff) ||
		    (ents && !pv_va_ok(base, (uint64_t)ents * 8)))
			return -XEN_EINVAL;
		m->ldt_base = ents ? base : 0;
		m->ldt_ents = ents;
		return 0;
	}
	default:
		return -XEN_ENOSYS;
	}
}

long pv_mmuext_op(struct pv_mm *m, uint64_t ops, uint64_t count, uint64_t done,
		  uint16_t foreigndom)
{
	long rc = 0;
	uint64_t i;
	if (!self(m, foreigndom))
		return -XEN_ESRCH;
	for (i = 0; i < count; i++) {
		struct mmuext_op op;
		if (m->ops->copy_from(m->ctx, &op, ops + i * sizeof(op),
				      sizeof(op))) {
			rc = -XEN_EFAULT;
			break;
		}
		rc = mmuext_one(m, &op);
		if (rc)
			break;
	}
	if (done) {
		uint32_t n = (uint32_t)i;
		if (m->ops->copy_to(m->ctx, done, &n, sizeof(n)) && !rc)
			rc = -XEN_EFAULT;
	}
	return rc;
}

/* Machine address of va's L1 entry in the current tables, or 0. */
static uint64_t l1_entry_of(const struct pv_mm *m, uint64_t va)
{
	uint64_t mfn = m->baseptr;
	if (!mfn)
		return 0;
	for (int level = 4; level > 1; level--) {
		unsigned idx = (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
		uint64_t e = frame_table.map(mfn)[idx];
		if (!(e & PTE_P))
			return 0;
		mfn = (e & PTE_ADDR) >> 12;
	}
	return mfn << 12 | (((va >> 12) & 511) << 3);
}

long pv_update_va_mapping(struct pv_mm *m, uint64_t va, uint64_t val,
			  uint64_t flags)
{
	unsigned type = flags & UVMF_FLUSHTYPE_MASK;
	uint64_t where = flags & ~(uint64_t)UVMF_FLUSHTYPE_MASK;
	uint64_t mask = 0;
	if (type == UVMF_FLUSHTYPE_MASK || !pv_va_ok(va, 1))
		return -XEN_EINVAL;
	/* the bitmap is read before anything changes */
	if (type != UVMF_NONE && where != UVMF_LOCAL && where != UVMF_ALL &&
	    read_mask(m, where, &mask))
		return -XEN_EFAULT;
	uint64_t ptr = l1_entry_of(m, va);
	if (!ptr)
		return -XEN_EINVAL;
	long rc = pt_update(m, ptr, val, false);
	if (rc || type == UVMF_NONE)
		return rc;
	static const enum pv_flush kinds[2][3] = {
		{ PV_FLUSH_LOCAL, PV_FLUSH_ALL, PV_FLUSH_MULTI },
		{ PV_INVLPG_LOCAL, PV_INVLPG_ALL, PV_INVLPG_MULTI },
	};
	int w = where == UVMF_LOCAL ? 0 : where == UVMF_ALL ? 1 : 2;
	m->ops->flush(m->ctx, kinds[type == UVMF_INVLPG][w], va, mask);
	return 0;
}

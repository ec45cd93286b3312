/* libFuzzer harness of x86's PV MMU (arch/x86/mm.c, arch/x86/pv/mm.c) on a
 * model of guest RAM: two domains of 12 frames each, one vCPU each. Each
 * 8-byte step is one call (mmu_update, mmuext_op, update_va_mapping) with
 * a frame, slot and entry built from the input. After every step the
 * counts of every frame must equal the references actually present (pins,
 * baseptrs, entries of validated tables), no frame is both a table and
 * writably mapped, and every validated entry names its table's own
 * domain's frame of the right type; a refused call changed no frame's
 * counts and no memory (but U/S, see mem_unchanged). */
#include <arch/pv_mm.h>
#include <public/xen_mm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST 0x100
#define PER   12
#define NR    (2 * PER)

static uint64_t mem[NR][512] __attribute__((aligned(4096)));
static uint64_t snap[NR][512];
static struct page_info pages[NR], snap_pages[NR];
static uint64_t hv[512];
static struct pv_mm mm[2];
static uint8_t args[256];
#define GVA 0x10000ull

static uint64_t *map(uint64_t mfn)
{
	return mem[mfn - FIRST];
}

static int copy_from(void *ctx, void *dst, uint64_t gva, size_t len)
{
	(void)ctx;
	if (gva < GVA || gva + len > GVA + sizeof(args))
		return -XEN_EFAULT;
	memcpy(dst, args + (gva - GVA), len);
	return 0;
}

static int copy_to(void *ctx, uint64_t gva, const void *src, size_t len)
{
	(void)ctx;
	if (gva < GVA || gva + len > GVA + sizeof(args))
		return -XEN_EFAULT;
	memcpy(args + (gva - GVA), src, len);
	return 0;
}

static void flush(void *ctx, enum pv_flush kind, uint64_t va, uint64_t mask)
{
	(void)ctx, (void)kind, (void)va, (void)mask;
}

static const struct pv_mm_ops ops = { copy_from, copy_to, flush };

static void fail(const char *why, uint64_t mfn)
{
	fprintf(stderr, "fuzz: invariant: %s (mfn %#llx)\n", why,
		(unsigned long long)mfn);
	abort();
}

static void check(void)
{
	uint32_t ref[NR] = { 0 }, tc[NR] = { 0 };
	for (int d = 0; d < 2; d++) {
		uint64_t b[2] = { mm[d].baseptr, mm[d].user_baseptr };
		for (int k = 0; k < 2; k++)
			if (b[k]) {
				ref[b[k] - FIRST]++;
				tc[b[k] - FIRST]++;
				if (pages[b[k] - FIRST].type != PGT_L4)
					fail("baseptr not an L4", b[k]);
			}
	}
	for (int i = 0; i < NR; i++) {
		struct page_info *p = &pages[i];
		if (p->flags & PGF_PINNED)
			ref[i]++, tc[i]++;
		int level = page_table_level(p);
		if (!!(p->flags & PGF_VALIDATED) != !!level)
			fail("validated flag and table type disagree",
			     FIRST + i);
		if (!level)
			continue;
		for (unsigned s = 0; s < 512; s++) {
			uint64_t e = mem[i][s];
			if (level == 4 && s >= HV_SLOT_FIRST &&
			    s <= HV_SLOT_LAST) {
				if (e != hv[s])
					fail("larch slot not larch's",
					     FIRST + i);
				continue;
			}
			if (!(e & PTE_P))
				continue;
			if (!(e & PTE_US) || (e & PTE_RSVD) ||
			    (level > 1 && (e & PTE_PSE)))
				fail("bad bits in a validated entry",
				     FIRST + i);
			uint64_t t = (e & PTE_ADDR) >> 12;
			if (t < FIRST || t >= FIRST + NR ||
			    pages[t - FIRST].owner != p->owner)
				fail("entry names a foreign frame", FIRST + i);
			ref[t - FIRST]++;
			uint8_t want = level == 1
					       ? PGT_WRITABLE
					       : (uint8_t)(PGT_L1 + level - 2);
			if (level > 1 || (e & PTE_RW)) {
				tc[t - FIRST]++;
				if (pages[t - FIRST].type != want)
					fail("entry target of the wrong type",
					     t);
			}
		}
	}
	for (int i = 0; i < NR; i++) {
		if (pages[i].ref_count != ref[i])
			fail("ref_count differs from references present",
			     FIRST + i);
		if (pages[i].type_count != tc[i])
			fail("type_count differs from references present",
			     FIRST + i);
	}
}

/* Memory as before, but for U/S forced on in a present entry of a table
 * validated under a refused one (arch/x86/mm.c validate). */
static bool mem_unchanged(void)
{
	for (int i = 0; i < NR; i++)
		for (int s = 0; s < 512; s++)
			if (mem[i][s] != snap[i][s] &&
			    (!(snap[i][s] & PTE_P) ||
			     mem[i][s] != (snap[i][s] | PTE_US)))
				return false;
	return true;
}

/* The frame table as before the call, but for PGF_STALE_WRITABLE: a TLB
 * hint (a writable reference came and went), which a refused validation
 * may leave behind and which only ever costs a flush. */
static int pages_unchanged(void)
{
	for (int i = 0; i < NR; i++) {
		struct page_info a = pages[i], b = snap_pages[i];
		a.flags &= (uint8_t)~PGF_STALE_WRITABLE;
		b.flags &= (uint8_t)~PGF_STALE_WRITABLE;
		if (memcmp(&a, &b, sizeof(a)))
			return 0;
	}
	return 1;
}

static uint64_t frame(uint8_t b)
{
	/* mostly the domain's or the other's frames, sometimes outside */
	return b < 0xf0 ? FIRST + b % NR : (uint64_t)b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(mem, 0, sizeof(mem));
	frame_table_init(pages, FIRST, NR, map, hv);
	frame_assign(FIRST, PER, 1);
	frame_assign(FIRST + PER, PER, 2);
	for (int d = 0; d < 2; d++)
		mm[d] = (struct pv_mm){ .domid = (uint16_t)(d + 1),
					.first_mfn = FIRST + d * PER,
					.nr_mfns = PER,
					.ops = &ops };
	for (; size >= 8; data += 8, size -= 8) {
		struct pv_mm *m = &mm[data[0] & 1];
		unsigned op = (data[0] >> 1) % 6;
		uint64_t f = frame(data[1]);
		/* slots near 0, 1, 255..272 and 511 matter most */
		static const unsigned slots[8] = { 0,	1,   2,	  255,
						   256, 271, 272, 511 };
		unsigned slot =
			data[2] < 0xc0 ? slots[data[2] & 7] : data[2] * 2u;
		uint64_t val = frame(data[3]) << 12 | data[4] |
			       (uint64_t)(data[5] & 0x81) << 56;
		uint64_t va = (uint64_t)data[6] << 12 | (uint64_t)data[7] << 39;
		if (data[7] & 1)
			va |= 0xffff000000000000ull;
		memcpy(snap, mem, sizeof(mem));
		memcpy(snap_pages, pages, sizeof(pages));
		struct pv_mm before = *m;
		long rc;
		switch (op) {
		case 0:
		case 1: {
			struct mmu_update u = {
				f << 12 | slot << 3 | (data[5] >> 4 & 3), val
			};
			memcpy(args, &u, sizeof(u));
			rc = pv_mmu_update(m, GVA, 1, 0, DOMID_SELF);
			break;
		}
		case 2:
		case 3: {
			static const uint32_t cmds[8] = {
				MMUEXT_PIN_L1_TABLE,	 MMUEXT_PIN_L2_TABLE,
				MMUEXT_PIN_L3_TABLE,	 MMUEXT_PIN_L4_TABLE,
				MMUEXT_UNPIN_TABLE,	 MMUEXT_NEW_BASEPTR,
				MMUEXT_NEW_USER_BASEPTR, MMUEXT_SET_LDT,
			};
			struct mmuext_op o = { .cmd = cmds[data[4] & 7],
					       .arg1.mfn =
						       data[5] == 0 ? 0 : f };
			memcpy(args, &o, sizeof(o));
			rc = pv_mmuext_op(m, GVA, 1, 0, DOMID_SELF);
			break;
		}
		default:
			rc = pv_update_va_mapping(m, va, val, data[5] & 7);
		}
		if (getenv("FUZZ_TRACE"))
			fprintf(stderr,
				"dom %d op %u f %#llx slot %u val %#llx va "
				"%#llx: %ld\n",
				data[0] & 1, op, (unsigned long long)f, slot,
				(unsigned long long)val, (unsigned long long)va,
				rc);
		if (rc && (!mem_unchanged() || !pages_unchanged() ||
			   memcmp(&before, m, sizeof(before))))
			fail("a refused call changed state", f);
		check();
	}
	return 0;
}

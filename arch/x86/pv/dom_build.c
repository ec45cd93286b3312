/* Xen's 64-bit PV domain builder (the layout Xen's own builders use): in
 * pseudo-physical order from the kernel's load address up: kernel, initrd,
 * p2m list (unless INIT_P2M places it), start_info, xenstore page, console
 * page, initial page tables, boot stack; all mapped at VIRT_BASE + pa. */
#include <string.h>
#include <public/elfnote.h>
#include <public/start_info.h>
#include "dom_build.h"

#define MB(x)	       ((uint64_t)(x) << 20)
#define ROUND_UP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define HV_VA_START    0xffff800000000000ull /* L4 slots 256..271 */
#define HV_VA_END      0xffff880000000000ull

struct ranges {
	uint64_t lo[2], hi[2]; /* [lo, hi) virtual, lo[0] < lo[1] */
	unsigned n;
};

/* Tables needed to map the ranges with 4 KiB pages: per level, the
 * distinct table-sized spans; two ranges share at most their touching
 * spans. */
static uint64_t tables_needed(const struct ranges *r)
{
	uint64_t total = 1; /* the L4 */
	for (unsigned shift = 21; shift <= 39; shift += 9) {
		for (unsigned i = 0; i < r->n; i++)
			total += ((r->hi[i] - 1) >> shift) -
				 (r->lo[i] >> shift) + 1;
		if (r->n == 2 &&
		    ((r->hi[0] - 1) >> shift) == (r->lo[1] >> shift))
			total--;
	}
	return total;
}

static int overlaps_hv(uint64_t lo, uint64_t hi)
{
	return lo < HV_VA_END && hi > HV_VA_START;
}

static int canonical(uint64_t va)
{
	return va < 0x0000800000000000ull || va >= 0xffff800000000000ull;
}

struct pt_alloc {
	uint8_t *mem;
	uint64_t maddr, next_pa;
	struct pv_build_res *res;
};

static uint64_t *table(struct pt_alloc *a, uint64_t pa)
{
	return (uint64_t *)(a->mem + pa);
}

/* The table the entry e points to, made (level `level`) if not present. */
static uint64_t *next_level(struct pt_alloc *a, uint64_t *e, unsigned level)
{
	if (!(*e & PV_PTE_P)) {
		uint64_t pa = a->next_pa;
		a->next_pa += PV_PAGE;
		a->res->pt[a->res->nr_pt].mfn = (a->maddr + pa) / PV_PAGE;
		a->res->pt[a->res->nr_pt++].level = level;
		*e = (a->maddr + pa) | PV_PTE_P | PV_PTE_RW | PV_PTE_US |
		     PV_PTE_A | PV_PTE_D;
	}
	return table(a, (*e & PV_PTE_ADDR) - a->maddr);
}

static void map_page(struct pt_alloc *a, uint64_t *l4, uint64_t va, uint64_t pa,
		     int writable)
{
	uint64_t *l3 = next_level(a, &l4[(va >> 39) & 511], 3);
	uint64_t *l2 = next_level(a, &l3[(va >> 30) & 511], 2);
	uint64_t *l1 = next_level(a, &l2[(va >> 21) & 511], 1);
	l1[(va >> 12) & 511] = (a->maddr + pa) | PV_PTE_P | PV_PTE_US |
			       PV_PTE_A | PV_PTE_D | (writable ? PV_PTE_RW : 0);
}

static int refuse(struct pv_build_res *res, const char *why)
{
	res->why = why;
	return -1;
}

int pv_build(const struct pv_build_req *req, struct pv_build_res *res)
{
	const struct pv_elf_info *k = req->kernel;
	memset(res, 0, sizeof(*res));
	if ((req->mem_maddr | req->mem_size) & (PV_PAGE - 1) ||
	    !req->mem_size || !req->install_hv_slots)
		return refuse(res, "bad domain memory or no hv-slot hook");
	if (k->virt_base & (PV_PAGE - 1) || !canonical(k->virt_base))
		return refuse(res, "kernel's VIRT_BASE is not page-aligned "
				   "and canonical");
	uint64_t size = req->mem_size, nr_pages = size / PV_PAGE;
	uint64_t kstart = (k->paddr_lo - k->paddr_offset) & ~(PV_PAGE - 1);
	uint64_t kend = k->paddr_hi - k->paddr_offset;
	if (kend > size || kend < kstart)
		return refuse(res, "kernel is larger than the domain");
	kend = ROUND_UP(kend, PV_PAGE);
	uint64_t v_start = k->virt_base;
	if (k->entry < v_start + kstart || k->entry >= v_start + kend)
		return refuse(res, "kernel's entry lies outside its image");
	if (k->hypercall_page && (k->hypercall_page < v_start + kstart ||
				  k->hypercall_page + PV_PAGE > v_start + kend))
		return refuse(res, "kernel's hypercall page lies outside its "
				   "image");

	uint64_t pa = kend;
	if (req->initrd_len > size - pa)
		return refuse(res, "initrd is larger than the domain");
	res->initrd_pfn = pa / PV_PAGE;
	pa += ROUND_UP(req->initrd_len, PV_PAGE);
	uint64_t p2m_bytes = ROUND_UP(nr_pages * 8, PV_PAGE);
	int p2m_apart = k->init_p2m != 0;
	if (!p2m_apart) {
		res->p2m_pfn = pa / PV_PAGE;
		pa += p2m_bytes;
	}
	res->start_info_pfn = pa / PV_PAGE;
	res->store_pfn = res->start_info_pfn + 1;
	res->console_pfn = res->start_info_pfn + 2;
	uint64_t pt_pa = pa + 3 * PV_PAGE;

	/* Xen's loop: enough tables to map the bootstrap region, which they
	 * are part of, rounded to 4 MiB with at least 512 KiB to spare. */
	struct ranges r;
	uint64_t nr_pt = 1, v_end, p2m_tables = 0;
	for (;;) {
		uint64_t end = pt_pa + (nr_pt + 1) * PV_PAGE; /* + stack */
		v_end = v_start + ROUND_UP(end + 512 * 1024, MB(4));
		if (end > size || v_end - v_start > size || v_end < v_start)
			return refuse(res,
				      "domain is too small for the kernel, "
				      "initrd and boot structures");
		r.n = 1;
		r.lo[0] = v_start;
		r.hi[0] = v_end;
		if (p2m_apart) {
			uint64_t lo = k->init_p2m, hi = lo + p2m_bytes;
			if (lo & (PV_PAGE - 1) || hi < lo || !canonical(lo) ||
			    !canonical(hi - 1) || (lo < v_end && hi > v_start))
				return refuse(res,
					      "kernel's INIT_P2M address is "
					      "unusable");
			unsigned i = lo < v_start ? 0 : 1;
			r.lo[i] = lo, r.hi[i] = hi;
			r.lo[1 - i] = v_start, r.hi[1 - i] = v_end;
			r.n = 2;
		}
		/* The p2m's own tables live with it, after the list (as
		 * Xen's toolstack does): Linux frees first_p2m_pfn ..
		 * + nr_p2m_frames once it has moved the list. */
		struct ranges boot = { { v_start, 0 }, { v_end, 0 }, 1 };
		uint64_t need = tables_needed(&boot);
		p2m_tables = tables_needed(&r) - need;
		if (need <= nr_pt)
			break;
		nr_pt = need;
		if (nr_pt > PV_MAX_PT_FRAMES)
			return refuse(res, "boot page tables too large");
	}
	for (unsigned i = 0; i < r.n; i++)
		if (overlaps_hv(r.lo[i], r.hi[i]))
			return refuse(res, "kernel's mappings overlap the "
					   "hypervisor's slots");
	uint64_t boot_len = v_end - v_start;
	if (p2m_apart) {
		if (p2m_bytes + p2m_tables * PV_PAGE > size - boot_len)
			return refuse(res, "domain is too small for the p2m "
					   "list");
		res->p2m_pfn = boot_len / PV_PAGE;
		res->nr_p2m_frames = p2m_bytes / PV_PAGE + p2m_tables;
	}
	res->pt_pfn = pt_pa / PV_PAGE;
	res->stack_pfn = res->pt_pfn + nr_pt;

	/* Everything checked: write the domain's memory. */
	uint8_t *mem = req->mem_host;
	memset(mem, 0, boot_len);
	if (p2m_apart)
		memset(mem + res->p2m_pfn * PV_PAGE, 0,
		       res->nr_p2m_frames * PV_PAGE);
	for (unsigned i = 0; i < k->nr_segs; i++) {
		struct pv_elf_seg s;
		pv_elf_seg(k, i, &s);
		memcpy(mem + (s.paddr - k->paddr_offset), k->img + s.offset,
		       s.filesz);
	}
	if (req->initrd_len)
		memcpy(mem + res->initrd_pfn * PV_PAGE, req->initrd,
		       req->initrd_len);
	uint64_t *p2m = (uint64_t *)(mem + res->p2m_pfn * PV_PAGE);
	for (uint64_t i = 0; i < nr_pages; i++)
		p2m[i] = req->mem_maddr / PV_PAGE + i;
	res->p2m_va =
		p2m_apart ? k->init_p2m : v_start + res->p2m_pfn * PV_PAGE;

	struct pt_alloc a = { mem, req->mem_maddr, pt_pa, res };
	uint64_t l4_pa = a.next_pa;
	a.next_pa += PV_PAGE;
	res->pt[0].mfn = (req->mem_maddr + l4_pa) / PV_PAGE;
	res->pt[0].level = 4;
	res->nr_pt = 1;
	uint64_t *l4 = table(&a, l4_pa);
	uint64_t pt_end = pt_pa + nr_pt * PV_PAGE;
	for (uint64_t va = v_start; va < v_end; va += PV_PAGE) {
		uint64_t p = va - v_start;
		map_page(&a, l4, va, p, p < pt_pa || p >= pt_end);
	}
	a.next_pa = res->p2m_pfn * PV_PAGE + p2m_bytes;
	for (uint64_t i = 0; p2m_apart && i < p2m_bytes / PV_PAGE; i++)
		map_page(&a, l4, k->init_p2m + i * PV_PAGE,
			 (res->p2m_pfn + i) * PV_PAGE, 1);
	req->install_hv_slots(l4);

	struct xen_start_info *si =
		(struct xen_start_info *)(mem + res->start_info_pfn * PV_PAGE);
	memcpy(si->magic, XEN_START_MAGIC_X86_64,
	       sizeof(XEN_START_MAGIC_X86_64));
	uint64_t mfn0 = req->mem_maddr / PV_PAGE;
	si->nr_pages = nr_pages;
	si->shared_info = req->shared_info_maddr;
	si->store_mfn = mfn0 + res->store_pfn;
	si->store_evtchn = req->store_evtchn;
	si->console_mfn = mfn0 + res->console_pfn;
	si->console_evtchn = req->console_evtchn;
	si->pt_base = v_start + pt_pa;
	si->nr_pt_frames = nr_pt;
	si->mfn_list = res->p2m_va;
	if (req->initrd_len) {
		si->mod_len = req->initrd_len;
		si->mod_start = k->mod_start_pfn
					? res->initrd_pfn
					: v_start + res->initrd_pfn * PV_PAGE;
		if (k->mod_start_pfn)
			si->flags |= SIF_MOD_START_PFN;
	}
	if (req->cmdline) {
		size_t n = 0;
		while (n + 1 < sizeof(si->cmd_line) && req->cmdline[n])
			n++;
		memcpy(si->cmd_line, req->cmdline, n);
	}
	if (p2m_apart) {
		si->first_p2m_pfn = res->p2m_pfn;
		si->nr_p2m_frames = res->nr_p2m_frames;
	}

	res->kernel_pfn = kstart / PV_PAGE;
	res->kernel_end_pfn = kend / PV_PAGE;
	res->v_start = v_start;
	res->v_end = v_end;
	res->start_info_va = v_start + res->start_info_pfn * PV_PAGE;
	res->hypercall_page_va = k->hypercall_page;
	res->cr3 = req->mem_maddr + pt_pa;
	res->rip = k->entry;
	res->rsp = v_start + (res->stack_pfn + 1) * PV_PAGE;
	res->rsi = res->start_info_va;
	return 0;
}

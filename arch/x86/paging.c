/* The machine side of x86 guest paging: the frame table over the domain
 * pool, per-vCPU page-table roots, TLB shootdown, the software walk that
 * translates a PV guest's hypercall pointers, and the entry to the PV MMU
 * hypercalls (their rules: arch/x86/mm.c and arch/x86/pv/mm.c). */
#include <string.h>
#include <larch/console.h>
#include <larch/format.h>
#include <larch/hypercall.h>
#include <larch/setup.h>
#include <public/xen_mm.h>
#include <arch/pv_vcpu.h>
#include "x86.h"

/* CR4.PGE stays clear in larch, so a guest's G bit is ignored and a CR3
 * load drops every guest mapping: a pCPU whose CR3 moved to another
 * domain holds none of this one's. */
struct domain *volatile x86_tlb_domain[MAX_PCPUS];
volatile uint32_t x86_flush_request[MAX_PCPUS];

static uint64_t *frame_map(uint64_t mfn)
{
	return __va(mfn << 12);
}

static void flush_local(void)
{
	write_cr3(read_cr3());
}

void x86_tlb_flush_requested(unsigned cpu)
{
	flush_local();
	__atomic_store_n(&x86_flush_request[cpu], 0, __ATOMIC_RELEASE);
}

/* Every TLB that may hold d's mappings is flushed when this returns. The
 * caller holds no lock the targets could be spinning on with interrupts
 * off, other than d's mm_lock, whose waiters service requests. */
static void flush_domain(struct domain *d)
{
	unsigned self = x86_cpu_id();
	uint32_t sent = 0;
	flush_local();
	for (unsigned c = 0; c < MAX_PCPUS; c++) {
		if (c == self || x86_tlb_domain[c] != d)
			continue;
		__atomic_store_n(&x86_flush_request[c], 1, __ATOMIC_RELEASE);
		x86_send_tlb_flush(c);
		sent |= 1u << c;
	}
	for (unsigned c = 0; c < MAX_PCPUS; c++)
		while ((sent & (1u << c)) &&
		       __atomic_load_n(&x86_flush_request[c],
				       __ATOMIC_ACQUIRE)) {
			x86_tlb_service(self);
			__asm__ __volatile__("pause");
		}
}

static void flush_stale(uint16_t owner)
{
	struct domain *d = domain_by_id(owner);
	if (d)
		flush_domain(d);
}

/* The M2P (machine to pseudo-physical) table PV kernels read, as Xen has
 * it: at the start of its reserved range (PML4 slot 256,
 * 0xffff800000000000), one 8-byte pfn per machine frame, ~0 for frames
 * no domain owns; read-only and user-readable (PV kernels run in ring 3),
 * mapped with 2 MiB pages. */
#define M2P_SLOT    HV_SLOT_FIRST /* 0xffff800000000000 */
#define M2P_INVALID (~0ULL)
static uint64_t m2p_l3[512] __attribute__((aligned(4096)));
static uint64_t m2p_l2[512] __attribute__((aligned(4096)));
static uint64_t *m2p;
static uint64_t m2p_entries;

static void m2p_init(struct domain_pool *pool)
{
	const uint64_t block = 2ULL << 20;
	m2p_entries = __pa(pool->end) >> 12;
	uint64_t bytes = (m2p_entries * 8 + block - 1) & ~(block - 1);
	_Static_assert(512 * (2ULL << 20) / 8 >= (4ULL << 30) / 4096,
		       "one L2 of 2 MiB pages maps the M2P of 4 GiB");
	pool->end = (pool->end - bytes) & ~(block - 1);
	m2p = (uint64_t *)pool->end;
	for (uint64_t i = 0; i < bytes / 8; i++)
		m2p[i] = M2P_INVALID;
	for (uint64_t off = 0; off < bytes; off += block)
		m2p_l2[off / block] =
			(__pa(m2p) + off) | PTE_P | PTE_US | PTE_PSE | PTE_A;
	m2p_l3[0] = __pa(m2p_l2) | PTE_P | PTE_US | PTE_A;
	boot_pml4[M2P_SLOT] = __pa(m2p_l3) | PTE_P | PTE_US | PTE_A;
}

void x86_paging_init(struct domain_pool *pool)
{
	m2p_init(pool);
	/* the frame table covers the pool and is carved from its top */
	uint64_t first = __pa(pool->next) >> 12, last = __pa(pool->end) >> 12;
	uint64_t bytes = (last - first) * sizeof(struct page_info);
	bytes = (bytes + 4095) & ~4095ULL;
	pool->end -= bytes;
	frame_table_init((struct page_info *)pool->end, first,
			 (__pa(pool->end) >> 12) - first, frame_map, boot_pml4);
	frame_table.flush_stale = flush_stale;
}

void x86_paging_assign(struct domain *d)
{
	uint64_t first = __pa(d->host_base) >> 12, nr = d->mem_size >> 12;
	frame_assign(first, nr, d->domid);
	for (uint64_t i = 0; i < nr && first + i < m2p_entries; i++)
		m2p[first + i] = i;
}

/* ---- guest virtual addresses (PV paging: hypercall pointers) ---- */
/* The loaded tables, as the CPU would walk them for a ring-3 access:
 * present and user at every level, writable too for a write. larch-built
 * tables use 2 MiB pages; validated guest tables have none. */
static int guest_walk(uint64_t va, bool write, uint64_t *maddr)
{
	uint64_t need = PTE_P | PTE_US | (write ? PTE_RW : 0);
	uint64_t e = read_cr3() & PTE_ADDR;
	if (!pv_va_ok(va, 1))
		return -XEN_EFAULT;
	for (int level = 4; level >= 1; level--) {
		unsigned idx = (unsigned)(va >> (12 + 9 * (level - 1))) & 511;
		e = ((const uint64_t *)__va(e & PTE_ADDR))[idx];
		if ((e & need) != need)
			return -XEN_EFAULT;
		if (level == 2 && (e & PTE_PSE)) {
			e = (e & PTE_ADDR & ~0x1fffffULL) | (va & 0x1ff000);
			break;
		}
	}
	*maddr = (e & PTE_ADDR) | (va & 4095);
	return 0;
}

int arch_guest_va_to_pa(struct domain *d, uint64_t va, bool write, uint64_t *pa)
{
	uint64_t maddr, base = __pa(d->host_base);
	if (guest_walk(va, write, &maddr) || maddr < base ||
	    maddr - base >= d->mem_size)
		return -XEN_EFAULT;
	*pa = d->guest_base + (maddr - base);
	return 0;
}

/* ---- the PV MMU hypercalls ---- */
static int mm_copy_from(void *ctx, void *dst, uint64_t gva, size_t len)
{
	struct vcpu *v = ctx;
	return copy_from_guest(v->domain, dst, gva, len);
}

static int mm_copy_to(void *ctx, uint64_t gva, const void *src, size_t len)
{
	struct vcpu *v = ctx;
	return copy_to_guest(v->domain, gva, src, len);
}

/* Local flushes at once; the others' after mm_lock is dropped. A vCPU
 * mask is treated as "all": larch flushes by pCPU, not by vCPU. */
static void mm_flush(void *ctx, enum pv_flush kind, uint64_t va, uint64_t mask)
{
	struct vcpu *v = ctx;
	(void)mask;
	switch (kind) {
	case PV_NEW_BASEPTR: { /* the root of the mode that runs */
		uint64_t root = pv_root(x86_pv(v));
		if (root) {
			v->arch.cr3 = root << 12;
			write_cr3(v->arch.cr3);
		}
		return;
	}
	case PV_INVLPG_LOCAL:
		__asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
		return;
	case PV_FLUSH_LOCAL:
		flush_local();
		return;
	default:
		v->arch.flush_others = true;
		return;
	}
}

static const struct pv_mm_ops mm_ops = { mm_copy_from, mm_copy_to, mm_flush };

struct pv_mm *x86_pv_mm(struct vcpu *v)
{
	return &x86_pv(v)->mm;
}

void x86_pv_vcpu_init(struct vcpu *v)
{
	struct domain *d = v->domain;
	struct pv_vcpu *pv = x86_pv(v);
	memset(pv, 0, sizeof(*pv));
	pv_fpu_reset(pv);
	pv->cr4 = x86_pv_cr4_fixed();
	*x86_pv_mm(v) = (struct pv_mm){
		.domid = d->domid,
		.first_mfn = __pa(d->host_base) >> 12,
		.nr_mfns = d->mem_size >> 12,
		.ops = &mm_ops,
		.ctx = v,
	};
}

/* d's mm_lock, serving flush requests while it waits: the holder may be
 * waiting for this pCPU's flush. */
void x86_mm_lock(struct domain *d)
{
	unsigned cpu = x86_cpu_id();
	while (!spin_trylock(&d->arch.mm_lock)) {
		x86_tlb_service(cpu);
		__asm__ __volatile__("pause");
	}
}

/* ... and the flush for the others that the work under it asked for */
void x86_mm_unlock(struct vcpu *v)
{
	spin_unlock(&v->domain->arch.mm_lock);
	if (v->arch.flush_others) {
		v->arch.flush_others = false;
		flush_domain(v->domain);
	}
}

long x86_pv_mmu_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	struct domain *d = v->domain;
	struct pv_mm *m = x86_pv_mm(v);
	long rc;
	if (!d->arch.pv)
		return -XEN_ENOSYS;
	x86_mm_lock(d);
	switch (h->nr) {
	case __HYPERVISOR_mmu_update:
		rc = pv_mmu_update(m, h->a[0], h->a[1], h->a[2],
				   (uint16_t)h->a[3]);
		break;
	case __HYPERVISOR_mmuext_op:
		rc = pv_mmuext_op(m, h->a[0], h->a[1], h->a[2],
				  (uint16_t)h->a[3]);
		break;
	default: /* __HYPERVISOR_update_va_mapping */
		rc = pv_update_va_mapping(m, h->a[0], h->a[1], h->a[2]);
		break;
	}
	x86_mm_unlock(v);
	return rc;
}

/* ---- writable page tables ---- */
/* The guest's instruction at rip: up to 15 bytes, fewer where its mapping
 * ends. */
static size_t fetch_insn(struct domain *d, uint64_t rip, uint8_t *buf)
{
	size_t n = 15, first = 4096 - (rip & 4095);
	if (first > n)
		first = n;
	if (copy_from_guest(d, buf, rip, first))
		return 0;
	if (first < n &&
	    !copy_from_guest(d, buf + first, rip + first, n - first))
		return n;
	return first;
}

int x86_pv_ptwr(struct vcpu *v, struct cpu_user_regs *r, uint64_t cr2,
		char *why, size_t whylen)
{
	struct domain *d = v->domain;
	uint64_t maddr;
	/* a present, write, user fault on a read-only page of its own
	 * page-table frames */
	if (!d->arch.pv || (r->error_code & 7) != 7 ||
	    guest_walk(cr2, false, &maddr))
		return 0;
	struct page_info *pg = mfn_page(maddr >> 12);
	if (!pg || pg->owner != d->domid || !page_table_level(pg))
		return 0;
	uint8_t insn[15];
	size_t n = fetch_insn(d, r->rip, insn);
	long refused;
	const char *what;
	x86_mm_lock(d);
	int rc = pv_ptwr_emulate(x86_pv_mm(v), r, insn, n, maddr, &refused,
				 &what);
	x86_mm_unlock(v);
	pv_trace("page-table store at %llx: %d\n", (unsigned long long)cr2, rc);
	if (rc == PTWR_DONE)
		return 1;
	snprintk(why, whylen, "a store into its page table %s: %s",
		 rc == PTWR_REFUSED ? "refused" : "not emulated", what);
	return -1;
}

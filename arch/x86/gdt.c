/* Each pCPU's GDT, as Xen lays it out: a 64 KiB window (PML4 slot 260)
 * whose pages 0-13 show the current PV kernel vCPU's own descriptor frames
 * (set_gdt; a zero page otherwise) and whose page 14 holds larch's entries
 * from selector 0xe000: hypervisor code and data, the guests' flat ring-3
 * segments, this pCPU's TSS. Guest code never sees the window itself: it
 * is supervisor-only, like all of larch's slots. */
#include <string.h>
#include "x86.h"

#define WINDOW_PAGES  16
#define RESERVED_PAGE (GDT_FIRST_RESERVED_ENTRY / 512)

static uint64_t win_l3[512] __attribute__((aligned(4096)));
static uint64_t win_l2[512] __attribute__((aligned(4096)));
static uint64_t win_l1[512] __attribute__((aligned(4096)));
static uint64_t reserved[MAX_PCPUS][512] __attribute__((aligned(4096)));
static const uint64_t zero_page[512] __attribute__((aligned(4096)));

#define PTE_LARCH 0x63ULL /* present, writable, accessed, dirty */

static uint64_t *window_pte(unsigned cpu, unsigned page)
{
	return &win_l1[cpu * WINDOW_PAGES + page];
}

static uint64_t window_va(unsigned cpu, unsigned page)
{
	return GDT_WINDOW_BASE + ((uint64_t)cpu * WINDOW_PAGES + page) * 4096;
}

void x86_gdt_window_init(unsigned cpu, const void *tss, uint16_t tss_limit)
{
	_Static_assert(MAX_PCPUS * WINDOW_PAGES <= 512, "one L1");
	if (!boot_pml4[GDT_WINDOW_SLOT]) { /* the boot pCPU, before any AP */
		win_l2[0] = __pa(win_l1) | PTE_LARCH;
		win_l3[0] = __pa(win_l2) | PTE_LARCH;
		boot_pml4[GDT_WINDOW_SLOT] = __pa(win_l3) | PTE_LARCH;
	}
	uint64_t *r = reserved[cpu];
	r[1] = 0x00af9a000000ffffULL; /* 0xe008 hypervisor code, 64-bit */
	r[2] = 0x00cf92000000ffffULL; /* 0xe010 hypervisor data */
	r[4] = 0x00cffb000000ffffULL; /* 0xe023 guest code, 32-bit, DPL 3 */
	r[5] = 0x00cff3000000ffffULL; /* 0xe02b guest data, DPL 3 */
	r[6] = 0x00affb000000ffffULL; /* 0xe033 guest code, 64-bit, DPL 3 */
	uint64_t base = (uint64_t)tss;
	r[8] = (tss_limit & 0xffffULL) | (base & 0xffffff) << 16 |
	       0x89ULL << 40 | ((base >> 24) & 0xff) << 56; /* 0xe040 TSS */
	r[9] = base >> 32;
	for (unsigned p = 0; p < WINDOW_PAGES; p++)
		*window_pte(cpu, p) =
			__pa(p == RESERVED_PAGE ? (const void *)r
						: (const void *)zero_page) |
			PTE_LARCH;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed))
	gd = { WINDOW_PAGES * 4096 - 1, window_va(cpu, 0) };
	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\tmov %2, %%ax\n\t"
			     "mov %%ax, %%ss\n\t"
			     "mov %%ax, %%ds\n\t"
			     "mov %%ax, %%es\n\t"
			     "ltr %w3" ::"m"(gd),
			     "i"(SEL_HYP_CS), "i"(SEL_HYP_DS), "r"(SEL_TSS)
			     : "rax", "memory");
}

/* The window's pages 0..nr-1 show these frames (the rest the zero page);
 * mapped writable for larch alone: descriptors are checked and marked
 * accessed, so the CPU never writes them. */
void x86_gdt_window_map(unsigned cpu, const uint64_t *mfns, unsigned nr)
{
	for (unsigned p = 0; p < RESERVED_PAGE; p++) {
		uint64_t pa = p < nr ? mfns[p] << 12 : __pa(zero_page);
		uint64_t *pte = window_pte(cpu, p);
		if ((*pte & ~0xfffULL) == pa)
			continue;
		*pte = pa | PTE_LARCH;
		__asm__ __volatile__("invlpg (%0)" ::"r"(window_va(cpu, p))
				     : "memory");
	}
}

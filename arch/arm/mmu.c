/* Translation: the hypervisor's EL2 identity map (1 GiB blocks; built with
 * the MMU off, so only aligned stores), each domain's stage-2 map, and a
 * kernel domain's stage 1 for its hypercall pointers. */
#include <string.h>
#include <larch/domain.h>
#include <larch/sched.h>
#include "arm.h"

#define PTE_BLOCK     0x1ULL
#define PTE_TABLE     0x3ULL
#define PTE_AF	      (1ULL << 10)
#define PTE_SH_INNER  (3ULL << 8)
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)
#define PTE_XN_EL2    (1ULL << 54)
#define S2_MEMATTR_WB (0xfULL << 2)
#define S2_AP_RW      (3ULL << 6)

uint64_t hyp_pt_l1[512] __attribute__((aligned(4096)));

/* 0-1 GiB: devices (GIC, UART); 1-4 GiB: RAM, normal write-back. */
void mmu_build_tables(void)
{
	hyp_pt_l1[0] = 0x0 | PTE_BLOCK | PTE_AF | PTE_ATTR(0) | PTE_XN_EL2;
	for (uint64_t i = 1; i < 4; i++)
		hyp_pt_l1[i] = (i << 30) | PTE_BLOCK | PTE_AF | PTE_SH_INNER |
			       PTE_ATTR(1);
}

static uint64_t s2_tables[MAX_DOMAINS][2][512] __attribute__((aligned(4096)));

/* Map IPA [ipa, +size) to PA [pa, +size) in 2 MiB blocks, all inside the
 * one GiB of IPA that starts at GUEST_IPA_BASE. Anything else faults. */
int s2_build(struct arch_domain *ad, unsigned vmid, uint64_t ipa, uint64_t pa,
	     uint64_t size)
{
	const uint64_t blk = 2ULL << 20;
	if (vmid == 0 || vmid > MAX_DOMAINS || (ipa | pa | size) & (blk - 1) ||
	    ipa < GUEST_IPA_BASE || ipa + size > GUEST_IPA_BASE + (1ULL << 30))
		return -1;
	uint64_t *l1 = s2_tables[vmid - 1][0], *l2 = s2_tables[vmid - 1][1];
	memset(l1, 0, 4096);
	memset(l2, 0, 4096);
	l1[GUEST_IPA_BASE >> 30] = (uint64_t)l2 | PTE_TABLE;
	for (uint64_t off = 0; off < size; off += blk)
		l2[((ipa + off) >> 21) & 511] = (pa + off) | PTE_BLOCK |
						PTE_AF | PTE_SH_INNER |
						S2_MEMATTR_WB | S2_AP_RW;
	ad->s2_l1 = l1;
	ad->s2_l2 = l2;
	ad->vttbr = ((uint64_t)vmid << 48) | (uint64_t)l1;
	dsb(ishst);
	return 0;
}

/* Hypercall pointers: the current vCPU's stage 1 (AT S1E1R/W gives the
 * IPA; the guest's PAR_EL1 is kept). */
int arch_guest_va_to_pa(struct domain *d, uint64_t va, bool write, uint64_t *pa)
{
	struct vcpu *v = current_vcpu(arch_cpu_id());
	if (!v || v->domain != d)
		return -XEN_EFAULT;
	uint64_t saved = read_sysreg(par_el1), par;
	if (write)
		__asm__ __volatile__("at s1e1w, %0" ::"r"(va) : "memory");
	else
		__asm__ __volatile__("at s1e1r, %0" ::"r"(va) : "memory");
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & 1)
		return -XEN_EFAULT;
	*pa = (par & 0xfffffffff000ULL) | (va & 0xfff);
	return 0;
}

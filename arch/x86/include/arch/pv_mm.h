/* x86 PV MMU hypercalls (arch/x86/pv/mm.c): per-vCPU state and the hooks
 * the backend gives them (guest copies, TLB flushes), so they run on the
 * host in tests as they do in larch. */
#ifndef ARCH_X86_PV_MM_H
#define ARCH_X86_PV_MM_H

#include <arch/mm.h>
#include <arch/vcpu.h> /* struct cpu_user_regs */

enum pv_flush {
	PV_FLUSH_LOCAL,
	PV_FLUSH_ALL,
	PV_FLUSH_MULTI,
	PV_INVLPG_LOCAL,
	PV_INVLPG_ALL,
	PV_INVLPG_MULTI,
	PV_NEW_BASEPTR, /* the vCPU's CR3 must be reloaded */
};

struct pv_mm_ops {
	/* 0 or -XEN_EFAULT; gva is a guest virtual address */
	int (*copy_from)(void *ctx, void *dst, uint64_t gva, size_t len);
	int (*copy_to)(void *ctx, uint64_t gva, const void *src, size_t len);
	void (*flush)(void *ctx, enum pv_flush kind, uint64_t va,
		      uint64_t vcpumask);
};

struct pv_mm {
	uint16_t domid;
	/* the domain's machine block; its p2m is this identity offset */
	uint64_t first_mfn, nr_mfns;
	uint64_t baseptr,
		user_baseptr; /* L4 mfns holding a typed ref; 0 none */
	uint64_t ldt_base;
	uint32_t ldt_ents;
	const struct pv_mm_ops *ops;
	void *ctx;
};

/* A canonical address: adding 2^47 maps those, and only those, below
 * 2^48. */
static inline bool pv_canonical(uint64_t va)
{
	return (va + (1ULL << 47)) >> 48 == 0;
}

/* Guest addresses outside larch's L4 slots 256..271 and canonical. */
bool pv_va_ok(uint64_t va, uint64_t len);

/* A callback or entry a guest registers: 0 (none) or an address where it
 * may map code. */
static inline bool pv_callback_ok(uint64_t va)
{
	return !va || pv_va_ok(va, 1);
}

long pv_mmu_update(struct pv_mm *m, uint64_t reqs, uint64_t count,
		   uint64_t done, uint16_t foreigndom);
long pv_mmuext_op(struct pv_mm *m, uint64_t ops, uint64_t count, uint64_t done,
		  uint16_t foreigndom);
long pv_update_va_mapping(struct pv_mm *m, uint64_t va, uint64_t val,
			  uint64_t flags);

/* One entry of one of m's frames, as mmu_update reads and writes it (the
 * write validated; 0 or Xen's error). */
uint64_t pv_pt_read(uint64_t entry_maddr);
long pv_pt_write(struct pv_mm *m, uint64_t entry_maddr, uint64_t val);

/* Writable page tables (arch/x86/pv/ro_page_fault.c): the guest store at
 * r->rip (its n bytes in insn) faulted writing the page-table entry at
 * entry_maddr. DONE: applied, registers and rip updated as the CPU would;
 * REFUSED: the entry failed validation (*refused: the error), nothing
 * changed; UNHANDLED: not a store larch emulates (*why says which). */
enum { PTWR_DONE, PTWR_REFUSED, PTWR_UNHANDLED };
int pv_ptwr_emulate(struct pv_mm *m, struct cpu_user_regs *r,
		    const uint8_t *insn, size_t n, uint64_t entry_maddr,
		    long *refused, const char **why);

#endif

/* Xen's 64-bit PV domain builder: lays a parsed PV kernel, its initrd, the
 * p2m list, start_info, xenstore/console pages, initial page tables and boot
 * stack into a domain's memory, and says how vCPU 0 enters. */
#ifndef ARCH_X86_PV_DOM_BUILD_H
#define ARCH_X86_PV_DOM_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include "elf_notes.h"

#define PV_PAGE		 4096ull
#define PV_MAX_PT_FRAMES 512

/* The level of each page-table frame the builder made, for the PV MMU to
 * type and pin: the L4, the kernel mapping's L3 and L2, its L1s (all in
 * [pt_pfn, stack_pfn), mapped read-only), then the tables that map the p2m
 * at INIT_P2M (after the p2m list, unmapped). */
struct pv_pt_frame {
	uint64_t mfn;
	unsigned level; /* 1..4 */
};

struct pv_build_req {
	/* The domain's memory: one contiguous machine block (pfn 0 at
	 * mem_maddr), reachable by the builder at mem_host. */
	uint64_t mem_maddr, mem_size;
	void *mem_host;
	const struct pv_elf_info *kernel; /* pv_elf_parse()d */
	const void *initrd;		  /* may be NULL */
	uint64_t initrd_len;
	const char *cmdline;	    /* may be NULL */
	uint64_t shared_info_maddr; /* the domain's shared_info page */
	uint32_t store_evtchn, console_evtchn;
	/* Copies larch's L4 slots HV_SLOT_FIRST..HV_SLOT_LAST into a new
	 * guest L4 (x86_install_hv_slots, from the high-half work). */
	void (*install_hv_slots)(uint64_t *l4);
};

struct pv_build_res {
	uint64_t rip, rsp, rsi; /* vCPU 0's entry registers */
	uint64_t start_info_va, start_info_pfn;
	uint64_t v_start, v_end; /* the bootstrap mapping */
	uint64_t kernel_pfn, kernel_end_pfn;
	uint64_t initrd_pfn, p2m_pfn, p2m_va, nr_p2m_frames;
	uint64_t store_pfn, console_pfn, pt_pfn, stack_pfn;
	uint64_t hypercall_page_va; /* 0: the kernel asked for none */
	uint64_t cr3;		    /* machine address of the L4 */
	unsigned nr_pt;
	struct pv_pt_frame pt[PV_MAX_PT_FRAMES];
	const char *why; /* on error */
};

/* 0, or -1 with res->why set. On error the domain's memory may have been
 * written but nothing else was. */
int pv_build(const struct pv_build_req *req, struct pv_build_res *res);

/* Page-table entry bits the builder writes. */
#define PV_PTE_P    0x001ull
#define PV_PTE_RW   0x002ull
#define PV_PTE_US   0x004ull
#define PV_PTE_A    0x020ull
#define PV_PTE_D    0x040ull
#define PV_PTE_ADDR 0x000ffffffffff000ull

#endif

/* x86_64 hypervisor virtual layout: larch owns PML4 slots 256..271; slot 262
 * is the directmap of physical 0..4 GiB, where the image also runs. Usable
 * from assembly (head.S) and C. */
#ifndef ARCH_X86_LAYOUT_H
#define ARCH_X86_LAYOUT_H

/* Xen's HYPERVISOR_VIRT_START..END for 64-bit PV: no guest entry there. */
#define HV_SLOT_FIRST 256
#define HV_SLOT_LAST  271

/* PML4 slot 262; the image is linked at DIRECTMAP_BASE + 1 MiB. */
#define DIRECTMAP_SLOT 262
#define DIRECTMAP_SIZE 0x100000000 /* 4 GiB, 2 MiB pages */

/* PML4 slot 260: each pCPU's GDT window, 64 KiB (16 pages) at
 * GDT_WINDOW_BASE + cpu * 64 KiB (arch/x86/gdt.c). */
#define GDT_WINDOW_SLOT	    260
#define GDT_WINDOW_BASE_NUM 0xffff820000000000

/* The one spelling, without a suffix: assembly, and C strings for inline
 * assembly (LAYOUT_STR), take it as it is. */
#define DIRECTMAP_BASE_NUM 0xffff830000000000
#define LAYOUT_STR_(x)	   #x
#define LAYOUT_STR(x)	   LAYOUT_STR_(x)

#ifdef __ASSEMBLY__
#define DIRECTMAP_BASE DIRECTMAP_BASE_NUM
/* A link-time (high) symbol's physical address, for code run before
 * paging (the 32-bit entry, the AP trampoline). */
#define PA(sym) ((sym)-DIRECTMAP_BASE)
#else
#include <stdint.h>
#define LAYOUT_ULL_(x)	x##ULL
#define LAYOUT_ULL(x)	LAYOUT_ULL_(x)
#define DIRECTMAP_BASE	LAYOUT_ULL(DIRECTMAP_BASE_NUM)
/* Physical <-> hypervisor virtual, for any physical address below 4 GiB
 * (RAM, domain memory, the LAPIC, firmware tables). */
#define __va(pa)	((void *)((uintptr_t)(pa) + DIRECTMAP_BASE))
#define GDT_WINDOW_BASE LAYOUT_ULL(GDT_WINDOW_BASE_NUM)
#define __pa(va)	((uint64_t)(uintptr_t)(va)-DIRECTMAP_BASE)
#endif

#endif

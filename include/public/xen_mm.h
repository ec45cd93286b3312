/* Xen's x86 PV MMU interface: mmu_update, mmuext_op, update_va_mapping and
 * multicall numbers and layouts (Xen's values, written for larch). */
#ifndef LARCH_PUBLIC_XEN_MM_H
#define LARCH_PUBLIC_XEN_MM_H

#include <public/xen_abi.h>

#define __HYPERVISOR_mmu_update	       1
#define __HYPERVISOR_multicall	       13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_mmuext_op	       26

/* mmu_update: the low bits of ptr name the command. */
#define MMU_NORMAL_PT_UPDATE	  0 /* *ptr = val, validated */
#define MMU_MACHPHYS_UPDATE	  1 /* M2P[ptr >> 12] = val */
#define MMU_PT_UPDATE_PRESERVE_AD 2 /* as NORMAL, keeping A and D */

struct mmu_update {
	uint64_t ptr; /* machine address of the entry | command */
	uint64_t val;
};

#define MMUEXT_PIN_L1_TABLE	0
#define MMUEXT_PIN_L2_TABLE	1
#define MMUEXT_PIN_L3_TABLE	2
#define MMUEXT_PIN_L4_TABLE	3
#define MMUEXT_UNPIN_TABLE	4
#define MMUEXT_NEW_BASEPTR	5
#define MMUEXT_TLB_FLUSH_LOCAL	6
#define MMUEXT_INVLPG_LOCAL	7
#define MMUEXT_TLB_FLUSH_MULTI	8
#define MMUEXT_INVLPG_MULTI	9
#define MMUEXT_TLB_FLUSH_ALL	10
#define MMUEXT_INVLPG_ALL	11
#define MMUEXT_SET_LDT		13
#define MMUEXT_NEW_USER_BASEPTR 15

struct mmuext_op {
	uint32_t cmd;
	uint32_t pad_;
	union {
		uint64_t mfn;	      /* pin/unpin, baseptrs */
		uint64_t linear_addr; /* invlpg, set_ldt */
	} arg1;
	union {
		uint32_t nr_ents;  /* set_ldt */
		uint64_t vcpumask; /* *_MULTI: guest address of a bitmap */
	} arg2;
};

/* update_va_mapping flags: a flush type, then where. Any other value in
 * the "where" bits is the guest address of a vCPU bitmap (UVMF_MULTI). */
#define UVMF_NONE	    0
#define UVMF_TLB_FLUSH	    1
#define UVMF_INVLPG	    2
#define UVMF_FLUSHTYPE_MASK 3
#define UVMF_MULTI	    0
#define UVMF_LOCAL	    0
#define UVMF_ALL	    4

struct multicall_entry {
	uint64_t op;
	int64_t result;
	uint64_t args[6];
};

#endif

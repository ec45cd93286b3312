/* larch guest ABI: the page shared between the hypervisor and a domain.
 * Layout follows Xen's shared_info/vcpu_info; only x86 has the mask byte. */
#ifndef LARCH_PUBLIC_SHARED_INFO_H
#define LARCH_PUBLIC_SHARED_INFO_H

#include <stddef.h>
#include "xen_abi.h"

#define XEN_LEGACY_MAX_VCPUS 32
#define EVTCHN_WORD_BITS     64
#define EVTCHN_2L_NR_PORTS   (EVTCHN_WORD_BITS * EVTCHN_WORD_BITS) /* 4096 */

/* The builds set LARCH_ABI_<ARCH> (build/toolchain.mk). Only x86 PV keeps
 * the guest's mask in vcpu_info; every other ABI, including one a new
 * backend adds, keeps it in its own registers. The layout is the same
 * either way (the byte is reserved), so no other list is needed here. */
#if defined(LARCH_ABI_X86)
#define LARCH_ABI_HAS_UPCALL_MASK 1
#else
#define LARCH_ABI_HAS_UPCALL_MASK 0
#endif

struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	int8_t pad1[3];
};

struct arch_vcpu_info {
	uint64_t cr2; /* x86: faulting address of a bounced page fault */
	uint64_t pad;
};

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
#if LARCH_ABI_HAS_UPCALL_MASK
	/* x86 PV: the guest's "interrupts masked" flag, written by the guest
	 * with a plain byte store. */
	uint8_t evtchn_upcall_mask;
#else
	/* The mask is the guest's own register state (MSR.EE, PSTATE.I,
	 * PSR.I); this byte is reserved so later offsets stay the same. */
	uint8_t reserved_mask_pad;
#endif
	uint8_t pad0[6];
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};

struct arch_shared_info {
	uint64_t max_pfn;
	uint64_t pfn_to_mfn_frame_list_list;
	uint64_t nmi_reason;
	uint32_t
		larch_policy; /* LARCH_POLICY_*: how unmask-with-pending behaves */
	uint32_t larch_pad;
	uint64_t pad[28];
};

struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[EVTCHN_WORD_BITS];
	xen_ulong_t evtchn_mask[EVTCHN_WORD_BITS];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};

/* Pinned offsets: any change here is a guest ABI break. */
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_pending) == 0, "abi");
#if LARCH_ABI_HAS_UPCALL_MASK
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "abi");
#else
_Static_assert(offsetof(struct vcpu_info, reserved_mask_pad) == 1, "abi");
#endif
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "abi");
_Static_assert(offsetof(struct vcpu_info, arch) == 16, "abi");
_Static_assert(offsetof(struct vcpu_info, time) == 32, "abi");
_Static_assert(sizeof(struct vcpu_time_info) == 32, "abi");
_Static_assert(sizeof(struct vcpu_info) == 64, "abi");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "abi");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 2560, "abi");
_Static_assert(offsetof(struct shared_info, wc_version) == 3072, "abi");
_Static_assert(offsetof(struct shared_info, arch) == 3088, "abi");
_Static_assert(offsetof(struct arch_shared_info, larch_policy) == 24, "abi");
_Static_assert(sizeof(struct shared_info) <= 4096, "abi");

#endif

/* larch guest ABI: what a guest is told at entry. vCPU 0 starts with the
 * guest address of this struct in its first argument register (x0, r3,
 * rdi, r32/in0). */
#ifndef LARCH_PUBLIC_START_INFO_H
#define LARCH_PUBLIC_START_INFO_H

#include <stddef.h>
#include "xen_abi.h"

#define LARCH_START_MAGIC 0x6c61726368737461ULL /* "larchsta" */

struct larch_start_info {
	uint64_t magic;
	uint64_t shared_info; /* guest address of the shared_info page */
	uint64_t mem_base;    /* guest address of the domain's memory */
	uint64_t mem_size;
	uint32_t domid;
	uint32_t nr_vcpus;
	uint32_t nr_pcpus;
	uint32_t flags;
	char args[64]; /* the config's "args" string */
};

_Static_assert(offsetof(struct larch_start_info, domid) == 32, "abi");
_Static_assert(offsetof(struct larch_start_info, args) == 48, "abi");
_Static_assert(sizeof(struct larch_start_info) == 112, "abi");

/* Xen's start_info page for 64-bit PV guests (Xen's layout and flags):
 * what Xen's PV domain builder (arch/x86/pv/dom_build.c) hands a Linux
 * kernel in rsi. Frame numbers are machine frames. */
#define XEN_START_MAGIC_X86_64 "xen-3.0-x86_64"
#define SIF_PRIVILEGED	       (1u << 0)
#define SIF_INITDOMAIN	       (1u << 1)
#define SIF_MULTIBOOT_MOD      (1u << 2)
#define SIF_MOD_START_PFN      (1u << 3) /* mod_start is a pfn, not a va */
#define SIF_VIRT_P2M_4TOOLS    (1u << 4)

struct xen_start_info {
	char magic[32];
	uint64_t nr_pages;
	uint64_t shared_info; /* machine address */
	uint32_t flags;
	uint32_t pad0;
	uint64_t store_mfn;
	uint32_t store_evtchn;
	uint32_t pad1;
	uint64_t console_mfn; /* console.domU.mfn */
	uint32_t console_evtchn;
	uint32_t pad2;
	uint64_t pt_base; /* virtual address of the L4 */
	uint64_t nr_pt_frames;
	uint64_t mfn_list; /* virtual address of the p2m list */
	uint64_t mod_start;
	uint64_t mod_len;
	char cmd_line[1024];
	uint64_t first_p2m_pfn; /* with INIT_P2M: where the p2m frames are */
	uint64_t nr_p2m_frames;
};

_Static_assert(offsetof(struct xen_start_info, nr_pages) == 32, "abi");
_Static_assert(offsetof(struct xen_start_info, store_mfn) == 56, "abi");
_Static_assert(offsetof(struct xen_start_info, console_mfn) == 72, "abi");
_Static_assert(offsetof(struct xen_start_info, pt_base) == 88, "abi");
_Static_assert(offsetof(struct xen_start_info, cmd_line) == 128, "abi");
_Static_assert(sizeof(struct xen_start_info) == 1168, "abi");

#endif

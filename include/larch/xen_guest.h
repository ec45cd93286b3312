/* The Xen ABI a real kernel (Linux) meets on every arch: xen_version
 * features, memory_op, grant_table_op and hvm_op (common/xen_version.c,
 * memory.c, grant_table.c, hvm_op.c). The arch says which domains get it
 * and where their Xen pages live. */
#ifndef LARCH_XEN_GUEST_H
#define LARCH_XEN_GUEST_H

#include <larch/domain.h>

/* XENVER_version's answer (Xen 1.0), inline in the dispatcher: x86 PV
 * guests make this call on every unmask with an upcall pending. */
#define LARCH_XEN_VERSION 0x00010000
long do_xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg);
long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg);
long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		       uint64_t count);
long do_hvm_op(struct vcpu *v, uint64_t cmd, uint64_t arg);

/* ---- arch duties ---- */
/* What a kernel domain is told, and where its Xen pages are. */
struct xen_guest_info {
	uint32_t features;	  /* XENVER_get_features, submap 0 */
	uint64_t gnt_gpfn;	  /* the grant-table frames: the first, numbered
			      as the kernel names frames (x86 PV: machine) */
	unsigned gnt_frames;	  /* and how many (at most) */
	uint64_t shared_info_end; /* a shared_info page lies below this */
	/* the event bitmaps' offsets in the guest's shared_info page (Xen's
	 * layout differs per arch); vCPU 0's vcpu_info is at its start */
	uint32_t evtchn_pending_off, evtchn_mask_off;
	/* The frame numbers a kernel passes (register_vcpu_info): guest
	 * physical address = (frame << 12) + frame_gaddr_offset, modulo
	 * 2^64 (0 where frames are guest-physical; x86 PV kernels pass
	 * machine frames). */
	uint64_t frame_gaddr_offset;
};
/* Fill *g for a domain that runs a kernel on Xen's ABI (callers pass it
 * zeroed: a field the arch leaves alone reads 0). False for every
 * other domain: the four interfaces above answer it -XEN_ENOSYS.
 * Optional: the default (common/xen_version.c) says false for all. */
bool arch_xen_guest_info(const struct domain *d, struct xen_guest_info *g);
/* VCPUOP_initialise for such a domain: t (down) takes its first state from
 * the arch's vcpu_guest_context at guest address ctx, checked whole before
 * anything changes. Optional: the default (common/vcpu_op.c) answers
 * -XEN_ENOSYS (arm64 Linux starts its vCPUs through PSCI). */
long arch_xen_vcpu_initialise(struct vcpu *t, uint64_t ctx);

#endif

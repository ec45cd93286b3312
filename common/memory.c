/* memory_op: add_to_physmap of the shared_info page and of the grant-table
 * frames, for kernel domains. Nothing moves in the guest's physical map:
 * the pages are where the arch placed them or where the guest asks. */
#include <string.h>
#include <larch/xen_guest.h>
#include <public/memory.h>

/* The guest names the page of its own RAM where it wants its shared_info.
 * From then on the event bitmaps are that page, at the arch's offsets, and
 * vCPU 0's vcpu_info its first bytes (until it registers one); what was
 * pending moves with them. */
static long map_shared_info(struct domain *d, uint64_t gpfn,
			    const struct xen_guest_info *g)
{
	uint8_t *page =
		gpfn < (1ULL << 36) ? guest_mem_ptr(d, gpfn << 12, 4096) : NULL;
	if (!page || (gpfn << 12) >= g->shared_info_end)
		return -XEN_EINVAL;
	xen_ulong_t *pend = (xen_ulong_t *)(page + g->evtchn_pending_off);
	xen_ulong_t *mask = (xen_ulong_t *)(page + g->evtchn_mask_off);
	struct vcpu_info *vi = (struct vcpu_info *)page;
	spin_lock(&d->evtchn_lock);
	if (d->evtchn_pending != pend) {
		memcpy(pend, d->evtchn_pending,
		       EVTCHN_WORD_BITS * sizeof(xen_ulong_t));
		memcpy(mask, d->evtchn_mask,
		       EVTCHN_WORD_BITS * sizeof(xen_ulong_t));
		vi->evtchn_upcall_pending =
			d->vcpus[0].vcpu_info->evtchn_upcall_pending;
		vi->evtchn_pending_sel =
			d->vcpus[0].vcpu_info->evtchn_pending_sel;
		d->evtchn_pending = pend;
		d->evtchn_mask = mask;
		d->vcpus[0].vcpu_info = vi;
	}
	spin_unlock(&d->evtchn_lock);
	return 0;
}

long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_guest_info g = { 0 };
	struct xen_add_to_physmap x;
	if (cmd != XENMEM_add_to_physmap || !arch_xen_guest_info(d, &g))
		return -XEN_ENOSYS;
	if (copy_from_guest(d, &x, arg, sizeof(x)))
		return -XEN_EFAULT;
	if (x.domid != DOMID_SELF && x.domid != d->domid)
		return -XEN_EPERM;
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		return x.idx ? -XEN_EINVAL : map_shared_info(d, x.gpfn, &g);
	case XENMAPSPACE_grant_table:
		/* The frames are already in place: only the place the arch
		 * advertised is accepted. */
		if (x.idx >= g.gnt_frames || x.gpfn != g.gnt_gpfn + x.idx)
			return -XEN_EINVAL;
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

/* grant_table_op: a kernel domain asks how many grant-table frames it has
 * (query_size) and where they are (setup_table). The frames themselves
 * are the arch's (struct xen_guest_info); no grant is mapped or copied. */
#include <larch/xen_guest.h>
#include <public/grant_table.h>

static long query_size(struct domain *d, uint64_t arg,
		       const struct xen_guest_info *g)
{
	struct gnttab_query_size q;
	if (copy_from_guest(d, &q, arg, sizeof(q)))
		return -XEN_EFAULT;
	q.nr_frames = 1;
	q.max_nr_frames = g->gnt_frames;
	q.status = GNTST_okay;
	return copy_to_guest(d, arg, &q, sizeof(q));
}

/* Xen reports a bad domain or too many frames in status, with the call
 * itself succeeding; a bad frame_list pointer fails the call. */
static long setup_table(struct domain *d, uint64_t arg,
			const struct xen_guest_info *g)
{
	struct gnttab_setup_table s;
	if (copy_from_guest(d, &s, arg, sizeof(s)))
		return -XEN_EFAULT;
	if (s.dom != DOMID_SELF && s.dom != d->domid)
		s.status = GNTST_bad_domain;
	else if (s.nr_frames > g->gnt_frames)
		s.status = GNTST_general_error;
	else
		s.status = GNTST_okay;
	for (uint32_t i = 0; s.status == GNTST_okay && i < s.nr_frames; i++) {
		uint64_t gpfn = g->gnt_gpfn + i;
		if (copy_to_guest(d, s.frame_list + i * sizeof(gpfn), &gpfn,
				  sizeof(gpfn)))
			return -XEN_EFAULT;
	}
	return copy_to_guest(d, arg, &s, sizeof(s));
}

long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
		       uint64_t count)
{
	struct xen_guest_info g = { 0 };
	if (count != 1 || !arch_xen_guest_info(v->domain, &g))
		return -XEN_ENOSYS;
	switch (cmd) {
	case GNTTABOP_query_size:
		return query_size(v->domain, arg, &g);
	case GNTTABOP_setup_table:
		return setup_table(v->domain, arg, &g);
	default:
		return -XEN_ENOSYS;
	}
}

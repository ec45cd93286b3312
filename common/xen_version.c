/* xen_version: the version (x86 PV guests also call it to have a pending
 * upcall delivered: the return path does that) and the feature map. */
#include <larch/xen_guest.h>
#include <public/features.h>

long do_xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct xen_guest_info g = { 0 };
	struct xen_feature_info f;
	switch (cmd) {
	case XENVER_version:
		return LARCH_XEN_VERSION;
	case XENVER_get_features:
		if (!arch_xen_guest_info(v->domain, &g))
			return -XEN_ENOSYS;
		if (copy_from_guest(v->domain, &f, arg, sizeof(f)))
			return -XEN_EFAULT;
		f.submap = f.submap_idx ? 0 : g.features;
		return copy_to_guest(v->domain, arg, &f, sizeof(f));
	default:
		return -XEN_ENOSYS;
	}
}

/* An arch without kernel domains offers none of this Xen ABI. */
__attribute__((weak)) bool arch_xen_guest_info(const struct domain *d,
					       struct xen_guest_info *g)
{
	(void)d;
	(void)g;
	return false;
}

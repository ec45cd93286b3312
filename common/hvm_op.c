/* hvm_op(HVMOP_get_param): kernel domains ask for their xenstore and
 * console rings here. larch sets no parameter, so every one reads 0, as
 * Xen answers for one never set. */
#include <larch/xen_guest.h>
#include <public/hvm_op.h>

long do_hvm_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct xen_guest_info g = { 0 };
	struct xen_hvm_param p;
	if (cmd != HVMOP_get_param || !arch_xen_guest_info(v->domain, &g))
		return -XEN_ENOSYS;
	if (copy_from_guest(v->domain, &p, arg, sizeof(p)))
		return -XEN_EFAULT;
	p.value = 0;
	return copy_to_guest(v->domain, arg, &p, sizeof(p));
}

/* multicall: a batch of hypercalls in one trap (Xen's interface; Linux's PV
 * MMU batches its page-table updates this way). Each entry's result is
 * written back to it; the batch stops at the first entry it cannot read
 * or write. */
#include <larch/domain.h>
#include <larch/hypercall.h>
#include <public/xen_mm.h>

long do_multicall(struct vcpu *v, uint64_t list, uint64_t nr)
{
	struct domain *d = v->domain;
	/* the hypervisor runs a batch without preemption: bound it (Linux
	 * batches at most 32) */
	if (nr > MULTICALL_MAX_ENTRIES)
		return -XEN_EINVAL;
	for (uint64_t i = 0; i < nr; i++) {
		struct multicall_entry e;
		uint64_t at = list + i * sizeof(e);
		if (copy_from_guest(d, &e, at, sizeof(e)))
			return -XEN_EFAULT;
		/* no batch inside a batch: it would escape the bound */
		if (e.op == __HYPERVISOR_multicall) {
			e.result = -XEN_EINVAL;
		} else {
			struct hypercall_args h = {
				.nr = e.op,
				.a = { e.args[0], e.args[1], e.args[2],
				       e.args[3], e.args[4] },
			};
			e.result = do_hypercall(v, &h);
		}
		if (copy_to_guest(d,
				  at + offsetof(struct multicall_entry, result),
				  &e.result, sizeof(e.result)))
			return -XEN_EFAULT;
		if (d->state != DOM_RUNNING)
			break; /* a call in it shut the domain down */
	}
	return 0;
}

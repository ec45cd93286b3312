/* vcpu_op: bringing vCPUs up and down, their singleshot timer, and where
 * each vCPU's vcpu_info and runstate area live in guest memory. */
#include <string.h>
#include <larch/hypercall.h>
#include <larch/sched.h>
#include <larch/runstate.h>
#include <larch/xen_guest.h>
#include <public/sched.h>

__attribute__((weak)) long arch_xen_vcpu_initialise(struct vcpu *t,
						    uint64_t ctx)
{
	(void)t;
	(void)ctx;
	return -XEN_ENOSYS;
}

/* A Xen-ABI kernel passes its arch's context, larch's own guests a
 * struct vcpu_guest_entry. */
static long vcpu_initialise(struct vcpu *t, uint64_t arg)
{
	struct domain *d = t->domain;
	struct xen_guest_info g = { 0 };
	if (t->run_state != VCPU_DOWN)
		return -XEN_EEXIST;
	long rc;
	if (arch_xen_guest_info(d, &g)) {
		rc = arch_xen_vcpu_initialise(t, arg);
	} else {
		struct vcpu_guest_entry e;
		if (copy_from_guest(d, &e, arg, sizeof(e)))
			return -XEN_EFAULT;
		rc = arch_vcpu_set_entry(t, e.entry, e.stack, e.arg);
	}
	if (rc == 0)
		t->initialised = true;
	return rc;
}

long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t id, uint64_t arg)
{
	struct domain *d = v->domain;
	if (id >= d->nr_vcpus)
		return -XEN_ENOENT;
	struct vcpu *t = &d->vcpus[id];
	switch (cmd) {
	case VCPUOP_initialise:
		return vcpu_initialise(t, arg);
	case VCPUOP_up:
		if (!t->initialised)
			return -XEN_EINVAL;
		sched_add_vcpu(t);
		return 0;
	case VCPUOP_down:
		if (t != v)
			return -XEN_EINVAL; /* only a vCPU takes itself down */
		sched_remove_vcpu(t);
		return 0;
	case VCPUOP_is_up:
		return t->run_state != VCPU_DOWN;
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer st;
		if (t != v)
			return -XEN_EINVAL;
		if (copy_from_guest(d, &st, arg, sizeof(st)))
			return -XEN_EFAULT;
		timer_set(&t->singleshot,
			  (s_time_t)(st.timeout_abs_ns & INT64_MAX));
		return 0;
	}
	case VCPUOP_register_vcpu_info: {
		/* From now on events for t flag this guest copy, which the
		 * guest reads without the shared_info page. The whole
		 * vcpu_info moves, as on Xen (events, x86's mask byte, the
		 * time info a PV kernel's clock reads): it must fit the
		 * page. */
		struct vcpu_register_vcpu_info r;
		if (copy_from_guest(d, &r, arg, sizeof(r)))
			return -XEN_EFAULT;
		const size_t used = sizeof(struct vcpu_info);
		if (r.rsvd || r.offset > 4096 - used ||
		    r.mfn > (UINT64_MAX >> 12))
			return -XEN_EINVAL;
		struct xen_guest_info g = { 0 };
		uint64_t frame_off =
			arch_xen_guest_info(d, &g) ? g.frame_gaddr_offset : 0;
		struct vcpu_info *vi = guest_mem_ptr(
			d, (r.mfn << 12) + frame_off + r.offset, used);
		if (!vi || ((uintptr_t)vi & 7))
			return -XEN_EINVAL;
		spin_lock(&d->evtchn_lock);
		memcpy(vi, t->vcpu_info, used);
		t->vcpu_info = vi;
		spin_unlock(&d->evtchn_lock);
		return 0;
	}
	case VCPUOP_register_runstate_memory_area: {
		struct vcpu_register_runstate_memory_area a;
		if (copy_from_guest(d, &a, arg, sizeof(a)))
			return -XEN_EFAULT;
		return runstate_register(t, a.addr);
	}
	case VCPUOP_stop_singleshot_timer:
		if (t != v)
			return -XEN_EINVAL;
		timer_stop(&t->singleshot);
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

/* Hypercall dispatch. Every argument is guest-controlled: numbers are
 * range-checked and pointers go through copy_from_guest/copy_to_guest. */
#include <larch/hypercall.h>
#include <larch/console.h>
#include <larch/evtchn.h>
#include <larch/sched.h>
#include <public/sched.h>

#define CONSOLE_CHUNK 128
#define CONSOLE_MAX   4096 /* bytes per CONSOLEIO_write */

static long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count,
			  uint64_t buf)
{
	char chunk[CONSOLE_CHUNK];
	switch (cmd) {
	case CONSOLEIO_write:
		if (count > CONSOLE_MAX)
			return -XEN_EINVAL;
		/* Check the whole range first so a bad buffer prints nothing. */
		if (!v->domain->guest_va &&
		    !guest_mem_ptr(v->domain, buf, count))
			return -XEN_EFAULT;
		for (uint64_t done = 0; done < count;) {
			size_t n = count - done < CONSOLE_CHUNK ? count - done
								: CONSOLE_CHUNK;
			copy_from_guest(v->domain, chunk, buf + done, n);
			console_guest_write(v->domain, chunk, n);
			done += n;
		}
		return (long)count;
	case CONSOLEIO_read:
		return 0; /* no console input */
	default:
		return -XEN_ENOSYS;
	}
}

static long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t id, uint64_t arg)
{
	struct domain *d = v->domain;
	if (id >= d->nr_vcpus)
		return -XEN_ENOENT;
	struct vcpu *t = &d->vcpus[id];
	switch (cmd) {
	case VCPUOP_initialise: {
		struct vcpu_guest_entry e;
		if (copy_from_guest(d, &e, arg, sizeof(e)))
			return -XEN_EFAULT;
		if (t->run_state != VCPU_DOWN)
			return -XEN_EEXIST;
		int rc = arch_vcpu_set_entry(t, e.entry, e.stack, e.arg);
		if (rc == 0)
			t->initialised = true;
		return rc;
	}
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
		 * guest reads without the shared_info page. Only the fields up
		 * to evtchn_pending_sel are touched; check that much. */
		struct vcpu_register_vcpu_info r;
		if (copy_from_guest(d, &r, arg, sizeof(r)))
			return -XEN_EFAULT;
		const size_t used = offsetof(struct vcpu_info, arch);
		if (r.rsvd || r.offset > 4096 - used ||
		    r.mfn > (UINT64_MAX >> 12))
			return -XEN_EINVAL;
		struct vcpu_info *vi =
			guest_mem_ptr(d, (r.mfn << 12) + r.offset, used);
		if (!vi || ((uintptr_t)vi & 7))
			return -XEN_EINVAL;
		spin_lock(&d->evtchn_lock);
		vi->evtchn_upcall_pending = t->vcpu_info->evtchn_upcall_pending;
		vi->evtchn_pending_sel = t->vcpu_info->evtchn_pending_sel;
		t->vcpu_info = vi;
		spin_unlock(&d->evtchn_lock);
		return 0;
	}
	case VCPUOP_register_runstate_memory_area:
		/* Accepted, never written: a guest sees no runstate changes
		 * (Linux requires the call to succeed). */
		return 0;
	case VCPUOP_stop_singleshot_timer:
		if (t != v)
			return -XEN_EINVAL;
		timer_stop(&t->singleshot);
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

static long do_larch_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case LARCHOP_exit_qemu:
		if (!v->domain->privileged)
			return -XEN_EPERM;
		printk("larch: domain %u ends the machine, exit %d\n",
		       v->domain->domid, (int)(arg & 0xff));
		arch_machine_exit((int)(arg & 0xff));
		return 0;
	case LARCHOP_policy:
		return v->domain->policy;
	case LARCHOP_domain_state: {
		struct domain *d =
			arg < MAX_DOMAINS ? domain_by_id((domid_t)arg) : NULL;
		if (!d)
			return -XEN_ESRCH;
		long st = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);
		return st << 8 | (d->shutdown_reason & 0xff);
	}
	default:
		return -XEN_ENOSYS;
	}
}

long do_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	const uint64_t *a = h->a;
	switch (h->nr) {
	case __HYPERVISOR_console_io:
		return do_console_io(v, a[0], a[1], a[2]);
	case __HYPERVISOR_sched_op:
		return a[0] > UINT32_MAX ? -XEN_ENOSYS
					 : do_sched_op(v, (unsigned)a[0], a[1]);
	case __HYPERVISOR_event_channel_op:
		return a[0] > UINT32_MAX
			       ? -XEN_ENOSYS
			       : do_event_channel_op(v, (unsigned)a[0], a[1]);
	case __HYPERVISOR_vcpu_op:
		return do_vcpu_op(v, a[0], a[1], a[2]);
	case __HYPERVISOR_set_timer_op:
		if (a[0] == 0)
			timer_stop(&v->singleshot);
		else
			timer_set(&v->singleshot, (s_time_t)(a[0] & INT64_MAX));
		return 0;
	case __HYPERVISOR_xen_version:
		/* Also the x86 PV "deliver my pending upcall" call: the return
		 * path does the delivery. */
		return a[0] == XENVER_version ? 0x00010000
					      : arch_do_hypercall(v, h);
	case __HYPERVISOR_larch_op:
		return do_larch_op(v, a[0], a[1]);
	default:
		return arch_do_hypercall(v, h);
	}
}

/* Hypercall dispatch. Every argument is guest-controlled: numbers are
 * range-checked and pointers go through copy_from_guest/copy_to_guest. */
#include <larch/hypercall.h>
#include <public/xen_mm.h>
#include <larch/console.h>
#include <larch/evtchn.h>
#include <larch/sched.h>
#include <larch/xen_guest.h>
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
#ifndef LARCH_HOSTED
	/* not in hosted builds: the fuzzers' privileged domains would hang
	 * their run */
	case LARCHOP_test_hold_lock:
		if (!v->domain->privileged)
			return -XEN_EPERM;
		spin_lock(&v->domain->evtchn_lock);
		return 0;
#endif
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

/* What only kernel domains call (larch/xen_guest.h), then the arch's own.
 * Outside do_hypercall's switch: three more cases there would deepen its
 * compare tree on the event-channel path every test guest takes. */
static long kernel_abi_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	const uint64_t *a = h->a;
	switch (h->nr) {
	case __HYPERVISOR_memory_op:
		return do_memory_op(v, a[0], a[1]);
	case __HYPERVISOR_grant_table_op:
		return do_grant_table_op(v, a[0], a[1], a[2]);
	case __HYPERVISOR_hvm_op:
		return do_hvm_op(v, a[0], a[1]);
	case __HYPERVISOR_multicall:
		return do_multicall(v, a[0], a[1]);
	default:
		return arch_do_hypercall(v, h);
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
		return a[0] == XENVER_version ? LARCH_XEN_VERSION
					      : do_xen_version(v, a[0], a[1]);
	case __HYPERVISOR_larch_op:
		return do_larch_op(v, a[0], a[1]);
	default:
		return kernel_abi_hypercall(v, h);
	}
}

/* Helpers for host tests of the common core on the fake arch. */
#ifndef TESTS_COMMON_UTIL_H
#define TESTS_COMMON_UTIL_H

#include <arch/fake.h>
#include <larch/evtchn.h>
#include <larch/hypercall.h>
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/vcpu_irq.h>
#include <public/sched.h>
#include "harness.h"
#include <sys/wait.h>
#include <unistd.h>

#define GUEST_BASE 0x100000ULL

/* Guest memory at offset off of domain d, as the guest sees and as we do. */
static inline uint64_t gaddr(uint64_t off)
{
	return GUEST_BASE + off;
}
static inline void *gptr(struct domain *d, uint64_t off)
{
	return d->host_base + off;
}

static inline long hcall(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1,
			 uint64_t a2)
{
	struct hypercall_args h = { nr, { a0, a1, a2, 0, 0 } };
	return do_hypercall(v, &h);
}

/* Run an event-channel op through the real hypercall path: the struct is
 * placed in guest memory at offset 0x1000 and copied back out. */
static inline long evtchn_hcall(struct vcpu *v, unsigned cmd, void *op,
				size_t size)
{
	memcpy(gptr(v->domain, 0x1000), op, size);
	long rc =
		hcall(v, __HYPERVISOR_event_channel_op, cmd, gaddr(0x1000), 0);
	memcpy(op, gptr(v->domain, 0x1000), size);
	return rc;
}

static inline bool port_pending(struct domain *d, evtchn_port_t p)
{
	return test_bit(p, d->shared_info->evtchn_pending);
}

/* Two domains with a bound interdomain channel; returns the ports. */
static inline void two_doms_bound(struct domain **a, struct domain **b,
				  evtchn_port_t *pa, evtchn_port_t *pb)
{
	*a = fake_domain(0, 1, 0, LARCH_POLICY_EAGER);
	*b = fake_domain(1, 1, 0, LARCH_POLICY_EAGER);
	struct evtchn_alloc_unbound al = { DOMID_SELF, 1, 0 };
	evtchn_alloc_unbound(&(*a)->vcpus[0], &al);
	struct evtchn_bind_interdomain bi = { 0, al.port, 0 };
	evtchn_bind_interdomain(&(*b)->vcpus[0], &bi);
	*pa = al.port;
	*pb = bi.local_port;
	/* binding leaves the new local port pending; start clean */
	clear_bit(*pb, (*b)->shared_info->evtchn_pending);
	(*b)->vcpus[0].vcpu_info->evtchn_pending_sel = 0;
	(*b)->vcpus[0].vcpu_info->evtchn_upcall_pending = 0;
}

/* Domains 0 and 1, one vCPU each, on pCPU 0 and pCPU b_cpu, both
 * runnable, on a machine of nr_cpus pCPUs. */
static inline void two_doms_runnable(unsigned nr_cpus, unsigned b_cpu,
				     struct domain **a, struct domain **b)
{
	fake_reset(nr_cpus);
	*a = fake_domain(0, 1, 0, 0);
	*b = fake_domain(1, 1, b_cpu, 0);
	sched_add_vcpu(&(*a)->vcpus[0]);
	sched_add_vcpu(&(*b)->vcpus[0]);
}

/* Run fn in a child with its stdout and stderr in out; return its status. */
static inline int in_child(void (*fn)(void), char *out, size_t size)
{
	int pipefd[2];
	if (pipe(pipefd))
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		fn();
		_exit(99); /* fn must not return */
	}
	close(pipefd[1]);
	size_t n = 0;
	ssize_t r;
	while (n < size - 1 && (r = read(pipefd[0], out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = 0;
	close(pipefd[0]);
	int status;
	waitpid(pid, &status, 0);
	return status;
}

#endif

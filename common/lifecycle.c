/* Domain lifecycle actions: after a poweroff, reboot or crash, a domain is
 * left down (destroy, the default: the machine ends once every domain is
 * down), built again from the same config and images (restart), or ends
 * the machine at once with its exit code (end-machine). A restart waits
 * until every pCPU that ran one of the domain's vCPUs has passed through
 * its softirq path with none of them current: the switch away from a
 * vCPU (which may still write its state after is_running is cleared: arm
 * arms its vtimer wake-up, the runstate area is written) is over by then.
 * The last of those pCPUs rebuilds it. Restart state lives here, by
 * domid: the rebuild clears struct domain. */
#include <larch/lifecycle.h>
#include <larch/config.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/sched.h>
#include <public/sched.h>

static struct restart_state {
	bool pending;
	uint32_t waiting; /* pCPUs still to pass through their softirq path */
	unsigned count;	  /* restarts since first */
	s_time_t first;	  /* start of the current window */
} restarts[MAX_DOMAINS];

static const char *const action_props[] = { "on-poweroff", "on-reboot",
					    "on-crash" };

static uint8_t action_for(const struct domain *d, uint32_t reason,
			  const char **prop)
{
	const struct domain_config *dc = d->config;
	*prop = NULL;
	if (!dc)
		return LIFECYCLE_DESTROY;
	switch (reason) {
	case SHUTDOWN_poweroff:
		*prop = action_props[0];
		return dc->on_poweroff;
	case SHUTDOWN_reboot:
		*prop = action_props[1];
		return dc->on_reboot;
	case SHUTDOWN_crash:
		*prop = action_props[2];
		return dc->on_crash;
	default: /* suspend: nothing resumes it */
		return LIFECYCLE_DESTROY;
	}
}

static bool restart_allowed(struct domain *d)
{
	s_time_t now = arch_now();
	struct restart_state *r = &restarts[d->domid];
	if (!r->count || now - r->first > RESTART_WINDOW_NS) {
		r->first = now;
		r->count = 0;
	}
	if (r->count >= RESTART_LIMIT) {
		printk("larch: domain %u (%s) restarted %u times within %lld s:"
		       " left down\n",
		       d->domid, d->name, r->count,
		       (long long)(RESTART_WINDOW_NS / 1000000000));
		return false;
	}
	r->count++;
	return true;
}

bool lifecycle_after_shutdown(struct domain *d, uint32_t reason)
{
	const char *prop;
	switch (action_for(d, reason, &prop)) {
	case LIFECYCLE_END_MACHINE: {
		int code = reason == SHUTDOWN_crash ? 3 : 0;
		printk("larch: domain %u (%s) ends the machine (%s), exit %d\n",
		       d->domid, d->name, prop, code);
		domains_end_machine(code);
		return true;
	}
	case LIFECYCLE_RESTART:
		if (!restart_allowed(d))
			return false;
		{
			uint32_t cpus = 1u << arch_cpu_id();
			for (unsigned i = 0; i < d->nr_vcpus; i++)
				cpus |= 1u << d->vcpus[i].processor;
			__atomic_store_n(&restarts[d->domid].waiting, cpus,
					 __ATOMIC_SEQ_CST);
			__atomic_store_n(&restarts[d->domid].pending, true,
					 __ATOMIC_SEQ_CST);
			for (unsigned cpu = 0; cpu < MAX_PCPUS; cpu++)
				if (cpus >> cpu & 1)
					raise_softirq(cpu, SOFTIRQ_RESTART);
			return true;
		}
	default:
		return false;
	}
}

bool lifecycle_restart_pending(const struct domain *d)
{
	return __atomic_load_n(&restarts[d->domid].pending, __ATOMIC_ACQUIRE);
}

void lifecycle_run_restarts(unsigned cpu)
{
	for (unsigned id = 0; id < MAX_DOMAINS; id++) {
		struct restart_state *r = &restarts[id];
		uint32_t bit = 1u << cpu;
		if (!__atomic_load_n(&r->pending, __ATOMIC_ACQUIRE) ||
		    !(__atomic_load_n(&r->waiting, __ATOMIC_ACQUIRE) & bit))
			continue;
		struct domain *d = &domains[id];
		const struct vcpu *curr = pcpus[cpu].curr;
		if (curr && curr->domain == d) {
			/* not switched away yet: schedule() first (a down
			 * vCPU never stays current), then look again */
			raise_softirq(cpu, SOFTIRQ_SCHEDULE | SOFTIRQ_RESTART);
			continue;
		}
		arch_domain_leave_pcpu(d);
		if (__atomic_and_fetch(&r->waiting, ~bit, __ATOMIC_SEQ_CST))
			continue; /* another pCPU finishes it */
		r->pending = false;
		if (domain_restart(d))
			domain_restart_failed(d);
	}
}

__attribute__((weak)) void arch_domain_teardown(struct domain *d)
{
	(void)d;
}

__attribute__((weak)) void arch_domain_leave_pcpu(struct domain *d)
{
	(void)d;
}

__attribute__((weak)) bool arch_domain_restartable(const struct domain *d)
{
	(void)d;
	return true;
}

void lifecycle_reset(void)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		restarts[i] = (struct restart_state){ 0 };
}

/* A privileged kernel domain that went down (arm: PSCI SYSTEM_OFF/RESET or
 * Xen's SCHEDOP_shutdown, which Linux prefers; ppc: RTAS power-off or
 * system-reboot; or a fault) ends the machine, as powering off the only
 * OS of a machine would: exit 0 unless some domain crashed. Other
 * domains' shutdowns end only themselves; a restart (on-reboot =
 * "restart") ends nothing. The arch calls it after every trap of a kernel
 * domain. */
void kernel_domain_check_down(struct domain *d)
{
	if (d->privileged && d->state == DOM_SHUTDOWN &&
	    !lifecycle_restart_pending(d)) {
		int code = domains_exit_code();
		printk("larch: domain %u ends the machine, exit %d\n", d->domid,
		       code);
		arch_machine_exit(code);
	}
}

/* What the fake arch records, for the host tests to assert on. */
#ifndef ARCH_FAKE_H
#define ARCH_FAKE_H

#include <larch/domain.h>
#include <larch/xen_guest.h>

struct fake_state {
	unsigned cpu; /* arch_cpu_id() */
	s_time_t now; /* arch_now() */
	s_time_t
		deadline[MAX_PCPUS]; /* last arch_timer_set_deadline per pCPU */
	unsigned ipis[MAX_PCPUS];
	unsigned switches;
	struct vcpu *switched_from, *switched_to;
	int exit_code; /* -1 until arch_machine_exit */
	unsigned eois;
	char console[4096];
	size_t console_len;
	void (*race_hook)(struct vcpu *v); /* SCHED_RACE_POINT */
	int load_error; /* arch_domain_load returns it, silently */
	/* arch_xen_guest_info: a kernel domain's answer (NULL: none is) */
	const struct xen_guest_info *xen_guest;
	/* arch_machine_exit prints the console and ends the process (a test
	 * that must see the machine end, in a child) */
	bool exit_for_real;
};

extern struct fake_state fake;

/* Reset everything: fake state, domains, scheduler, IRQs, and the 16 MiB
 * pool config domains take their memory from. */
void fake_reset(unsigned nr_cpus);
/* A domain with its own memory and shared_info, vCPUs on pCPU first_cpu.. */
struct domain *fake_domain(domid_t id, unsigned nr_vcpus, unsigned first_cpu,
			   uint8_t policy);
void fake_race_point(struct vcpu *v);
/* The guest clears its mask itself (no trap): an armed upcall is taken. */
void fake_guest_unmask(struct vcpu *v);

#endif

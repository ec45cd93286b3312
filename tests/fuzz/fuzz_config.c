/* libFuzzer harness of the configuration path: the input is a device tree
 * blob. config_parse must accept it or reject it with a message, and
 * larch_setup the same; neither may crash. When setup accepts, the domains
 * it built must be exactly what the config says, and the machine must
 * satisfy the invariants of fuzz_check.h. */
#include "fuzz_check.h"
#include <larch/config.h>
#include <larch/setup.h>
#include <public/start_info.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#define NR_CPUS 2
/* Domain memory is real (calloc) on the fake arch: a config asking for
 * more in total is only parsed, so the run measures the parser rather
 * than the host's page zeroing. */
#define SETUP_MEM_LIMIT (64ULL << 20)

static void check_domain(const struct domain_config *dc)
{
	struct domain *d = domain_by_id((domid_t)dc->domid);
	unsigned id = dc->domid;
	if (!d || d->state != DOM_RUNNING)
		fuzz_fail("d%u accepted but not running", id);
	if (strncmp(d->name, dc->name, sizeof(d->name) - 1) ||
	    d->nr_vcpus != dc->nr_vcpus || d->policy != dc->policy ||
	    d->privileged != dc->privileged || d->mem_size != dc->mem_size)
		fuzz_fail("d%u built unlike its config", id);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		if (v->processor != (dc->first_cpu + i) % NR_CPUS)
			fuzz_fail("d%u v%u on cpu%u, config says first-cpu %u",
				  id, i, v->processor, dc->first_cpu);
		if (v->run_state != (i == 0 ? VCPU_RUNNABLE : VCPU_DOWN))
			fuzz_fail("d%u v%u starts in state %u", id, i,
				  v->run_state);
	}
	unsigned bound = 0;
	for (evtchn_port_t p = 1; p < EVTCHN_2L_NR_PORTS; p++)
		bound += d->evtchn[p].state != ECS_FREE;
	if (bound != dc->nr_channels)
		fuzz_fail("d%u has %u bound ports, config lists %u channels",
			  id, bound, dc->nr_channels);
	for (unsigned k = 0; k < dc->nr_channels; k++) {
		const struct channel_config *c = &dc->channels[k];
		const struct evtchn *e = &d->evtchn[c->local_port];
		if (e->state != ECS_INTERDOMAIN ||
		    e->u.interdomain.dom != c->remote_domid ||
		    e->u.interdomain.port != c->remote_port)
			fuzz_fail("d%u channel %u not bound to d%u:%u", id,
				  c->local_port, c->remote_domid,
				  c->remote_port);
	}
	for (unsigned k = 0; k < dc->nr_irqs; k++) {
		const struct irq_config *ic = &dc->irqs[k];
		const struct irq_desc *desc = &irq_descs[ic->irq];
		bool ok = ic->per_cpu
				  ? desc->status == (IRQ_GUEST | IRQ_PER_CPU)
				  : desc->status == IRQ_GUEST &&
					    desc->owner == d &&
					    desc->pirq == ic->pirq;
		if (!ok)
			fuzz_fail("d%u irq %u not routed as configured "
				  "(status %#x, owner d%d, pirq %u)",
				  id, ic->irq, desc->status,
				  desc->owner ? desc->owner->domid : -1,
				  desc->pirq);
	}
	const struct larch_start_info *si =
		(const void *)(d->host_base + d->mem_size - 8192);
	if (si->magic != LARCH_START_MAGIC || si->domid != id ||
	    si->nr_vcpus != dc->nr_vcpus || si->mem_size != dc->mem_size ||
	    strncmp(si->args, dc->args, sizeof(si->args) - 1))
		fuzz_fail("d%u start info unlike its config", id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct larch_config cfg;
	char err[160] = "";
	/* An exact-size copy: ASan sees any read past the blob. */
	uint8_t *blob = malloc(size ? size : 1);
	memcpy(blob, data, size);
	int rc = config_parse(blob, size, &cfg, err, sizeof(err));
	if (rc && !err[0])
		fuzz_fail("config rejected without a message");
	uint64_t total = 0;
	for (unsigned i = 0; rc == 0 && i < cfg.nr_domains; i++)
		total += cfg.dom[i].mem_size;
	/* larch_setup trusts the header's size (the blob is the build's own):
	 * give it only blobs that hold what their header claims. */
	if (size < sizeof(struct fdt_header) || fdt_totalsize(blob) > size ||
	    total > SETUP_MEM_LIMIT) {
		free(blob);
		return 0;
	}
	fake_reset(NR_CPUS);
	memset(fuzz_tainted, 0, sizeof(fuzz_tainted));
	int setup = larch_setup(blob, NR_CPUS);
	if (rc == 0 && setup == 0) {
		for (unsigned i = 0; i < cfg.nr_domains; i++)
			check_domain(&cfg.dom[i]);
		unsigned built = 0;
		for (unsigned id = 0; id < MAX_DOMAINS; id++)
			built += domains[id].state != DOM_FREE;
		if (built != cfg.nr_domains)
			fuzz_fail("%u domains built, config has %u", built,
				  cfg.nr_domains);
		fuzz_check_invariants();
		/* and the pCPUs can pick their first vCPUs */
		for (unsigned c = 0; c < NR_CPUS; c++) {
			fake.cpu = c;
			leave_hypervisor(c);
		}
		fuzz_check_invariants();
	} else if (setup == 0) {
		fuzz_fail("config_parse rejected (%s), larch_setup accepted",
			  err);
	} else if (!strstr(fake.console, "larch: ")) {
		fuzz_fail("larch_setup failed without a message");
	} else if (rc) {
		/* The console rewrites control bytes (a node name may hold
		 * any): compare the reason up to the first of them. */
		size_t n = 0;
		while (err[n] >= 0x20 && err[n] < 0x7f)
			n++;
		err[n] = 0;
		if (!strstr(fake.console, "larch: config: ") ||
		    !strstr(fake.console, err))
			fuzz_fail("larch_setup did not print the reason "
				  "\"%s\"",
				  err);
	}
	free(blob);
	return 0;
}

/* From the configuration device tree to runnable domains. */
#include <larch/setup.h>
#include <larch/console.h>
#include <larch/evtchn.h>
#include <larch/irq.h>
#include <larch/lifecycle.h>
#include <larch/sched.h>
#include <libfdt.h>
#include <public/start_info.h>
#include <stdarg.h>
#include <string.h>

const struct guest_image *guest_image_find(const char *name)
{
	for (unsigned i = 0; i < nr_guest_images; i++)
		if (strcmp(guest_images[i].name, name) == 0)
			return &guest_images[i];
	return NULL;
}

static bool setup_reported; /* a config_error named why */

void config_error(const struct domain_config *cfg, const char *prop,
		  const char *fmt, ...)
{
	char why[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintk(why, sizeof(why), fmt, ap);
	va_end(ap);
	printk("larch: config: %s: %s: %s\n", cfg->node, prop, why);
	setup_reported = true;
}

int domain_pool_alloc(struct domain_pool *pool, const struct domain_config *cfg,
		      uint64_t max, uint64_t guest_base,
		      struct domain_params *p)
{
	uint64_t size = cfg->mem_size;
	uint64_t next = (pool->next + DOMAIN_BLOCK - 1) & ~(DOMAIN_BLOCK - 1);
	uint64_t left = next < pool->end ? pool->end - next : 0;
	/* config_parse already insists on whole blocks: never round up */
	if (size == 0 || size % DOMAIN_BLOCK || size > max) {
		config_error(cfg, "memory",
			     "0x%llx bytes: want a multiple of 2 MiB, at most "
			     "0x%llx",
			     (unsigned long long)size, (unsigned long long)max);
		return -XEN_EINVAL;
	}
	if (size > left) {
		config_error(cfg, "memory",
			     "0x%llx bytes do not fit the pool (%llu MiB left)",
			     (unsigned long long)size,
			     (unsigned long long)(left >> 20));
		return -XEN_ENOSPC;
	}
	p->host_base = (void *)(uintptr_t)next;
	p->guest_base = guest_base;
	p->mem_size = size;
	memset(p->host_base, 0, size);
	p->shared_info = (struct shared_info *)(uintptr_t)(next + size - 4096);
	pool->next = next + size;
	return 0;
}

int domain_load_image(struct domain *d, const struct domain_config *cfg,
		      const struct guest_image *img, uint64_t start_info_off,
		      uint64_t shared_info_gaddr)
{
	uint64_t len = (uint64_t)(img->end - img->start);
	if (len > start_info_off ||
	    start_info_off + sizeof(struct larch_start_info) > d->mem_size) {
		config_error(cfg, "image",
			     "\"%s\" is %llu bytes; the start info leaves it "
			     "%llu of memory 0x%llx",
			     img->name, (unsigned long long)len,
			     (unsigned long long)start_info_off,
			     (unsigned long long)d->mem_size);
		return -XEN_ENOSPC;
	}
	memcpy(d->host_base, img->start, len);
	struct larch_start_info *si =
		(struct larch_start_info *)(d->host_base + start_info_off);
	*si = (struct larch_start_info){
		.magic = LARCH_START_MAGIC,
		.shared_info = shared_info_gaddr,
		.mem_base = d->guest_base,
		.mem_size = d->mem_size,
		.domid = d->domid,
		.nr_vcpus = d->nr_vcpus,
		.nr_pcpus = nr_pcpus,
	};
	memcpy(si->args, cfg->args, sizeof(si->args) - 1);
	return 0;
}

static const char *errno_name(long rc)
{
	switch (-rc) {
	case XEN_EPERM:
		return "EPERM";
	case XEN_ENOENT:
		return "ENOENT";
	case XEN_ENOMEM:
		return "ENOMEM";
	case XEN_EBUSY:
		return "EBUSY";
	case XEN_EEXIST:
		return "EEXIST";
	case XEN_EINVAL:
		return "EINVAL";
	case XEN_ENOSPC:
		return "ENOSPC";
	case XEN_ENOSYS:
		return "ENOSYS";
	default:
		return "error";
	}
}

/* QEMU's RAM is zero at power-on: a non-zero byte at the start of the
 * window means a loader put something there. */
static bool something_staged(const uint8_t *p)
{
	for (unsigned i = 0; i < 64; i++)
		if (p[i])
			return true;
	return false;
}

/* The user staged a blob that cannot be the config: say so and stop, so
 * their Linux is not replaced by the built-in demo without a word. */
static void __attribute__((noreturn))
refuse_staged(const uint8_t *p, uint64_t base, const char *why)
{
	printk("larch: the blob loaded at 0x%llx (first bytes %02x %02x %02x "
	       "%02x) is %s; nothing was started\n",
	       (unsigned long long)base, p[0], p[1], p[2], p[3], why);
	arch_machine_exit(LARCH_EXIT_BAD_INPUT);
	for (;;)
		;
}

const void *config_pick(const void *staged, uint64_t base, uint64_t size)
{
	char why[96];
	int err = fdt_check_header(staged);
	if (err != 0) {
		if (!something_staged(staged))
			return NULL; /* nothing loaded: the built-in config */
		snprintk(why, sizeof(why), "not a device tree (%s)",
			 fdt_strerror(err));
		refuse_staged(staged, base, why);
	}
	if (fdt_totalsize(staged) > size) {
		snprintk(why, sizeof(why),
			 "a device tree of %u bytes, larger than the staging "
			 "window (%llu bytes)",
			 (unsigned)fdt_totalsize(staged),
			 (unsigned long long)size);
		refuse_staged(staged, base, why);
	}
	/* only then is the window kept out of the domain pool */
	config_staging_window = (struct staged_blob){ base, size };
	printk("larch: using the config loaded at 0x%llx\n",
	       (unsigned long long)base);
	return staged;
}

/* Weak default: this arch boots no kernels (config "kernel" property). */
__attribute__((weak)) int
arch_domain_load_kernel(struct domain *d, const struct domain_config *cfg)
{
	(void)d;
	config_error(cfg, "kernel", "this arch boots no kernels");
	return -XEN_ENOSYS;
}

/* reuse: a restart's memory (its old domain's), cleared here; NULL: the
 * arch allocates */
static int build_domain(const struct domain_config *dc,
			const struct domain_params *reuse)
{
	const struct guest_image *img =
		dc->kernel.size ? NULL : guest_image_find(dc->image);
	if (!img && !dc->kernel.size) {
		config_error(dc, "image", "no guest image \"%s\"", dc->image);
		return -1;
	}
	struct domain_params p = {
		.domid = (domid_t)dc->domid,
		.name = dc->name,
		.nr_vcpus = dc->nr_vcpus,
		.first_cpu = dc->first_cpu,
		.policy = dc->policy,
		.privileged = dc->privileged,
	};
	struct domain *d;
	const char *step = "arch_domain_alloc";
	setup_reported = false;
	int rc = 0;
	if (reuse) {
		p.host_base = reuse->host_base;
		p.guest_base = reuse->guest_base;
		p.mem_size = reuse->mem_size;
		p.shared_info = reuse->shared_info;
		memset(p.host_base, 0, p.mem_size);
	} else {
		rc = arch_domain_alloc(dc, &p);
	}
	if (rc == 0) {
		step = "domain_create";
		rc = domain_create(&p, &d);
	}
	if (rc == 0) {
		step = img ? "arch_domain_load" : "arch_domain_load_kernel";
		rc = img ? arch_domain_load(d, dc, img)
			 : arch_domain_load_kernel(d, dc);
	}
	if (rc) {
		/* the arch or a helper names the property; else say where */
		if (!setup_reported)
			config_error(dc, step, "failed (%s)", errno_name(rc));
		return -1;
	}
	for (unsigned i = 0; i < dc->nr_irqs; i++) {
		const struct irq_config *ic = &dc->irqs[i];
		rc = ic->per_cpu ? irq_route_percpu(ic->irq)
				 : irq_route_to_guest(ic->irq, d, ic->pirq);
		if (rc) {
			config_error(dc, "irq", "%u: cannot route it (%s%s)",
				     (unsigned)ic->irq, errno_name(rc),
				     rc == -XEN_EBUSY ? ": the hypervisor "
							"uses it"
						      : "");
			return -1;
		}
	}
	if (!arch_domain_restartable(d) &&
	    (dc->on_poweroff == LIFECYCLE_RESTART ||
	     dc->on_reboot == LIFECYCLE_RESTART ||
	     dc->on_crash == LIFECYCLE_RESTART)) {
		config_error(dc, "on-reboot",
			     "\"restart\" is not supported for this domain "
			     "on this arch yet (docs/config.md)");
		return -1;
	}
	d->vcpus[0].initialised = true;
	d->config = dc;
	printk("larch: domain %u (%s): %u vCPU(s), %u KiB, %s, %s %s\n",
	       (unsigned)d->domid, d->name, d->nr_vcpus,
	       (unsigned)(d->mem_size >> 10),
	       d->policy == LARCH_POLICY_EAGER ? "eager" : "deferred",
	       img ? "image" : "kernel", img ? img->name : "Image");
	return 0;
}

/* Each channel is listed on both ends; bind it once, from the lower end. */
static int bind_channels(const struct larch_config *cfg)
{
	for (unsigned i = 0; i < cfg->nr_domains; i++) {
		const struct domain_config *dc = &cfg->dom[i];
		for (unsigned k = 0; k < dc->nr_channels; k++) {
			const struct channel_config *c = &dc->channels[k];
			if (dc->domid > c->remote_domid ||
			    (dc->domid == c->remote_domid &&
			     c->local_port > c->remote_port))
				continue;
			long rc = evtchn_bind_static(
				domain_by_id((domid_t)dc->domid), c->local_port,
				domain_by_id((domid_t)c->remote_domid),
				c->remote_port);
			if (rc) {
				config_error(dc, "channel",
					     "local-port %u to domain %u port "
					     "%u: cannot bind (%s)",
					     (unsigned)c->local_port,
					     (unsigned)c->remote_domid,
					     (unsigned)c->remote_port,
					     errno_name(rc));
				return -1;
			}
		}
	}
	return 0;
}

/* vCPU 0, and every other vCPU the arch's boot protocol starts with it
 * (arch_domain_load_kernel marked it initialised: ppc's pseries kernels
 * expect their secondaries waiting in the kernel's hold loop). */
static void start_domain(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		if (i == 0 || d->vcpus[i].initialised)
			sched_add_vcpu(&d->vcpus[i]);
}

int larch_setup(const void *config_fdt, unsigned nr_cpus)
{
	static struct larch_config cfg;
	char err[160];

	sched_init(nr_cpus);
	irq_init();
	if (config_parse(config_fdt, fdt_totalsize(config_fdt), &cfg, err,
			 sizeof(err))) {
		printk("larch: config: %s\n", err);
		return -1;
	}
	for (unsigned i = 0; i < cfg.nr_domains; i++)
		if (build_domain(&cfg.dom[i], NULL))
			return -1;
	if (bind_channels(&cfg))
		return -1;
	for (unsigned i = 0; i < cfg.nr_domains; i++)
		start_domain(domain_by_id((domid_t)cfg.dom[i].domid));
	return 0;
}

int domain_restart(struct domain *d)
{
	const struct domain_config *dc = d->config;
	for (evtchn_port_t port = 1; port < EVTCHN_2L_NR_PORTS; port++)
		if (d->evtchn[port].state != ECS_FREE)
			evtchn_close(d,
				     port); /* a peer's end: unbound, for d */
	irq_release_domain(d);
	/* the rebuild clears the vCPUs: none of their timers may still be
	 * linked (a guest that armed set_timer_op and rebooted hung the
	 * machine here: guest/configs/reboot.dts) */
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		timer_stop(&d->vcpus[i].singleshot);
		timer_stop(&d->vcpus[i].poll_timer);
	}
	arch_domain_teardown(d);
	struct domain_params mem = {
		.host_base = d->host_base,
		.guest_base = d->guest_base,
		.mem_size = d->mem_size,
		.shared_info = d->shared_info,
	};
	d->state = DOM_FREE;
	printk("larch: domain %u (%s) restarting\n", (unsigned)d->domid,
	       d->name);
	if (build_domain(dc, &mem))
		return -1;
	/* its channels again, to peers still running (each once) */
	for (unsigned k = 0; k < dc->nr_channels; k++) {
		const struct channel_config *c = &dc->channels[k];
		struct domain *peer = domain_by_id((domid_t)c->remote_domid);
		if (!peer || peer->state != DOM_RUNNING ||
		    (peer == d && c->local_port > c->remote_port))
			continue;
		long rc = evtchn_bind_static(d, c->local_port, peer,
					     c->remote_port);
		if (rc)
			printk("larch: domain %u (%s): channel %u to domain %u "
			       "port %u not bound again (%s)\n",
			       (unsigned)d->domid, d->name,
			       (unsigned)c->local_port,
			       (unsigned)c->remote_domid,
			       (unsigned)c->remote_port, errno_name(rc));
	}
	start_domain(d);
	return 0;
}

/* Boot: from a configuration device tree to running domains. */
#ifndef LARCH_SETUP_H
#define LARCH_SETUP_H

#include <larch/config.h>
#include <larch/domain.h>

/* A guest image linked into the hypervisor, named by the config. */
struct guest_image {
	const char *name;
	const uint8_t *start;
	const uint8_t *end;
};

/* The boot pCPU calls this once the arch has its console, memory, interrupt
 * controller and timer up: it parses the config, builds every domain,
 * pre-binds channels, routes IRQs and makes each vCPU 0 runnable. Then every
 * pCPU enters its run loop (leave_hypervisor). Returns 0 or prints why not. */
int larch_setup(const void *config_fdt, unsigned nr_cpus);
const struct guest_image *guest_image_find(const char *name);

/* The config to boot from: a blob a loader staged at the start of the
 * staging window [base, base + size) (physical; at `staged` for the
 * hypervisor) if it is a whole device tree that fits the window, which then
 * becomes config_staging_window and is said on the console; NULL if the
 * window starts with 64 zero bytes (nothing was loaded: boot the built-in
 * config_dtb). Anything else was staged and is not a usable config: one
 * line naming it, and the machine ends with LARCH_EXIT_BAD_INPUT. */
#define LARCH_EXIT_BAD_INPUT 5
const void *config_pick(const void *staged, uint64_t base, uint64_t size);

/* What build/images.S and build/images.c link into every image: the guest
 * suite and this image's configuration blob. */
extern const uint8_t config_dtb[];

/* The image table: build/images.c for every backend that includes
 * build/images.mk (the fake arch has its own). */
extern const struct guest_image guest_images[];
extern const unsigned nr_guest_images;

/* For arch_domain_alloc: domain memory handed out in 2 MiB blocks (the unit
 * every QEMU backend maps) from [next, end). The arch sets the bounds once. */
#define DOMAIN_BLOCK (2ULL << 20)
struct domain_pool {
	uint64_t next, end;
};
/* Take cfg->mem_size bytes (whole blocks, at most max) from the pool, zero
 * them, and fill p: host_base, guest_base, mem_size, and shared_info in the
 * last 4 KiB page. Never rounds: -XEN_EINVAL for a size that is not whole
 * blocks or over max, -XEN_ENOSPC if it does not fit; both say why with
 * config_error. */
int domain_pool_alloc(struct domain_pool *pool, const struct domain_config *cfg,
		      uint64_t max, uint64_t guest_base,
		      struct domain_params *p);

/* Why cfg's domain cannot be built, as one console line naming its node,
 * the property at fault and the reason:
 *   larch: config: domain@1: memory: 0x... bytes do not fit the pool ...
 * arch_domain_alloc/arch_domain_load call it on every error they return;
 * larch_setup names the failing step itself when they did not. */
void config_error(const struct domain_config *cfg, const char *prop,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* For arch_domain_load: copy img to the first byte of d's memory and write
 * the start info at start_info_off, telling the guest it finds shared_info
 * at shared_info_gaddr. -XEN_ENOSPC (and a config_error) if the image
 * reaches the start info. */
int domain_load_image(struct domain *d, const struct domain_config *cfg,
		      const struct guest_image *img, uint64_t start_info_off,
		      uint64_t shared_info_gaddr);

/* ---- arch duties ---- */
/* Give the domain its memory and shared_info: fill p->guest_base,
 * host_base, mem_size, shared_info (zeroed). */
int arch_domain_alloc(const struct domain_config *cfg, struct domain_params *p);
/* Load img into d, build its translation, write the start info and point
 * vCPU 0 at the entry with the start info's address as first argument. */
int arch_domain_load(struct domain *d, const struct domain_config *cfg,
		     const struct guest_image *img);

/* Optional (a weak default says -XEN_ENOSYS): build a domain whose config
 * names a staged kernel (cfg->kernel) instead of a built-in image: its
 * translation, the kernel, initrd and boot information, vCPU 0's entry. */
int arch_domain_load_kernel(struct domain *d, const struct domain_config *cfg);

#endif

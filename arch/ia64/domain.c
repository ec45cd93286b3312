/* ia64 domain memory and loading: a flat image at the domain's base in
 * region 0, the start info in its last page, shared_info mapped at region 1
 * (see ia64_guest_tlb_miss). */
#include <larch/setup.h>
#include <larch/console.h>
#include <public/start_info.h>
#include <larch/sched.h>
#include <string.h>
#include "ia64_priv.h"

#define GUEST_BASE	0x100000ULL /* region 0, 1 MiB */
#define GUEST_POOL_SIZE (16ULL << 20)
#define GUEST_SHARED_VA 0x2000000000000000ULL

/* Guest memory comes from one static pool, 16 KiB-page aligned. */
static uint8_t guest_pool[GUEST_POOL_SIZE] __attribute__((aligned(16384)));
static uint64_t pool_used;
static struct shared_info shared[MAX_DOMAINS] __attribute__((aligned(16384)));

void ia64_domain_pool_reset(void)
{
	pool_used = 0;
	memset(shared, 0, sizeof(shared));
}

int arch_domain_alloc(const struct domain_config *cfg, struct domain_params *p)
{
	/* config_parse allows whole 2 MiB blocks only: no rounding here */
	uint64_t size = cfg->mem_size;
	if (cfg->domid >= MAX_DOMAINS || size % 16384 || size < 0x8000 ||
	    size > GUEST_POOL_SIZE - pool_used) {
		config_error(
			cfg, "memory",
			"0x%llx bytes do not fit the pool (%llu MiB left)",
			(unsigned long long)size,
			(unsigned long long)((GUEST_POOL_SIZE - pool_used) >>
					     20));
		return -XEN_ENOMEM;
	}
	p->guest_base = GUEST_BASE;
	p->host_base = guest_pool + pool_used;
	p->mem_size = size;
	pool_used += size;
	memset(p->host_base, 0, size);
	p->shared_info = &shared[cfg->domid];
	memset(p->shared_info, 0, sizeof(*p->shared_info));
	return 0;
}

int arch_domain_load(struct domain *d, const struct domain_config *cfg,
		     const struct guest_image *img)
{
	uint64_t si_off = d->mem_size - 4096;
	d->arch.rid_base = (uint64_t)(d->domid + 1) * 8;
	int rc = domain_load_image(d, cfg, img, si_off, GUEST_SHARED_VA);
	if (rc)
		return rc;
	/* Stack just below the start info; in0 = its address. */
	return arch_vcpu_set_entry(&d->vcpus[0], d->guest_base,
				   d->guest_base + si_off - 16,
				   d->guest_base + si_off);
}

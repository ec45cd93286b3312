/* Building a PAPR partition from a staged pseries kernel (config property
 * `kernel`, docs/arch-ppc.md): the vmlinux's segment at real address 0,
 * the initrd, the RTAS stub and the device tree at the top of its memory,
 * and vCPU 0 at the kernel's entry as the flattened-device-tree boot
 * protocol wants it: r3 = the tree, r4 = 0, r5 = 0 (no Open Firmware),
 * 64-bit, little-endian, translation off; the other vCPUs in the kernel's
 * hold loop (RTAS start-cpu brings them back once they went offline). */
#include <string.h>
#include <larch/config.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/setup.h>
#include "../ppc.h"
#include "../linux/image.h"
#include "papr.h"

#define KERNEL_MSR (MSR_SF | MSR_ME | MSR_RI | MSR_LE)

static struct ppc_papr_domain papr_domains[MAX_DOMAINS];
#define MIN_MEMORY     (64ULL << 20)
#define SECONDARY_HOLD 0x60 /* the 64-bit kernel's __secondary_hold */

static int kernel_fail(struct domain *d, const struct domain_config *cfg,
		       const char *blob, const struct staged_blob *b,
		       const char *why)
{
	printk("larch: domain %u (%s): %s 0x%llx+0x%llx: %s\n", d->domid,
	       d->name, blob, (unsigned long long)b->addr,
	       (unsigned long long)b->size, why);
	(void)cfg;
	return -XEN_EINVAL;
}

int arch_domain_load_kernel(struct domain *d, const struct domain_config *cfg)
{
	if (d->mem_size < MIN_MEMORY)
		return kernel_fail(d, cfg, "kernel", &cfg->kernel,
				   "a partition needs at least 64 MiB of "
				   "memory");
	uint64_t ram = d->mem_size - PAPR_HV_AREA;
	uint64_t dt = ram - PAPR_DT_MAX, rtas = dt - PAPR_RTAS_SIZE;
	struct ppc_linux_image li;
	const char *why;
	const uint8_t *img = (const uint8_t *)cfg->kernel.addr;
	if (ppc_linux_image_check(img, cfg->kernel.size, rtas, &li, &why))
		return kernel_fail(d, cfg, "kernel", &cfg->kernel, why);
	uint64_t initrd = 0;
	if (cfg->initrd.size) {
		/* below the RTAS stub, 64 KiB aligned, above the kernel */
		if (cfg->initrd.size > rtas)
			return kernel_fail(d, cfg, "initrd", &cfg->initrd,
					   "larger than the partition's "
					   "memory");
		initrd = (rtas - cfg->initrd.size) & ~0xffffULL;
		if (initrd < li.memsz)
			return kernel_fail(d, cfg, "initrd", &cfg->initrd,
					   "does not fit above the kernel in "
					   "the partition's memory");
	}
	int rc = ppc_partition_map(d, cfg);
	if (rc)
		return rc;
	/* its state, cleared (a restart builds it again) */
	struct ppc_papr_domain *pd = &papr_domains[d - domains];
	memset(pd, 0, sizeof(*pd));
	pd->ram = ram;
	d->arch.papr = pd;
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		d->vcpus[i].arch.papr = &pd->vcpu[i];

	uint8_t *mem = d->host_base;
	memcpy(mem, img + li.offset, li.filesz); /* its segment is at 0 */
	if (initrd)
		memcpy(mem + initrd, (const void *)cfg->initrd.addr,
		       cfg->initrd.size);
	for (unsigned i = 0; i < PAPR_RTAS_STUB_WORDS; i++) {
		uint32_t be = __builtin_bswap32(papr_rtas_stub[i]);
		memcpy(mem + rtas + 4 * i, &be, 4);
	}
	struct papr_dt_params p = {
		.ram = ram,
		.initrd = initrd,
		.initrd_size = cfg->initrd.size,
		.rtas = rtas,
		.nr_vcpus = d->nr_vcpus,
		.nr_links = cfg->nr_channels < PAPR_MAX_LINKS ? cfg->nr_channels
							      : PAPR_MAX_LINKS,
		.tb_freq = plat.tb_freq,
		.pvr = (uint32_t)mfspr(SPR_PVR),
		.bootargs = cfg->bootargs,
	};
	if (papr_build_dt(mem + dt, PAPR_DT_MAX, &p))
		return kernel_fail(d, cfg, "kernel", &cfg->kernel,
				   "its device tree does not fit 64 KiB");

	papr_xics_reset(d);
	/* vCPU 0 boots; the others start with it in the kernel's hold loop
	 * (0x60, r3 = their interrupt server number), as a kexec'd kernel's
	 * secondaries wait, until Linux releases them */
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		struct cpu_user_regs *r = &v->arch.regs;
		papr_vcpu_init(v);
		memset(r, 0, sizeof(*r));
		r->nip = i ? li.entry + SECONDARY_HOLD : li.entry;
		r->msr = KERNEL_MSR;
		r->gpr[3] = i ? i : dt;
		v->initialised = true;
	}
	printk("larch: domain %u (%s): pseries kernel 0x%llx bytes at 0, "
	       "entry 0x%llx, initrd 0x%llx+0x%llx, device tree 0x%llx, "
	       "RTAS 0x%llx\n",
	       d->domid, d->name, (unsigned long long)li.memsz,
	       (unsigned long long)li.entry, (unsigned long long)initrd,
	       (unsigned long long)cfg->initrd.size, (unsigned long long)dt,
	       (unsigned long long)rtas);
	return 0;
}

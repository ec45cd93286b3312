/* Kernel (Linux) domains: an arm64 Image loaded by the Linux boot
 * protocol, with its initrd and the device tree guest_dt.c builds, and
 * where their Xen pages live. Guest physical map (docs/arch-arm.md):
 *   0x08000000 GICD, 0x080a0000 GICR (0x20000 per vCPU), 0x09000000 PL011,
 *   0x40000000 RAM (memory - 2 MiB), then the hv_area (2 MiB): grant-table
 *   frames, the guest DT, larch's own shared_info page last. */
#include <string.h>
#include <larch/config.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/irq.h>
#include <larch/xen_guest.h>
#include <public/features.h>
#include "arm.h"

#define HV_AREA_SIZE (2ULL << 20)
#define GUEST_DT_OFF 0x10000 /* in the hv_area, after the grant frames */
#define GUEST_DT_MAX 0x10000

#define IMAGE_MAGIC 0x644d5241 /* "ARM\x64" at 0x38 */

static void clean_to_poc(const void *p, uint64_t len)
{
	for (uint64_t a = (uint64_t)p & ~63ULL; a < (uint64_t)p + len; a += 64)
		__asm__ __volatile__("dc cvac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

static int kernel_fail(struct domain *d, const char *why)
{
	printk("larch: domain %u (%s): kernel: %s\n", d->domid, d->name, why);
	return -XEN_EINVAL;
}

/* Linux arm64 boot protocol: the Image at a 2 MiB-aligned base plus its
 * text_offset, x0 = the DT's address, x1-x3 = 0, MMU and D-cache off,
 * EL1h with DAIF masked. */
int arch_domain_load_kernel(struct domain *d, const struct domain_config *cfg)
{
	const uint8_t *img = (const uint8_t *)cfg->kernel.addr;
	uint64_t len = cfg->kernel.size;
	if (d->mem_size < 16 * HV_AREA_SIZE)
		return kernel_fail(d, "needs at least 32 MiB of memory");
	uint64_t ram = d->mem_size - HV_AREA_SIZE;
	d->arch.hv_area = d->guest_base + ram;
	char why[128];
	/* gzip's magic: a vmlinuz that still needs zcat */
	if (len >= 2 && img[0] == 0x1f && img[1] == 0x8b) {
		snprintk(why, sizeof(why),
			 "0x%llx+0x%llx is gzip-compressed, not an Image "
			 "(stage its zcat output)",
			 (unsigned long long)cfg->kernel.addr,
			 (unsigned long long)len);
		return kernel_fail(d, why);
	}
	if (len < 64 || *(const uint32_t *)(img + 0x38) != IMAGE_MAGIC)
		return kernel_fail(d, "not an arm64 Image (no ARM\\x64 magic)");
	uint64_t text_offset = *(const uint64_t *)(img + 0x08);
	uint64_t image_size = *(const uint64_t *)(img + 0x10);
	if (image_size == 0) { /* before Linux 3.17 */
		text_offset = 0x80000;
		image_size = len;
	}
	if (image_size < len) {
		/* the header's size covers the file plus its bss */
		snprintk(why, sizeof(why),
			 "0x%llx+0x%llx is larger than the Image header's "
			 "image size 0x%llx",
			 (unsigned long long)cfg->kernel.addr,
			 (unsigned long long)len,
			 (unsigned long long)image_size);
		return kernel_fail(d, why);
	}
	if (text_offset >= ram || image_size > ram - text_offset ||
	    (text_offset & 4095))
		return kernel_fail(d, "Image does not fit the domain's RAM");
	uint64_t initrd = 0;
	if (cfg->initrd.size) {
		/* below the hv_area, page aligned, above the kernel */
		initrd = (ram - cfg->initrd.size) & ~4095ULL;
		if (cfg->initrd.size > ram || initrd < text_offset + image_size)
			return kernel_fail(d, "initrd does not fit beside it");
		memcpy(d->host_base + initrd, (const void *)cfg->initrd.addr,
		       cfg->initrd.size);
		clean_to_poc(d->host_base + initrd, cfg->initrd.size);
		initrd += d->guest_base;
	}
	if (s2_build(&d->arch, d->domid + 1u, d->guest_base,
		     (uint64_t)d->host_base, d->mem_size))
		return -XEN_EINVAL;
	memcpy(d->host_base + text_offset, img, len);
	clean_to_poc(d->host_base + text_offset, len);
	void *dt = d->host_base + ram + GUEST_DT_OFF;
	if (guest_dt_build(dt, GUEST_DT_MAX, d, cfg, ram, initrd))
		return kernel_fail(d, "guest device tree does not fit");
	clean_to_poc(dt, GUEST_DT_MAX);

	for (unsigned i = 0; i < d->nr_vcpus; i++)
		d->vcpus[i].arch.kernel = true;
	d->guest_va = true;
	struct vcpu *v = &d->vcpus[0];
	arch_vcpu_set_entry(v, d->guest_base + text_offset, 0,
			    d->arch.hv_area + GUEST_DT_OFF);
	vpl011_input_init(d);
	/* its virtual timer goes to whichever vCPU runs (a config may say
	 * so too: irq@27 per-cpu) */
	irq_route_percpu(PPI_VTIMER);
	return 0;
}

/* Xen's arm shared_info: one 48-byte vcpu_info (XEN_LEGACY_MAX_VCPUS is 1
 * on arm), then the pending and mask bitmaps. */
#define XEN_ARM_EVTCHN_PENDING 48
#define XEN_ARM_EVTCHN_MASK    (48 + 512)

bool arch_xen_guest_info(const struct domain *d, struct xen_guest_info *g)
{
	if (!d->vcpus[0].arch.kernel)
		return false;
	g->features = 1u << XENFEAT_writable_page_tables |
		      1u << XENFEAT_auto_translated_physmap |
		      1u << XENFEAT_supervisor_mode_kernel |
		      1u << XENFEAT_hvm_callback_vector |
		      1u << XENFEAT_not_direct_mapped;
	g->gnt_gpfn = d->arch.hv_area >> 12;
	g->gnt_frames = GUEST_GNT_FRAMES;
	g->shared_info_end = d->arch.hv_area;
	g->evtchn_pending_off = XEN_ARM_EVTCHN_PENDING;
	g->evtchn_mask_off = XEN_ARM_EVTCHN_MASK;
	return true;
}

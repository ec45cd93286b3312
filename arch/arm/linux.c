/* Kernel (Linux) domains: an unmodified arm64 Linux booted by the Linux
 * boot protocol with a device tree larch builds, running with its own MMU
 * (no HCR_EL2.DC), FP/SIMD, PSCI over HVC #0, Xen hypercalls over
 * HVC #0xEA1 in Xen's arm ABI, and the emulated GICv3 (vgic.c) and PL011
 * (vpl011.c). Guest physical map (docs/arch-arm.md):
 *   0x08000000 GICD, 0x080a0000 GICR (0x20000 per vCPU), 0x09000000 PL011,
 *   0x40000000 RAM (memory - 2 MiB), then the hv_area (2 MiB): grant-table
 *   frames, the guest DT, larch's own shared_info page last. */
#include <string.h>
#include <libfdt.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/irq.h>
#include <larch/sched.h>
#include <larch/setup.h>
#include <larch/vcpu_irq.h>
#include <public/sched.h>
#include "arm.h"

bool arm_loaded_config;

#define HV_AREA_SIZE	 (2ULL << 20)
#define GUEST_DT_OFF	 0x10000 /* in the hv_area, after the grant frames */
#define GUEST_DT_MAX	 0x10000
#define SPSR_EL1H_MASKED 0x3c5ULL
#define SCTLR_EL1_RES1	 0x30d00800ULL

/* ---- FP/SIMD ---- */

void arm_fp_save(struct arm_fp_ctxt *c)
{
	__asm__ __volatile__(
		"stp q0, q1, [%0, #0]\n stp q2, q3, [%0, #32]\n"
		"stp q4, q5, [%0, #64]\n stp q6, q7, [%0, #96]\n"
		"stp q8, q9, [%0, #128]\n stp q10, q11, [%0, #160]\n"
		"stp q12, q13, [%0, #192]\n stp q14, q15, [%0, #224]\n"
		"stp q16, q17, [%0, #256]\n stp q18, q19, [%0, #288]\n"
		"stp q20, q21, [%0, #320]\n stp q22, q23, [%0, #352]\n"
		"stp q24, q25, [%0, #384]\n stp q26, q27, [%0, #416]\n"
		"stp q28, q29, [%0, #448]\n stp q30, q31, [%0, #480]\n"
		:
		: "r"(c->q)
		: "memory");
	c->fpsr = read_sysreg(fpsr);
	c->fpcr = read_sysreg(fpcr);
}

void arm_fp_load(const struct arm_fp_ctxt *c)
{
	__asm__ __volatile__(
		"ldp q0, q1, [%0, #0]\n ldp q2, q3, [%0, #32]\n"
		"ldp q4, q5, [%0, #64]\n ldp q6, q7, [%0, #96]\n"
		"ldp q8, q9, [%0, #128]\n ldp q10, q11, [%0, #160]\n"
		"ldp q12, q13, [%0, #192]\n ldp q14, q15, [%0, #224]\n"
		"ldp q16, q17, [%0, #256]\n ldp q18, q19, [%0, #288]\n"
		"ldp q20, q21, [%0, #320]\n ldp q22, q23, [%0, #352]\n"
		"ldp q24, q25, [%0, #384]\n ldp q26, q27, [%0, #416]\n"
		"ldp q28, q29, [%0, #448]\n ldp q30, q31, [%0, #480]\n"
		:
		: "r"(c->q)
		: "memory");
	write_sysreg(fpsr, c->fpsr);
	write_sysreg(fpcr, c->fpcr);
}

/* ---- the guest device tree ---- */

#define PH_GIC 1
#define PH_CLK 2

static int dt_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt32_t r[4] = { cpu_to_fdt32(base >> 32), cpu_to_fdt32(base),
			 cpu_to_fdt32(size >> 32), cpu_to_fdt32(size) };
	return fdt_property(fdt, "reg", r, sizeof(r));
}

static int dt_irq(void *fdt, unsigned type, unsigned nr, unsigned flags)
{
	fdt32_t r[3] = { cpu_to_fdt32(type), cpu_to_fdt32(nr),
			 cpu_to_fdt32(flags) };
	return fdt_property(fdt, "interrupts", r, sizeof(r));
}

/* Written with libfdt's sequential-write API; each call's error is ORed
 * into rc (any negative value makes the OR negative). */
static int build_dt(void *fdt, struct domain *d,
		    const struct domain_config *cfg, uint64_t ram_size,
		    uint64_t initrd)
{
	int rc = fdt_create(fdt, GUEST_DT_MAX);
	rc |= fdt_finish_reservemap(fdt);
	rc |= fdt_begin_node(fdt, "");
	rc |= fdt_property_string(fdt, "compatible", "linux,dummy-virt");
	rc |= fdt_property_u32(fdt, "#address-cells", 2);
	rc |= fdt_property_u32(fdt, "#size-cells", 2);
	rc |= fdt_property_u32(fdt, "interrupt-parent", PH_GIC);

	rc |= fdt_begin_node(fdt, "chosen");
	if (cfg->bootargs[0])
		rc |= fdt_property_string(fdt, "bootargs", cfg->bootargs);
	rc |= fdt_property_string(fdt, "stdout-path", "/pl011@9000000");
	if (cfg->initrd.size) {
		rc |= fdt_property_u64(fdt, "linux,initrd-start", initrd);
		rc |= fdt_property_u64(fdt, "linux,initrd-end",
				       initrd + cfg->initrd.size);
	}
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "memory@40000000");
	rc |= fdt_property_string(fdt, "device_type", "memory");
	rc |= dt_reg(fdt, d->guest_base, ram_size);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "cpus");
	rc |= fdt_property_u32(fdt, "#address-cells", 1);
	rc |= fdt_property_u32(fdt, "#size-cells", 0);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		char name[16];
		snprintk(name, sizeof(name), "cpu@%u", i);
		rc |= fdt_begin_node(fdt, name);
		rc |= fdt_property_string(fdt, "device_type", "cpu");
		rc |= fdt_property_string(fdt, "compatible", "arm,armv8");
		rc |= fdt_property_u32(fdt, "reg", i); /* MPIDR Aff0 */
		rc |= fdt_property_string(fdt, "enable-method", "psci");
		rc |= fdt_end_node(fdt);
	}
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "psci");
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	rc |= fdt_property(fdt, "compatible", psci_compat, sizeof(psci_compat));
	rc |= fdt_property_string(fdt, "method", "hvc");
	rc |= fdt_end_node(fdt);

	/* the four PPIs: secure and non-secure physical, virtual, hyp */
	rc |= fdt_begin_node(fdt, "timer");
	rc |= fdt_property_string(fdt, "compatible", "arm,armv8-timer");
	fdt32_t t[12];
	static const unsigned ppis[4] = { 13, 14, 11, 10 };
	for (unsigned i = 0; i < 4; i++) {
		t[3 * i] = cpu_to_fdt32(1);
		t[3 * i + 1] = cpu_to_fdt32(ppis[i]);
		t[3 * i + 2] = cpu_to_fdt32(4); /* level high */
	}
	rc |= fdt_property(fdt, "interrupts", t, sizeof(t));
	rc |= fdt_property(fdt, "always-on", NULL, 0);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "intc@8000000");
	rc |= fdt_property_string(fdt, "compatible", "arm,gic-v3");
	rc |= fdt_property_u32(fdt, "#interrupt-cells", 3);
	rc |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc |= fdt_property_u32(fdt, "#redistributor-regions", 1);
	fdt32_t g[8] = {
		0, cpu_to_fdt32(GUEST_GICD),
		0, cpu_to_fdt32(GUEST_GICD_SIZE),
		0, cpu_to_fdt32(GUEST_GICR),
		0, cpu_to_fdt32(d->nr_vcpus * GUEST_GICR_FRAME),
	};
	rc |= fdt_property(fdt, "reg", g, sizeof(g));
	rc |= fdt_property_u32(fdt, "phandle", PH_GIC);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "apb-pclk");
	rc |= fdt_property_string(fdt, "compatible", "fixed-clock");
	rc |= fdt_property_u32(fdt, "#clock-cells", 0);
	rc |= fdt_property_u32(fdt, "clock-frequency", 24000000);
	rc |= fdt_property_string(fdt, "clock-output-names", "clk24mhz");
	rc |= fdt_property_u32(fdt, "phandle", PH_CLK);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "pl011@9000000");
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	rc |= fdt_property(fdt, "compatible", uart_compat, sizeof(uart_compat));
	rc |= dt_reg(fdt, GUEST_UART, GUEST_UART_SIZE);
	rc |= dt_irq(fdt, 0, GUEST_UART_SPI, 4);
	fdt32_t clk[2] = { cpu_to_fdt32(PH_CLK), cpu_to_fdt32(PH_CLK) };
	rc |= fdt_property(fdt, "clocks", clk, sizeof(clk));
	static const char clk_names[] = "uartclk\0apb_pclk";
	rc |= fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names));
	rc |= fdt_end_node(fdt);

	/* Xen: grant-table frames at the start of the hv_area; the event
	 * upcall is PPI 15 (INTID 31), level, as Xen describes it */
	rc |= fdt_begin_node(fdt, "hypervisor");
	static const char xen_compat[] = "xen,xen-4.17\0xen,xen";
	rc |= fdt_property(fdt, "compatible", xen_compat, sizeof(xen_compat));
	rc |= dt_reg(fdt, d->arch.hv_area, GUEST_GNT_FRAMES * 4096ULL);
	rc |= dt_irq(fdt, 1, PPI_EVTCHN - 16, 0xf08);
	rc |= fdt_end_node(fdt);

	rc |= fdt_end_node(fdt);
	rc |= fdt_finish(fdt);
	return rc;
}

/* ---- boot ---- */

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
	if (len < 64 || *(const uint32_t *)(img + 0x38) != IMAGE_MAGIC)
		return kernel_fail(d, "not an arm64 Image (no ARM\\x64 magic)");
	uint64_t text_offset = *(const uint64_t *)(img + 0x08);
	uint64_t image_size = *(const uint64_t *)(img + 0x10);
	if (image_size == 0) { /* before Linux 3.17 */
		text_offset = 0x80000;
		image_size = len;
	}
	if (image_size < len || text_offset >= ram ||
	    image_size > ram - text_offset || (text_offset & 4095))
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
	if (build_dt(dt, d, cfg, ram, initrd))
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

/* Hypercall pointers: the current vCPU's stage 1 (AT S1E1R/W gives the
 * IPA; the guest's PAR_EL1 is kept). */
int arch_guest_va_to_pa(struct domain *d, uint64_t va, bool write, uint64_t *pa)
{
	struct vcpu *v = current_vcpu(arch_cpu_id());
	if (!v || v->domain != d)
		return -XEN_EFAULT;
	uint64_t saved = read_sysreg(par_el1), par;
	if (write)
		__asm__ __volatile__("at s1e1w, %0" ::"r"(va) : "memory");
	else
		__asm__ __volatile__("at s1e1r, %0" ::"r"(va) : "memory");
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & 1)
		return -XEN_EFAULT;
	*pa = (par & 0xfffffffff000ULL) | (va & 0xfff);
	return 0;
}

/* ---- PSCI 1.0 over HVC #0 ---- */

#define PSCI_VERSION	    0x84000000
#define PSCI_CPU_SUSPEND    0x84000001
#define PSCI_CPU_OFF	    0x84000002
#define PSCI_CPU_ON	    0x84000003
#define PSCI_AFFINITY_INFO  0x84000004
#define PSCI_MIGRATE_INFO   0x84000006
#define PSCI_SYSTEM_OFF	    0x84000008
#define PSCI_SYSTEM_RESET   0x84000009
#define PSCI_FEATURES	    0x8400000a
#define PSCI_SMC64	    0x40000000
#define SMCCC_VERSION	    0x80000000
#define PSCI_SUCCESS	    0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_ALREADY_ON	    (-4)

static struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
	if ((mpidr & 0xff00ffff00ULL) || (mpidr & 0xff) >= d->nr_vcpus)
		return NULL;
	return &d->vcpus[mpidr & 0xff];
}

static int64_t psci_cpu_on(struct vcpu *v, uint64_t mpidr, uint64_t entry,
			   uint64_t ctx)
{
	struct vcpu *t = vcpu_by_mpidr(v->domain, mpidr);
	if (!t)
		return PSCI_INVALID_PARAMS;
	if (t->run_state != VCPU_DOWN)
		return PSCI_ALREADY_ON;
	if (arch_vcpu_set_entry(t, entry, 0, ctx))
		return -9;		    /* INVALID_ADDRESS */
	t->arch.el1.sctlr = SCTLR_EL1_RES1; /* MMU and caches off */
	t->initialised = true;
	sched_add_vcpu(t);
	return PSCI_SUCCESS;
}

/* A privileged kernel domain that went down (PSCI SYSTEM_OFF/RESET, Xen's
 * SCHEDOP_shutdown, which Linux prefers, or a fault) ends the machine:
 * exit 0 unless some domain crashed. Other domains' shutdowns end only
 * themselves. Called after every trap of a kernel domain. */
void arm_kernel_domain_check_down(struct domain *d)
{
	if (d->privileged && d->state == DOM_SHUTDOWN) {
		int code = domains_exit_code();
		printk("larch: domain %u ends the machine, exit %d\n", d->domid,
		       code);
		arch_machine_exit(code);
	}
}

void arm_psci(struct vcpu *v, struct cpu_user_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	uint64_t a1 = r->x[1], a2 = r->x[2], a3 = r->x[3];
	if (!(fid & PSCI_SMC64)) { /* SMC32 calls: 32-bit arguments */
		a1 = (uint32_t)a1;
		a2 = (uint32_t)a2;
		a3 = (uint32_t)a3;
	}
	int64_t ret = PSCI_NOT_SUPPORTED;
	switch (fid & ~PSCI_SMC64) {
	case PSCI_VERSION:
		ret = 0x10000; /* 1.0 */
		break;
	case PSCI_CPU_SUSPEND: /* standby, as a WFI: any interrupt wakes */
		r->x[0] = PSCI_SUCCESS;
		vcpu_sleep(v);
		return;
	case PSCI_CPU_OFF:
		sched_remove_vcpu(v);
		return;
	case PSCI_CPU_ON:
		ret = psci_cpu_on(v, a1, a2, a3);
		break;
	case PSCI_AFFINITY_INFO: {
		struct vcpu *t = vcpu_by_mpidr(v->domain, a1);
		ret = !t || a2 ? PSCI_INVALID_PARAMS
			       : t->run_state == VCPU_DOWN; /* 1: OFF */
		break;
	}
	case PSCI_MIGRATE_INFO:
		ret = 2; /* no trusted OS: nothing to migrate */
		break;
	case PSCI_SYSTEM_OFF:
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
		return;
	case PSCI_SYSTEM_RESET:
		domain_shutdown(v->domain, SHUTDOWN_reboot);
		return;
	case PSCI_FEATURES:
		switch ((uint32_t)a1 & ~PSCI_SMC64) {
		case PSCI_VERSION:
		case PSCI_CPU_OFF:
		case PSCI_CPU_ON:
		case PSCI_AFFINITY_INFO:
		case PSCI_MIGRATE_INFO:
		case PSCI_SYSTEM_OFF:
		case PSCI_SYSTEM_RESET:
		case PSCI_FEATURES:
			ret = 0;
			break;
		}
		break;
	}
	/* anything else, SMCCC_VERSION and ARCH_FEATURES included: Linux
	 * reads NOT_SUPPORTED as "SMCCC 1.0, no firmware workarounds" */
	r->x[0] = (uint64_t)ret;
}

/* ---- Xen hypercalls of the arm ABI ---- */

#define __HYPERVISOR_memory_op		12
#define __HYPERVISOR_grant_table_op	20
#define __HYPERVISOR_hvm_op		34
#define XENVER_get_features		6
#define XENMEM_add_to_physmap		7
#define XENMAPSPACE_shared_info		0
#define XENMAPSPACE_grant_table		1
#define GNTTABOP_query_size		6
#define HVMOP_get_param			1
#define XENFEAT_writable_page_tables	0
#define XENFEAT_auto_translated_physmap 2
#define XENFEAT_supervisor_mode_kernel	3
#define XENFEAT_hvm_callback_vector	8
#define XENFEAT_not_direct_mapped	17

/* Xen's arm shared_info: one 48-byte vcpu_info (XEN_LEGACY_MAX_VCPUS is 1
 * on arm), then the pending and mask bitmaps. */
#define XEN_ARM_EVTCHN_PENDING 48
#define XEN_ARM_EVTCHN_MASK    (48 + 512)

struct xen_add_to_physmap {
	uint16_t domid, size;
	uint32_t space;
	uint64_t idx, gpfn;
};

struct gnttab_query_size {
	uint16_t dom;
	uint32_t nr_frames, max_nr_frames;
	int16_t status;
};

struct xen_hvm_param {
	uint16_t domid;
	uint32_t index;
	uint64_t value;
};

/* The guest names the page where it wants its shared_info. larch keeps the
 * page in the guest's own RAM (no stage-2 change): from now on the event
 * bitmaps are the guest's page, at Xen's arm offsets, and vCPU 0's
 * vcpu_info its first bytes (until it registers one). */
static long map_shared_info(struct domain *d, uint64_t gpfn)
{
	uint8_t *page =
		gpfn < (1ULL << 36) ? guest_mem_ptr(d, gpfn << 12, 4096) : NULL;
	if (!page || (gpfn << 12) >= d->arch.hv_area)
		return -XEN_EINVAL;
	xen_ulong_t *pend = (xen_ulong_t *)(page + XEN_ARM_EVTCHN_PENDING);
	xen_ulong_t *mask = (xen_ulong_t *)(page + XEN_ARM_EVTCHN_MASK);
	struct vcpu_info *vi = (struct vcpu_info *)page;
	spin_lock(&d->evtchn_lock);
	if (d->evtchn_pending != pend) {
		memcpy(pend, d->evtchn_pending, 64 * sizeof(xen_ulong_t));
		memcpy(mask, d->evtchn_mask, 64 * sizeof(xen_ulong_t));
		vi->evtchn_upcall_pending =
			d->vcpus[0].vcpu_info->evtchn_upcall_pending;
		vi->evtchn_pending_sel =
			d->vcpus[0].vcpu_info->evtchn_pending_sel;
		d->evtchn_pending = pend;
		d->evtchn_mask = mask;
		d->vcpus[0].vcpu_info = vi;
	}
	spin_unlock(&d->evtchn_lock);
	return 0;
}

static long memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
	struct domain *d = v->domain;
	struct xen_add_to_physmap x;
	if (cmd != XENMEM_add_to_physmap)
		return -XEN_ENOSYS;
	if (copy_from_guest(d, &x, arg, sizeof(x)))
		return -XEN_EFAULT;
	if (x.domid != DOMID_SELF && x.domid != d->domid)
		return -XEN_EPERM;
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		return x.idx ? -XEN_EINVAL : map_shared_info(d, x.gpfn);
	case XENMAPSPACE_grant_table:
		/* The frames are already there (the hv_area's start): only
		 * the place the DT advertised is accepted. */
		if (x.idx >= GUEST_GNT_FRAMES ||
		    x.gpfn != (d->arch.hv_area >> 12) + x.idx)
			return -XEN_EINVAL;
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}

static long grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t arg,
			   uint64_t count)
{
	struct gnttab_query_size q;
	if (cmd != GNTTABOP_query_size || count != 1)
		return -XEN_ENOSYS;
	if (copy_from_guest(v->domain, &q, arg, sizeof(q)))
		return -XEN_EFAULT;
	q.nr_frames = 1;
	q.max_nr_frames = GUEST_GNT_FRAMES;
	q.status = 0;
	return copy_to_guest(v->domain, arg, &q, sizeof(q));
}

long arm_xen_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	const uint64_t *a = h->a;
	switch (h->nr) {
	case __HYPERVISOR_xen_version:
		if (a[0] == XENVER_get_features) {
			uint32_t f[2];
			if (copy_from_guest(v->domain, f, a[1], sizeof(f)))
				return -XEN_EFAULT;
			f[1] = f[0] ? 0
				    : (1u << XENFEAT_writable_page_tables) |
					       (1u
						<< XENFEAT_auto_translated_physmap) |
					       (1u
						<< XENFEAT_supervisor_mode_kernel) |
					       (1u
						<< XENFEAT_hvm_callback_vector) |
					       (1u
						<< XENFEAT_not_direct_mapped);
			return copy_to_guest(v->domain, a[1], f, sizeof(f));
		}
		return -XEN_ENOSYS;
	case __HYPERVISOR_memory_op:
		return memory_op(v, a[0], a[1]);
	case __HYPERVISOR_grant_table_op:
		return grant_table_op(v, a[0], a[1], a[2]);
	case __HYPERVISOR_hvm_op:
		if (a[0] == HVMOP_get_param) {
			/* no parameters (no xenstore, no PV console): 0, as
			 * Xen answers for one never set */
			struct xen_hvm_param p;
			if (copy_from_guest(v->domain, &p, a[1], sizeof(p)))
				return -XEN_EFAULT;
			p.value = 0;
			return copy_to_guest(v->domain, a[1], &p, sizeof(p));
		}
		return -XEN_ENOSYS;
	default:
		return -XEN_ENOSYS;
	}
}

/* ---- trapped system registers ---- */

/* ID registers (HCR_EL2.TID3): op0 3, op1 0, CRn 0, CRm 1-7. Read the real
 * one and hide what kernel domains do not get: SVE, SME, MTE, pointer
 * authentication, AMU, MPAM (their state is not switched, or their
 * registers trap). */
#define ID_CASE(crm, op2)                                                      \
	case (crm) << 3 | (op2):                                               \
		return read_sysreg(S3_0_C0_C##crm##_##op2)
#define ID_ROW(crm)                                                            \
	ID_CASE(crm, 0);                                                       \
	ID_CASE(crm, 1);                                                       \
	ID_CASE(crm, 2);                                                       \
	ID_CASE(crm, 3);                                                       \
	ID_CASE(crm, 4);                                                       \
	ID_CASE(crm, 5);                                                       \
	ID_CASE(crm, 6);                                                       \
	ID_CASE(crm, 7)

static uint64_t id_reg_raw(unsigned crm, unsigned op2)
{
	switch (crm << 3 | op2) {
		ID_ROW(1);
		ID_ROW(2);
		ID_ROW(3);
		ID_ROW(4);
		ID_ROW(5);
		ID_ROW(6);
		ID_ROW(7);
	}
	return 0;
}

static uint64_t field_clear(uint64_t v, unsigned shift)
{
	return v & ~(0xfULL << shift);
}

static uint64_t id_reg(unsigned crm, unsigned op2)
{
	uint64_t v = id_reg_raw(crm, op2);
	switch (crm << 3 | op2) {
	case 4 << 3 | 0: /* ID_AA64PFR0: SVE, MPAM, AMU */
		return field_clear(field_clear(field_clear(v, 32), 40), 44);
	case 4 << 3 | 1: /* ID_AA64PFR1: MTE, MPAM_frac, SME, NMI, GCS */
		v = field_clear(field_clear(v, 8), 16);
		return field_clear(field_clear(field_clear(v, 24), 36), 44);
	case 4 << 3 | 4: /* ID_AA64ZFR0 */
	case 4 << 3 | 5: /* ID_AA64SMFR0 */
		return 0;
	case 6 << 3 | 1: /* ID_AA64ISAR1: APA, API, GPA, GPI */
		v = field_clear(field_clear(v, 4), 8);
		return field_clear(field_clear(v, 24), 28);
	case 6 << 3 | 2: /* ID_AA64ISAR2: WFxT (WFI is all), GPA3, APA3 */
		return field_clear(field_clear(field_clear(v, 0), 8), 12);
	default:
		return v;
	}
}

#define SYSREG(op0, op1, crn, crm, op2)                                        \
	((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* A kernel domain's trapped MSR/MRS. True: emulated (the PC moves on). */
bool arm_sysreg(struct vcpu *v, struct cpu_user_regs *r, uint64_t esr)
{
	unsigned op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7,
		 op1 = (esr >> 14) & 7, crn = (esr >> 10) & 15,
		 rt = (esr >> 5) & 31, crm = (esr >> 1) & 15;
	bool read = esr & 1;
	uint64_t val = rt == 31 ? 0 : r->x[rt];
	unsigned enc = SYSREG(op0, op1, crn, crm, op2);
	static unsigned reported;
	if (enc == SYSREG(3, 0, 12, 11, 5) && !read) { /* ICC_SGI1R_EL1 */
		vgic_sgi(v, val);
	} else if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && read) {
		val = id_reg(crm, op2);
	} else {
		/* RAZ/WI, reported a few times: SGI0R/ASGI1R, the physical
		 * timer (CNTHCTL_EL2 traps it; Linux uses the virtual one) */
		if (reported < 8) {
			reported++;
			printk("larch: domain %u vCPU %u: %s S%u_%u_C%u_C%u_%u "
			       "at PC 0x%llx: RAZ/WI\n",
			       v->domain->domid, v->vcpu_id,
			       read ? "read of" : "write to", op0, op1, crn,
			       crm, op2, (unsigned long long)r->elr);
		}
		val = 0;
	}
	if (read && rt != 31)
		r->x[rt] = val;
	r->elr += 4;
	return true;
}

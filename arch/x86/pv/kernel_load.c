/* A Xen PV kernel becomes a larch domain: its ELF notes read, Xen's layout
 * built in the domain's memory (dom_build.c), the initial page tables typed
 * and pinned by the frame table, vCPU 0 entered on them with events masked.
 * The kernel is a built-in image (larch's PV test kernel) or one staged by
 * the user (config "kernel"/"initrd"). */
#include <string.h>
#include <larch/setup.h>
#include <larch/console.h>
#include <larch/evtchn.h>
#include <larch/xen_guest.h>
#include <public/features.h>
#include <larch/vcpu_irq.h>
#include "../x86.h"
#include "dom_build.h"
#include <arch/pv_mm.h>

static int pv_fail(const struct domain_config *cfg, const char *prop,
		   const char *why, const char *what)
{
	config_error(cfg, prop, "%s%s%s%s", why, what && *what ? " '" : "",
		     what && *what ? what : "", what && *what ? "'" : "");
	return -XEN_EINVAL;
}

/* static: -fpie takes a global function's address through a GOT, which a
 * static link at larch's address cannot relax */
static void install_hv_slots(uint64_t *l4)
{
	x86_install_hv_slots(l4);
}

/* Grant-table frames of a PV kernel (Linux asks for at least one). */
#define PV_GNT_FRAMES 4

bool x86_is_elf(const void *img, uint64_t len)
{
	return len >= 4 && !memcmp(img, "\177ELF", 4);
}

int x86_pv_kernel_load(struct domain *d, const struct domain_config *cfg,
		       const void *kernel, uint64_t len, const void *initrd,
		       uint64_t initrd_len, const char *prop)
{
	static struct pv_elf_info info;
	static struct pv_build_res res;
	if (pv_elf_parse(kernel, len, LARCH_PV_FEATURES, &info))
		return pv_fail(cfg, prop, info.why, info.what);
	/* the last page is shared_info, the PV_GNT_FRAMES below it the grant
	 * table: the domain's frames, outside its p2m */
	struct pv_build_req req = {
		.mem_maddr = __pa(d->host_base),
		.mem_size = d->mem_size - 4096 * (1 + PV_GNT_FRAMES),
		.mem_host = d->host_base,
		.kernel = &info,
		.initrd = initrd,
		.initrd_len = initrd_len,
		/* a staged kernel's "bootargs", a built-in one's "args" */
		.cmdline = cfg->bootargs[0] ? cfg->bootargs
			   : cfg->args[0]   ? cfg->args
					    : NULL,
		.shared_info_maddr = __pa(d->shared_info),
		.install_hv_slots = install_hv_slots,
	};
	/* Its console ring's channel (the other end is larch), named in
	 * start_info; no xenstore: store_evtchn stays 0 (docs/arch-x86.md) */
	long cons_port = evtchn_bind_hypervisor(d, EVTCHN_SERVICE_CONSOLE, 0);
	if (cons_port < 0)
		return pv_fail(cfg, prop, "no port for its console", NULL);
	req.console_evtchn = (uint32_t)cons_port;
	if (pv_build(&req, &res)) {
		evtchn_close(d, (evtchn_port_t)cons_port);
		return pv_fail(cfg, prop, res.why, NULL);
	}
	xen_console_attach(
		d,
		(struct xencons_interface *)(d->host_base +
					     res.console_pfn * PV_PAGE),
		(evtchn_port_t)cons_port);
	uint64_t l4 = res.cr3 >> 12;
	struct vcpu *v = &d->vcpus[0];
	d->arch.pv = true;
	d->guest_va = true;
	for (unsigned i = 0; i < MAX_VCPUS_PER_DOMAIN; i++) {
		d->vcpus[i].arch.pv = true;
		d->vcpus[i].arch.hypercall_rip_limit = 0;
		/* its own FS (0 until it sets one): libfdt, which reads the
		 * canary at %fs:0x28, runs only at boot */
		d->vcpus[i].arch.fs_base = 0;
	}
	/* Xen pins the initial L4; vCPU 0's baseptr holds it too */
	if (pin_table(l4, 4, d->domid) ||
	    get_page_and_type(l4, PGT_L4, d->domid))
		return pv_fail(cfg, prop,
			       "its initial page tables do not validate", NULL);
	x86_pv_mm(v)->baseptr = l4;
	v->arch.cr3 = res.cr3;
	struct cpu_user_regs *r = &v->arch.regs;
	r->rip = res.rip;
	r->rsp = res.rsp;
	r->rsi = res.rsi;
	vcpu_irq_mask(v);
	return 0;
}

/* What a PV kernel is told of Xen's ABI (common/xen_version.c and its
 * siblings): Xen's feature map for 64-bit PV guests (PRESERVE_AD updates,
 * the highmem assist, grant-map available bits; Linux requires the last).
 * Its shared_info is the machine frame start_info names, in Xen's x86
 * layout; its grant-table frames the PV_GNT_FRAMES below it. */
bool arch_xen_guest_info(const struct domain *d, struct xen_guest_info *g)
{
	if (!d->arch.pv)
		return false;
	*g = (struct xen_guest_info){
		.features = 1u << XENFEAT_mmu_pt_update_preserve_ad |
			    1u << XENFEAT_highmem_assist |
			    1u << XENFEAT_gnttab_map_avail_bits,
		.evtchn_pending_off =
			offsetof(struct shared_info, evtchn_pending),
		.evtchn_mask_off = offsetof(struct shared_info, evtchn_mask),
		.frame_gaddr_offset = d->guest_base - __pa(d->host_base),
		/* machine frames, as a PV kernel names frames */
		.gnt_gpfn = (__pa(d->host_base) + d->mem_size) / 4096 - 1 -
			    PV_GNT_FRAMES,
		.gnt_frames = PV_GNT_FRAMES,
	};
	return true;
}

/* A PV kernel's GDT (Xen's set_gdt and update_descriptor): up to 14
 * frames of its own memory, typed as descriptor pages by the frame table
 * (every descriptor checked: code and data raised to DPL 3, no system
 * descriptors), shown in the pCPU's GDT window while its vCPU runs
 * (arch/x86/gdt.c). vCPUs are pinned to their pCPU, so a window shows only
 * the frames of a vCPU that still holds them typed. */
#include <larch/hypercall.h>
#include <arch/pv_vcpu.h>
#include "../x86.h"

static void load_gdt(unsigned cpu, struct vcpu *v)
{
	const struct pv_vcpu *pv = x86_pv(v);
	x86_gdt_window_map(cpu, pv->gdt_frames, pv->gdt_nr);
}

void x86_pv_load_frame(unsigned cpu, struct vcpu *v)
{
	load_gdt(cpu, v);
	x86_pv_fpu_load(cpu, v);
	x86_load_frame(cpu, v);
}

/* t's GDT becomes mfns[0..nr) (each typed as a descriptor page, all or
 * none); the frames it had are released. Caller holds d's mm_lock. */
long x86_pv_gdt_install(struct vcpu *t, const uint64_t *mfns, unsigned nr)
{
	struct pv_vcpu *pv = x86_pv(t);
	long rc = 0;
	unsigned i;
	for (i = 0; i < nr && !rc; i++)
		rc = get_page_and_type(mfns[i], PGT_SEG_DESC, t->domain->domid);
	if (rc) { /* nothing taken stays taken */
		for (unsigned j = 0; j + 1 < i; j++)
			put_page_and_type(mfns[j]);
		return rc;
	}
	for (unsigned j = 0; j < pv->gdt_nr; j++)
		put_page_and_type(pv->gdt_frames[j]);
	for (unsigned j = 0; j < nr; j++)
		pv->gdt_frames[j] = mfns[j];
	pv->gdt_nr = nr;
	return 0;
}

static long set_gdt(struct vcpu *v, uint64_t list, uint64_t entries)
{
	struct domain *d = v->domain;
	uint64_t mfns[PV_GDT_MAX_FRAMES];
	if (entries > PV_GDT_MAX_ENTRIES)
		return -XEN_EINVAL;
	unsigned nr = (unsigned)((entries + 511) / 512);
	if (nr && copy_from_guest(d, mfns, list, nr * sizeof(mfns[0])))
		return -XEN_EFAULT;
	x86_mm_lock(d);
	long rc = x86_pv_gdt_install(v, mfns, nr);
	if (!rc)
		load_gdt(x86_cpu_id(), v);
	x86_mm_unlock(v);
	return rc;
}

/* One descriptor at machine address ma, checked as set_gdt checks it; the
 * frame takes the descriptor type meanwhile (validating it whole if it had
 * none), as Xen does. */
static long update_descriptor(struct vcpu *v, uint64_t ma, uint64_t desc)
{
	struct domain *d = v->domain;
	if ((ma & 7) || check_descriptor(&desc))
		return -XEN_EINVAL;
	x86_mm_lock(d);
	long rc = get_page_and_type(ma >> 12, PGT_SEG_DESC, d->domid);
	if (!rc) {
		frame_table.map(ma >> 12)[(ma & 0xfff) >> 3] = desc;
		put_page_and_type(ma >> 12);
	}
	x86_mm_unlock(v);
	return rc;
}

long x86_pv_descriptor_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	if (h->nr == __HYPERVISOR_set_gdt)
		return set_gdt(v, h->a[0], h->a[1]);
	return update_descriptor(v, h->a[0], h->a[1]);
}

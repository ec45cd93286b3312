/* Host tests: the Xen ABI of kernel domains in common/ (xen_version
 * features, memory_op, grant_table_op, hvm_op), good and bad arguments,
 * through the real hypercall path with the fake arch's answers. */
#include "common_util.h"
#include <public/features.h>
#include <public/grant_table.h>
#include <public/hvm_op.h>
#include <public/memory.h>

/* The fake domain's 64 KiB at GUEST_BASE: the last two pages are its
 * grant-table frames, shared_info must lie below them. Xen's arm offsets. */
static const struct xen_guest_info info = {
	.features = 0x20105,
	.gnt_gpfn = (GUEST_BASE + 0xe000) >> 12,
	.gnt_frames = 2,
	.shared_info_end = GUEST_BASE + 0xe000,
	.evtchn_pending_off = 48,
	.evtchn_mask_off = 48 + 512,
};

static struct vcpu *kernel_dom(struct domain **d)
{
	fake_reset(1);
	fake.xen_guest = &info;
	*d = fake_domain(0, 1, 0, 0);
	return &(*d)->vcpus[0];
}

static const uint64_t outside = GUEST_BASE + 0x10000; /* past its memory */

static void other_domains_get_enosys(void)
{
	fake_reset(1);
	struct domain *d = fake_domain(0, 1, 0, 0);
	struct vcpu *v = &d->vcpus[0];
	struct xen_add_to_physmap x = { DOMID_SELF, 0, XENMAPSPACE_shared_info,
					0, GUEST_BASE >> 12 };
	memcpy(gptr(d, 0x100), &x, sizeof(x));
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_get_features,
			gaddr(0x100), 0),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			gaddr(0x100), 0),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_grant_table_op, GNTTABOP_query_size,
			gaddr(0x100), 1),
		  -XEN_ENOSYS);
	EXPECT_EQ(
		hcall(v, __HYPERVISOR_hvm_op, HVMOP_get_param, gaddr(0x100), 0),
		-XEN_ENOSYS);
	EXPECT(d->evtchn_pending == d->shared_info->evtchn_pending);
	EXPECT(memcmp(gptr(d, 0x100), &x, sizeof(x)) == 0);
}

static void get_features(void)
{
	struct domain *d;
	struct vcpu *v = kernel_dom(&d);
	struct xen_feature_info f = { 0, 0xdead };
	memcpy(gptr(d, 0x100), &f, sizeof(f));
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_get_features,
			gaddr(0x100), 0),
		  0);
	memcpy(&f, gptr(d, 0x100), sizeof(f));
	EXPECT_EQ(f.submap, info.features);
	f = (struct xen_feature_info){ 1, 0xdead }; /* no bits beyond 31 */
	memcpy(gptr(d, 0x100), &f, sizeof(f));
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_get_features,
			gaddr(0x100), 0),
		  0);
	memcpy(&f, gptr(d, 0x100), sizeof(f));
	EXPECT_EQ(f.submap, 0);
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_get_features,
			outside - 4, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_get_features, 0, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, 99, gaddr(0x100), 0),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_version, 0, 0),
		  0x00010000);
}

static long physmap(struct vcpu *v, domid_t dom, uint32_t space, uint64_t idx,
		    uint64_t gpfn)
{
	struct xen_add_to_physmap x = { dom, 0, space, idx, gpfn };
	memcpy(gptr(v->domain, 0x100), &x, sizeof(x));
	return hcall(v, __HYPERVISOR_memory_op, XENMEM_add_to_physmap,
		     gaddr(0x100), 0);
}

/* What was pending moves with the bitmaps; later events flag the page. */
static void shared_info_moves_events(void)
{
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	fake_reset(1);
	fake.xen_guest = &info;
	two_doms_bound(&a, &b, &pa, &pb);
	struct vcpu *v = &b->vcpus[0];
	EXPECT_EQ(evtchn_send(&a->vcpus[0], pa), 0);
	uint64_t gpfn = (GUEST_BASE + 0x3000) >> 12;
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_shared_info, 0, gpfn), 0);
	uint8_t *page = gptr(b, 0x3000);
	xen_ulong_t *pend = (xen_ulong_t *)(page + 48);
	EXPECT(b->evtchn_pending == pend);
	EXPECT(b->evtchn_mask == (xen_ulong_t *)(page + 560));
	EXPECT(v->vcpu_info == (struct vcpu_info *)page);
	EXPECT(test_bit(pb, pend));
	EXPECT_EQ(v->vcpu_info->evtchn_upcall_pending, 1);
	EXPECT_EQ(v->vcpu_info->evtchn_pending_sel, 1ULL << (pb / 64));
	/* again, by its own domid: nothing to move */
	EXPECT_EQ(physmap(v, 1, XENMAPSPACE_shared_info, 0, gpfn), 0);
	EXPECT(b->evtchn_pending == pend);
}

static void shared_info_bad_arguments(void)
{
	struct domain *d;
	struct vcpu *v = kernel_dom(&d);
	uint64_t ok = (GUEST_BASE + 0x3000) >> 12;
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_shared_info, 1, ok),
		  -XEN_EINVAL);
	EXPECT_EQ(physmap(v, 5, XENMAPSPACE_shared_info, 0, ok), -XEN_EPERM);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_shared_info, 0,
			  info.shared_info_end >> 12),
		  -XEN_EINVAL); /* where the arch keeps its own pages */
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_shared_info, 0,
			  outside >> 12),
		  -XEN_EINVAL);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_shared_info, 0,
			  (GUEST_BASE >> 12) - 1),
		  -XEN_EINVAL);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_shared_info, 0,
			  (1ULL << 52) + (GUEST_BASE >> 12)),
		  -XEN_EINVAL); /* would wrap to a good page when shifted */
	EXPECT_EQ(physmap(v, DOMID_SELF, 9, 0, ok), -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			outside - 8, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_memory_op, 99, gaddr(0x100), 0),
		  -XEN_ENOSYS);
	EXPECT(d->evtchn_pending == d->shared_info->evtchn_pending);
	EXPECT(v->vcpu_info == &d->shared_info->vcpu_info[0]);
}

static void grant_frames_only_where_advertised(void)
{
	struct domain *d;
	struct vcpu *v = kernel_dom(&d);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_grant_table, 0,
			  info.gnt_gpfn),
		  0);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_grant_table, 1,
			  info.gnt_gpfn + 1),
		  0);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_grant_table, 2,
			  info.gnt_gpfn + 2),
		  -XEN_EINVAL);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_grant_table, 0,
			  info.gnt_gpfn + 1),
		  -XEN_EINVAL);
	EXPECT_EQ(physmap(v, DOMID_SELF, XENMAPSPACE_grant_table, ~0ULL,
			  info.gnt_gpfn - 1),
		  -XEN_EINVAL);
}

static void grant_query_size(void)
{
	struct domain *d;
	struct vcpu *v = kernel_dom(&d);
	struct gnttab_query_size q = { DOMID_SELF, 7, 7, -5 };
	memcpy(gptr(d, 0x100), &q, sizeof(q));
	EXPECT_EQ(hcall(v, __HYPERVISOR_grant_table_op, GNTTABOP_query_size,
			gaddr(0x100), 1),
		  0);
	memcpy(&q, gptr(d, 0x100), sizeof(q));
	EXPECT_EQ(q.nr_frames, 1);
	EXPECT_EQ(q.max_nr_frames, info.gnt_frames);
	EXPECT_EQ(q.status, GNTST_okay);
	EXPECT_EQ(hcall(v, __HYPERVISOR_grant_table_op, GNTTABOP_query_size,
			gaddr(0x100), 2),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_grant_table_op, GNTTABOP_query_size,
			outside - 8, 1),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_grant_table_op, 99, gaddr(0x100), 1),
		  -XEN_ENOSYS);
}

static long setup(struct vcpu *v, domid_t dom, uint32_t n, uint64_t list,
		  struct gnttab_setup_table *out)
{
	struct gnttab_setup_table s = { dom, n, 99, list };
	memcpy(gptr(v->domain, 0x100), &s, sizeof(s));
	long rc = hcall(v, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
			gaddr(0x100), 1);
	memcpy(out, gptr(v->domain, 0x100), sizeof(*out));
	return rc;
}

static void grant_setup_table(void)
{
	struct domain *d;
	struct vcpu *v = kernel_dom(&d);
	struct gnttab_setup_table s;
	uint64_t *list = gptr(d, 0x200);
	list[0] = list[1] = list[2] = 0;
	EXPECT_EQ(setup(v, DOMID_SELF, 2, gaddr(0x200), &s), 0);
	EXPECT_EQ(s.status, GNTST_okay);
	EXPECT_EQ(list[0], info.gnt_gpfn);
	EXPECT_EQ(list[1], info.gnt_gpfn + 1);
	EXPECT_EQ(list[2], 0);
	/* refusals in status, the list untouched */
	list[0] = list[1] = 0;
	EXPECT_EQ(setup(v, DOMID_SELF, 3, gaddr(0x200), &s), 0);
	EXPECT_EQ(s.status, GNTST_general_error);
	EXPECT_EQ(setup(v, 3, 1, gaddr(0x200), &s), 0);
	EXPECT_EQ(s.status, GNTST_bad_domain);
	EXPECT_EQ(list[0], 0);
	/* bad pointers fail the call */
	EXPECT_EQ(setup(v, DOMID_SELF, 2, outside - 8, &s), -XEN_EFAULT);
	EXPECT_EQ(setup(v, DOMID_SELF, 1, 0, &s), -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
			outside, 1),
		  -XEN_EFAULT);
}

static void hvm_get_param_reads_zero(void)
{
	struct domain *d;
	struct vcpu *v = kernel_dom(&d);
	struct xen_hvm_param p = { DOMID_SELF, 1, 0xdeadbeef };
	memcpy(gptr(d, 0x100), &p, sizeof(p));
	EXPECT_EQ(
		hcall(v, __HYPERVISOR_hvm_op, HVMOP_get_param, gaddr(0x100), 0),
		0);
	memcpy(&p, gptr(d, 0x100), sizeof(p));
	EXPECT_EQ(p.value, 0);
	EXPECT_EQ(p.index, 1);
	EXPECT_EQ(
		hcall(v, __HYPERVISOR_hvm_op, HVMOP_get_param, outside - 8, 0),
		-XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_hvm_op, 0, gaddr(0x100), 0),
		  -XEN_ENOSYS);
}

HARNESS_DEFINE("host");

/* VCPUOP_initialise of a kernel domain goes to the arch's context reader
 * (the fake arch has none: -ENOSYS), never to larch's own entry struct,
 * whose fields would be read from the kernel's context. */
static void vcpu_initialise_is_the_archs(void)
{
	fake_reset(1);
	fake.xen_guest = &info;
	struct domain *d = fake_domain(0, 2, 0, 0);
	struct vcpu *v = &d->vcpus[0];
	uint64_t entry[3] = { 0x1000, 0x2000, 0 };
	memcpy(gptr(d, 0x100), entry, sizeof(entry));
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_initialise, 1,
			gaddr(0x100)),
		  -XEN_ENOSYS);
	EXPECT(!d->vcpus[1].initialised);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0), -XEN_EINVAL);
	fake.xen_guest = NULL; /* larch's own guest: its entry struct */
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_initialise, 1,
			gaddr(0x100)),
		  0);
	EXPECT(d->vcpus[1].initialised);
}

int main(void)
{
	RUN("xen_guest", other_domains_get_enosys);
	RUN("xen_guest", get_features);
	RUN("xen_guest", shared_info_moves_events);
	RUN("xen_guest", shared_info_bad_arguments);
	RUN("xen_guest", grant_frames_only_where_advertised);
	RUN("xen_guest", grant_query_size);
	RUN("xen_guest", grant_setup_table);
	RUN("xen_guest", hvm_get_param_reads_zero);
	RUN("xen_guest", vcpu_initialise_is_the_archs);
	return harness_failed ? 1 : 0;
}

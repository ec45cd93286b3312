/* Domains and vCPUs: creation, lookup, shutdown, and bounds-checked access
 * to guest memory. */
#include <larch/domain.h>
#include <larch/vcpu_irq.h>
#include <larch/sched.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/lifecycle.h>
#include <public/sched.h>
#include <string.h>

struct domain domains[MAX_DOMAINS];
static volatile uint32_t ending; /* the machine is being stopped */

int domain_create(const struct domain_params *p, struct domain **out)
{
	if (p->domid >= MAX_DOMAINS || p->nr_vcpus == 0 ||
	    p->nr_vcpus > MAX_VCPUS_PER_DOMAIN ||
	    p->nr_vcpus > XEN_LEGACY_MAX_VCPUS || !p->shared_info ||
	    !p->host_base || p->mem_size == 0 ||
	    p->guest_base + p->mem_size < p->guest_base)
		return -XEN_EINVAL;
	struct domain *d = &domains[p->domid];
	if (d->state != DOM_FREE)
		return -XEN_EEXIST;

	memset(d, 0, sizeof(*d));
	d->domid = p->domid;
	d->policy = p->policy;
	d->privileged = p->privileged;
	for (size_t i = 0; p->name && p->name[i] && i < sizeof(d->name) - 1;
	     i++)
		d->name[i] = p->name[i];
	d->shared_info = p->shared_info;
	d->shared_info->arch.larch_policy = p->policy;
	d->evtchn_pending = d->shared_info->evtchn_pending;
	d->evtchn_mask = d->shared_info->evtchn_mask;
	d->guest_base = p->guest_base;
	d->host_base = p->host_base;
	d->mem_size = p->mem_size;
	d->evtchn[0].state = ECS_RESERVED;
	d->nr_vcpus = p->nr_vcpus;
	for (unsigned i = 0; i < p->nr_vcpus; i++) {
		struct vcpu *v = &d->vcpus[i];
		v->vcpu_id = i;
		v->domain = d;
		v->processor = (p->first_cpu + i) % (nr_pcpus ? nr_pcpus : 1);
		v->run_state = VCPU_DOWN;
		v->vcpu_info = &d->shared_info->vcpu_info[i];
		sched_init_vcpu(v);
		arch_vcpu_init(v);
		/* Guests start with upcalls masked, as on real hardware. */
		vcpu_irq_mask(v);
	}
	d->state = DOM_RUNNING;
	*out = d;
	return 0;
}

struct domain *domain_by_id(domid_t id)
{
	if (id >= MAX_DOMAINS || domains[id].state == DOM_FREE)
		return NULL;
	return &domains[id];
}

struct domain *domain_lookup(struct vcpu *caller, domid_t id)
{
	if (id == DOMID_SELF)
		return caller->domain;
	return domain_by_id(id);
}

/* A reboot is as clean as a poweroff (a Linux user's `reboot`; larch has
 * no restart yet, so the domain stays down); anything else (crash,
 * suspend, a stopped domain) makes the machine's exit 3. */
static bool clean_reason(uint32_t reason)
{
	return reason == SHUTDOWN_poweroff || reason == SHUTDOWN_reboot;
}

int domains_exit_code(void)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].state != DOM_FREE &&
		    !clean_reason(domains[i].shutdown_reason))
			return 3;
	return 0;
}

void domain_shutdown(struct domain *d, uint32_t reason)
{
	/* Two vCPUs (on two pCPUs) may ask at once: the first one wins and
	 * its reason stays. The reason is written before the state, which a
	 * reader (LARCHOP_domain_state) loads first. */
	if (d->state != DOM_RUNNING ||
	    __atomic_exchange_n(&d->shutting_down, true, __ATOMIC_SEQ_CST))
		return;
	d->shutdown_reason = reason;
	/* reported before the state is published: a domain waiting for this
	 * one to go down (and then ending the machine) cannot cut it short */
	if (d->stat_unmask_upcalls) /* the shared-byte mask at work */
		printk("larch: domain %u (%s): %llu upcalls found masked, "
		       "delivered on unmask\n",
		       d->domid, d->name,
		       (unsigned long long)d->stat_unmask_upcalls);
	static const char *const reasons[] = { "poweroff", "reboot", "suspend",
					       "crash" };
	printk("larch: domain %u (%s) shut down: %s\n", d->domid, d->name,
	       reason < 4 ? reasons[reason] : "other");
	__atomic_store_n(&d->state, DOM_SHUTDOWN, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		sched_remove_vcpu(&d->vcpus[i]);
	if (!lifecycle_after_shutdown(d, reason))
		end_if_all_down();
}

void domains_end_machine(int code)
{
	/* Two pCPUs may end it at once: one does. */
	if (!__atomic_exchange_n(&ending, 1, __ATOMIC_SEQ_CST))
		arch_machine_exit(code);
}

void end_if_all_down(void)
{
	if (all_domains_shut_down() &&
	    !__atomic_load_n(&ending, __ATOMIC_SEQ_CST)) {
		int code = domains_exit_code();
		/* the line only from the pCPU that ends it */
		if (!__atomic_exchange_n(&ending, 1, __ATOMIC_SEQ_CST)) {
			printk("larch: all domains down, exit %d\n", code);
			arch_machine_exit(code);
		}
	}
}

void domain_restart_failed(struct domain *d)
{
	printk("larch: domain %u (%s): restart failed: left down\n", d->domid,
	       d->name);
	d->shutdown_reason = SHUTDOWN_crash;
	__atomic_store_n(&d->state, DOM_SHUTDOWN, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		sched_remove_vcpu(&d->vcpus[i]);
	end_if_all_down();
}

void domain_crash(struct vcpu *v, const char *why, uint64_t pc)
{
	struct domain *d = v->domain;
	printk("larch: domain %u (%s) stopped: %s\n", d->domid, d->name, why);
	printk("larch:   vCPU %u at pc 0x%llx\n", v->vcpu_id,
	       (unsigned long long)pc);
	domain_shutdown(d, SHUTDOWN_crash);
}

bool all_domains_shut_down(void)
{
	bool any = false;
	for (unsigned i = 0; i < MAX_DOMAINS; i++) {
		if (domains[i].state == DOM_RUNNING)
			return false;
		any |= domains[i].state != DOM_FREE;
	}
	return any;
}

void domains_reset(void)
{
	memset(domains, 0, sizeof(domains));
	ending = 0;
	lifecycle_reset();
}

void *guest_mem_ptr(struct domain *d, uint64_t gaddr, size_t len)
{
	if (gaddr < d->guest_base)
		return NULL;
	uint64_t off = gaddr - d->guest_base;
	if (off > d->mem_size || len > d->mem_size - off)
		return NULL;
	return d->host_base + off;
}

__attribute__((weak)) int arch_guest_va_to_pa(struct domain *d, uint64_t va,
					      bool write, uint64_t *pa)
{
	(void)d;
	(void)va;
	(void)write;
	(void)pa;
	return -XEN_EFAULT;
}

void *guest_area_ptr(struct domain *d, uint64_t gaddr, size_t len)
{
	uint64_t first, last;
	if (!len)
		return NULL;
	if (!d->guest_va)
		return guest_mem_ptr(d, gaddr, len);
	if (gaddr + (len - 1) < gaddr ||
	    arch_guest_va_to_pa(d, gaddr, true, &first) ||
	    arch_guest_va_to_pa(d, gaddr + (len - 1), true, &last) ||
	    last - first != len - 1)
		return NULL;
	return guest_mem_ptr(d, first, len);
}

/* A guest that passes virtual addresses: page by page through its own
 * translation, checked like any guest physical range. */
static int copy_virt(struct domain *d, uint64_t va, void *buf, size_t len,
		     bool to_guest)
{
	while (len) {
		size_t n = 4096 - (va & 4095);
		uint64_t pa;
		if (n > len)
			n = len;
		if (arch_guest_va_to_pa(d, va, to_guest, &pa))
			return -XEN_EFAULT;
		uint8_t *p = guest_mem_ptr(d, pa, n);
		if (!p)
			return -XEN_EFAULT;
		if (to_guest)
			memcpy(p, buf, n);
		else
			memcpy(buf, p, n);
		buf = (uint8_t *)buf + n;
		va += n;
		len -= n;
	}
	return 0;
}

int copy_from_guest(struct domain *d, void *dst, uint64_t gaddr, size_t len)
{
	if (d->guest_va)
		return copy_virt(d, gaddr, dst, len, false);
	const void *src = guest_mem_ptr(d, gaddr, len);
	if (!src)
		return -XEN_EFAULT;
	memcpy(dst, src, len);
	return 0;
}

int copy_to_guest(struct domain *d, uint64_t gaddr, const void *src, size_t len)
{
	if (d->guest_va)
		return copy_virt(d, gaddr, (void *)src, len, true);
	void *dst = guest_mem_ptr(d, gaddr, len);
	if (!dst)
		return -XEN_EFAULT;
	memcpy(dst, src, len);
	return 0;
}

/* For a debugger (make debug, docs/debugging.md): the accessors are static
 * inline, so gdb has no copy of its own to call. Nothing in larch calls
 * these; `used` keeps them in every image. */
__attribute__((used, noinline)) bool debug_vcpu_irq_masked(const struct vcpu *v)
{
	return vcpu_irq_masked(v);
}

__attribute__((used, noinline)) bool
debug_vcpu_upcall_pending(const struct vcpu *v)
{
	return vcpu_upcall_pending(v);
}

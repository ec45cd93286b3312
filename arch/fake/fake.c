/* The host "fake" arch: every arch duty of include/larch, implemented on
 * plain memory so the common core's unit tests run natively. */
#include <arch/fake.h>
#include <larch/vcpu_irq.h>
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/hypercall.h>
#include <larch/console.h>
#include <larch/setup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fake_state fake;

#define FAKE_MEM_SIZE  (64 * 1024)
#define FAKE_POOL_SIZE (16ULL << 20)
static uint8_t fake_mem[MAX_DOMAINS][FAKE_MEM_SIZE];
static struct shared_info fake_shared[MAX_DOMAINS];

static const uint8_t image_bytes[] = "fake guest image";
const struct guest_image guest_images[] = {
	{ "suite", image_bytes, image_bytes + sizeof(image_bytes) },
};
const unsigned nr_guest_images = 1;

/* Domains built from a config take their memory from a pool through the
 * backends' own allocator, domain_pool_alloc. */
static uint8_t *pool_mem;
static struct domain_pool pool;

void fake_reset(unsigned nr_cpus)
{
	if (!pool_mem)
		pool_mem = aligned_alloc(DOMAIN_BLOCK, FAKE_POOL_SIZE);
	if (!pool_mem)
		abort();
	pool = (struct domain_pool){ (uint64_t)(uintptr_t)pool_mem,
				     (uint64_t)(uintptr_t)pool_mem +
					     FAKE_POOL_SIZE };
	memset(&fake, 0, sizeof(fake));
	fake.exit_code = -1;
	for (unsigned i = 0; i < MAX_PCPUS; i++)
		fake.deadline[i] = STIME_MAX;
	domains_reset();
	memset(fake_mem, 0, sizeof(fake_mem));
	memset(fake_shared, 0, sizeof(fake_shared));
	sched_init(nr_cpus);
	irq_init();
}

int arch_domain_alloc(const struct domain_config *cfg, struct domain_params *p)
{
	return domain_pool_alloc(&pool, cfg, 1ULL << 30, 0x100000, p);
}

int arch_domain_load(struct domain *d, const struct domain_config *cfg,
		     const struct guest_image *img)
{
	if (fake.load_error)
		return fake.load_error; /* an arch error it does not explain */
	return domain_load_image(d, cfg, img, d->mem_size - 8192,
				 d->guest_base + d->mem_size - 4096);
}

struct domain *fake_domain(domid_t id, unsigned nr_vcpus, unsigned first_cpu,
			   uint8_t policy)
{
	struct domain_params p = {
		.domid = id,
		.name = "fake",
		.nr_vcpus = nr_vcpus,
		.first_cpu = first_cpu,
		.policy = policy,
		.guest_base = 0x100000,
		.host_base = fake_mem[id],
		.mem_size = FAKE_MEM_SIZE,
		.shared_info = &fake_shared[id],
	};
	struct domain *d = NULL;
	if (domain_create(&p, &d))
		abort();
	return d;
}

void fake_race_point(struct vcpu *v)
{
	if (fake.race_hook)
		fake.race_hook(v);
}

unsigned arch_cpu_id(void)
{
	return fake.cpu;
}
s_time_t arch_now(void)
{
	return fake.now;
}
void arch_timer_set_deadline(s_time_t d)
{
	fake.deadline[fake.cpu] = d;
}
void arch_send_ipi(unsigned cpu)
{
	fake.ipis[cpu]++;
}

void arch_ctxt_switch(struct vcpu *prev, struct vcpu *next)
{
	fake.switches++;
	fake.switched_from = prev;
	fake.switched_to = next;
}

void arch_vcpu_init(struct vcpu *v)
{
	v->arch = (struct arch_vcpu){ 0 };
}

static void take_upcall(struct vcpu *v)
{
	v->arch.armed = false;
	v->arch.deliveries++;
	v->stat_upcalls++;
	vcpu_irq_mask(v); /* taking it masks, as on every arch */
}

/* Unmasked: taken now. Masked (eager policy): armed like a list register
 * or an expired decrementer, taken the moment the guest unmasks. */
void arch_deliver_upcall(struct vcpu *v)
{
	if (vcpu_irq_masked(v))
		v->arch.armed = true;
	else
		take_upcall(v);
}

void fake_guest_unmask(struct vcpu *v)
{
	vcpu_irq_unmask(v);
	if (v->arch.armed)
		take_upcall(v);
}

void arch_inject_percpu_irq(struct vcpu *v, unsigned irq)
{
	v->arch.percpu_injected++;
	v->arch.last_percpu_irq = irq;
}

bool arch_vcpu_irq_pending(const struct vcpu *v)
{
	return v->arch.irq_waiting;
}

void arch_irq_eoi(unsigned irq)
{
	(void)irq;
	fake.eois++;
}

long arch_do_hypercall(struct vcpu *v, const struct hypercall_args *h)
{
	(void)v;
	(void)h;
	return -XEN_ENOSYS;
}

bool arch_xen_guest_info(const struct domain *d, struct xen_guest_info *g)
{
	(void)d;
	if (fake.xen_guest)
		*g = *fake.xen_guest;
	return fake.xen_guest != NULL;
}

int arch_vcpu_set_entry(struct vcpu *v, uint64_t entry, uint64_t stack,
			uint64_t arg)
{
	(void)v;
	(void)stack;
	(void)arg;
	return entry ? 0 : -XEN_EINVAL;
}

void arch_machine_exit(int code)
{
	fake.exit_code = code;
	if (fake.exit_for_real) {
		fwrite(fake.console, 1, fake.console_len, stdout);
		fflush(stdout);
		_exit(code);
	}
}

void arch_console_putc(char c)
{
	if (fake.console_len < sizeof(fake.console) - 1)
		fake.console[fake.console_len++] = c;
}

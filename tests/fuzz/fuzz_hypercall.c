/* libFuzzer harness of the hypercall dispatcher on the fake arch.
 *
 * Three domains are built by larch_setup from a fixed config (below) on
 * two pCPUs. The input is a sequence of steps (format: tests/fuzz/README.md):
 * a hypercall from the vCPU current on a pCPU (number, five arguments that
 * may be small values, guest addresses inside or outside the caller's
 * memory or raw words, and words written where the argument points first),
 * time passing with the timer interrupt, the guest's upcall handler, guest
 * stores to its own memory and event bitmaps, a hardware interrupt.
 *
 * Around each hypercall the harness compares the machine before and after:
 * another domain's memory never changes, its shared_info and channel table
 * only as an event or a channel from the caller can change them, the
 * caller's memory only inside the struct the call writes back, and a call
 * that returns an error changes nothing at all. After every step the
 * invariants of fuzz_check.h must hold. */
#include "fuzz_check.h"
#include <larch/hypercall.h>
#include <larch/setup.h>
#include <public/sched.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_CPUS 2
#define NR_DOMS 3
#define DOM_MEM 0x200000 /* one pool block, the least a config may ask */
/* Snapshots cover where the generated pointers land (value(): the first
 * 64 KiB and the end) rather than all 2 MiB, which would cost more than
 * the calls; the last page, shared_info, is compared as struct fields. */
#define HEAD_BYTES 0x11000
#define TAIL_START (DOM_MEM - 0x2000)
#define TAIL_BYTES 0x1000
#define SNAP_BYTES (HEAD_BYTES + TAIL_BYTES)
#define MAX_STEPS  64

/* ---- the fixed config, written with libfdt's sequential-write API ---- */

static uint8_t config_blob[4096];

struct dom_spec {
	const char *name;
	unsigned vcpus, first_cpu;
	const char *policy;
	bool privileged;
	unsigned chan[3][3]; /* local port, remote domid, remote port */
	unsigned irq[2][3];  /* irq, pirq, per-cpu */
};

/* d0 (privileged) and d1 have two vCPUs, one on each pCPU; channels
 * d0:1-d1:3, d1:2-d2:2 and d2's loop 5-6; irq 5 -> d0's pirq 2, irq 9 ->
 * d1's pirq 1, per-CPU irq 27. */
static const struct dom_spec specs[NR_DOMS] = {
	{ .name = "d0",
	  .vcpus = 2,
	  .policy = "eager",
	  .privileged = true,
	  .chan = { { 1, 1, 3 } },
	  .irq = { { 5, 2, 0 }, { 27, 0, 1 } } },
	{ .name = "d1",
	  .vcpus = 2,
	  .first_cpu = 1,
	  .policy = "deferred",
	  .chan = { { 3, 0, 1 }, { 2, 2, 2 } },
	  .irq = { { 9, 1, 0 } } },
	{ .name = "d2",
	  .vcpus = 1,
	  .policy = "eager",
	  .chan = { { 2, 1, 2 }, { 5, 2, 6 }, { 6, 2, 5 } } },
};

#define FDT(call)                                                              \
	do {                                                                   \
		if ((call) < 0)                                                \
			fuzz_fail("building the config: %s", #call);           \
	} while (0)

static void build_config(void)
{
	void *f = config_blob;
	char node[32];
	FDT(fdt_create(f, sizeof(config_blob)));
	FDT(fdt_finish_reservemap(f));
	FDT(fdt_begin_node(f, ""));
	FDT(fdt_begin_node(f, "domains"));
	for (unsigned id = 0; id < NR_DOMS; id++) {
		const struct dom_spec *s = &specs[id];
		snprintf(node, sizeof(node), "domain@%u", id);
		FDT(fdt_begin_node(f, node));
		FDT(fdt_property_u32(f, "domid", id));
		FDT(fdt_property_string(f, "domain-name", s->name));
		FDT(fdt_property_string(f, "image", "suite"));
		FDT(fdt_property_u32(f, "vcpus", s->vcpus));
		FDT(fdt_property_u32(f, "first-cpu", s->first_cpu));
		FDT(fdt_property_u32(f, "memory", DOM_MEM));
		FDT(fdt_property_string(f, "policy", s->policy));
		if (s->privileged)
			FDT(fdt_property(f, "privileged", NULL, 0));
		for (unsigned k = 0; k < 3 && s->chan[k][0]; k++) {
			snprintf(node, sizeof(node), "channel@%u",
				 s->chan[k][0]);
			FDT(fdt_begin_node(f, node));
			FDT(fdt_property_u32(f, "local-port", s->chan[k][0]));
			FDT(fdt_property_u32(f, "remote-domid", s->chan[k][1]));
			FDT(fdt_property_u32(f, "remote-port", s->chan[k][2]));
			FDT(fdt_end_node(f));
		}
		for (unsigned k = 0; k < 2 && s->irq[k][0]; k++) {
			snprintf(node, sizeof(node), "irq@%u", s->irq[k][0]);
			FDT(fdt_begin_node(f, node));
			FDT(fdt_property_u32(f, "irq", s->irq[k][0]));
			if (s->irq[k][2])
				FDT(fdt_property(f, "per-cpu", NULL, 0));
			else
				FDT(fdt_property_u32(f, "pirq", s->irq[k][1]));
			FDT(fdt_end_node(f));
		}
		FDT(fdt_end_node(f));
	}
	FDT(fdt_end_node(f));
	FDT(fdt_end_node(f));
	FDT(fdt_finish(f));
}

/* ---- reading the input ---- */

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++) {
		if (in->left) {
			v |= (uint64_t)*in->p++ << (8 * i);
			in->left--;
		}
	}
	return v;
}

/* A value for an argument or a word of guest memory: the first byte says
 * how the rest is read, so structs of small fields and guest addresses are
 * easy to reach. */
static uint64_t value(struct input *in, const struct domain *d)
{
	static const uint64_t edges[] = {
		0,
		1,
		UINT64_MAX,
		INT64_MAX,
		1ULL << 32,
		DOMID_SELF,
		0x100000 - 1,
		0x100000 + DOM_MEM,
		(uint64_t)-16,
		0xffff,
		0x7fffffff,
		0x80000000,
	};
	switch (take(in, 1) % 8) {
	case 0:
		return take(in, 1);
	case 1: /* the caller's memory, or past its end */
		return d->guest_base + take(in, 2);
	case 2: /* close to the end of the caller's memory */
		return d->guest_base + d->mem_size - take(in, 1);
	case 3:
		return take(in, 8);
	case 4:
		return take(in, 2);
	case 5:
		return edges[take(in, 1) % ARRAY_SIZE(edges)];
	case 6: /* two small 32-bit fields */
		return take(in, 1) | take(in, 1) << 32;
	default: /* four small 16-bit fields */
		return take(in, 1) | take(in, 1) << 16 | take(in, 1) << 32 |
		       take(in, 1) << 48;
	}
}

/* ---- snapshots, to see what a hypercall changed ---- */

struct snapshot {
	struct domain dom[NR_DOMS];
	struct shared_info si[NR_DOMS];
	uint8_t mem[NR_DOMS][SNAP_BYTES];
	struct pcpu pcpu[MAX_PCPUS];
	struct irq_desc irq[MAX_GUEST_IRQS];
};

static struct snapshot before, after;
static bool trace; /* FUZZ_TRACE=1: print each step (replaying a finding) */

static void take_snapshot(struct snapshot *s)
{
	for (unsigned id = 0; id < NR_DOMS; id++) {
		s->dom[id] = domains[id];
		s->si[id] = *domains[id].shared_info;
		memcpy(s->mem[id], domains[id].host_base, HEAD_BYTES);
		memcpy(s->mem[id] + HEAD_BYTES,
		       (uint8_t *)domains[id].host_base + TAIL_START,
		       TAIL_BYTES);
	}
	memcpy(s->pcpu, pcpus, sizeof(pcpus));
	memcpy(s->irq, irq_descs, sizeof(irq_descs));
}

/* Scratch state of a call that the guest cannot see. */
static void forget_scratch(struct domain *d)
{
	for (unsigned i = 0; i < MAX_VCPUS_PER_DOMAIN; i++)
		memset(d->vcpus[i].poll_buf, 0, sizeof(d->vcpus[i].poll_buf));
}

/* The caller's memory may change only inside [lo, hi) (guest offsets). */
static void check_own_memory(unsigned id, uint64_t lo, uint64_t hi)
{
	for (uint64_t i = 0; i < SNAP_BYTES; i++) {
		uint64_t off = i < HEAD_BYTES ? i : TAIL_START + i - HEAD_BYTES;
		if (before.mem[id][i] != after.mem[id][i] &&
		    (off < lo || off >= hi))
			fuzz_fail("d%u memory changed at offset %#llx, outside "
				  "the call's result struct",
				  id, (unsigned long long)off);
	}
}

/* What a call from domain `caller` may do to another domain o: set pending
 * bits of ports bound to the caller (and the selector and upcall bits that
 * go with them), re-bind or un-bind its ports peered with the caller, give
 * it a new unbound port (a privileged caller), and wake its vCPUs. */
static void check_other_domain(unsigned o, unsigned caller, bool privileged)
{
	struct domain *a = &before.dom[o], *b = &after.dom[o];
	struct shared_info *sa = &before.si[o], *sb = &after.si[o];
	if (memcmp(before.mem[o], after.mem[o], SNAP_BYTES))
		fuzz_fail("d%u's call changed d%u's memory", caller, o);
	for (evtchn_port_t p = 0; p < EVTCHN_2L_NR_PORTS; p++) {
		struct evtchn *x = &a->evtchn[p], *y = &b->evtchn[p];
		unsigned w = p / EVTCHN_WORD_BITS, s = p % EVTCHN_WORD_BITS;
		bool was = (sa->evtchn_pending[w] >> s) & 1,
		     is = (sb->evtchn_pending[w] >> s) & 1;
		if (was != is) {
			if (was || y->state != ECS_INTERDOMAIN ||
			    y->u.interdomain.dom != caller)
				fuzz_fail("d%u's call changed d%u port %u "
					  "pending %d -> %d",
					  caller, o, p, was, is);
		}
		if (!memcmp(x, y, sizeof(*x)))
			continue;
		bool ok = x->notify_vcpu == y->notify_vcpu &&
			  ((x->state == ECS_INTERDOMAIN &&
			    x->u.interdomain.dom == caller &&
			    y->state == ECS_UNBOUND &&
			    y->u.unbound_remote == caller) ||
			   (x->state == ECS_UNBOUND &&
			    x->u.unbound_remote == caller &&
			    y->state == ECS_INTERDOMAIN &&
			    y->u.interdomain.dom == caller) ||
			   (x->state == ECS_FREE && y->state == ECS_UNBOUND &&
			    privileged));
		if (!ok)
			fuzz_fail("d%u's call changed d%u port %u: state %u -> "
				  "%u",
				  caller, o, p, x->state, y->state);
		*x = *y;
	}
	for (unsigned w = 0; w < EVTCHN_WORD_BITS; w++)
		sa->evtchn_pending[w] = sb->evtchn_pending[w];
	for (unsigned i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
		struct vcpu_info *x = &sa->vcpu_info[i], *y = &sb->vcpu_info[i];
		xen_ulong_t new_sel =
			y->evtchn_pending_sel & ~x->evtchn_pending_sel;
		if ((x->evtchn_pending_sel & ~y->evtchn_pending_sel) ||
		    (x->evtchn_upcall_pending && !y->evtchn_upcall_pending) ||
		    (new_sel && !y->evtchn_upcall_pending))
			fuzz_fail("d%u's call changed d%u v%u's selector or "
				  "upcall bit the wrong way",
				  caller, o, i);
		x->evtchn_pending_sel = y->evtchn_pending_sel;
		x->evtchn_upcall_pending = y->evtchn_upcall_pending;
	}
	if (memcmp(sa, sb, sizeof(*sa)))
		fuzz_fail("d%u's call changed d%u's shared_info beyond its "
			  "event bits",
			  caller, o);
	for (unsigned i = 0; i < MAX_VCPUS_PER_DOMAIN; i++) {
		struct vcpu *x = &a->vcpus[i], *y = &b->vcpus[i];
		if (x->run_state != y->run_state &&
		    !(x->run_state == VCPU_BLOCKED &&
		      y->run_state == VCPU_RUNNABLE))
			fuzz_fail("d%u's call moved d%u v%u from state %u to "
				  "%u",
				  caller, o, i, x->run_state, y->run_state);
		if (x->poll_nr != y->poll_nr && y->poll_nr != 0)
			fuzz_fail("d%u's call changed d%u v%u's poll set",
				  caller, o, i);
		if (x->poll_timer.active != y->poll_timer.active &&
		    y->poll_timer.active)
			fuzz_fail("d%u's call armed d%u v%u's poll timer",
				  caller, o, i);
		/* waking: queue links, timer links move with neighbours */
		x->run_state = y->run_state;
		x->poll_nr = y->poll_nr;
		x->on_runq = y->on_runq;
		x->runq_next = y->runq_next;
		x->wake_preempt = y->wake_preempt;
		x->poll_timer = y->poll_timer;
		x->singleshot.next = y->singleshot.next;
	}
	if (memcmp(a, b, sizeof(*a)))
		fuzz_fail("d%u's call changed d%u's state beyond events and "
			  "wake-ups",
			  caller, o);
}

static void compare(struct vcpu *v, const struct hypercall_args *h, long ret)
{
	unsigned id = v->domain->domid;
	take_snapshot(&after);
	for (unsigned o = 0; o < NR_DOMS; o++) {
		forget_scratch(&before.dom[o]);
		forget_scratch(&after.dom[o]);
	}
	if (ret < 0) {
		if (memcmp(&before, &after, sizeof(before)))
			fuzz_fail(
				"hypercall %llu (%#llx, %#llx, %#llx) from d%u "
				"v%u returned %ld but changed the machine",
				(unsigned long long)h->nr,
				(unsigned long long)h->a[0],
				(unsigned long long)h->a[1],
				(unsigned long long)h->a[2], id, v->vcpu_id,
				ret);
		return;
	}
	/* Results are written back only into the op's own struct. */
	static const uint8_t out_size[] = {
		[EVTCHNOP_bind_interdomain] =
			sizeof(struct evtchn_bind_interdomain),
		[EVTCHNOP_bind_virq] = sizeof(struct evtchn_bind_virq),
		[EVTCHNOP_bind_pirq] = sizeof(struct evtchn_bind_pirq),
		[EVTCHNOP_status] = sizeof(struct evtchn_status),
		[EVTCHNOP_alloc_unbound] = sizeof(struct evtchn_alloc_unbound),
		[EVTCHNOP_bind_ipi] = sizeof(struct evtchn_bind_ipi),
		[EVTCHNOP_bind_vcpu] = 0,
	};
	uint64_t lo = 0, hi = 0;
	if (h->nr == __HYPERVISOR_event_channel_op &&
	    h->a[0] < ARRAY_SIZE(out_size)) {
		lo = h->a[1] - v->domain->guest_base;
		hi = lo + out_size[h->a[0]];
	}
	check_own_memory(id, lo, hi);
	for (unsigned o = 0; o < NR_DOMS; o++)
		if (o != id)
			check_other_domain(o, id, v->domain->privileged);
}

/* ---- the steps ---- */

enum step {
	STEP_HYPERCALL, /* 0..2: the most frequent */
	STEP_TICK = 3,
	STEP_UPCALL,
	STEP_STORE,
	STEP_EVTCHN_BITS,
	STEP_IRQ_OR_SCRIBBLE,
};

static const uint64_t hypercall_nrs[] = {
	__HYPERVISOR_console_io,       __HYPERVISOR_sched_op,
	__HYPERVISOR_event_channel_op, __HYPERVISOR_vcpu_op,
	__HYPERVISOR_set_timer_op,     __HYPERVISOR_xen_version,
	__HYPERVISOR_larch_op,	       __HYPERVISOR_set_callbacks,
};

/* The pCPU takes what other pCPUs asked of it (IPI: softirqs) and returns
 * to its current vCPU, as the arch does before the guest runs on. */
static struct vcpu *enter_guest(unsigned cpu)
{
	fake.cpu = cpu;
	if (fake.now >= fake.deadline[cpu])
		raise_softirq(cpu, SOFTIRQ_TIMER);
	return leave_hypervisor(cpu);
}

/* Which argument a call's memory operand is, so the words the input
 * stores before the call land where the hypervisor reads. */
static uint64_t operand(const struct hypercall_args *h)
{
	switch (h->nr) {
	case __HYPERVISOR_console_io:
	case __HYPERVISOR_vcpu_op:
		return h->a[2];
	case __HYPERVISOR_sched_op:
	case __HYPERVISOR_event_channel_op:
		return h->a[1];
	default:
		return h->a[0];
	}
}

static void guest_store(struct domain *d, uint64_t gaddr, const void *src,
			size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t *p = guest_mem_ptr(d, gaddr + i, 1);
		if (p)
			*p = ((const uint8_t *)src)[i];
	}
}

static void step_hypercall(struct input *in, struct vcpu *v, unsigned cpu)
{
	struct domain *d = v->domain;
	uint8_t pick = (uint8_t)take(in, 1);
	struct hypercall_args h = { .nr = pick < 248 ? hypercall_nrs[pick % 8]
						     : take(in, 8) };
	for (unsigned i = 0; i < 5; i++)
		h.a[i] = value(in, d);
	unsigned words = take(in, 1) % 6;
	uint64_t at = operand(&h);
	for (unsigned i = 0; i < words; i++) {
		uint64_t w = value(in, d);
		guest_store(d, at + 8 * i, &w, sizeof(w));
	}
	take_snapshot(&before);
	long ret = do_hypercall(v, &h);
	if (trace)
		fprintf(stderr,
			"cpu%u d%u v%u: hypercall %llu (%#llx, %#llx, %#llx) = "
			"%ld\n",
			cpu, d->domid, v->vcpu_id, (unsigned long long)h.nr,
			(unsigned long long)h.a[0], (unsigned long long)h.a[1],
			(unsigned long long)h.a[2], ret);
	compare(v, &h, ret);
	enter_guest(cpu);
}

/* The guest's upcall handler (Xen 2-level, as Linux does it): clear the
 * upcall flag, take the selector, clear the unmasked pending bits of the
 * selected words; then maybe unmask (fake_guest_unmask). */
static void step_upcall(struct vcpu *v, uint8_t how)
{
	struct shared_info *s = v->domain->shared_info;
	struct vcpu_info *vi = v->vcpu_info;
	vi->evtchn_upcall_pending = 0;
	xen_ulong_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
					      __ATOMIC_SEQ_CST);
	for (unsigned w = 0; w < EVTCHN_WORD_BITS; w++)
		if ((sel >> w) & 1)
			s->evtchn_pending[w] &= s->evtchn_mask[w];
	if (how & 1)
		fake_guest_unmask(v);
	else
		vcpu_irq_mask(v);
}

/* Guest stores to its event bitmaps: mask, clear pending, or unmask as
 * Linux does on its own vCPU (clear the mask; if pending, set the
 * selector and the upcall flag itself). */
static void step_evtchn_bits(struct input *in, struct vcpu *v, uint8_t how)
{
	struct shared_info *s = v->domain->shared_info;
	unsigned p = take(in, 2) % EVTCHN_2L_NR_PORTS;
	unsigned w = p / EVTCHN_WORD_BITS;
	xen_ulong_t b = 1ULL << (p % EVTCHN_WORD_BITS);
	switch (how % 3) {
	case 0:
		s->evtchn_mask[w] |= b;
		break;
	case 1:
		s->evtchn_pending[w] &= ~b;
		break;
	default:
		s->evtchn_mask[w] &= ~b;
		if ((s->evtchn_pending[w] & b) &&
		    !(v->vcpu_info->evtchn_pending_sel & (1ULL << w))) {
			v->vcpu_info->evtchn_pending_sel |= 1ULL << w;
			v->vcpu_info->evtchn_upcall_pending = 1;
		}
	}
}

static void boot(void)
{
	fake_reset(NR_CPUS);
	memset(fuzz_tainted, 0, sizeof(fuzz_tainted));
	if (larch_setup(config_blob, NR_CPUS))
		fuzz_fail("the fixed config did not boot: %s", fake.console);
	for (unsigned c = 0; c < NR_CPUS; c++)
		enter_guest(c);
	fuzz_check_invariants();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	build_config();
	trace = getenv("FUZZ_TRACE") != NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	boot();
	for (unsigned n = 0; n < MAX_STEPS && in.left; n++) {
		uint8_t op = (uint8_t)take(&in, 1);
		unsigned cpu = (op >> 3) % NR_CPUS, kind = op & 7;
		uint8_t how = op >> 4;
		if (kind == STEP_TICK) {
			fake.now += (s_time_t)take(&in, 1) * 50000;
			enter_guest(cpu);
			fuzz_check_invariants();
			continue;
		}
		struct vcpu *v = enter_guest(cpu);
		if (trace)
			fprintf(stderr, "t=%lld cpu%u step %u: %s\n",
				(long long)fake.now, cpu, kind,
				v ? v->domain->name : "idle");
		if (!v)
			continue; /* idle: nobody to act */
		struct domain *d = v->domain;
		switch (kind) {
		case STEP_UPCALL:
			step_upcall(v, how);
			break;
		case STEP_STORE: {
			uint64_t at = value(&in, d);
			unsigned len = take(&in, 1) % 32;
			for (unsigned i = 0; i < len; i++) {
				uint8_t b = (uint8_t)take(&in, 1);
				guest_store(d, at + i, &b, 1);
			}
			break;
		}
		case STEP_EVTCHN_BITS:
			step_evtchn_bits(&in, v, how);
			break;
		case STEP_IRQ_OR_SCRIBBLE:
			if (how & 1) {
				do_irq(cpu, take(&in, 2) % MAX_GUEST_IRQS);
			} else {
				unsigned off =
					take(&in, 2) % sizeof(*d->shared_info);
				((uint8_t *)d->shared_info)[off] =
					(uint8_t)take(&in, 1);
				fuzz_tainted[d->domid] = true;
			}
			enter_guest(cpu);
			break;
		default:
			step_hypercall(&in, v, cpu);
		}
		fuzz_check_invariants();
	}
	return 0;
}

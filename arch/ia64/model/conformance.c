/* The ia64 backend's conformance run on the host: its real C (vpsr.c,
 * privop.c, trap.c, domain.c) and the common core, against model.h's
 * hardware, with the guest's real assembled bundles (guest_code.h, from
 * gas and objdump) as the instructions that trap. The model plays the
 * processor: it sets cr.iip/ipsr.ri/isr/iim for the instruction that
 * faults and calls ia64_trap as entry.S would, then checks what the rfi
 * would load. One PASS/FAIL ia64/model/<case> line per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <larch/evtchn.h>
#include <larch/sched.h>
#include <larch/hypercall.h>
#include <larch/vcpu_irq.h>
#include <larch/setup.h>
#include <public/sched.h>
#include <public/start_info.h>
#include "model.h"
#include "ia64_priv.h"
#include "guest_code.h"
#include "harness.h"

HARNESS_DEFINE("ia64");

#define MEM_SIZE    0x40000ULL
#define SCRATCH	    0x120000ULL /* guest address for hypercall arguments */
#define ISR_PRIV_OP 0x10ULL

/* ---- the guest's instructions, found by objdump's text ---- */
static const struct guest_insn *insn(const char *fn, const char *text)
{
	for (size_t i = 0; i < sizeof(guest_insns) / sizeof(guest_insns[0]);
	     i++)
		if (!strcmp(guest_insns[i].fn, fn) &&
		    !strncmp(guest_insns[i].text, text, strlen(text)))
			return &guest_insns[i];
	printf("FAIL ia64/model/setup: no \"%s\" in %s\n", text, fn);
	exit(1);
}

static uint64_t ri(const struct cpu_user_regs *r)
{
	return (r->cr_ipsr & IA64_PSR_RI) >> IA64_PSR_RI_SHIFT;
}

/* ---- domains, built by the backend's own hooks ---- */
static struct domain *mkdom(domid_t id, uint8_t policy)
{
	struct domain_config cfg = { .domid = id,
				     .nr_vcpus = 1,
				     .mem_size = MEM_SIZE,
				     .policy = policy };
	snprintf(cfg.name, sizeof(cfg.name), "dom%u", (unsigned)id);
	snprintf(cfg.args, sizeof(cfg.args), "model");
	struct domain_params p = {
		.domid = id, .name = cfg.name, .nr_vcpus = 1, .policy = policy
	};
	struct domain *d = NULL;
	static const struct guest_image img = {
		"suite", guest_image_bytes,
		guest_image_bytes + sizeof(guest_image_bytes)
	};
	if (arch_domain_alloc(&cfg, &p) || domain_create(&p, &d) ||
	    arch_domain_load(d, &cfg, &img)) {
		printf("FAIL ia64/model/setup: domain %u\n", (unsigned)id);
		exit(1);
	}
	d->vcpus[0].initialised = true;
	return d;
}

/* What entry.S does with ia64_trap's answer, plus the checks on what the
 * rfi will load: the real PSR always has I, ic and bank 1, at PL >= 1. */
static struct vcpu *entered(struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;
	uint64_t hw = r->hw_ipsr;
	EXPECT(hw & IA64_PSR_I);
	EXPECT(hw & IA64_PSR_IC);
	EXPECT(hw & IA64_PSR_BN);
	EXPECT(((hw & IA64_PSR_CPL) >> IA64_PSR_CPL_SHIFT) >= IA64_GUEST_CPL);
	EXPECT((hw & IA64_PSR_RI) == (r->cr_ipsr & IA64_PSR_RI));
	model.current = &v->arch.regs;
	return v;
}

static struct vcpu *enter(unsigned cpu)
{
	model.cpu = cpu;
	return entered(ia64_next_vcpu(cpu));
}

/* The processor faults on instruction `in` of the running vCPU v. */
static struct vcpu *fault_at(struct vcpu *v, const struct guest_insn *in,
			     unsigned long vector, uint64_t isr, uint64_t iim)
{
	struct cpu_user_regs *r = &v->arch.regs;
	EXPECT(model.current == r);
	r->cr_iip = in->addr;
	r->hw_ipsr = (r->hw_ipsr & ~IA64_PSR_RI) |
		     ((uint64_t)in->slot << IA64_PSR_RI_SHIFT);
	r->cr_isr = isr | ((uint64_t)in->slot << IA64_ISR_EI_SHIFT);
	r->cr_iim = iim;
	/* entry.S's cover: the current frame (empty here) goes to cr.ifs. */
	r->cr_ifs = IA64_IFS_V;
	return entered(ia64_trap(model.cpu, vector));
}

static struct vcpu *privop(struct vcpu *v, const char *fn, const char *text)
{
	return fault_at(v, insn(fn, text), IA64_IVT_GENERAL_EXC, ISR_PRIV_OP,
			0);
}

/* hypercall5 as the guest runs it: number in r2, arguments in r14.. */
static struct vcpu *hypercall(struct vcpu *v, uint64_t nr, uint64_t a0,
			      uint64_t a1, long *ret)
{
	struct cpu_user_regs *r = &v->arch.regs;
	r->gr[2] = nr;
	r->gr[14] = a0;
	r->gr[15] = a1;
	r->gr[16] = r->gr[17] = r->gr[18] = 0;
	struct vcpu *next = fault_at(v, insn("hypercall5", "break.m 0x1000"),
				     IA64_IVT_BREAK, 0, IA64_HYPERCALL_IMM);
	*ret = (long)r->gr[8];
	return next;
}

static struct vcpu *send(struct vcpu *v, evtchn_port_t port, long *ret)
{
	struct evtchn_send s = { port };
	memcpy(guest_mem_ptr(v->domain, SCRATCH, sizeof(s)), &s, sizeof(s));
	return hypercall(v, __HYPERVISOR_event_channel_op, EVTCHNOP_send,
			 SCRATCH, ret);
}

static struct vcpu *extint(struct vcpu *v, uint64_t vector)
{
	static const struct guest_insn here = { "any", "any", 0, 0 };
	struct guest_insn at = here;
	at.addr = v->arch.regs.cr_iip;
	at.slot = (unsigned)ri(&v->arch.regs);
	model_raise(vector);
	return fault_at(v, &at, IA64_IVT_EXTINT, 0, 0);
}

/* A guest that has run _start up to its cr.iva write (the real bundle). */
static struct vcpu *boot(struct domain *d)
{
	struct vcpu *v = &d->vcpus[0];
	if (model.current != &v->arch.regs)
		return v;
	v->arch.regs.gr[2] = SYM_guest_ivt;
	return privop(v, "_start", "mov cr.iva=r2");
}

/* guest/lib's 2-level demux, as evtchn_do_upcall runs it. */
static unsigned demux_counts[MAX_DOMAINS][8];
static void guest_demux(struct vcpu *v)
{
	struct shared_info *s = v->domain->shared_info;
	struct vcpu_info *vi = v->vcpu_info;
	vi->evtchn_upcall_pending = 0;
	uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
					   __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned w = (unsigned)__builtin_ctzll(sel);
		sel &= sel - 1;
		uint64_t bits = s->evtchn_pending[w] & ~s->evtchn_mask[w];
		while (bits) {
			unsigned b = (unsigned)__builtin_ctzll(bits);
			bits &= bits - 1;
			clear_bit(w * 64 + b, s->evtchn_pending);
			if (w * 64 + b < 8)
				demux_counts[v->domain->domid][w * 64 + b]++;
		}
	}
}

/* The guest's upcall entry (guest/arch/ia64/entry.S), from the IVT slot
 * the delivery put it at: read the virtual IVR, demux, rfi. */
static struct vcpu *run_upcall(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	EXPECT_EQ(r->cr_iip, SYM_guest_ivt + IA64_IVT_EXTINT);
	v = privop(v, "guest_upcall", "mov r8=cr.ivr");
	EXPECT_EQ(v->arch.regs.gr[8], IA64_UPCALL_VECTOR);
	guest_demux(v);
	return privop(v, "guest_upcall", "rfi");
}

static void two_domains(uint8_t pol_a, uint8_t pol_b, struct domain **a,
			struct domain **b)
{
	model_reset(1);
	memset(demux_counts, 0, sizeof(demux_counts));
	*a = mkdom(0, pol_a);
	*b = mkdom(1, pol_b);
	if (evtchn_bind_static(*a, 1, *b, 1)) {
		printf("FAIL ia64/model/setup: bind\n");
		exit(1);
	}
	sched_add_vcpu(&(*a)->vcpus[0]);
	sched_add_vcpu(&(*b)->vcpus[0]);
}

/* Run A until it yields to B, returning B entered. */
static struct vcpu *a_yields(struct vcpu *a)
{
	long rc;
	struct vcpu *next =
		hypercall(a, __HYPERVISOR_sched_op, SCHEDOP_yield, 0, &rc);
	EXPECT_EQ(rc, 0);
	return next;
}

/* The opening most cases share: A boots on pCPU 0, sends on its channel to
 * B if asked, and yields; B boots (events masked) and is returned, running. */
static struct vcpu *b_runs_after_a(struct domain *a, struct domain *b,
				   bool a_sends)
{
	struct vcpu *va = boot(a);
	if (a_sends) {
		long rc;
		va = send(va, 1, &rc);
		EXPECT_EQ(rc, 0);
	}
	EXPECT(a_yields(va) == &b->vcpus[0]);
	return boot(b);
}

/* ---- cases ---- */

static void start_state_and_ivt(void)
{
	model_reset(1);
	struct domain *d = mkdom(0, LARCH_POLICY_EAGER);
	sched_add_vcpu(&d->vcpus[0]);
	struct vcpu *v = enter(0);
	struct cpu_user_regs *r = &v->arch.regs;
	uint64_t si = d->guest_base + d->mem_size - 4096;
	EXPECT_EQ(r->cr_iip, SYM__start);
	EXPECT(vcpu_irq_masked(v));	      /* starts masked */
	EXPECT_EQ(r->cr_ifs, IA64_IFS_V | 1); /* a frame of one: in0 */
	EXPECT_EQ(r->loadrs, 8);
	EXPECT_EQ(ia64_vcpu_rbs(v)[0], si); /* in0 = start info */
	EXPECT_EQ(((struct larch_start_info *)guest_mem_ptr(d, si, 112))->magic,
		  LARCH_START_MAGIC);
	EXPECT_EQ(model.rr[0] >> 8, d->arch.rid_base);
	v = boot(d);
	EXPECT_EQ(v->arch.vcr.iva, SYM_guest_ivt);
	EXPECT_EQ(v->arch.regs.cr_iip, insn("_start", "mov cr.iva=r2")->addr);
	EXPECT_EQ(ri(&v->arch.regs), 1); /* stepped to the next slot */
	EXPECT_EQ(v->arch.fast_returns, 1);
}

static void rsm_ssm_from_real_bundles(void)
{
	model_reset(1);
	struct domain *d = mkdom(0, LARCH_POLICY_EAGER);
	sched_add_vcpu(&d->vcpus[0]);
	enter(0);
	struct vcpu *v = boot(d);
	v = privop(v, "local_irq_enable", "ssm 0x4000");
	EXPECT(!vcpu_irq_masked(v));
	EXPECT_EQ(v->arch.regs.cr_iip, SYM_local_irq_enable);
	EXPECT_EQ(ri(&v->arch.regs), 1); /* srlz.d is next */
	v = privop(v, "local_irq_disable", "rsm 0x4000");
	EXPECT(vcpu_irq_masked(v));
	EXPECT_EQ(ri(&v->arch.regs), 1);
	EXPECT(v->arch.regs.hw_ipsr & IA64_PSR_I); /* the real one stays on */
	EXPECT_EQ(v->arch.privops, 3);
	EXPECT_EQ(v->arch.fast_returns, 3); /* nothing pending: no path */
}

static void masked_gets_no_delivery(void)
{
	for (uint8_t pol = 0; pol < 2; pol++) {
		struct domain *a, *b;
		two_domains(LARCH_POLICY_EAGER, pol, &a, &b);
		enter(0);
		struct vcpu *vb = b_runs_after_a(a, b, true);
		EXPECT(vcpu_irq_masked(vb));
		EXPECT(vcpu_upcall_pending(vb));
		EXPECT_EQ(vb->arch.virq_injected, 0);
		EXPECT(vb->arch.regs.cr_iip != SYM_guest_ivt + IA64_IVT_EXTINT);
	}
}

static void eager_unmask_delivers_at_rfi(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_EAGER, LARCH_POLICY_EAGER, &a, &b);
	enter(0);
	struct vcpu *vb = b_runs_after_a(a, b, true);
	EXPECT_EQ(vb->arch.virq_injected, 0);
	uint64_t covered = IA64_IFS_V | 5; /* the guest's frame at the ssm */
	vb->arch.regs.cr_ifs = covered;
	const struct guest_insn *ssm = insn("local_irq_enable", "ssm 0x4000");
	vb->arch.regs.cr_iip = ssm->addr;
	vb->arch.regs.hw_ipsr &= ~IA64_PSR_RI;
	/* fault_at covers an empty frame; model the guest's frame of 5 */
	struct cpu_user_regs *r = &vb->arch.regs;
	r->cr_isr = ISR_PRIV_OP;
	r->cr_ifs = covered;
	vb = entered(ia64_trap(0, IA64_IVT_GENERAL_EXC));
	EXPECT_EQ(vb->arch.virq_injected, 1);
	EXPECT_EQ(r->cr_iip, SYM_guest_ivt + IA64_IVT_EXTINT);
	EXPECT_EQ(ri(r), 0);
	EXPECT(!(r->cr_ipsr & IA64_PSR_I)); /* handler runs masked */
	EXPECT(!(r->cr_ipsr & IA64_PSR_IC));
	EXPECT_EQ(r->cr_ifs, 0); /* interrupted frame kept covered */
	EXPECT_EQ(vb->arch.vcr.iip, ssm->addr); /* resumes after the ssm: */
	EXPECT_EQ((vb->arch.vcr.ipsr & IA64_PSR_RI) >> IA64_PSR_RI_SHIFT, 1);
	EXPECT(vb->arch.vcr.ipsr & IA64_PSR_I);
	EXPECT_EQ(vb->arch.vcr.ifs, covered);
	EXPECT_EQ(vb->stat_upcalls, 1);
}

static void deferred_unmask_waits_for_next_entry(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_EAGER, LARCH_POLICY_DEFERRED, &a, &b);
	enter(0);
	struct vcpu *vb = b_runs_after_a(a, b, true);
	vb = privop(vb, "local_irq_enable", "ssm 0x4000");
	EXPECT(!vcpu_irq_masked(vb));
	EXPECT_EQ(vb->arch.virq_injected, 0); /* unmask did not deliver */
	EXPECT_EQ(vb->arch.regs.cr_iip, SYM_local_irq_enable);
	EXPECT_EQ(vb->arch.fast_returns, 2);
	/* The next natural entry: the slice timer's interrupt. */
	model.itc = model.itm;
	vb = extint(vb, IA64_TIMER_VECTOR);
	EXPECT_EQ(b->vcpus[0].arch.virq_injected +
			  a->vcpus[0].arch.virq_injected,
		  1);
	EXPECT_EQ(b->vcpus[0].arch.virq_injected, 1);
}

static void deferred_bounded_by_slice(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_DEFERRED, LARCH_POLICY_DEFERRED, &a, &b);
	struct vcpu *v = enter(0);
	v = boot(a);
	v = privop(v, "local_irq_enable", "ssm 0x4000");
	s_time_t entered_at = arch_now();
	vcpu_raise_upcall(v); /* pending while it runs, no kick */
	EXPECT(model.timer_armed);
	uint64_t due_ns = model.itm * 1000000000ULL / ia64_itc_hz;
	EXPECT(due_ns - (uint64_t)entered_at <= SLICE_NS);
	model.itc = model.itm;
	v = extint(v, IA64_TIMER_VECTOR);
	EXPECT_EQ(a->vcpus[0].arch.virq_injected, 1);
}

static void upcall_handler_rfi_returns(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_EAGER, LARCH_POLICY_EAGER, &a, &b);
	enter(0);
	struct vcpu *vb = b_runs_after_a(a, b, true);
	vb = privop(vb, "local_irq_enable", "ssm 0x4000");
	EXPECT_EQ(vb->arch.virq_injected, 1);
	uint64_t back_iip = vb->arch.vcr.iip, back_ifs = vb->arch.vcr.ifs;
	/* The handler finds the interrupted IP and PSR in cr.iip/cr.ipsr. */
	struct cpu_user_regs saved = vb->arch.regs;
	vb = privop(vb, "model_read_iip", "mov r11=cr.iip");
	vb = privop(vb, "model_read_iip", "mov r10=cr.ipsr");
	EXPECT_EQ(vb->arch.regs.gr[11], back_iip);
	EXPECT(vb->arch.regs.gr[10] & IA64_PSR_I);
	EXPECT_EQ(vb->arch.regs.gr[10], vb->arch.vcr.ipsr);
	vb->arch.regs.cr_iip = saved.cr_iip; /* back at the IVT entry */
	vb->arch.regs.cr_ipsr = saved.cr_ipsr;
	vb = run_upcall(vb);
	EXPECT_EQ(demux_counts[1][1], 1);
	EXPECT_EQ(vb->arch.regs.cr_iip, back_iip);
	EXPECT_EQ(ri(&vb->arch.regs), 1);
	EXPECT_EQ(vb->arch.regs.cr_ifs, back_ifs);
	EXPECT(!vcpu_irq_masked(vb));
	EXPECT_EQ(vb->arch.virq_injected, 1); /* nothing more pending */
	/* The virtual IVR was acknowledged: a second read is spurious. */
	vb = privop(vb, "guest_upcall", "mov r8=cr.ivr");
	EXPECT_EQ(vb->arch.regs.gr[8], IA64_SPURIOUS_VECTOR);
}

static void save_restore_nesting(void)
{
	model_reset(1);
	struct domain *d = mkdom(0, LARCH_POLICY_EAGER);
	sched_add_vcpu(&d->vcpus[0]);
	enter(0);
	struct vcpu *v = boot(d);
	v = privop(v, "local_irq_enable", "ssm 0x4000");
	/* local_irq_save: mov r8=psr, rsm psr.i, then r8 &= PSR.I */
	v = privop(v, "local_irq_save", "mov r8=psr");
	uint64_t outer = v->arch.regs.gr[8] & IA64_PSR_I;
	v = privop(v, "local_irq_save", "rsm 0x4000");
	v = privop(v, "local_irq_save", "mov r8=psr");
	uint64_t inner = v->arch.regs.gr[8] & IA64_PSR_I;
	v = privop(v, "local_irq_save", "rsm 0x4000");
	EXPECT_EQ(outer, IA64_PSR_I);
	EXPECT_EQ(inner, 0);
	/* local_irq_restore: the processor executes only the slot whose
	 * predicate (flags != 0) holds; that one traps. */
	v = privop(v, "local_irq_restore", inner ? "(p06) ssm" : "(p07) rsm");
	EXPECT(vcpu_irq_masked(v));
	v = privop(v, "irqs_disabled", "mov r8=psr");
	EXPECT_EQ((v->arch.regs.gr[8] >> IA64_PSR_I_BIT) & 1, 0);
	v = privop(v, "local_irq_restore", outer ? "(p06) ssm" : "(p07) rsm");
	EXPECT(!vcpu_irq_masked(v));
	EXPECT_EQ(v->arch.regs.cr_iip,
		  insn("local_irq_restore", "(p06) ssm")->addr);
	EXPECT_EQ(ri(&v->arch.regs), 2);
}

static void block_masked_woken_by_event(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_EAGER, LARCH_POLICY_EAGER, &a, &b);
	enter(0);
	struct vcpu *va, *vb = b_runs_after_a(a, b, false);
	EXPECT(vcpu_irq_masked(vb));
	long rc;
	va = hypercall(vb, __HYPERVISOR_sched_op, SCHEDOP_block, 0, &rc);
	EXPECT_EQ(rc, 0);
	EXPECT(va == &a->vcpus[0]); /* B sleeps; A runs */
	EXPECT_EQ(b->vcpus[0].run_state, VCPU_BLOCKED);
	EXPECT(!vcpu_irq_masked(&b->vcpus[0])); /* block unmasked it */
	va = send(va, 1, &rc);
	EXPECT_EQ(b->vcpus[0].run_state, VCPU_RUNNABLE);
	vb = va == &a->vcpus[0] ? a_yields(va) : va;
	EXPECT(vb == &b->vcpus[0]);
	EXPECT_EQ(vb->arch.virq_injected, 1);
	/* the interrupted IP is just past the break */
	EXPECT_EQ(vb->arch.vcr.iip, insn("hypercall5", "break.m 0x1000")->addr);
	EXPECT_EQ((vb->arch.vcr.ipsr & IA64_PSR_RI) >> IA64_PSR_RI_SHIFT, 1);
	vb = run_upcall(vb);
	EXPECT_EQ(demux_counts[1][1], 1);
}

/* The scheduler's race point: A's event arrives after B unmasked but
 * before it is marked blocked. */
static void send_in_race_window(struct vcpu *v)
{
	(void)v;
	evtchn_send(&domains[0].vcpus[0], 1);
}

static void event_racing_block_not_lost(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_EAGER, LARCH_POLICY_EAGER, &a, &b);
	enter(0);
	struct vcpu *vb = b_runs_after_a(a, b, false);
	model.race_hook = send_in_race_window;
	long rc;
	vb = hypercall(vb, __HYPERVISOR_sched_op, SCHEDOP_block, 0, &rc);
	model.race_hook = NULL;
	EXPECT(vb == &b->vcpus[0]); /* did not sleep */
	EXPECT_EQ(vb->arch.virq_injected, 1);
}

static void pingpong_exact_counts(void)
{
	struct domain *a, *b;
	two_domains(LARCH_POLICY_EAGER, LARCH_POLICY_DEFERRED, &a, &b);
	struct vcpu *v = enter(0);
	v = boot(a);
	v = privop(v, "local_irq_enable", "ssm 0x4000");
	v = a_yields(v);
	v = boot(b);
	v = privop(v, "local_irq_enable", "ssm 0x4000");
	v = a_yields(v); /* B yields back to A */
	const unsigned rounds = 100;
	long rc;
	for (unsigned i = 0; i < rounds; i++) {
		EXPECT(v == &a->vcpus[0]);
		v = send(v, 1, &rc);
		EXPECT_EQ(rc, 0);
		v = a_yields(v);
		EXPECT(v == &b->vcpus[0]);
		v = run_upcall(v);
		v = send(v, 1, &rc);
		v = a_yields(v);
		EXPECT(v == &a->vcpus[0]);
		v = run_upcall(v);
	}
	EXPECT_EQ(demux_counts[0][1], rounds);
	EXPECT_EQ(demux_counts[1][1], rounds);
	EXPECT_EQ(a->vcpus[0].arch.virq_injected, rounds);
	EXPECT_EQ(b->vcpus[0].arch.virq_injected, rounds);
	EXPECT_EQ(a->vcpus[0].stat_upcalls, rounds);
}

/* One bad guest among two good ones: it is stopped with a named reason,
 * the others keep running, the hypervisor keeps going. */
static void expect_crash(const char *fn, const char *text, unsigned long vector,
			 uint64_t isr, uint64_t iim, uint64_t r9, uint64_t sof,
			 const char *reason)
{
	model_reset(1);
	struct domain *good = mkdom(0, 0), *bad = mkdom(1, 0);
	(void)good;
	sched_add_vcpu(&bad->vcpus[0]);
	sched_add_vcpu(&good->vcpus[0]);
	struct vcpu *v = enter(0);
	v = boot(v->domain);
	if (v->domain != bad) {
		a_yields(v);
		v = boot(bad);
	}
	EXPECT(v->domain == bad);
	v->arch.regs.gr[9] = r9;
	const struct guest_insn *in = insn(fn, text);
	struct cpu_user_regs *r = &v->arch.regs;
	r->cr_iip = in->addr;
	r->hw_ipsr = (r->hw_ipsr & ~IA64_PSR_RI) | ((uint64_t)in->slot << 41);
	r->cr_isr = isr;
	r->cr_iim = iim;
	r->cr_ifs = IA64_IFS_V | sof;
	if (vector == IA64_IVT_ALT_DTLB)
		r->cr_ifa = r9;
	struct vcpu *next = entered(ia64_trap(0, vector));
	EXPECT_EQ(bad->state, DOM_SHUTDOWN);
	EXPECT_EQ(bad->shutdown_reason, SHUTDOWN_crash);
	EXPECT(next->domain == good);
	EXPECT_EQ(good->state, DOM_RUNNING);
	EXPECT(strstr(model.console, reason) != NULL);
	EXPECT(strstr(model.console, "domain 1 (dom1)") != NULL);
}

static void bad_input_rejected(void)
{
	expect_crash("model_bad_rsm", "rsm", IA64_IVT_GENERAL_EXC, ISR_PRIV_OP,
		     0, 0, 0, "rsm/ssm of PSR bits other than psr.i");
	expect_crash("model_bad_break", "break.m 0x1", IA64_IVT_BREAK, 0, 1, 0,
		     0, "non-hypercall immediate");
	expect_crash("model_mov_cr", "mov cr.iva=r9", IA64_IVT_GENERAL_EXC,
		     ISR_PRIV_OP, 0, SYM_guest_ivt + 8, 0,
		     "not 32 KiB aligned");
	expect_crash("model_mov_cr", "mov cr.itir=r9", IA64_IVT_GENERAL_EXC,
		     ISR_PRIV_OP, 0, 0, 0, "unsupported control register");
	expect_crash("model_itc", "itc.d", IA64_IVT_GENERAL_EXC, ISR_PRIV_OP, 0,
		     0, 0, "unsupported privileged operation");
	expect_crash("guest_upcall", "rfi", IA64_IVT_GENERAL_EXC, ISR_PRIV_OP,
		     0, 0, 3, "rfi from a non-empty register frame");
	expect_crash("model_stacked_psr", "mov r33=psr", IA64_IVT_GENERAL_EXC,
		     ISR_PRIV_OP, 0, 0, 1, "outside the frame");
	expect_crash("local_irq_save", "mov r8=psr", IA64_IVT_GENERAL_EXC, 0x00,
		     0, 0, 0, "illegal operation");
	expect_crash("local_irq_save", "mov r8=psr", IA64_IVT_ALT_DTLB, 0, 0,
		     0x100000ULL + MEM_SIZE, 0, "access outside its memory");
	expect_crash("local_irq_save", "mov r8=psr", IA64_IVT_ALT_DTLB, 0, 0,
		     0xe000000004000000ULL, 0, "access outside its memory");
	/* Bad hypercall arguments are errors, not crashes. */
	model_reset(1);
	struct domain *d = mkdom(0, 0);
	sched_add_vcpu(&d->vcpus[0]);
	struct vcpu *v = enter(0);
	v = boot(d);
	long rc;
	v = send(v, 4095, &rc);
	EXPECT(rc < 0);
	v = hypercall(v, __HYPERVISOR_event_channel_op, EVTCHNOP_send, 0x10,
		      &rc); /* argument outside guest memory */
	EXPECT_EQ(rc, -XEN_EFAULT);
	v = hypercall(v, 63, 0, 0, &rc);
	EXPECT_EQ(rc, -XEN_ENOSYS);
	EXPECT_EQ(d->state, DOM_RUNNING);
	struct vcpu_guest_entry e = { 0x100008, 0, 0 }; /* unaligned entry */
	EXPECT_EQ(arch_vcpu_set_entry(&d->vcpus[0], e.entry, 0, 0),
		  -XEN_EINVAL);
	EXPECT_EQ(arch_vcpu_set_entry(&d->vcpus[0], 0x100000 + MEM_SIZE, 0, 0),
		  -XEN_EINVAL);
}

static void tlb_miss_maps_own_memory(void)
{
	model_reset(1);
	struct domain *d = mkdom(0, 0);
	sched_add_vcpu(&d->vcpus[0]);
	struct vcpu *v = enter(0);
	v = boot(d);
	uint64_t va = d->guest_base + 0x4123;
	EXPECT_EQ(ia64_guest_tlb_miss(v, va, false), 0);
	EXPECT_EQ(model.ntc, 1);
	EXPECT_EQ(model.tc[0].va, d->guest_base + 0x4000);
	uint64_t pa = ((uint64_t)(uintptr_t)(d->host_base + 0x4000) -
		       IA64_HYP_VBASE) &
		      ~0x3fffULL & ((1ULL << 50) - 1);
	EXPECT_EQ(model.tc[0].pte & ((1ULL << 50) - 1) & ~0xfffULL, pa);
	EXPECT_EQ(model.tc[0].pte & 1, 1); /* present */
	EXPECT_EQ((model.tc[0].pte >> 7) & 3, IA64_GUEST_CPL);
	EXPECT_EQ(model.tc[0].itir, IA64_PAGE_SHIFT << 2);
	EXPECT_EQ(ia64_guest_tlb_miss(v, 0x2000000000000010ULL, false), 0);
	EXPECT_EQ(model.ntc, 2); /* shared_info */
	EXPECT(ia64_guest_tlb_miss(v, 0x2000000000000010ULL, true) < 0);
	EXPECT(ia64_guest_tlb_miss(v, d->guest_base - 8, false) < 0);
	EXPECT_EQ(model.ntc, 2);
}

static void stacked_registers_in_vcpu_rbs(void)
{
	model_reset(1);
	struct domain *d = mkdom(0, 0);
	sched_add_vcpu(&d->vcpus[0]);
	struct vcpu *v = enter(0);
	v = boot(d);
	/* 70 registers flushed: the frame of 2 is the last two, across a NaT
	 * collection word at index 63. */
	uint64_t *rbs = ia64_vcpu_rbs(v);
	struct cpu_user_regs *r = &v->arch.regs;
	r->loadrs = 71 * 8;
	const struct guest_insn *in = insn("model_stacked_psr", "mov r33=psr");
	r->cr_iip = in->addr;
	r->hw_ipsr = (r->hw_ipsr & ~IA64_PSR_RI) | ((uint64_t)in->slot << 41);
	r->cr_isr = ISR_PRIV_OP;
	r->cr_ifs = IA64_IFS_V | 2;
	rbs[70] = 0;
	v = entered(ia64_trap(0, IA64_IVT_GENERAL_EXC));
	EXPECT_EQ(d->state, DOM_RUNNING);
	/* r33 = psr{31:0} and psr{36:35}, as mov r=psr reads them */
	EXPECT_EQ(rbs[70], v->arch.regs.cr_ipsr & (0xffffffffULL | 3ULL << 35));
	EXPECT_EQ(rbs[63], 0); /* NaT word untouched */
}

static void rfi_psr_invariants(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < 10000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		struct cpu_user_regs r = { .cr_ipsr = x };
		uint64_t hw = ia64_psr_for_rfi(&r);
		EXPECT(hw & IA64_PSR_I);
		EXPECT((hw >> IA64_PSR_CPL_SHIFT & 3) >= 1);
		EXPECT(!(hw & (1ULL << 46))); /* vm: never the guest's */
		EXPECT(!(hw & (1ULL << 35))); /* mc: never the guest's */
		EXPECT_EQ(hw & IA64_PSR_RI, x & IA64_PSR_RI);
		/* the virtual I survives a trap round trip */
		r.hw_ipsr = hw;
		ia64_sync_from_hw(&r);
		EXPECT_EQ(r.cr_ipsr & IA64_PSR_I, x & IA64_PSR_I);
	}
}

static void timer_ipi_and_time(void)
{
	model_reset(2);
	model.itc = 400000000ULL * 3 + 200; /* 3 s + 500 ns */
	EXPECT_EQ(arch_now(), 3000000500LL);
	arch_timer_set_deadline(3001000000LL);
	EXPECT(model.timer_armed);
	EXPECT_EQ(model.itm, 400000000ULL * 3 + 400000);
	arch_timer_set_deadline(STIME_MAX);
	EXPECT(!model.timer_armed);
	/* A remote kick: the vCPU runs on pCPU 1, the event comes from 0. */
	struct domain *a = mkdom(0, 0), *b = mkdom(1, 0);
	b->vcpus[0].processor = 1;
	evtchn_bind_static(a, 1, b, 1);
	sched_add_vcpu(&a->vcpus[0]);
	sched_add_vcpu(&b->vcpus[0]);
	EXPECT(enter(1) == &b->vcpus[0]);
	boot(b); /* its cr.iva, on pCPU 1 */
	EXPECT(enter(0) == &a->vcpus[0]);
	EXPECT(b->vcpus[0].is_running);
	vcpu_irq_unmask(&b->vcpus[0]);
	model.cpu = 0;
	evtchn_send(&a->vcpus[0], 1);
	EXPECT(model.ipis[1] >= 1);
	EXPECT_EQ(model.ipis[0], 0);
	/* pCPU 1 takes the IPI: delivered on its way back to B. */
	model.cpu = 1;
	model.current = &b->vcpus[0].arch.regs;
	struct vcpu *v = extint(&b->vcpus[0], IA64_IPI_VECTOR);
	EXPECT(v == &b->vcpus[0]);
	EXPECT_EQ(v->arch.virq_injected, 1);
	EXPECT(model.eois >= 1);
}

/* The boot path's C half on a real configuration (guest/configs, by dtc):
 * larch_setup builds the domains through arch_domain_alloc/load. */
static const char *config_path;
static void config_setup_builds_domains(void)
{
	static uint8_t dtb[65536];
	FILE *f = fopen(config_path, "rb");
	EXPECT(f != NULL);
	if (!f)
		return;
	size_t n = fread(dtb, 1, sizeof(dtb), f);
	fclose(f);
	EXPECT(n > 64 && n < sizeof(dtb));
	model_reset(1);
	EXPECT_EQ(larch_setup(dtb, 1), 0);
	struct domain *ping = domain_by_id(0), *pong = domain_by_id(1);
	EXPECT(ping && pong);
	if (!ping || !pong)
		return;
	EXPECT(!strcmp(ping->name, "ping"));
	EXPECT_EQ(ping->mem_size, 0x400000);
	EXPECT(ping->host_base != pong->host_base);
	EXPECT(ping->arch.rid_base != pong->arch.rid_base);
	const struct larch_start_info *si = guest_mem_ptr(
		pong, pong->guest_base + pong->mem_size - 4096, sizeof(*si));
	EXPECT(si && !strncmp(si->args, "pong", 4));
	EXPECT_EQ(si->domid, 1);
	EXPECT_EQ(ping->evtchn[1].state, ECS_INTERDOMAIN);
	EXPECT(!memcmp(ping->host_base, guest_image_bytes, 64));
	struct vcpu *v = enter(0);
	EXPECT_EQ(v->arch.regs.cr_iip, SYM__start);
	EXPECT_EQ(v->arch.regs.gr[12] & 15, 0);
}

int main(int argc, char **argv)
{
	config_path = argc > 1 ? argv[1] : "missing";
	RUN("model", start_state_and_ivt);
	RUN("model", rsm_ssm_from_real_bundles);
	RUN("model", masked_gets_no_delivery);
	RUN("model", eager_unmask_delivers_at_rfi);
	RUN("model", deferred_unmask_waits_for_next_entry);
	RUN("model", deferred_bounded_by_slice);
	RUN("model", upcall_handler_rfi_returns);
	RUN("model", save_restore_nesting);
	RUN("model", block_masked_woken_by_event);
	RUN("model", event_racing_block_not_lost);
	RUN("model", pingpong_exact_counts);
	RUN("model", bad_input_rejected);
	RUN("model", tlb_miss_maps_own_memory);
	RUN("model", stacked_registers_in_vcpu_rbs);
	RUN("model", rfi_psr_invariants);
	RUN("model", timer_ipi_and_time);
	RUN("model", config_setup_builds_domains);
	return harness_failed ? 1 : 0;
}

/* The test guests' library: one API for every arch. The arch part
 * (guest/arch/<arch>/) supplies entry, traps, the hypercall instruction
 * and the irq accessors; everything else is common (guest/lib/). */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen_abi.h>
#include <public/shared_info.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/start_info.h>

/* ---- arch part: guest/arch/<arch>/ ---- */
long hypercall5(unsigned long nr, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4, unsigned long a5);
/* The guest-side contract (DESIGN.md): x86 writes the shared mask byte,
 * ppc/arm/ia64 their own MSR.EE / PSTATE.I / PSR.I. */
void local_irq_disable(void);
void local_irq_enable(void);
unsigned long local_irq_save(void);
void local_irq_restore(unsigned long flags);
bool irqs_disabled(void);
uint64_t
arch_counter(void); /* TSC/timebase/CNTVCT: icount-based under -icount */
unsigned arch_vcpu_id(void); /* which vCPU this is */
void arch_guest_init(const struct larch_start_info *si); /* vectors etc. */
/* Secondary vCPUs: the entry code (a raw code address), which runs on the
 * stack it is given and calls guest_secondary_entry(id); and what a new
 * vCPU sets up for itself before the suite runs on it. */
extern char guest_secondary_start[];
void arch_secondary_init(unsigned id);

/* ---- common part: guest/lib/ ---- */
extern struct shared_info *shared;
extern const struct larch_start_info *start_info;

void gputs(const char *s);
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline long HYPERVISOR_event_channel_op(unsigned cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_event_channel_op, cmd,
			  (unsigned long)arg, 0, 0, 0);
}
static inline long HYPERVISOR_sched_op(unsigned cmd, void *arg)
{
	return hypercall5(__HYPERVISOR_sched_op, cmd, (unsigned long)arg, 0, 0,
			  0);
}
static inline long HYPERVISOR_vcpu_op(unsigned cmd, unsigned vcpu, void *arg)
{
	return hypercall5(__HYPERVISOR_vcpu_op, cmd, vcpu, (unsigned long)arg,
			  0, 0);
}
static inline long HYPERVISOR_set_timer_op(uint64_t deadline_ns)
{
	return hypercall5(__HYPERVISOR_set_timer_op, deadline_ns, 0, 0, 0, 0);
}
static inline long HYPERVISOR_larch_op(unsigned cmd, unsigned long arg)
{
	return hypercall5(__HYPERVISOR_larch_op, cmd, arg, 0, 0, 0);
}

/* Event channels: handlers run from the upcall with irqs disabled. */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data);
void evtchn_do_upcall(void); /* the arch upcall entry calls this */
long evtchn_send(evtchn_port_t port);
long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t rport,
			     evtchn_port_t *port);
long evtchn_bind_virq(unsigned virq, unsigned vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(unsigned vcpu, evtchn_port_t *port);
long evtchn_close(evtchn_port_t port);
void evtchn_mask_port(evtchn_port_t port);
void evtchn_unmask_port(evtchn_port_t port);
extern volatile uint64_t upcall_count;

void guest_block(void); /* SCHEDOP_block: enables irqs, sleeps */
void guest_yield(void);
#define GUEST_MAX_VCPUS	 4
#define GUEST_STACK_SIZE 8192
extern uint8_t guest_vcpu_stacks[GUEST_MAX_VCPUS][GUEST_STACK_SIZE];
/* Start secondary vCPU id at guest_secondary_main(id). */
int guest_vcpu_up(unsigned id);
void guest_secondary_entry(unsigned id);
/* Store to addr (isolation tests): a fault stops this domain. */
void guest_poke(uint64_t addr);

void guest_exit(int code);   /* shutdown this domain (poweroff) */
void machine_exit(int code); /* privileged: end QEMU */

/* Test reporting: "PASS <arch>/<suite>/<case>" lines. */
extern const char *const guest_arch_name;
void test_result(const char *suite, const char *name, bool ok, const char *why);
#define CHECK(suite, name, cond) test_result(suite, name, (cond), #cond)
extern unsigned tests_failed;

/* The suite (guest/suite/) */
void guest_main(void); /* vCPU 0, after arch_guest_init */
void guest_secondary_main(unsigned id);

#endif

/* The scheduler: per-pCPU run queues, time slices, block/yield/poll,
 * wake-up on event. A pCPU runs the hypervisor with its own interrupts off;
 * work for it is requested with softirq flags (and an IPI if remote). */
#ifndef LARCH_SCHED_H
#define LARCH_SCHED_H

#include <larch/domain.h>

#define SLICE_NS 1000000 /* 1 ms */

#define SOFTIRQ_SCHEDULE (1u << 0)
#define SOFTIRQ_TIMER	 (1u << 1)
/* after the schedule a vCPU's sleep asked for: the spin-wait hint
 * (common/sched.c, sleep_now) */
#define SOFTIRQ_HANDOVER (1u << 2)
/* a domain's restart, once its vCPUs left every pCPU (common/lifecycle.c) */
#define SOFTIRQ_RESTART (1u << 3)

struct pcpu {
	unsigned id;
	bool online;
	struct vcpu *curr; /* NULL while idle */
	struct vcpu *runq_head, *runq_tail;
	spinlock_t lock; /* run queue and curr */
	volatile uint32_t softirq;
	struct timer slice_timer;
	struct timer *timers; /* sorted by expiry */
	spinlock_t timer_lock;
	uint64_t nr_switches;
};

extern struct pcpu pcpus[MAX_PCPUS];
extern unsigned nr_pcpus;

void sched_init(unsigned nr_cpus);
void sched_init_vcpu(struct vcpu *v);	/* its timers; at domain creation */
void sched_add_vcpu(struct vcpu *v);	/* make a DOWN vCPU runnable */
void sched_remove_vcpu(struct vcpu *v); /* take down (shutdown, VCPUOP_down) */
/* Make v run soon: wake it if blocked; if it runs guest code on another
 * pCPU, IPI that pCPU so it passes through the return path. */
void sched_kick(struct vcpu *v);
/* SCHEDOP_block: unmask the vCPU's upcalls and sleep, atomically with
 * respect to events: an event sent at any point wakes it or stops it from
 * sleeping. */
void vcpu_block(struct vcpu *v);
/* The sleeping half of vcpu_block, mask untouched (a WFI): sleep unless an
 * upcall or arch_vcpu_irq_pending is already pending. */
void vcpu_sleep(struct vcpu *v);
void vcpu_yield(struct vcpu *v);
long vcpu_poll(struct vcpu *v, const evtchn_port_t *ports, unsigned nr,
	       s_time_t timeout);
void raise_softirq(unsigned cpu, uint32_t flags);

/*
 * The return path. Every arch calls this on each return to guest code;
 * it runs timers and the scheduler and arranges upcall delivery, and
 * returns the vCPU to load. NULL means idle: the arch waits for an
 * interrupt in its own idle routine and calls it again.
 */
struct vcpu *leave_hypervisor(unsigned cpu);

static inline struct vcpu *current_vcpu(unsigned cpu)
{
	return pcpus[cpu].curr;
}

long do_sched_op(struct vcpu *v, unsigned cmd, uint64_t arg);

/* ---- arch duties ---- */
unsigned arch_cpu_id(void);
void arch_send_ipi(unsigned cpu); /* makes cpu enter the hypervisor */
/* prev's state out, next's in (timers, translation, per-CPU IRQ state).
 * Either may be NULL (idle). General registers are already in v->arch. */
void arch_ctxt_switch(struct vcpu *prev, struct vcpu *next);
/* Optional (a weak default says false): besides the event upcall, does v,
 * current on this pCPU, have an interrupt waiting that it would take once
 * unmasked (arm: the vtimer PPI in a list register)? vcpu_block does not
 * sleep then. */
bool arch_vcpu_irq_pending(const struct vcpu *v);
/* Test hook: a point in vcpu_block where an event may race in. */
#ifndef SCHED_RACE_POINT
#define SCHED_RACE_POINT(v) ((void)(v))
#endif

#endif

/* The runstate area (VCPUOP_register_runstate_memory_area): how long a
 * vCPU ran, waited to run (the time a guest reports as stolen), was
 * blocked or offline. larch keeps each registered vCPU's record and copies
 * it into the guest's area whenever the scheduler switches the vCPU in or
 * out. The one transition larch does not make is a wake-up (blocked ->
 * runnable, on another pCPU than the vCPU's): the time from a wake-up to
 * running counts as blocked, not stolen (docs/architecture.md). */
#include <larch/runstate.h>
#include <larch/hypercall.h>
#include <larch/timer.h>
#include <public/sched.h>

unsigned runstate_in_use;

/* larch's record; the guest's copy is only ever written from it */
static struct vcpu_runstate_info records[MAX_DOMAINS][MAX_VCPUS_PER_DOMAIN];

static struct vcpu_runstate_info *record(const struct vcpu *v)
{
	return &records[v->domain - domains][v->vcpu_id];
}

/* Readers retry while RUNSTATE_UPDATE is set or the entry time moved. */
static void publish(struct vcpu *v, const struct vcpu_runstate_info *r)
{
	struct vcpu_runstate_info *g = v->runstate;
	volatile uint64_t *entry = &g->state_entry_time;
	*entry = r->state_entry_time | RUNSTATE_UPDATE;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	g->state = r->state;
	for (unsigned i = 0; i < 4; i++)
		g->time[i] = r->time[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*entry = r->state_entry_time;
}

static void change(struct vcpu *v, int32_t state, s_time_t now)
{
	struct vcpu_runstate_info *r = record(v);
	if (now > (s_time_t)r->state_entry_time)
		r->time[r->state & 3] += (uint64_t)now - r->state_entry_time;
	r->state = state;
	r->state_entry_time = (uint64_t)now;
	publish(v, r);
}

static int32_t state_of(const struct vcpu *v)
{
	if (v->is_running)
		return RUNSTATE_running;
	switch (v->run_state) {
	case VCPU_RUNNABLE:
		return RUNSTATE_runnable;
	case VCPU_BLOCKED:
		return RUNSTATE_blocked;
	default:
		return RUNSTATE_offline;
	}
}

void runstate_switch(struct vcpu *prev, struct vcpu *next)
{
	s_time_t now = arch_now();
	/* prev is no longer running: is_running is already false */
	if (prev && prev->runstate)
		change(prev, state_of(prev), now);
	if (next && next->runstate)
		change(next, RUNSTATE_running, now);
}

long runstate_register(struct vcpu *t, uint64_t addr)
{
	if (!addr) {
		t->runstate = NULL;
		return 0;
	}
	if (addr & 7)
		return -XEN_EINVAL;
	struct vcpu_runstate_info *g =
		guest_area_ptr(t->domain, addr, sizeof(*g));
	if (!g)
		return -XEN_EFAULT;
	/* the counts start at the first registration; a move keeps them */
	struct vcpu_runstate_info *r = record(t);
	if (!t->runstate)
		*r = (struct vcpu_runstate_info){
			.state = state_of(t),
			.state_entry_time = (uint64_t)arch_now(),
		};
	t->runstate = g;
	publish(t, r);
	runstate_in_use = 1;
	return 0;
}

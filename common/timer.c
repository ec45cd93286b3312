/* Per-pCPU one-shot timers: a sorted list per pCPU and one hardware
 * deadline, the earliest. Timer functions run on the timer's pCPU. */
#include <larch/timer.h>
#include <larch/sched.h>

static void unlink_timer(struct pcpu *p, struct timer *t)
{
	for (struct timer **pp = &p->timers; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	t->active = false;
	t->next = NULL;
}

static void program(struct pcpu *p)
{
	if (p->id == arch_cpu_id())
		arch_timer_set_deadline(p->timers ? p->timers->expires
						  : STIME_MAX);
	else
		raise_softirq(p->id, SOFTIRQ_TIMER); /* it reprograms itself */
}

void timer_init(struct timer *t, void (*fn)(void *), void *data, unsigned cpu)
{
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
	t->active = false;
	t->next = NULL;
	t->expires = 0;
}

void timer_set(struct timer *t, s_time_t expires)
{
	struct pcpu *p = &pcpus[t->cpu];
	spin_lock(&p->timer_lock);
	if (t->active)
		unlink_timer(p, t);
	t->expires = expires;
	struct timer **pp = &p->timers;
	while (*pp && (*pp)->expires <= expires)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->active = true;
	bool is_first = p->timers == t;
	spin_unlock(&p->timer_lock);
	if (is_first)
		program(p);
}

void timer_stop(struct timer *t)
{
	struct pcpu *p = &pcpus[t->cpu];
	spin_lock(&p->timer_lock);
	if (t->active)
		unlink_timer(p, t);
	spin_unlock(&p->timer_lock);
}

void timer_run_expired(unsigned cpu)
{
	struct pcpu *p = &pcpus[cpu];
	s_time_t now = arch_now();
	spin_lock(&p->timer_lock);
	while (p->timers && p->timers->expires <= now) {
		struct timer *t = p->timers;
		unlink_timer(p, t);
		spin_unlock(&p->timer_lock);
		t->fn(t->data); /* may set timers again */
		spin_lock(&p->timer_lock);
	}
	s_time_t next = p->timers ? p->timers->expires : STIME_MAX;
	spin_unlock(&p->timer_lock);
	arch_timer_set_deadline(next);
}

s_time_t timer_next_deadline(unsigned cpu)
{
	struct pcpu *p = &pcpus[cpu];
	spin_lock(&p->timer_lock);
	s_time_t next = p->timers ? p->timers->expires : STIME_MAX;
	spin_unlock(&p->timer_lock);
	return next;
}

s_time_t time_counter_to_ns(uint64_t count, uint64_t hz)
{
	return (s_time_t)((count / hz) * 1000000000ULL +
			  (count % hz) * 1000000000ULL / hz);
}

uint64_t time_ns_to_counter(s_time_t ns, uint64_t hz)
{
	uint64_t n = ns < 0 ? 0 : (uint64_t)ns;
	return (n / 1000000000ULL) * hz +
	       (n % 1000000000ULL) * hz / 1000000000ULL;
}

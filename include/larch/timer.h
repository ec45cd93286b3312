/* One-shot software timers on per-pCPU lists, driven by one hardware
 * deadline per pCPU (arch_timer_set_deadline). */
#ifndef LARCH_TIMER_H
#define LARCH_TIMER_H

#include <larch/types.h>

struct timer {
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	unsigned cpu;
	bool active;
	struct timer *next;
};

void timer_init(struct timer *t, void (*fn)(void *), void *data, unsigned cpu);
void timer_set(struct timer *t, s_time_t expires);
void timer_stop(struct timer *t);
/* Run every expired timer of this pCPU and program the next deadline. */
void timer_run_expired(unsigned cpu);
s_time_t timer_next_deadline(unsigned cpu);

/* Conversions for a free-running counter of hz ticks per second, split so
 * the products never overflow 64 bits. */
s_time_t time_counter_to_ns(uint64_t count, uint64_t hz);
uint64_t time_ns_to_counter(s_time_t ns, uint64_t hz);

/* ---- arch duties ---- */
s_time_t arch_now(void); /* monotonic ns */
void arch_timer_set_deadline(
	s_time_t deadline); /* this pCPU; STIME_MAX = off */

#endif

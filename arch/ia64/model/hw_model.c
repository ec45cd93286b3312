/* The host model of the ia64 hardware interface (replaces hw.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#include "ia64_priv.h"
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/setup.h>

struct model model;
const uint64_t ia64_itc_hz = 400000000ULL; /* 2.5 ns per tick */

void ia64_domain_pool_reset(void);

void model_reset(unsigned nr_cpus)
{
	memset(&model, 0, sizeof(model));
	memset(ia64_stats, 0, sizeof(ia64_stats));
	domains_reset();
	ia64_domain_pool_reset();
	sched_init(nr_cpus);
	irq_init();
}

void model_raise(uint64_t vector)
{
	if (model.nivr < 32)
		model.ivr[model.nivr++] = vector;
}

void model_race_point(struct vcpu *v)
{
	if (model.race_hook)
		model.race_hook(v);
}

uint64_t ia64_hw_itc(void)
{
	return model.itc;
}

void ia64_hw_set_itm(uint64_t itc)
{
	model.itm = itc;
	model.timer_armed = true;
}

void ia64_hw_mask_timer(void)
{
	model.timer_armed = false;
}

/* Highest vector first, as the processor orders them (vector priority). */
uint64_t ia64_hw_read_ivr(void)
{
	if (!model.nivr)
		return IA64_SPURIOUS_VECTOR;
	unsigned best = 0;
	for (unsigned i = 1; i < model.nivr; i++)
		if (model.ivr[i] > model.ivr[best])
			best = i;
	uint64_t v = model.ivr[best];
	model.ivr[best] = model.ivr[--model.nivr];
	return v;
}

void ia64_hw_eoi(void)
{
	model.eois++;
}

void ia64_hw_send_ipi(unsigned cpu, unsigned vector)
{
	if (vector == IA64_IPI_VECTOR && cpu < MAX_PCPUS)
		model.ipis[cpu]++;
}

unsigned ia64_hw_cpu_id(void)
{
	return model.cpu;
}

void ia64_hw_set_current(struct cpu_user_regs *regs)
{
	model.current = regs;
}

void ia64_hw_set_rr(unsigned region, uint64_t rr)
{
	if (region < 8)
		model.rr[region] = rr;
}

void ia64_hw_insert_tc(bool insn, uint64_t va, uint64_t pte, uint64_t itir)
{
	if (model.ntc < 64)
		model.tc[model.ntc++] =
			(struct model_tc){ insn, va, pte, itir };
}

void ia64_hw_putc(char c)
{
	if (model.console_len < sizeof(model.console) - 1)
		model.console[model.console_len++] = c;
}

/* Idle with nothing pending: time passes to the programmed match, when the
 * timer vector arrives (the model's only source of spontaneous events). */
void ia64_hw_wait(void)
{
	model.waits++;
	if (model.timer_armed) {
		if (model.itc < model.itm)
			model.itc = model.itm;
		model.timer_armed = false;
		model_raise(IA64_TIMER_VECTOR);
	} else if (model.waits > 1000000) {
		fprintf(stderr, "ia64 model: idle forever (no timer armed)\n");
		abort();
	}
}

void ia64_hw_halt(int code)
{
	model.halted = true;
	model.halt_code = code;
	if (model.halt_jmp)
		longjmp(*model.halt_jmp, 1);
	fprintf(stderr, "ia64 model: unexpected halt (%d)\n", code);
	abort();
}

/* The guest image configs name: the guest's real assembled code. */
#include "guest_code.h"
const struct guest_image guest_images[] = {
	{ "suite", guest_image_bytes,
	  guest_image_bytes + sizeof(guest_image_bytes) },
};
const unsigned nr_guest_images = 1;

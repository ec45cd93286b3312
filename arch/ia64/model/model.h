/* The host model of the ia64 hardware the backend touches: ITC/ITM/ITV,
 * the IVR queue and EOI, IPIs, region registers, the TLB inserts, the
 * console and the halt. The conformance cases read it. */
#ifndef IA64_MODEL_H
#define IA64_MODEL_H

#include <setjmp.h>
#include <larch/domain.h>

struct model_tc {
	bool insn;
	uint64_t va, pte, itir;
};

struct model {
	unsigned cpu;
	uint64_t itc;
	uint64_t itm;
	bool timer_armed;
	uint64_t ivr[32]; /* pending vectors, oldest first */
	unsigned nivr;
	unsigned eois;
	unsigned ipis[MAX_PCPUS];
	uint64_t rr[8];
	struct cpu_user_regs *current; /* ar.k7 */
	struct model_tc tc[64];
	unsigned ntc;
	char console[16384];
	size_t console_len;
	bool halted;
	int halt_code;
	jmp_buf *halt_jmp;
	void (*race_hook)(struct vcpu *v);
	unsigned waits; /* idle polls that found nothing */
};

extern struct model model;
void model_reset(unsigned nr_cpus);
void model_raise(uint64_t vector); /* an external interrupt arrives */

#endif

/* A vCPU's runstate (common/runstate.c): kept for the vCPUs whose guest
 * registered an area, updated where the scheduler switches vCPUs. */
#ifndef LARCH_RUNSTATE_H
#define LARCH_RUNSTATE_H

#include <larch/domain.h>

/* VCPUOP_register_runstate_memory_area for t: 0, -XEN_EINVAL (misaligned)
 * or -XEN_EFAULT (not the domain's memory); addr 0 stops the updates. */
long runstate_register(struct vcpu *t, uint64_t addr);
/* The pCPU switches from prev to next (either may be NULL: idle). */
void runstate_switch(struct vcpu *prev, struct vcpu *next);

/* Non-zero once any vCPU registered an area: until then the switch path
 * pays one load and a branch (the x86 vcpu_switch figure). */
extern unsigned runstate_in_use;
static inline void runstate_on_switch(struct vcpu *prev, struct vcpu *next)
{
	if (__builtin_expect(runstate_in_use != 0, 0))
		runstate_switch(prev, next);
}

#endif

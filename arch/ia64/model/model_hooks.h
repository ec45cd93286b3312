/* Forced into every host-model object: the scheduler's race point. */
#ifndef IA64_MODEL_HOOKS_H
#define IA64_MODEL_HOOKS_H
struct vcpu;
void model_race_point(struct vcpu *v);
#define SCHED_RACE_POINT(v) model_race_point(v)
#endif

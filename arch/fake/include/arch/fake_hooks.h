/* Forced into every fake-arch object: test hooks inside common code. */
#ifndef ARCH_FAKE_HOOKS_H
#define ARCH_FAKE_HOOKS_H
struct vcpu;
void fake_race_point(struct vcpu *v);
#define SCHED_RACE_POINT(v) fake_race_point(v)
#endif

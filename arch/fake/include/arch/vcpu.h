/* The host "fake" arch for unit tests of common code: a saved-flags word
 * stands in for a register that holds the mask. */
#ifndef ARCH_FAKE_VCPU_H
#define ARCH_FAKE_VCPU_H

#include <stdint.h>

#define FAKE_FLAG_MASKED 1u

struct arch_vcpu {
	uint32_t saved_flags;
	unsigned deliveries; /* upcalls the "guest" took */
	bool armed;
	bool irq_waiting;
	/* a per-CPU IRQ the vCPU would take (arch_vcpu_irq_pending) */ /* hardware-gated delivery waiting for unmask */
	unsigned percpu_injected;
	unsigned last_percpu_irq;
};

struct arch_domain {
	int unused;
};

#endif

/* What the fuzz harnesses (tests/fuzz/) hold the common core to after every
 * step: the invariants below must survive any guest input. A violation
 * prints why and aborts, which libFuzzer reports as a crash. */
#ifndef TESTS_FUZZ_CHECK_H
#define TESTS_FUZZ_CHECK_H

#include <arch/fake.h>
#include <larch/evtchn.h>
#include <larch/irq.h>
#include <larch/sched.h>
#include <larch/vcpu_irq.h>

/* Print "fuzz: invariant: <why>" and abort. */
__attribute__((noreturn, format(printf, 1, 2))) void fuzz_fail(const char *fmt,
							       ...);

/* A domain whose guest wrote arbitrary bytes into its shared_info: the
 * pending/mask/selector invariants are the guest's to keep, not ours. */
extern bool fuzz_tainted[MAX_DOMAINS];

/*
 * The whole machine, between two steps (no pCPU inside the hypervisor):
 *  - each domain's vCPUs and event channels are well-formed: port 0
 *    reserved, interdomain pairs symmetric with a live peer, VIRQ and PIRQ
 *    ports and their reverse maps agree, every notify vCPU exists;
 *  - pending bits only on bound ports; an unmasked pending port has its
 *    selector bit set on some vCPU of the domain; a selector bit set means
 *    evtchn_upcall_pending is set (both skipped for a tainted domain);
 *  - a vCPU blocked in SCHEDOP_block has no upcall pending, one blocked in
 *    SCHEDOP_poll has none of its ports pending (no lost wake-up);
 *  - run queues: acyclic, tail last, members RUNNABLE, on their own pCPU,
 *    not running; every RUNNABLE vCPU is queued or current; a current vCPU
 *    that cannot run has SOFTIRQ_SCHEDULE pending on its pCPU;
 *  - timer lists sorted, owned by their pCPU, and the hardware deadline no
 *    later than the first timer (or SOFTIRQ_TIMER pending).
 */
void fuzz_check_invariants(void);

#endif

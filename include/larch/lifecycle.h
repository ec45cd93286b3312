/* A domain's poweroff, reboot or crash and what follows, as xl's
 * on_poweroff/on_reboot/on_crash choose it (the config's on-poweroff,
 * on-reboot, on-crash: docs/config.md, "Lifecycle"). */
#ifndef LARCH_LIFECYCLE_H
#define LARCH_LIFECYCLE_H

#include <larch/domain.h>

/* A domain restarted more than this many times within the window is left
 * down instead: a guest that reboots as soon as it starts would otherwise
 * keep the machine busy for ever. */
#define RESTART_LIMIT	  4
#define RESTART_WINDOW_NS (60LL * 1000000000)

/* d has just shut down for reason (its state published, its vCPUs
 * removed): true if its action keeps the machine from ending now (a
 * restart was requested, or the machine is being ended). */
bool lifecycle_after_shutdown(struct domain *d, uint32_t reason);
/* The softirq (SOFTIRQ_RESTART) on the pCPU that asked: each domain whose
 * restart is pending and none of whose vCPUs runs anywhere is rebuilt. */
void lifecycle_run_restarts(unsigned cpu);
/* d is down and will be built again */
bool lifecycle_restart_pending(const struct domain *d);
/* After a trap of a kernel domain (a staged kernel): a privileged one that
 * is down and not restarting ends the machine (common/lifecycle.c). */
void kernel_domain_check_down(struct domain *d);
/* common/setup.c: tear d down (event channels, IRQ routes, the arch's
 * per-vCPU state) and build it again from its config in the same memory;
 * its config's channels are bound again to their peers that still run. */
int domain_restart(struct domain *d);
/* Optional arch duty: stop what the arch keeps per vCPU beyond the
 * scheduler's timers (arm: the vtimer wake-up timer). */
void arch_domain_teardown(struct domain *d);
/* Optional arch duty: false where a built domain cannot be built again
 * (x86 PV kernels: their frames' page types are not reset yet); a config
 * asking to restart one is refused. */
bool arch_domain_restartable(const struct domain *d);
/* Optional (weak default: nothing): on each pCPU that ran d, before d is
 * rebuilt, with none of d's vCPUs current: let go of what this pCPU may
 * still use of d (x86: a page-table root kept loaded while idle, which the
 * rebuild rewrites). */
void arch_domain_leave_pcpu(struct domain *d);
void lifecycle_reset(void); /* host tests */

#endif

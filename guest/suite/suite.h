/* The shared test suite: roles picked by the config's "args" string, small
 * helpers, and the per-arch hooks where hardware differs.
 *
 * Hooks (arch duties, in guest/arch/<arch>/; weak defaults in hooks.c say
 * "not available" so an arch implements only what it has):
 *   suite_counter_hz        ticks per second of arch_counter() (default
 *                           1e9); now_ns() must match the hypervisor's
 *                           system time, as set_timer_op deadlines are
 *                           absolute
 *   suite_trap_count        this vCPU's entries to the hypervisor, or -1;
 *                           shows eager delivery took no trap where the
 *                           hardware delivers (ppc, arm)
 *   suite_has_percpu_timer  a guest-owned per-CPU timer IRQ exists (arm:
 *                           the virtual timer PPI 27); then:
 *   suite_timer_arm/stop/condition: program it in arch_counter() ticks,
 *                           stop it, read "the condition holds" (ISTATUS)
 *   the arch's interrupt entry calls suite_timer_fired() when it fires.
 *   suite_eager_unmask_entries  hypervisor entries an eager unmask with
 *                           an upcall pending costs by design (x86 PV: 2,
 *                           the xen_version request and the upcall's iret
 *                           hypercall; default 0)
 *   suite_arch_test_main    role "arch-test": an arch's own cases (x86:
 *                           hostile guests against its trap paths)
 *   suite_kick_bound_ns     the latest a cross-pCPU kick may arrive and
 *                           still count as an IPI (default a quarter slice)
 */
#ifndef GUEST_SUITE_H
#define GUEST_SUITE_H

#include <guest.h>

long suite_trap_count(void);
uint64_t suite_counter_hz(void);
bool suite_has_percpu_timer(void);
void suite_timer_arm(uint64_t deadline);
void suite_timer_stop(void);
bool suite_timer_condition(void);
void suite_timer_fired(void);
uint64_t suite_kick_bound_ns(void);
unsigned suite_eager_unmask_entries(void);
void suite_arch_test_main(void);

/* helpers (main.c) */
uint64_t now_ns(void);
uint64_t ns_to_counter(uint64_t ns);
void spin_ns(uint64_t ns);
/* Wait with events masked until *flag >= want, blocking (SCHEDOP_block
 * unmasks atomically with sleeping). Returns with events enabled. */
bool wait_for(volatile uint64_t *flag, uint64_t want, uint64_t timeout_ns);
evtchn_port_t timer_port(void);
extern volatile uint64_t timer_hits[4];
void count_handler(evtchn_port_t port, void *data);
uint64_t arg_number(unsigned idx, uint64_t dflt); /* n-th number in args */
bool arg_flag(const char *word);
unsigned arg_value(const char *key, unsigned dflt); /* "key=N" in args */
bool stopped_as_crashed(unsigned domid);	    /* isolation.c */
bool observer_still_runs(void);			    /* isolation.c */

/* roles */
void conformance_main(bool eager);
void conformance_secondary(unsigned id);
void vtimer_cases(evtchn_port_t peer);
void pingpong_main(bool ping);
void isolation_main(bool attacker);
void bench_main(void);
void bench_secondary(unsigned id);
void hostile_main(void);
void hostile_secondary(unsigned id);
void linux_peer_main(void);
void spinner_main(void);    /* cotenants.c */
void stuck_lock_main(void); /* stuck_lock.c */
void rebooter_main(void);   /* reboot.c */
void witness_main(void);
void storm_main(void);

#define SLICE_NS 1000000ULL /* the hypervisor's time slice */

#endif

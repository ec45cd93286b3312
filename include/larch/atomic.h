/* Atomic bit operations and a spinlock, on the compiler's __atomic builtins
 * so every arch gets them from one place. */
#ifndef LARCH_ATOMIC_H
#define LARCH_ATOMIC_H

#include <larch/types.h>

static inline bool test_and_set_bit(unsigned nr, volatile uint64_t *words)
{
	uint64_t bit = 1ULL << (nr % 64);
	return __atomic_fetch_or(&words[nr / 64], bit, __ATOMIC_SEQ_CST) & bit;
}

static inline bool test_and_clear_bit(unsigned nr, volatile uint64_t *words)
{
	uint64_t bit = 1ULL << (nr % 64);
	return __atomic_fetch_and(&words[nr / 64], ~bit, __ATOMIC_SEQ_CST) &
	       bit;
}

static inline void set_bit(unsigned nr, volatile uint64_t *words)
{
	__atomic_fetch_or(&words[nr / 64], 1ULL << (nr % 64), __ATOMIC_SEQ_CST);
}

static inline void clear_bit(unsigned nr, volatile uint64_t *words)
{
	__atomic_fetch_and(&words[nr / 64], ~(1ULL << (nr % 64)),
			   __ATOMIC_SEQ_CST);
}

static inline bool test_bit(unsigned nr, const volatile uint64_t *words)
{
	return (__atomic_load_n(&words[nr / 64], __ATOMIC_SEQ_CST) >>
		(nr % 64)) &
	       1;
}

static inline void smp_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* A spinlock that knows its holder: the source line that took it (and, in
 * hosted builds, the pCPU). A spin past SPIN_LIMIT polls means the holder stopped (a hypervisor
 * bug): spin_stuck reports both sides on the console and ends the machine
 * with LARCH_EXIT_LOCK_STUCK instead of hanging it silently. The bound
 * costs one counter in the contended loop only. */
typedef struct {
	volatile uint32_t locked;
	uint32_t holder_cpu;
	const char *holder_site;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED                                                     \
	{                                                                      \
		0, 0, 0                                                        \
	}

/* Polls of a held lock before it counts as stuck: far beyond any real
 * hold (about a second of emulated time), cheap to count. */
#define SPIN_LIMIT	      (1U << 28)
#define LARCH_EXIT_LOCK_STUCK 4

#define LARCH_STR_(x) #x
#define LARCH_STR(x)  LARCH_STR_(x)
#define LOCK_SITE     __FILE__ ":" LARCH_STR(__LINE__)

unsigned arch_cpu_id(void);
__attribute__((noreturn, cold)) void spin_stuck(spinlock_t *l,
						const char *site);
#ifdef LARCH_HOSTED
/* Hosted builds (fake arch: host tests, fuzzers) check the discipline. */
__attribute__((noreturn)) void
spin_discipline_failed(const spinlock_t *l, const char *site, const char *what);
#endif

/* The CPU's spin-wait hint. Under QEMU's single-threaded TCG (every
 * -icount boot) it is what lets a lock's holder run at all: QEMU 7.2 gives
 * the next CPU of its round robin only what is left of the instruction
 * budget up to the next timer deadline, nothing when a spinner used it up,
 * so a spinner that never leaves QEMU's CPU loop starves the holder for
 * ever (the hostile co-tenant stalls, docs/testing.md). pause, yield and
 * or 1,1,1 each end that loop, and the next CPU runs. */
#if defined(LARCH_HOSTED)
extern unsigned long hosted_relax_count; /* common/sched.c: tests count */
#endif
static inline void cpu_relax(void)
{
#if defined(LARCH_HOSTED)
	__atomic_fetch_add(&hosted_relax_count, 1, __ATOMIC_RELAXED);
#elif defined(__x86_64__)
	__asm__ __volatile__("pause" ::: "memory");
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#elif defined(__powerpc64__)
	__asm__ __volatile__("or 1,1,1\n\tor 2,2,2" ::: "memory");
#else
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
#endif
}

/* The hint at polls 1, 2, 4, 8...: a holder QEMU left behind runs at the
 * first, and a holder that is really stuck costs the bound at most 28
 * emulated slices more (under QEMU each hint may hand it one). A hint per
 * poll would make the bound unreachable there, and checking a clock
 * instead (a call) cost 1-2 % of the event figures. */
static inline void spin_lock_at(spinlock_t *l, const char *site)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		uint32_t polls = 0;
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			if (++polls == SPIN_LIMIT)
				spin_stuck(l, site);
			if ((polls & (polls - 1)) == 0)
				cpu_relax();
		}
	}
#ifdef LARCH_HOSTED
	/* An out-of-line arch_cpu_id() here cost 4-7 % of x86's event
	 * figures, so only hosted builds record the holder's pCPU. */
	l->holder_cpu = arch_cpu_id();
#endif
	l->holder_site = site;
}

/* One attempt: true if l is now held (then as spin_lock_at). */
static inline bool spin_trylock_at(spinlock_t *l, const char *site)
{
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		return false;
#ifdef LARCH_HOSTED
	l->holder_cpu = arch_cpu_id();
#endif
	l->holder_site = site;
	return true;
}

static inline void spin_unlock_at(spinlock_t *l, const char *site)
{
#ifdef LARCH_HOSTED
	if (!l->locked)
		spin_discipline_failed(l, site, "unlock of a free lock");
	if (l->holder_cpu != arch_cpu_id())
		spin_discipline_failed(l, site, "unlock by another pCPU");
#endif
	(void)site;
	/* a free lock is all zero again: no trace of who last held it */
#ifdef LARCH_HOSTED
	l->holder_cpu = 0;
#endif
	l->holder_site = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* A path that must hold l says so; checked in hosted builds. */
static inline void assert_spin_held_at(const spinlock_t *l, const char *site)
{
#ifdef LARCH_HOSTED
	if (!l->locked || l->holder_cpu != arch_cpu_id())
		spin_discipline_failed(l, site, "lock not held here");
#endif
	(void)l;
	(void)site;
}

#define spin_lock(l)	    spin_lock_at((l), LOCK_SITE)
#define spin_trylock(l)	    spin_trylock_at((l), LOCK_SITE)
#define spin_unlock(l)	    spin_unlock_at((l), LOCK_SITE)
#define assert_spin_held(l) assert_spin_held_at((l), LOCK_SITE)

#endif

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

typedef struct {
	volatile uint32_t locked;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED                                                     \
	{                                                                      \
		0                                                              \
	}

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif

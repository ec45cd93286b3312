/* Basic types, limits and helpers every hypervisor file may use. */
#ifndef LARCH_TYPES_H
#define LARCH_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_PCPUS	     4
#define MAX_DOMAINS	     8
#define MAX_VCPUS_PER_DOMAIN 4
#define MAX_GUEST_IRQS	     1024

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(p, type, member)                                          \
	((type *)((char *)(p)-offsetof(type, member)))
#define unlikely(x)	 __builtin_expect(!!(x), 0)
#define barrier()	 __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

typedef int64_t s_time_t; /* nanoseconds of system time */
#define STIME_MAX INT64_MAX

#endif

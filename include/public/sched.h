/* larch guest ABI: scheduler, vCPU and console operations (Xen's numbers). */
#ifndef LARCH_PUBLIC_SCHED_H
#define LARCH_PUBLIC_SCHED_H

#include <stddef.h>
#include "xen_abi.h"

#define SCHEDOP_yield	 0
#define SCHEDOP_block	 1
#define SCHEDOP_shutdown 2
#define SCHEDOP_poll	 3

#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot	  1
#define SHUTDOWN_suspend  2
#define SHUTDOWN_crash	  3

struct sched_shutdown {
	uint32_t reason;
};

struct sched_poll {
	uint64_t ports; /* guest address of an evtchn_port_t array */
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout; /* absolute system time in ns; 0 = none */
};

#define VCPUOP_initialise		     0
#define VCPUOP_up			     1
#define VCPUOP_down			     2
#define VCPUOP_is_up			     3
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_singleshot_timer	     8
#define VCPUOP_stop_singleshot_timer	     9
#define VCPUOP_register_vcpu_info	     10

/* VCPUOP_register_vcpu_info: the vCPU's vcpu_info moves to guest page mfn
 * (a guest frame number: larch guests run translated) at offset. */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};

/* VCPUOP_register_runstate_memory_area: where the hypervisor keeps the
 * vCPU's runstate for the guest (its address as the guest passes
 * pointers; 0 stops the updates). Times are system time in ns. While an
 * update is under way state_entry_time has RUNSTATE_UPDATE set. */
#define RUNSTATE_running  0
#define RUNSTATE_runnable 1 /* ready, not running: stolen time */
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3
#define RUNSTATE_UPDATE	  (1ULL << 63)
struct vcpu_runstate_info {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4]; /* total time in each state */
};
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "abi");
struct vcpu_register_runstate_memory_area {
	uint64_t addr;
};

/* larch's VCPUOP_initialise: where a secondary vCPU starts. */
struct vcpu_guest_entry {
	uint64_t entry;
	uint64_t stack;
	uint64_t arg;
};

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags;
	uint32_t pad;
};

#define CONSOLEIO_write 0
#define CONSOLEIO_read	1

_Static_assert(sizeof(struct sched_poll) == 24, "abi");
_Static_assert(offsetof(struct sched_poll, timeout) == 16, "abi");
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "abi");

#endif

/* larch guest ABI: hypercall numbers, error codes and basic types.
 * Numbers follow Xen's public ABI so that guest code reads familiarly. */
#ifndef LARCH_PUBLIC_XEN_ABI_H
#define LARCH_PUBLIC_XEN_ABI_H

#include <stdint.h>

/* Hypercall numbers (Xen's values). */
#define __HYPERVISOR_set_callbacks    4
#define __HYPERVISOR_memory_op	      12
#define __HYPERVISOR_set_timer_op     15
#define __HYPERVISOR_xen_version      17
#define __HYPERVISOR_console_io	      18
#define __HYPERVISOR_grant_table_op   20
#define __HYPERVISOR_iret	      23
#define __HYPERVISOR_vcpu_op	      24
#define __HYPERVISOR_sched_op	      29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_hvm_op	      34
/* larch's own, in Xen's arch-private range: test/bench support. */
#define __HYPERVISOR_larch_op 48
#define NR_HYPERCALLS	      64

/* Error codes returned negated, as Xen does. */
#define XEN_EPERM  1
#define XEN_ENOENT 2
#define XEN_ESRCH  3
#define XEN_EINVAL 22
#define XEN_ENOMEM 12
#define XEN_EFAULT 14
#define XEN_EBUSY  16
#define XEN_EEXIST 17
#define XEN_ENOSPC 28
#define XEN_ENOSYS 38
#define XEN_EACCES 13
#define XEN_EAGAIN 11

typedef uint16_t domid_t;
typedef uint32_t evtchn_port_t;
/* Bitmap words are 64 bits on every larch target. */
typedef uint64_t xen_ulong_t;

#define DOMID_SELF ((domid_t)0x7FF0U)
#define DOMID_XEN  ((domid_t)0x7FF2U) /* the hypervisor itself */

/* Virtual IRQs a domain can bind. */
#define VIRQ_TIMER   0
#define VIRQ_DEBUG   1
#define VIRQ_CONSOLE 2
#define NR_VIRQS     24

/* xen_version(XENVER_version): x86 PV guests also use it as "deliver my
 * pending upcall now". */
#define XENVER_version 0

/* larch_op sub-commands (larch only; not in Xen). */
#define LARCHOP_exit_qemu    0 /* arg: exit code; privileged domain only */
#define LARCHOP_policy	     1 /* returns the domain's delivery policy */
#define LARCHOP_domain_state 2 /* arg: domid; returns state << 8 | reason */
/* Tests only (privileged domain only, like exit_qemu): the hypervisor takes
 * the caller's event-channel lock and never releases it, so its next event
 * channel operation meets a stuck lock (docs/architecture.md: exit 4). */
#define LARCHOP_test_hold_lock	3
#define LARCH_DOMSTATE_RUNNING	1
#define LARCH_DOMSTATE_SHUTDOWN 2

#define LARCH_POLICY_EAGER    0
#define LARCH_POLICY_DEFERRED 1

#endif

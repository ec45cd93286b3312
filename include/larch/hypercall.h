/* Hypercall dispatch: the arch decodes the trap into a number and five
 * arguments; common code validates everything the guest passed. */
#ifndef LARCH_HYPERCALL_H
#define LARCH_HYPERCALL_H

#include <larch/domain.h>

struct hypercall_args {
	uint64_t nr;
	uint64_t a[5];
};

long do_hypercall(struct vcpu *v, const struct hypercall_args *h);
/* The interfaces it dispatches to, one file each in common/ (the Xen ABI
 * of kernel domains: larch/xen_guest.h). */
long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t id, uint64_t arg);
/* common/multicall.c: entries of Xen's struct multicall_entry */
#define MULTICALL_MAX_ENTRIES 1024
long do_multicall(struct vcpu *v, uint64_t list, uint64_t nr);

/* ---- arch duties ---- */
/* Arch-only hypercalls (x86 set_callbacks, iret; larch_op counters).
 * Return -XEN_ENOSYS for anything the arch does not handle. */
long arch_do_hypercall(struct vcpu *v, const struct hypercall_args *h);
/* Set up a secondary vCPU's entry (VCPUOP_initialise). */
int arch_vcpu_set_entry(struct vcpu *v, uint64_t entry, uint64_t stack,
			uint64_t arg);
/* Stop the machine (tests: QEMU exits with this code where it can). */
void arch_machine_exit(int code);

#endif

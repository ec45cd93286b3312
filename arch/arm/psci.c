/* PSCI 1.0 for kernel domains, over HVC #0 (SMCCC): vCPUs on and off,
 * standby, affinity queries, system off and reset. */
#include <larch/hypercall.h>
#include <larch/sched.h>
#include <public/sched.h>
#include "arm.h"

#define PSCI_VERSION	    0x84000000
#define PSCI_CPU_SUSPEND    0x84000001
#define PSCI_CPU_OFF	    0x84000002
#define PSCI_CPU_ON	    0x84000003
#define PSCI_AFFINITY_INFO  0x84000004
#define PSCI_MIGRATE_INFO   0x84000006
#define PSCI_SYSTEM_OFF	    0x84000008
#define PSCI_SYSTEM_RESET   0x84000009
#define PSCI_FEATURES	    0x8400000a
#define PSCI_SMC64	    0x40000000
#define SMCCC_VERSION	    0x80000000
#define PSCI_SUCCESS	    0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_ALREADY_ON	    (-4)

static struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
	if ((mpidr & 0xff00ffff00ULL) || (mpidr & 0xff) >= d->nr_vcpus)
		return NULL;
	return &d->vcpus[mpidr & 0xff];
}

static int64_t psci_cpu_on(struct vcpu *v, uint64_t mpidr, uint64_t entry,
			   uint64_t ctx)
{
	struct vcpu *t = vcpu_by_mpidr(v->domain, mpidr);
	if (!t)
		return PSCI_INVALID_PARAMS;
	if (t->run_state != VCPU_DOWN)
		return PSCI_ALREADY_ON;
	if (arch_vcpu_set_entry(t, entry, 0, ctx))
		return -9;		    /* INVALID_ADDRESS */
	t->arch.el1.sctlr = SCTLR_EL1_RES1; /* MMU and caches off */
	t->initialised = true;
	sched_add_vcpu(t);
	return PSCI_SUCCESS;
}

void arm_psci(struct vcpu *v, struct cpu_user_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	uint64_t a1 = r->x[1], a2 = r->x[2], a3 = r->x[3];
	if (!(fid & PSCI_SMC64)) { /* SMC32 calls: 32-bit arguments */
		a1 = (uint32_t)a1;
		a2 = (uint32_t)a2;
		a3 = (uint32_t)a3;
	}
	int64_t ret = PSCI_NOT_SUPPORTED;
	switch (fid & ~PSCI_SMC64) {
	case PSCI_VERSION:
		ret = 0x10000; /* 1.0 */
		break;
	case PSCI_CPU_SUSPEND: /* standby, as a WFI: any interrupt wakes */
		r->x[0] = PSCI_SUCCESS;
		vcpu_sleep(v);
		return;
	case PSCI_CPU_OFF:
		sched_remove_vcpu(v);
		return;
	case PSCI_CPU_ON:
		ret = psci_cpu_on(v, a1, a2, a3);
		break;
	case PSCI_AFFINITY_INFO: {
		struct vcpu *t = vcpu_by_mpidr(v->domain, a1);
		ret = !t || a2 ? PSCI_INVALID_PARAMS
			       : t->run_state == VCPU_DOWN; /* 1: OFF */
		break;
	}
	case PSCI_MIGRATE_INFO:
		ret = 2; /* no trusted OS: nothing to migrate */
		break;
	case PSCI_SYSTEM_OFF:
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
		return;
	case PSCI_SYSTEM_RESET:
		domain_shutdown(v->domain, SHUTDOWN_reboot);
		return;
	case PSCI_FEATURES:
		switch ((uint32_t)a1 & ~PSCI_SMC64) {
		case PSCI_VERSION:
		case PSCI_CPU_OFF:
		case PSCI_CPU_ON:
		case PSCI_AFFINITY_INFO:
		case PSCI_MIGRATE_INFO:
		case PSCI_SYSTEM_OFF:
		case PSCI_SYSTEM_RESET:
		case PSCI_FEATURES:
			ret = 0;
			break;
		}
		break;
	}
	/* anything else, SMCCC_VERSION and ARCH_FEATURES included: Linux
	 * reads NOT_SUPPORTED as "SMCCC 1.0, no firmware workarounds" */
	r->x[0] = (uint64_t)ret;
}

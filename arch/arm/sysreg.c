/* A kernel domain's trapped system registers: the ID registers (TID3),
 * with what it does not get hidden, the SGI register, and RAZ/WI for the
 * rest. */
#include <larch/console.h>
#include <larch/domain.h>
#include "arm.h"

/* ID registers (HCR_EL2.TID3): op0 3, op1 0, CRn 0, CRm 1-7. Read the real
 * one and hide what kernel domains do not get: SVE, SME, MTE, pointer
 * authentication, AMU, MPAM (their state is not switched, or their
 * registers trap). */
#define ID_CASE(crm, op2)                                                      \
	case (crm) << 3 | (op2):                                               \
		return read_sysreg(S3_0_C0_C##crm##_##op2)
#define ID_ROW(crm)                                                            \
	ID_CASE(crm, 0);                                                       \
	ID_CASE(crm, 1);                                                       \
	ID_CASE(crm, 2);                                                       \
	ID_CASE(crm, 3);                                                       \
	ID_CASE(crm, 4);                                                       \
	ID_CASE(crm, 5);                                                       \
	ID_CASE(crm, 6);                                                       \
	ID_CASE(crm, 7)

static uint64_t id_reg_raw(unsigned crm, unsigned op2)
{
	switch (crm << 3 | op2) {
		ID_ROW(1);
		ID_ROW(2);
		ID_ROW(3);
		ID_ROW(4);
		ID_ROW(5);
		ID_ROW(6);
		ID_ROW(7);
	}
	return 0;
}

static uint64_t field_clear(uint64_t v, unsigned shift)
{
	return v & ~(0xfULL << shift);
}

static uint64_t id_reg(unsigned crm, unsigned op2)
{
	uint64_t v = id_reg_raw(crm, op2);
	switch (crm << 3 | op2) {
	case 4 << 3 | 0: /* ID_AA64PFR0: SVE, MPAM, AMU */
		return field_clear(field_clear(field_clear(v, 32), 40), 44);
	case 4 << 3 | 1: /* ID_AA64PFR1: MTE, MPAM_frac, SME, NMI, GCS */
		v = field_clear(field_clear(v, 8), 16);
		return field_clear(field_clear(field_clear(v, 24), 36), 44);
	case 4 << 3 | 4: /* ID_AA64ZFR0 */
	case 4 << 3 | 5: /* ID_AA64SMFR0 */
		return 0;
	case 6 << 3 | 1: /* ID_AA64ISAR1: APA, API, GPA, GPI */
		v = field_clear(field_clear(v, 4), 8);
		return field_clear(field_clear(v, 24), 28);
	case 6 << 3 | 2: /* ID_AA64ISAR2: WFxT (WFI is all), GPA3, APA3 */
		return field_clear(field_clear(field_clear(v, 0), 8), 12);
	default:
		return v;
	}
}

#define SYSREG(op0, op1, crn, crm, op2)                                        \
	((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* A kernel domain's trapped MSR/MRS. True: emulated (the PC moves on). */
bool arm_sysreg(struct vcpu *v, struct cpu_user_regs *r, uint64_t esr)
{
	unsigned op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7,
		 op1 = (esr >> 14) & 7, crn = (esr >> 10) & 15,
		 rt = (esr >> 5) & 31, crm = (esr >> 1) & 15;
	bool read = esr & 1;
	uint64_t val = rt == 31 ? 0 : r->x[rt];
	unsigned enc = SYSREG(op0, op1, crn, crm, op2);
	static unsigned reported;
	if (enc == SYSREG(3, 0, 12, 11, 5) && !read) { /* ICC_SGI1R_EL1 */
		vgic_sgi(v, val);
	} else if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && read) {
		val = id_reg(crm, op2);
	} else {
		/* RAZ/WI, reported a few times: SGI0R/ASGI1R, the physical
		 * timer (CNTHCTL_EL2 traps it; Linux uses the virtual one) */
		if (reported < 8) {
			reported++;
			printk("larch: domain %u vCPU %u: %s S%u_%u_C%u_C%u_%u "
			       "at PC 0x%llx: RAZ/WI\n",
			       v->domain->domid, v->vcpu_id,
			       read ? "read of" : "write to", op0, op1, crn,
			       crm, op2, (unsigned long long)r->elr);
		}
		val = 0;
	}
	if (read && rt != 31)
		r->x[rt] = val;
	r->elr += 4;
	return true;
}

/* Privileged-operation emulation for guests at PL1: decode the faulting
 * instruction from its bundle and apply it to the saved (virtual) state.
 * Handled: rsm/ssm psr.i, mov r=psr, mov r=cr / mov cr=r on the virtual
 * interruption registers, rfi. Encodings: Itanium SDM vol. 3 (M32, M33,
 * M36, M44, B8). Anything else is the guest's fault. */
#include <larch/vcpu_irq.h>
#include <larch/sched.h>
#include <larch/console.h>
#include "ia64_priv.h"

/* Slot units per template (5 bits; odd templates add a stop at the end). */
static const char units[32][3] = {
	[0x00] = "MII", [0x01] = "MII", [0x02] = "MII", [0x03] = "MII",
	[0x04] = "MLX", [0x05] = "MLX", [0x08] = "MMI", [0x09] = "MMI",
	[0x0a] = "MMI", [0x0b] = "MMI", [0x0c] = "MFI", [0x0d] = "MFI",
	[0x0e] = "MMF", [0x0f] = "MMF", [0x10] = "MIB", [0x11] = "MIB",
	[0x12] = "MBB", [0x13] = "MBB", [0x16] = "BBB", [0x17] = "BBB",
	[0x18] = "MMB", [0x19] = "MMB", [0x1c] = "MFB", [0x1d] = "MFB",
};

char ia64_slot_unit(unsigned tmpl, unsigned slot)
{
	if (tmpl >= 32 || slot > 2)
		return 0;
	return units[tmpl][slot];
}

uint64_t ia64_bundle_slot(const uint8_t b[16], unsigned slot, unsigned *tmpl)
{
	uint64_t lo = 0, hi = 0;
	for (int i = 7; i >= 0; i--) {
		lo = lo << 8 | b[i];
		hi = hi << 8 | b[8 + i];
	}
	*tmpl = lo & 0x1f;
	const uint64_t m41 = (1ULL << 41) - 1;
	switch (slot) {
	case 0:
		return (lo >> 5) & m41;
	case 1:
		return ((lo >> 46) | (hi << 18)) & m41;
	default:
		return (hi >> 23) & m41;
	}
}

#define FIELD(insn, lo, n) (((insn) >> (lo)) & ((1ULL << (n)) - 1))

/* Static registers r1..r31 live in regs.gr; stacked ones (r32 + n) in the
 * vCPU RBS, as the last sof registers before the covered frame's end. A
 * NaT collection word sits wherever address bits 8:3 are all ones. */
static uint64_t *greg(struct vcpu *v, unsigned n)
{
	struct cpu_user_regs *r = &v->arch.regs;
	if (n == 0)
		return NULL;
	if (n < 32)
		return &r->gr[n];
	unsigned sof = r->cr_ifs & IA64_IFS_SOF_MASK;
	if (!(r->cr_ifs & IA64_IFS_V) || n - 32 >= sof)
		return NULL;
	uint64_t *rbs = ia64_vcpu_rbs(v);
	uint64_t end = r->loadrs / 8; /* words used, NaT slots included */
	if (end > IA64_VCPU_RBS_SIZE / 8)
		return NULL;
	/* Walk back sof registers from the end to the frame's first one. */
	uint64_t w = end;
	for (unsigned left = sof; left;) {
		if (w == 0)
			return NULL;
		w--;
		if ((w & 63) != 63)
			left--;
	}
	for (unsigned k = n - 32;; w++) {
		if ((w & 63) == 63)
			continue;
		if (k-- == 0)
			return w < end ? &rbs[w] : NULL;
	}
}

static uint64_t *vcr_reg(struct vcpu *v, unsigned cr)
{
	struct ia64_vcr *c = &v->arch.vcr;
	switch (cr) {
	case IA64_CR_DCR:
		return &c->dcr;
	case IA64_CR_ITM:
		return &c->itm;
	case IA64_CR_IVA:
		return &c->iva;
	case IA64_CR_IPSR:
		return &c->ipsr;
	case IA64_CR_ISR:
		return &c->isr;
	case IA64_CR_IIP:
		return &c->iip;
	case IA64_CR_IFA:
		return &c->ifa;
	case IA64_CR_IFS:
		return &c->ifs;
	case IA64_CR_IIM:
		return &c->iim;
	case IA64_CR_TPR:
		return &c->tpr;
	case IA64_CR_ITV:
		return &c->itv;
	default:
		return NULL;
	}
}

/* Does an unmask by this vCPU need the full return path now? Eager: yes if
 * an upcall is pending. Deferred: never (it waits for the next entry). */
static enum privop_result after_unmask(struct vcpu *v)
{
	if (vcpu_upcall_pending(v) && v->domain->policy == LARCH_POLICY_EAGER)
		return PRIVOP_SLOW;
	return PRIVOP_FAST;
}

static enum privop_result mov_to_cr(struct vcpu *v, unsigned cr, uint64_t val,
				    const char **why)
{
	if (cr == IA64_CR_EOI)
		return PRIVOP_FAST; /* the virtual IVR is acknowledged on read */
	uint64_t *p = vcr_reg(v, cr);
	if (!p) {
		*why = "mov to an unsupported control register";
		return PRIVOP_BAD;
	}
	if (cr == IA64_CR_IVA && (val & (IA64_IVT_SIZE - 1))) {
		*why = "cr.iva not 32 KiB aligned";
		return PRIVOP_BAD;
	}
	*p = val;
	if (cr == IA64_CR_IVA)
		v->arch.ivt_base = val;
	return PRIVOP_FAST;
}

static enum privop_result mov_from_cr(struct vcpu *v, unsigned cr,
				      uint64_t *dst, const char **why)
{
	if (cr == IA64_CR_IVR) {
		uint64_t vec = v->arch.vcr.ivr_pending;
		*dst = vec ? vec : IA64_SPURIOUS_VECTOR;
		v->arch.vcr.ivr_pending = 0;
		return PRIVOP_FAST;
	}
	if (cr == IA64_CR_LID) {
		*dst = (uint64_t)v->vcpu_id << 24;
		return PRIVOP_FAST;
	}
	uint64_t *p = vcr_reg(v, cr);
	if (!p) {
		*why = "mov from an unsupported control register";
		return PRIVOP_BAD;
	}
	*dst = *p;
	return PRIVOP_FAST;
}

/* rfi: restore the virtual PSR, IP and frame. The frame the guest runs
 * rfi from must be empty (as its own code keeps it): its registers would
 * otherwise sit on top of the one cr.ifs restores. */
static enum privop_result emulate_rfi(struct vcpu *v, const char **why)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct ia64_vcr *c = &v->arch.vcr;
	if ((r->cr_ifs & IA64_IFS_V) && (r->cr_ifs & IA64_IFS_SOF_MASK)) {
		*why = "rfi from a non-empty register frame";
		return PRIVOP_BAD;
	}
	if (c->iip & 15) {
		*why = "rfi to an unaligned cr.iip";
		return PRIVOP_BAD;
	}
	r->cr_ipsr = c->ipsr;
	r->cr_iip = c->iip;
	r->cr_ifs = c->ifs;
	/* Back with PSR.I set: a pending upcall is deliverable again. */
	return vcpu_irq_masked(v) ? PRIVOP_FAST : PRIVOP_SLOW;
}

enum privop_result ia64_emulate_privop(struct vcpu *v, const char **why)
{
	struct cpu_user_regs *r = &v->arch.regs;
	unsigned slot = (r->cr_ipsr & IA64_PSR_RI) >> IA64_PSR_RI_SHIFT;
	const uint8_t *bundle = guest_mem_ptr(v->domain, r->cr_iip, 16);
	*why = "unsupported privileged operation";
	if (!bundle || (r->cr_iip & 15)) {
		*why = "privileged operation at an IP outside guest memory";
		return PRIVOP_BAD;
	}
	unsigned tmpl;
	uint64_t insn = ia64_bundle_slot(bundle, slot, &tmpl);
	char unit = ia64_slot_unit(tmpl, slot);
	unsigned op = FIELD(insn, 37, 4);
	enum privop_result res = PRIVOP_BAD;
	v->arch.privops++;

	if (unit == 'B' && op == 0 && FIELD(insn, 27, 6) == 0x08)
		return emulate_rfi(v, why); /* rfi sets the IP itself */

	if (unit != 'M')
		return PRIVOP_BAD;
	if (op == 0 && FIELD(insn, 33, 3) == 0) {
		unsigned x4 = FIELD(insn, 27, 4);
		uint64_t imm24 = FIELD(insn, 36, 1) << 23 |
				 FIELD(insn, 31, 2) << 21 | FIELD(insn, 6, 21);
		if ((x4 == 6 || x4 == 7) && imm24 != IA64_PSR_I) {
			*why = "rsm/ssm of PSR bits other than psr.i";
			return PRIVOP_BAD;
		}
		if (x4 == 7) { /* rsm psr.i */
			vcpu_irq_mask(v);
			res = PRIVOP_FAST;
		} else if (x4 == 6) { /* ssm psr.i */
			vcpu_irq_unmask(v);
			res = after_unmask(v);
		}
	} else if (op == 1 && FIELD(insn, 33, 3) == 0) {
		unsigned x6 = FIELD(insn, 27, 6);
		unsigned r1 = FIELD(insn, 6, 7), r2 = FIELD(insn, 13, 7);
		unsigned cr = FIELD(insn, 20, 7);
		uint64_t *dst = greg(v, r1), *src = greg(v, r2);
		uint64_t zero = 0;
		if (r2 == 0)
			src = &zero;
		if (x6 == 0x25 && dst) { /* mov r1=psr: bits 0..31, 35..36 */
			*dst = r->cr_ipsr & (0xffffffffULL | 3ULL << 35);
			res = PRIVOP_FAST;
		} else if (x6 == 0x24 && dst) { /* mov r1=cr[r3] */
			res = mov_from_cr(v, cr, dst, why);
		} else if (x6 == 0x2c && src) { /* mov cr[r3]=r2 */
			res = mov_to_cr(v, cr, *src, why);
		} else if (x6 == 0x24 || x6 == 0x25 || x6 == 0x2c) {
			*why = "privileged operation on a register outside the "
			       "frame";
		}
	}
	if (res != PRIVOP_BAD)
		ia64_advance_ip(r, tmpl);
	return res;
}

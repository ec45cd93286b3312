/* A PAPR partition's hcalls: `sc 1` with the number in r3. What Linux as a
 * pseries guest needs; everything else is H_FUNCTION, said once per number
 * on the console so a missing hcall is never silent. */
#include <larch/console.h>
#include <larch/sched.h>
#include "../ppc.h"
#include "papr.h"

#define H_SET_MODE_RESOURCE_ADDR_TRANS_MODE 3
#define H_SET_MODE_RESOURCE_LE		    4
#define VPA_FUNC(flags)			    (((flags) >> 45) & 7)
#define VPA_REG_VPA			    1
#define VPA_DEREG_VPA			    5
#define VPA_MIN_SIZE			    640

/* Said once per number: PAPR's hcalls (multiples of 4 below 0x800) and
 * the platform's (from 0xf000) fold into 1024 bits; of the numbers outside
 * both only the first is said (a partition looping over random numbers
 * must not flood the console every domain shares). */
static void log_once(struct vcpu *v, uint64_t nr)
{
	struct ppc_papr_domain *a = v->domain->arch.papr;
	bool papr = nr % 4 == 0 && nr < 0x800;
	bool platform = nr % 4 == 0 && nr - 0xf000 < 0x800;
	if (papr || platform) {
		uint64_t bit = papr ? nr / 4 : 0x200 + (nr - 0xf000) / 4;
		if (a->hcall_logged[bit / 32] & (1u << (bit % 32)))
			return;
		a->hcall_logged[bit / 32] |= 1u << (bit % 32);
	} else if (a->other_hcall_logged) {
		return;
	} else {
		a->other_hcall_logged = true;
	}
	printk("larch: domain %u (%s): hcall 0x%llx not provided "
	       "(H_FUNCTION)\n",
	       v->domain->domid, v->domain->name, (unsigned long long)nr);
}

/* Interrupt endianness and address translation mode: larch delivers
 * interrupts little-endian (LPCR[ILE]) with relocation off (AIL 0). */
static long set_mode(struct vcpu *v)
{
	uint64_t mflags = v->arch.regs.gpr[4], resource = v->arch.regs.gpr[5];
	switch (resource) {
	case H_SET_MODE_RESOURCE_LE:
		return mflags == 1 ? H_SUCCESS : H_UNSUPPORTED_FLAG;
	case H_SET_MODE_RESOURCE_ADDR_TRANS_MODE:
		/* H_P2: Linux says "not supported" and keeps AIL 0 */
		return mflags == 0 ? H_SUCCESS : H_P2;
	}
	return H_P2;
}

/* The process-table half of the partition-table entry: a radix table of
 * 2^(12 + size) bytes that must lie inside the partition's memory. */
static long register_proc_tbl(struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;
	uint64_t flags = r->gpr[4], base = r->gpr[5], size = r->gpr[7];
	struct domain *d = v->domain;
	switch (flags & PROC_TABLE_OP_MASK) {
	case PROC_TABLE_DEREG:
		ppc_set_process_table(d->arch.lpid, 0);
		return H_SUCCESS;
	case PROC_TABLE_NEW:
		break;
	default:
		return H_PARAMETER;
	}
	if ((flags & PROC_TABLE_TYPE_MASK) != PROC_TABLE_RADIX ||
	    !(flags & PROC_TABLE_GTSE))
		return H_PARAMETER; /* radix with guest tlbie only */
	if (size > 24)
		return H_P4;
	uint64_t bytes = 1ULL << (12 + size);
	if (base & (bytes - 1) || base >= d->arch.papr->ram ||
	    bytes > d->arch.papr->ram - base)
		return H_P2;
	ppc_set_process_table(d->arch.lpid, base | size);
	return H_SUCCESS;
}

/* Only the VPA itself: its size half-word (offset 4, big-endian) must say
 * at least 640 bytes, all inside one 4 KiB page of the partition. */
static long register_vpa(struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;
	struct domain *d = v->domain;
	uint64_t cpu = r->gpr[5], addr = r->gpr[6];
	if (cpu >= d->nr_vcpus)
		return H_PARAMETER;
	struct vcpu *t = &d->vcpus[cpu];
	switch (VPA_FUNC(r->gpr[4])) {
	case VPA_REG_VPA: {
		uint8_t hdr[6];
		if (addr >= d->arch.papr->ram ||
		    copy_from_guest(d, hdr, addr, sizeof(hdr)))
			return H_PARAMETER;
		uint32_t len = (uint32_t)hdr[4] << 8 | hdr[5];
		if (len < VPA_MIN_SIZE || (addr & 4095) + len > 4096 ||
		    addr + len > d->arch.papr->ram)
			return H_PARAMETER;
		t->arch.papr->vpa = addr;
		return H_SUCCESS;
	}
	case VPA_DEREG_VPA:
		t->arch.papr->vpa = 0;
		return H_SUCCESS;
	}
	return H_PARAMETER; /* no dispatch trace log, no SLB shadow (radix) */
}

void papr_hcall(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	uint64_t nr = r->gpr[3];
	long rc;
	switch (nr) {
	case H_PUT_TERM_CHAR:
		rc = papr_put_term_char(v);
		break;
	case H_GET_TERM_CHAR:
		rc = papr_get_term_char(v);
		break;
	case H_SET_MODE:
		rc = set_mode(v);
		break;
	case H_REGISTER_PROC_TBL:
		rc = register_proc_tbl(v);
		break;
	case H_REGISTER_VPA:
		rc = register_vpa(v);
		break;
	case H_CEDE:
		rc = papr_cede(v);
		break;
	case H_PROD:
		rc = papr_prod(v, r->gpr[4]);
		break;
	case H_CONFER:
		vcpu_yield(v);
		rc = H_SUCCESS;
		break;
	case H_XIRR:
	case H_XIRR_X:
		rc = papr_xirr(v, nr == H_XIRR_X);
		break;
	case H_EOI:
		rc = papr_eoi(v, r->gpr[4]);
		break;
	case H_CPPR:
		rc = papr_cppr(v, r->gpr[4]);
		break;
	case H_IPI:
		rc = papr_ipi(v, r->gpr[4], r->gpr[5]);
		break;
	case H_IPOLL:
		rc = papr_ipoll(v, r->gpr[4]);
		break;
	case H_RTAS:
		rc = papr_rtas(v, r->gpr[4]);
		break;
	default:
		log_once(v, nr);
		rc = H_FUNCTION;
		break;
	}
	r->gpr[3] = (uint64_t)rc;
}

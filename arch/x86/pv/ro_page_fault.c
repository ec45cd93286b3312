/* Xen's writable page tables for PV guests: a guest store into one of its
 * own page-table pages (mapped read-only, so it faults) is decoded here and
 * applied as an mmu_update would apply it, validated the same way. The
 * forms a 64-bit kernel uses on one entry: mov (register or immediate),
 * xchg, lock cmpxchg, each on 8 aligned bytes. Pure C over the frame table,
 * so the host tests run it as it is. */
#include <arch/pv_mm.h>
#include <public/xen_mm.h>

/* The general registers in encoding order (rax rcx rdx rbx rsp rbp rsi
 * rdi r8..r15). */
static uint64_t *reg(struct cpu_user_regs *r, unsigned n)
{
	uint64_t *const regs[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};
	return regs[n & 15];
}

struct insn {
	unsigned len;
	uint8_t op;    /* 0x89 mov, 0xc7 mov imm, 0x87 xchg, 0xb1 cmpxchg */
	unsigned size; /* operand bytes */
	unsigned reg;  /* the register operand (ModRM.reg with REX.R) */
	uint64_t imm;
};

/* Length and operands of one store, or a reason it is not one larch
 * emulates. */
static const char *decode(const uint8_t *b, size_t n, struct insn *in)
{
	size_t i = 0;
	uint8_t rex = 0;
	for (;; i++) {
		if (i >= n)
			return "instruction truncated";
		uint8_t p = b[i];
		if (p == 0xf0 || p == 0x2e || p == 0x3e || p == 0x26 ||
		    p == 0x36 || p == 0x64 || p == 0x65)
			continue; /* lock; segments: cr2 is already linear */
		if (p == 0x66 || p == 0xf2 || p == 0xf3 || p == 0x67)
			return "a 16-bit, rep or address-size form";
		break;
	}
	if ((b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (i >= n)
		return "instruction truncated";
	uint8_t op = b[i++];
	if (op == 0x0f) {
		if (i >= n || b[i] != 0xb1)
			return "not a store larch emulates";
		op = b[i++];
	} else if (op != 0x89 && op != 0xc7 && op != 0x87) {
		return "not a store larch emulates";
	}
	if (i >= n)
		return "instruction truncated";
	uint8_t modrm = b[i++];
	unsigned mod = modrm >> 6, rm = modrm & 7;
	if (mod == 3)
		return "a register operand";
	if (op == 0xc7 && ((modrm >> 3) & 7))
		return "not a store larch emulates";
	if (rm == 4) { /* SIB */
		if (i >= n)
			return "instruction truncated";
		uint8_t sib = b[i++];
		if (mod == 0 && (sib & 7) == 5)
			i += 4;
	} else if (mod == 0 && rm == 5) {
		i += 4; /* rip-relative */
	}
	i += mod == 1 ? 1 : mod == 2 ? 4 : 0;
	in->imm = 0;
	if (op == 0xc7) {
		if (i + 4 > n)
			return "instruction truncated";
		int32_t imm =
			(int32_t)((uint32_t)b[i] | (uint32_t)b[i + 1] << 8 |
				  (uint32_t)b[i + 2] << 16 |
				  (uint32_t)b[i + 3] << 24);
		in->imm = (uint64_t)(int64_t)imm;
		i += 4;
	}
	if (i > n)
		return "instruction truncated";
	in->len = (unsigned)i;
	in->op = op;
	in->size = (rex & 8) ? 8 : 4;
	in->reg = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
	return NULL;
}

/* The arithmetic flags of cmp a, b (a - b), as cmpxchg sets them. */
static uint64_t cmp_flags(uint64_t a, uint64_t b)
{
	uint64_t d = a - b, f = 0;
	if (a < b)
		f |= 0x001; /* CF */
	if (!(__builtin_popcount((unsigned)(d & 0xff)) & 1))
		f |= 0x004; /* PF */
	if ((a ^ b ^ d) & 0x10)
		f |= 0x010; /* AF */
	if (d == 0)
		f |= 0x040; /* ZF */
	if (d >> 63)
		f |= 0x080; /* SF */
	if (((a ^ b) & (a ^ d)) >> 63)
		f |= 0x800; /* OF */
	return f;
}

int pv_ptwr_emulate(struct pv_mm *m, struct cpu_user_regs *r,
		    const uint8_t *insn, size_t n, uint64_t entry_maddr,
		    long *refused, const char **why)
{
	struct insn in;
	*refused = 0;
	*why = decode(insn, n, &in);
	if (*why)
		return PTWR_UNHANDLED;
	if (in.size != 8 || (entry_maddr & 7)) {
		*why = "not an aligned 8-byte store";
		return PTWR_UNHANDLED;
	}
	uint64_t old = pv_pt_read(entry_maddr);
	uint64_t src = in.op == 0xc7 ? in.imm : *reg(r, in.reg);
	long rc = 0;
	switch (in.op) {
	case 0x89:
	case 0xc7:
		rc = pv_pt_write(m, entry_maddr, src);
		break;
	case 0x87:
		rc = pv_pt_write(m, entry_maddr, src);
		if (!rc)
			*reg(r, in.reg) = old;
		break;
	default: /* 0xb1: cmpxchg */
		if (r->rax == old)
			rc = pv_pt_write(m, entry_maddr, src);
		if (!rc) {
			r->rflags = (r->rflags & ~0x8d5ull) |
				    cmp_flags(r->rax, old);
			r->rax = old;
		}
		break;
	}
	if (rc) {
		*refused = rc;
		*why = "the entry maps what it may not (validated as "
		       "mmu_update)";
		return PTWR_REFUSED;
	}
	r->rip += in.len;
	return PTWR_DONE;
}

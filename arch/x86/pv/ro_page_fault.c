/* Xen's writable page tables for PV guests: a guest store into one of its
 * own page-table pages (mapped read-only, so it faults) is decoded here and
 * applied as an mmu_update would apply it, validated the same way. The
 * forms a 64-bit kernel uses on one entry: mov (register or immediate),
 * xchg, lock cmpxchg on 8 aligned bytes, and the byte-wide and/or of its
 * bit operations (clear_bit of _PAGE_RW on fork), any store changing the
 * whole entry as one. Pure C over the frame table, so the host tests run
 * it as it is. */
#include <arch/pv_mm.h>
#include <public/xen_mm.h>

enum op { OP_MOV, OP_XCHG, OP_CMPXCHG, OP_AND, OP_OR };

struct insn {
	unsigned len;
	enum op op;
	unsigned size; /* operand bytes: 1 or 8 (4 is refused) */
	bool has_imm;
	unsigned reg; /* the register operand (ModRM.reg with REX.R) */
	bool rex;
	uint64_t imm; /* sign-extended to 64 bits */
};

/* One store into memory: its length and operands, or why it is not one
 * larch emulates. The forms: mov (88/89, C6/C7 /0), xchg (86/87),
 * cmpxchg (0F B0/B1), and, or (20/21, 08/09, 80/81/83 /4 /1), with
 * operand sizes of 1 or 8 bytes. */
static const char *decode(const uint8_t *b, size_t n, struct insn *in)
{
	size_t i = 0;
	uint8_t rex = 0;
	in->op = OP_MOV;
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
	if (i + 1 >= n)
		return "instruction truncated";
	uint8_t op = b[i++];
	bool byte = false;
	unsigned imm_bytes = 0;
	int group = -1; /* 80/81/83, C6/C7: the op is ModRM.reg */
	switch (op) {
	case 0x88:
		byte = true; /* fall through */
	case 0x89:
		in->op = OP_MOV;
		break;
	case 0xc6:
		byte = true;
		imm_bytes = 1;
		group = 0;
		break;
	case 0xc7:
		imm_bytes = 4;
		group = 0;
		break;
	case 0x86:
		byte = true; /* fall through */
	case 0x87:
		in->op = OP_XCHG;
		break;
	case 0x20:
		byte = true; /* fall through */
	case 0x21:
		in->op = OP_AND;
		break;
	case 0x08:
		byte = true; /* fall through */
	case 0x09:
		in->op = OP_OR;
		break;
	case 0x80:
		byte = true;
		imm_bytes = 1;
		group = 1;
		break;
	case 0x81:
		imm_bytes = 4;
		group = 1;
		break;
	case 0x83:
		imm_bytes = 1;
		group = 1;
		break;
	case 0x0f:
		if (b[i] != 0xb0 && b[i] != 0xb1)
			return "not a store larch emulates";
		byte = b[i++] == 0xb0;
		in->op = OP_CMPXCHG;
		break;
	default:
		return "not a store larch emulates";
	}
	if (i >= n)
		return "instruction truncated";
	uint8_t modrm = b[i++];
	unsigned mod = modrm >> 6, rm = modrm & 7, r = (modrm >> 3) & 7;
	if (mod == 3)
		return "a register operand";
	if (group == 0) {
		if (r != 0)
			return "not a store larch emulates";
		in->op = OP_MOV;
	} else if (group == 1) {
		if (r != 1 && r != 4)
			return "not a store larch emulates";
		in->op = r == 4 ? OP_AND : OP_OR;
	}
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
	in->has_imm = imm_bytes != 0;
	in->imm = 0;
	if (imm_bytes) {
		if (i + imm_bytes > n)
			return "instruction truncated";
		if (imm_bytes == 1) {
			in->imm = (uint64_t)(int64_t)(int8_t)b[i];
		} else {
			int32_t v = (int32_t)((uint32_t)b[i] |
					      (uint32_t)b[i + 1] << 8 |
					      (uint32_t)b[i + 2] << 16 |
					      (uint32_t)b[i + 3] << 24);
			in->imm = (uint64_t)(int64_t)v;
		}
		i += imm_bytes;
	}
	if (i > n)
		return "instruction truncated";
	in->len = (unsigned)i;
	in->size = byte ? 1 : (rex & 8) ? 8 : 4;
	in->rex = rex != 0;
	in->reg = r | ((rex & 4) ? 8 : 0);
	/* ah, ch, dh, bh: no REX and registers 4-7 of a byte form */
	if (byte && !in->has_imm && !rex && r >= 4)
		return "a high-byte register";
	return NULL;
}

/* The arithmetic flags of cmp a, b (a - b) at width bits, as cmpxchg sets
 * them. */
static uint64_t cmp_flags(uint64_t a, uint64_t b, unsigned bits)
{
	uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
	uint64_t d = (a - b) & m, f = 0;
	a &= m;
	b &= m;
	if (a < b)
		f |= 0x001; /* CF */
	if (!(__builtin_popcount((unsigned)(d & 0xff)) & 1))
		f |= 0x004; /* PF */
	if ((a ^ b ^ d) & 0x10)
		f |= 0x010; /* AF */
	if (d == 0)
		f |= 0x040; /* ZF */
	if (d >> (bits - 1))
		f |= 0x080; /* SF */
	if (((a ^ b) & (a ^ d)) >> (bits - 1) & 1)
		f |= 0x800; /* OF */
	return f;
}

/* and/or: CF, OF clear; ZF, SF, PF from the result. */
static uint64_t logic_flags(uint64_t v, unsigned bits)
{
	uint64_t f = 0;
	if (!(__builtin_popcount((unsigned)(v & 0xff)) & 1))
		f |= 0x004;
	if (v == 0)
		f |= 0x040;
	if (v >> (bits - 1) & 1)
		f |= 0x080;
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
	unsigned shift = (unsigned)(entry_maddr & 7) * 8, bits = in.size * 8;
	if (in.size == 4 || (in.size == 8 && shift)) {
		*why = "not an aligned 8-byte or a 1-byte store";
		return PTWR_UNHANDLED;
	}
	uint64_t mask = in.size == 8 ? ~0ull : 0xffull;
	uint64_t entry = pv_pt_read(entry_maddr & ~7ull);
	uint64_t old = (entry >> shift) & mask;
	uint64_t *reg = cpu_user_regs_gpr(r, in.reg);
	uint64_t src = (in.has_imm ? in.imm : *reg) & mask;
	uint64_t val = old;
	bool write = true;
	switch (in.op) {
	case OP_MOV:
	case OP_XCHG:
		val = src;
		break;
	case OP_AND:
		val = old & src;
		break;
	case OP_OR:
		val = old | src;
		break;
	case OP_CMPXCHG:
		write = (r->rax & mask) == old;
		val = src;
		break;
	}
	if (write) {
		uint64_t next = (entry & ~(mask << shift)) | (val << shift);
		long rc = pv_pt_write(m, entry_maddr & ~7ull, next);
		if (rc) {
			*refused = rc;
			*why = "the entry maps what it may not (validated as "
			       "mmu_update)";
			return PTWR_REFUSED;
		}
	}
	const uint64_t arith = 0x8d5ull;
	switch (in.op) {
	case OP_XCHG:
		*reg = (*reg & ~mask) | old;
		break;
	case OP_CMPXCHG:
		r->rflags = (r->rflags & ~arith) | cmp_flags(r->rax, old, bits);
		r->rax = (r->rax & ~mask) | old;
		break;
	case OP_AND:
	case OP_OR:
		r->rflags = (r->rflags & ~arith) | logic_flags(val, bits);
		break;
	default:
		break;
	}
	r->rip += in.len;
	return PTWR_DONE;
}

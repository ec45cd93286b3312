/* The hvterm console (PAPR's virtual terminal, compatible "hvterm1"): the
 * partition writes up to 16 bytes per H_PUT_TERM_CHAR, packed big-endian in
 * two registers, and polls H_GET_TERM_CHAR for input. One terminal, the
 * device tree's vty; its output goes to larch's console with the domain's
 * prefix. */
#include <larch/console.h>
#include "../ppc.h"
#include "papr.h"

static void unpack(uint64_t w, char *out)
{
	for (int i = 0; i < 8; i++)
		out[i] = (char)(w >> (56 - 8 * i));
}

/* r4 = terminal number, r5 = length (0-16), r6/r7 = the bytes */
long papr_put_term_char(struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;
	char buf[16];
	if (r->gpr[4] != PAPR_VTERM_REG)
		return H_PARAMETER;
	if (r->gpr[5] > sizeof(buf))
		return H_PARAMETER;
	unpack(r->gpr[6], buf);
	unpack(r->gpr[7], buf + 8);
	console_guest_write(v->domain, buf, (size_t)r->gpr[5]);
	return H_SUCCESS;
}

/* r4 = terminal number; returns r4 = bytes (none yet: larch's console input
 * reaches a PAPR partition in a later step), r5/r6 = the bytes. */
long papr_get_term_char(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	if (r->gpr[4] != PAPR_VTERM_REG)
		return H_PARAMETER;
	r->gpr[4] = 0;
	r->gpr[5] = 0;
	r->gpr[6] = 0;
	return H_SUCCESS;
}

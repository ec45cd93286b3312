/* FP/SIMD registers of kernel domains, saved and loaded on context switch
 * (vcpu.c); other domains keep CPTR_EL2.TFP and never touch them. */
#include "arm.h"

void arm_fp_save(struct arm_fp_ctxt *c)
{
	__asm__ __volatile__(
		"stp q0, q1, [%0, #0]\n stp q2, q3, [%0, #32]\n"
		"stp q4, q5, [%0, #64]\n stp q6, q7, [%0, #96]\n"
		"stp q8, q9, [%0, #128]\n stp q10, q11, [%0, #160]\n"
		"stp q12, q13, [%0, #192]\n stp q14, q15, [%0, #224]\n"
		"stp q16, q17, [%0, #256]\n stp q18, q19, [%0, #288]\n"
		"stp q20, q21, [%0, #320]\n stp q22, q23, [%0, #352]\n"
		"stp q24, q25, [%0, #384]\n stp q26, q27, [%0, #416]\n"
		"stp q28, q29, [%0, #448]\n stp q30, q31, [%0, #480]\n"
		:
		: "r"(c->q)
		: "memory");
	c->fpsr = read_sysreg(fpsr);
	c->fpcr = read_sysreg(fpcr);
}

void arm_fp_load(const struct arm_fp_ctxt *c)
{
	__asm__ __volatile__(
		"ldp q0, q1, [%0, #0]\n ldp q2, q3, [%0, #32]\n"
		"ldp q4, q5, [%0, #64]\n ldp q6, q7, [%0, #96]\n"
		"ldp q8, q9, [%0, #128]\n ldp q10, q11, [%0, #160]\n"
		"ldp q12, q13, [%0, #192]\n ldp q14, q15, [%0, #224]\n"
		"ldp q16, q17, [%0, #256]\n ldp q18, q19, [%0, #288]\n"
		"ldp q20, q21, [%0, #320]\n ldp q22, q23, [%0, #352]\n"
		"ldp q24, q25, [%0, #384]\n ldp q26, q27, [%0, #416]\n"
		"ldp q28, q29, [%0, #448]\n ldp q30, q31, [%0, #480]\n"
		:
		: "r"(c->q)
		: "memory");
	write_sysreg(fpsr, c->fpsr);
	write_sysreg(fpcr, c->fpcr);
}

/* A PAPR partition's floating-point and vector state: the 64 VSX
 * registers (FPRs and VRs are their halves), FPSCR, VSCR and VRSAVE, moved
 * with its vCPU (papr/vcpu.c). The hypervisor is built without FP or
 * vectors, so it turns the facilities on only here, MSR[FP|VEC|VSX], and
 * restores its MSR after.
 *   papr_fp_save(area): save to area (1024 + 32 bytes), then zero the
 *     registers, so the next guest on this pCPU sees none of it
 *   papr_fp_load(area): load from area */
#define MSR_FP_VEC_VSX	((1 << 13) | (1 << 25) | (1 << 23))
#define AREA_FPSCR	1024
#define AREA_VSCR	1040
#define AREA_VRSAVE	1056

	.macro	facilities_on
	mfmsr	9
	li	10, 0
	ori	10, 10, (1 << 13)
	oris	10, 10, ((1 << 25) | (1 << 23)) >> 16
	or	10, 9, 10
	mtmsrd	10
	isync
	.endm

	.text
	.global	papr_fp_save
papr_fp_save:
	facilities_on
	li	8, 0
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	stxvd2x	\n, 3, 8
	addi	8, 8, 16
	.endr
	mffs	0
	stfd	0, AREA_FPSCR(3)
	mfvscr	0
	li	8, AREA_VSCR
	stvx	0, 3, 8
	mfspr	8, 256
	std	8, AREA_VRSAVE(3)
	/* scrub: every VSR (so every FPR and VR), FPSCR, VSCR, VRSAVE */
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	xxlxor	\n, \n, \n
	.endr
	mtfsf	0xff, 0
	mtvscr	0
	li	8, 0
	mtspr	256, 8
	mtmsrd	9
	isync
	blr

	.global	papr_fp_load
papr_fp_load:
	facilities_on
	lfd	0, AREA_FPSCR(3)
	mtfsf	0xff, 0
	li	8, AREA_VSCR
	lvx	0, 3, 8
	mtvscr	0
	ld	8, AREA_VRSAVE(3)
	mtspr	256, 8
	li	8, 0
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	lxvd2x	\n, 3, 8
	addi	8, 8, 16
	.endr
	mtmsrd	9
	isync
	blr

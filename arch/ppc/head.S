/* ppc64 hypervisor entry, exception vectors, trap save and guest return.
 * The image runs at address 0 (QEMU's -bios route; the skiboot route copies
 * it there first): firmware enters at 0x10 big-endian, entry-be.S switches
 * to little-endian. Hypervisor interrupts arrive little-endian (HID0[HILE]);
 * r13 and HSPRG0 hold this pCPU's struct ppc_pcpu_hot, HSPRG1 is scratch. */
#include "asm-offsets.h"

#define LOAD_TOC	lis 2, .TOC.@ha; addi 2, 2, .TOC.@l
#define LOAD_ADDR(r, sym)	lis r, sym@ha; addi r, r, sym@l
#define ADDR(r, sym)	addis r, 2, sym@toc@ha; addi r, r, sym@toc@l

	.section .text.head, "ax"
	.global _start
_start:
	.org	0x10
	.global	be_entry
be_entry:
	.incbin	ENTRY_BE_BIN		/* big-endian: MSR[LE]=1, then below */
	b	le_entry

/* One stub per vector: save r12/r13, note the vector (bit 0: the
 * interrupted state is in HSRR0/1, else SRR0/1) and go to trap_common. */
	.macro	vector addr, hsrr
	.org	\addr
	mtspr	SPR_HSPRG1, 13
	mfspr	13, SPR_HSPRG0
	std	12, HOT_R12(13)
	li	12, \addr + \hsrr
	b	trap_common
	.endm

	vector	0x100, 0	/* system reset */
	vector	0x200, 0	/* machine check */
	vector	0x300, 0	/* the rest of 0x300-0xd00 are the guest's own */
	vector	0x380, 0	/* interrupts: here only from hypervisor bugs */
	vector	0x400, 0
	vector	0x480, 0
	vector	0x500, 1	/* external: LPES0=0 sends it to the hypervisor */
	vector	0x600, 0
	vector	0x700, 0
	vector	0x800, 0
	vector	0x900, 0
	vector	0x980, 1	/* hypervisor decrementer */
	vector	0xa00, 0
	vector	0xb00, 0
	vector	0xc00, 0	/* sc 1 from a guest: SRR0/1 */
	vector	0xd00, 0
	vector	0xe00, 1	/* hypervisor data storage (partition fault) */
	vector	0xe20, 1	/* hypervisor instruction storage */
	vector	0xe40, 1	/* hypervisor emulation assistance */
	vector	0xe60, 1	/* hypervisor maintenance */
	vector	0xe80, 1	/* hypervisor doorbell: IPIs */
	vector	0xea0, 1	/* hypervisor virtualization */
	vector	0xf00, 0
	vector	0xf20, 0
	vector	0xf40, 0
	vector	0xf60, 0
	vector	0xf80, 1	/* hypervisor facility unavailable */
	.org	0x1000

le_entry:
	/* where am I? the skiboot route runs this copy at 0x20000000+ and
	 * passes r3 = FDT, r8 = OPAL base, r9 = OPAL entry: keep those */
	li	21, 0
	bl	1f
1:	mflr	14
	addi	14, 14, le_entry - 1b
	LOAD_ADDR(15, le_entry)
	cmpd	14, 15
	beq	at_home
	/* copy the image (text and data) to its link address 0, then jump */
	sub	14, 14, 15		/* runtime base */
	li	15, 0
	lis	16, __image_copy_end@ha
	addi	16, 16, __image_copy_end@l
	srdi	16, 16, 3
	mtctr	16
2:	ld	17, 0(14)
	std	17, 0(15)
	addi	14, 14, 8
	addi	15, 15, 8
	bdnz	2b
	sync
	isync
	li	21, 1			/* entered by skiboot: OPAL is there */
	LOAD_ADDR(12, at_home)
	mtctr	12
	bctr

at_home:
	LOAD_TOC
	/* hypervisor interrupts little-endian */
	mfspr	11, SPR_HID0
	li	12, 1
	sldi	12, 12, 59
	or	11, 11, 12
	sync
	mtspr	SPR_HID0, 11
	isync
	/* the first CPU here boots; the others wait to be released */
	ADDR(11, boot_claim)
3:	lwarx	12, 0, 11
	cmpwi	12, 0
	bne	secondary
	li	12, 1
	stwcx.	12, 0, 11
	bne	3b
	/* clear .bss (QEMU zeroes RAM, a reboot need not) */
	ADDR(11, __bss_start)
	ADDR(12, __bss_end)
4:	cmpd	11, 12
	bge	5f
	li	0, 0
	std	0, 0(11)
	addi	11, 11, 8
	b	4b
5:	li	20, 0
	/* OPAL base and entry (skiboot route only) */
	cmpdi	21, 0
	bne	6f
	li	8, 0
	li	9, 0
6:	mr	5, 8
	mr	6, 9
	b	cpu_common

secondary:
	ADDR(11, secondary_go)
6:	lwz	12, 0(11)
	cmpwi	12, 0
	beq	6b
	isync
	/* take the next CPU number */
	ADDR(11, next_cpu)
7:	lwarx	20, 0, 11
	addi	12, 20, 1
	stwcx.	12, 0, 11
	bne	7b
	cmpwi	20, PPC_MAX_PCPUS
	bge	park
	li	3, 0
	li	5, 0
	li	6, 0

cpu_common:
	/* r20 = CPU number, r3 = firmware FDT, r5/r6 = OPAL base/entry */
	ADDR(13, ppc_pcpu)
	mulli	12, 20, PCPU_SIZE
	add	13, 13, 12
	addi	13, 13, CANARY_OFFSET
	mtspr	SPR_HSPRG0, 13
	ADDR(1, hyp_stacks)
	addi	12, 20, 1
	sldi	12, 12, STACK_SHIFT
	add	1, 1, 12
	std	1, HOT_STACK(13)
	std	20, HOT_ID(13)
	li	0, 0
	stdu	0, -32(1)
	mr	4, 20
	bl	ppc_cpu_start
park:	b	.

/* Save every register of the interrupted context into *HOT_REGS (the
 * current vCPU, or the pCPU's own area while none runs) and call
 * ppc_trap(vector) on a fresh hypervisor stack; it never returns. */
trap_common:
	std	12, HOT_VEC(13)
	ld	12, HOT_REGS(13)
	std	0, REGS_GPR(0)(12)
	std	1, REGS_GPR(1)(12)
	std	2, REGS_GPR(2)(12)
	std	3, REGS_GPR(3)(12)
	std	4, REGS_GPR(4)(12)
	std	5, REGS_GPR(5)(12)
	std	6, REGS_GPR(6)(12)
	std	7, REGS_GPR(7)(12)
	std	8, REGS_GPR(8)(12)
	std	9, REGS_GPR(9)(12)
	std	10, REGS_GPR(10)(12)
	std	11, REGS_GPR(11)(12)
	std	14, REGS_GPR(14)(12)
	std	15, REGS_GPR(15)(12)
	std	16, REGS_GPR(16)(12)
	std	17, REGS_GPR(17)(12)
	std	18, REGS_GPR(18)(12)
	std	19, REGS_GPR(19)(12)
	std	20, REGS_GPR(20)(12)
	std	21, REGS_GPR(21)(12)
	std	22, REGS_GPR(22)(12)
	std	23, REGS_GPR(23)(12)
	std	24, REGS_GPR(24)(12)
	std	25, REGS_GPR(25)(12)
	std	26, REGS_GPR(26)(12)
	std	27, REGS_GPR(27)(12)
	std	28, REGS_GPR(28)(12)
	std	29, REGS_GPR(29)(12)
	std	30, REGS_GPR(30)(12)
	std	31, REGS_GPR(31)(12)
	ld	0, HOT_R12(13)
	std	0, REGS_GPR(12)(12)
	mfspr	0, SPR_HSPRG1
	std	0, REGS_GPR(13)(12)
	mflr	0
	std	0, REGS_LR(12)
	mfctr	0
	std	0, REGS_CTR(12)
	mfcr	0
	std	0, REGS_CR(12)
	mfxer	0
	std	0, REGS_XER(12)
	ld	0, HOT_VEC(13)
	andi.	0, 0, 1
	beq	1f
	mfspr	3, SPR_HSRR0
	mfspr	4, SPR_HSRR1
	mfspr	5, SPR_SRR0
	mfspr	6, SPR_SRR1
	b	2f
1:	mfspr	3, SPR_SRR0	/* sc: SRR0/1 are the return state */
	mfspr	4, SPR_SRR1
	mr	5, 3
	mr	6, 4
2:	std	3, REGS_NIP(12)
	std	4, REGS_MSR(12)
	std	5, REGS_SRR0(12)
	std	6, REGS_SRR1(12)
	LOAD_TOC
	ld	1, HOT_STACK(13)
	li	0, 0
	stdu	0, -32(1)
	ld	3, HOT_VEC(13)
	rldicr	3, 3, 0, 62
	bl	ppc_trap
	b	.

/* return_to_guest(regs): load every register from *regs and hrfid.
 * QEMU 7.2 aborts on hrfid under -icount ("Raised interrupt while not in
 * I/O function": its hrfid lacks the icount I/O marking rfid has), so the
 * image measured under -icount (the bench) enters guests with rfid, which
 * from hypervisor state may clear MSR[HV] too, at the price of the guest's
 * own SRR0/SRR1 (a guest preempted between an interrupt and saving them
 * would lose them; the bench guest never is in that window for long). */
	.global return_to_guest
return_to_guest:
	std	3, HOT_REGS(13)
	mr	12, 3
#ifdef GUEST_ENTRY_RFID
	ld	0, REGS_NIP(12)
	mtspr	SPR_SRR0, 0
	ld	0, REGS_MSR(12)
	mtspr	SPR_SRR1, 0
#else
	ld	0, REGS_SRR0(12)
	mtspr	SPR_SRR0, 0
	ld	0, REGS_SRR1(12)
	mtspr	SPR_SRR1, 0
	ld	0, REGS_NIP(12)
	mtspr	SPR_HSRR0, 0
	ld	0, REGS_MSR(12)
	mtspr	SPR_HSRR1, 0
#endif
	ld	0, REGS_LR(12)
	mtlr	0
	ld	0, REGS_CTR(12)
	mtctr	0
	ld	0, REGS_XER(12)
	mtxer	0
	ld	0, REGS_CR(12)
	mtcr	0
	ld	0, REGS_GPR(0)(12)
	ld	1, REGS_GPR(1)(12)
	ld	2, REGS_GPR(2)(12)
	ld	3, REGS_GPR(3)(12)
	ld	4, REGS_GPR(4)(12)
	ld	5, REGS_GPR(5)(12)
	ld	6, REGS_GPR(6)(12)
	ld	7, REGS_GPR(7)(12)
	ld	8, REGS_GPR(8)(12)
	ld	9, REGS_GPR(9)(12)
	ld	10, REGS_GPR(10)(12)
	ld	11, REGS_GPR(11)(12)
	ld	13, REGS_GPR(13)(12)
	ld	14, REGS_GPR(14)(12)
	ld	15, REGS_GPR(15)(12)
	ld	16, REGS_GPR(16)(12)
	ld	17, REGS_GPR(17)(12)
	ld	18, REGS_GPR(18)(12)
	ld	19, REGS_GPR(19)(12)
	ld	20, REGS_GPR(20)(12)
	ld	21, REGS_GPR(21)(12)
	ld	22, REGS_GPR(22)(12)
	ld	23, REGS_GPR(23)(12)
	ld	24, REGS_GPR(24)(12)
	ld	25, REGS_GPR(25)(12)
	ld	26, REGS_GPR(26)(12)
	ld	27, REGS_GPR(27)(12)
	ld	28, REGS_GPR(28)(12)
	ld	29, REGS_GPR(29)(12)
	ld	30, REGS_GPR(30)(12)
	ld	31, REGS_GPR(31)(12)
	ld	12, REGS_GPR(12)(12)
#ifdef GUEST_ENTRY_RFID
	rfid
#else
	hrfid
#endif

/* opal_call(token, a0, a1, a2): OPAL runs big-endian with r2 = its base
 * and MSR[EE]=0; it returns to LR, where opal-ret-be.S switches back. */
	.global opal_call
opal_call:
	mflr	0
	std	0, 16(1)
	stdu	1, -256(1)	/* ELFv1 callee: may use a 112-byte frame */
	std	2, 128(1)
	std	13, 136(1)
	mr	0, 3
	mr	3, 4
	mr	4, 5
	mr	5, 6
	ADDR(12, opal_return)	/* TOC-relative: before r2 changes */
	mtlr	12
	ADDR(11, plat)
	ld	2, PLAT_OPAL_BASE(11)
	ld	12, PLAT_OPAL_ENTRY(11)
	mtspr	SPR_SRR0, 12
	mfmsr	11
	li	12, 1
	andc	11, 11, 12	/* MSR[LE] = 0 */
	mtspr	SPR_SRR1, 11
	rfid			/* stays in HV: SRR1[HV]=1 */
opal_return:
	.incbin	OPAL_RET_BE_BIN
	ld	2, 128(1)
	ld	13, 136(1)
	addi	1, 1, 256
	ld	0, 16(1)
	mtlr	0
	blr

	.data
	.balign	8
boot_claim:	.long	0
next_cpu:	.long	1
	.global	secondary_go
secondary_go:	.long	0

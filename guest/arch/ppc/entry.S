/* ppc64 test guest entry (real mode, little-endian, MSR[EE]=0) and its
 * interrupt vectors: 0x500 (the upcall the hypervisor synthesizes when EE=1,
 * or LPCR[MER] on hardware) and 0x900 (the guest decrementer the hypervisor
 * leaves expired as the EE-gated doorbell) run the upcall; anything else is
 * a guest bug, reported and fatal. SPRG3 holds the vCPU id. */
#define LOAD_TOC	lis 2, .TOC.@ha; addi 2, 2, .TOC.@l
#define FRAME		(288 + 240)	/* skip the ELFv2 red zone */

	.section .text.entry, "ax"
	.global _start
_start:
	b	start

	.macro	vector addr, target
	.org	\addr
	mtsprg	1, 3		/* SPRG1: scratch */
	li	3, \addr
	b	\target
	.endm

/* The upcall vectors copy r3, SRR0 and SRR1 to SPRG1, SPRG2 and SPRG0
 * first thing: a hypervisor that must enter guests with rfid (larch's
 * -icount image, see its head.S) clobbers SRR0/SRR1 at every entry. These
 * five instructions (UPCALL_PROLOGUE bytes) are the entry half of the
 * window in which they are live (MSR[RI]=0, set by the interrupt); the
 * hypervisor, told of it by ppc hypercall 51, undoes an interrupted
 * prologue (back to SRR0/SRR1, r3 from SPRG1) and lets the guest take the
 * upcall again. */
#define UPCALL_PROLOGUE	20
	.macro	upcall_vector addr
	.org	\addr
	mtsprg	1, 3
	mfsrr0	3
	mtsprg	2, 3
	mfsrr1	3
	mtsprg	0, 3
	.org	\addr + UPCALL_PROLOGUE /* fails if the prologue grew */
	li	3, \addr
	b	irq_entry
	.endm

	vector	0x100, bad_trap
	vector	0x200, bad_trap
	vector	0x300, bad_trap
	vector	0x380, bad_trap
	vector	0x400, bad_trap
	vector	0x480, bad_trap
	upcall_vector	0x500
	vector	0x600, bad_trap
	vector	0x700, bad_trap
	vector	0x800, bad_trap
	upcall_vector	0x900
	vector	0xa00, bad_trap
	vector	0xc00, bad_trap
	vector	0xd00, bad_trap
	vector	0xe00, bad_trap
	vector	0xf00, bad_trap
	vector	0xf20, bad_trap
	vector	0xf40, bad_trap
	vector	0xf60, bad_trap
	.org	0x1000

start:
	LOAD_TOC
	lis	1, boot_stack_top@ha
	addi	1, 1, boot_stack_top@l
	li	0, 0
	stdu	0, -32(1)
	mtsprg	3, 0		/* vCPU 0 */
	bl	guest_start
1:	b	1b

/* A secondary vCPU: the hypervisor set r1 and r3 = vCPU id. */
	.global guest_secondary_start
guest_secondary_start:
	LOAD_TOC
	mtsprg	3, 3
	li	0, 0
	stdu	0, -32(1)
	bl	guest_secondary_entry
2:	b	2b

/* Volatile registers and SRR0/SRR1 (a hypercall in the handler reuses
 * them) on the interrupted stack, then guest_irq(vector). */
irq_entry:
	std	4, -FRAME + 64(1)
	mfsprg	4, 1
	std	4, -FRAME + 56(1)	/* r3 */
	std	0, -FRAME + 72(1)
	std	2, -FRAME + 80(1)
	std	5, -FRAME + 88(1)
	std	6, -FRAME + 96(1)
	std	7, -FRAME + 104(1)
	std	8, -FRAME + 112(1)
	std	9, -FRAME + 120(1)
	std	10, -FRAME + 128(1)
	std	11, -FRAME + 136(1)
	std	12, -FRAME + 144(1)
	mflr	0
	std	0, -FRAME + 152(1)
	mfctr	0
	std	0, -FRAME + 160(1)
	mfcr	0
	std	0, -FRAME + 168(1)
	mfxer	0
	std	0, -FRAME + 176(1)
	mfsprg	0, 2
	std	0, -FRAME + 184(1)
	mfsprg	0, 0
	std	0, -FRAME + 192(1)
	std	13, -FRAME + 200(1)
	mr	0, 1
	stdu	0, -FRAME(1)	/* back chain to the interrupted frame */
	li	0, 2		/* MSR[RI]=1: SRR0/SRR1 are saved */
	mtmsrd	0, 1
	LOAD_TOC
	bl	guest_irq
	li	0, 0		/* MSR[RI]=0 until the rfid */
	mtmsrd	0, 1
	addi	1, 1, FRAME
	ld	0, -FRAME + 176(1)
	mtxer	0
	ld	0, -FRAME + 168(1)
	mtcr	0
	ld	0, -FRAME + 160(1)
	mtctr	0
	ld	0, -FRAME + 152(1)
	mtlr	0
	ld	13, -FRAME + 200(1)
	ld	12, -FRAME + 144(1)
	ld	11, -FRAME + 136(1)
	ld	10, -FRAME + 128(1)
	ld	9, -FRAME + 120(1)
	ld	8, -FRAME + 112(1)
	ld	7, -FRAME + 104(1)
	ld	6, -FRAME + 96(1)
	ld	5, -FRAME + 88(1)
	ld	2, -FRAME + 80(1)
	ld	0, -FRAME + 72(1)
	ld	4, -FRAME + 64(1)
	ld	3, -FRAME + 192(1)
	mtsprg	0, 3		/* SRR1 */
	ld	3, -FRAME + 184(1)
	mtsprg	2, 3		/* SRR0 */
	ld	3, -FRAME + 56(1)
	mtsprg	1, 3		/* r3 */
/* The exit half of the window: SRR0/SRR1 live until the rfid. It reads
 * only SPRG0-2, so it can start over: the hypervisor (ppc hypercall 51)
 * resumes a guest interrupted in it at its first instruction. */
	.global	upcall_return_window, upcall_return_window_end, upcall_prologue
	.set	upcall_prologue, UPCALL_PROLOGUE
upcall_return_window:
	mfsprg	3, 0
	mtsrr1	3
	mfsprg	3, 2
	mtsrr0	3
	mfsprg	3, 1
	rfid
upcall_return_window_end:

bad_trap:
	LOAD_TOC
	addi	1, 1, -FRAME
	mfsrr0	4
	mfsrr1	5
	mfdar	6
	bl	guest_bad_trap
3:	b	3b

	.bss
	.balign	16
boot_stack:
	.space	16384
boot_stack_top:

/* A PAPR test partition's entry (guest/papr/hostile.c): larch builds it as
 * it builds a pseries kernel, entered at 0 in real mode, 64-bit,
 * little-endian, r3 = its device tree. It runs with MSR[EE]=0 and takes no
 * interrupt, so it needs no vectors. */
#define LOAD_TOC	lis 2, .TOC.@ha; addi 2, 2, .TOC.@l

	.section .text.entry, "ax"
	.global _start
_start:
	b	1f
	.org	0x60		/* where larch would hold secondary vCPUs */
	b	.
	.org	0x100
1:	LOAD_TOC
	lis	1, papr_stack_top@ha
	addi	1, 1, papr_stack_top@l
	li	0, 0
	stdu	0, -32(1)
	bl	papr_main
	b	.

	.section .bss
	.balign	16
	.space	16384
	.global	papr_stack_top
papr_stack_top:

/* larch's PV test kernel: its Xen ELF notes (what Xen's domain builder and
 * larch's read, arch/x86/pv/elf_notes.c) and its entry. Like a Linux PV
 * kernel it runs in ring 3 at VIRT_BASE and makes hypercalls with syscall. */
#define VIRT_BASE 0xffffffff80000000

/* a note's header and name; its value follows, then xen_note_end */
	.macro	xen_note type
	.pushsection .note.Xen, "a", @note
	.balign	4
	.long	4f - 3f		/* name size */
	.long	6f - 5f		/* desc size */
	.long	\type
3:	.asciz	"Xen"
4:	.balign	4
5:
	.endm
	.macro	xen_note_end
6:	.balign	4
	.popsection
	.endm

	xen_note 6		/* GUEST_OS */
	.asciz	"larch-pvtest"
	xen_note_end
	xen_note 5		/* XEN_VERSION */
	.asciz	"xen-3.0"
	xen_note_end
	xen_note 3		/* VIRT_BASE */
	.quad	VIRT_BASE
	xen_note_end
	xen_note 4		/* PADDR_OFFSET */
	.quad	0
	xen_note_end
	xen_note 1		/* ENTRY */
	.quad	pv_start
	xen_note_end
	xen_note 12		/* HV_START_LOW */
	.quad	0xffff800000000000
	xen_note_end
	xen_note 8		/* LOADER */
	.asciz	"generic"
	xen_note_end
	xen_note 9		/* PAE_MODE */
	.asciz	"yes"
	xen_note_end

/* rsi: start_info; rsp: the builder's boot stack; events masked */
	.section .text.entry, "ax"
	.global	pv_start
pv_start:
	mov	%rsi, %rdi
	and	$-16, %rsp
	call	pv_main
	ud2

	.section .note.GNU-stack, "", %progbits

/* ia64 architectural facts the backend uses (PSR, ISR, IVT layout, control
 * registers) plus larch's own choices (vectors, hypercall immediate). Safe to
 * include from assembly. Values from the Itanium SDM, vol. 2. */
#ifndef ARCH_IA64_IA64_H
#define ARCH_IA64_IA64_H

#ifdef __ASSEMBLY__
#define IA64_BIT(n) (1 << (n))
#else
#define IA64_BIT(n) (1ULL << (n))
#endif

/* Processor Status Register bits. */
#define IA64_PSR_BE_BIT	   1
#define IA64_PSR_IC_BIT	   13
#define IA64_PSR_I_BIT	   14
#define IA64_PSR_DT_BIT	   17
#define IA64_PSR_RT_BIT	   27
#define IA64_PSR_CPL_SHIFT 32
#define IA64_PSR_IT_BIT	   36
#define IA64_PSR_RI_SHIFT  41
#define IA64_PSR_BN_BIT	   44

#define IA64_PSR_BE  IA64_BIT(IA64_PSR_BE_BIT)
#define IA64_PSR_IC  IA64_BIT(IA64_PSR_IC_BIT)
#define IA64_PSR_DT  IA64_BIT(IA64_PSR_DT_BIT)
#define IA64_PSR_RT  IA64_BIT(IA64_PSR_RT_BIT)
#define IA64_PSR_IT  IA64_BIT(IA64_PSR_IT_BIT)
#define IA64_PSR_BN  IA64_BIT(IA64_PSR_BN_BIT)
#define IA64_PSR_CPL (3ULL << IA64_PSR_CPL_SHIFT)
#define IA64_PSR_RI  (3ULL << IA64_PSR_RI_SHIFT)
/* IA64_PSR_I (bit 14) is in arch/vcpu.h, next to the saved cr.ipsr. */

/* Guests run at privilege level 1 (the hypervisor alone at 0), so every
 * instruction that touches PSR.I, the control registers or rfi faults with a
 * Privileged Operation fault and is emulated on the saved state. */
#define IA64_GUEST_CPL 1

/* Interruption Status Register. */
#define IA64_ISR_CODE_MASK 0xffffULL
#define IA64_ISR_EI_SHIFT  41
#define IA64_ISR_EI	   (3ULL << IA64_ISR_EI_SHIFT)
/* General Exception ISR.code{7:4}. */
#define IA64_GEN_ILLEGAL_OP 0
#define IA64_GEN_PRIV_OP    1
#define IA64_GEN_PRIV_REG   2
#define IA64_GEN_RSVD_REG   3

/* Interruption Frame State: valid bit and frame size of the covered frame. */
#define IA64_IFS_V	  IA64_BIT(63)
#define IA64_IFS_SOF_MASK 0x7fULL

/* Interruption Vector Table offsets (32 KiB, 32 KiB aligned). */
#define IA64_IVT_SIZE		  0x8000
#define IA64_IVT_ALT_ITLB	  0x0c00
#define IA64_IVT_ALT_DTLB	  0x1000
#define IA64_IVT_BREAK		  0x2c00
#define IA64_IVT_EXTINT		  0x3000
#define IA64_IVT_PAGE_NOT_PRESENT 0x5000
#define IA64_IVT_GENERAL_EXC	  0x5400
#define IA64_IVT_NAT_CONSUMPTION  0x5600

/* Control register numbers (mov crN), as the M32/M33 encodings carry them. */
#define IA64_CR_DCR  0
#define IA64_CR_ITM  1
#define IA64_CR_IVA  2
#define IA64_CR_PTA  8
#define IA64_CR_IPSR 16
#define IA64_CR_ISR  17
#define IA64_CR_IIP  19
#define IA64_CR_IFA  20
#define IA64_CR_ITIR 21
#define IA64_CR_IIPA 22
#define IA64_CR_IFS  23
#define IA64_CR_IIM  24
#define IA64_CR_IHA  25
#define IA64_CR_LID  64
#define IA64_CR_IVR  65
#define IA64_CR_TPR  66
#define IA64_CR_EOI  67
#define IA64_CR_ITV  72

/* External interrupt vectors larch programs (16..255 are usable; 15 is
 * the spurious vector IVR reads return when nothing is pending). */
#define IA64_SPURIOUS_VECTOR 15
#define IA64_TIMER_VECTOR    0xef
#define IA64_IPI_VECTOR	     0xfe
/* The vector a guest's virtual IVR reports for an event upcall. */
#define IA64_UPCALL_VECTOR 0xf3

/* The hypercall: `break.m 0x1000` (cr.iim = 0x1000), number in r2,
 * arguments in r14..r18, result in r8. Other break immediates are guest
 * faults. */
#define IA64_HYPERCALL_IMM 0x1000

/* Region 7 is the hypervisor's (pinned translation registers); guests own
 * regions 0..6, each domain with its own region IDs. */
#define IA64_HYP_REGION	  7
#define IA64_HYP_VBASE	  0xe000000000000000
#define IA64_HYP_PHYS	  0x0000000004000000
#define IA64_PAGE_SHIFT	  14 /* 16 KiB guest pages */
#define IA64_HYP_TR_SHIFT 26 /* one 64 MiB pinned page for the image */

/* Per-vCPU register backing store for the guest's dirty stacked registers,
 * and the per-pCPU hypervisor stacks. */
#define IA64_VCPU_RBS_SIZE   0x2000
#define IA64_PCPU_STACK_SIZE 0x8000

/* ar.k registers (writable only at PL0) the entry path reads. */
#define IA64_KR_CPU	4 /* this pCPU's number */
#define IA64_KR_STACK	6 /* top of this pCPU's memory stack */
#define IA64_KR_CURRENT 7 /* current vCPU's struct cpu_user_regs */

#endif

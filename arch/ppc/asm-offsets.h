/* Offsets shared by head.S and C (checked by _Static_assert in setup.c). */
#ifndef PPC_ASM_OFFSETS_H
#define PPC_ASM_OFFSETS_H

/* struct cpu_user_regs */
#define REGS_GPR(n) ((n)*8)
#define REGS_NIP    256
#define REGS_MSR    264
#define REGS_LR	    272
#define REGS_CTR    280
#define REGS_CR	    288
#define REGS_XER    296
#define REGS_SRR0   304
#define REGS_SRR1   312

/* struct ppc_pcpu_hot: r13 and HSPRG0 point at it in the hypervisor */
#define HOT_R12	  0
#define HOT_VEC	  8
#define HOT_REGS  16
#define HOT_STACK 24
#define HOT_ID	  32
#define HOT_SIZE  64

#define PCPU_SIZE     0x7200 /* sizeof(struct ppc_pcpu) */
#define STACK_SHIFT   14
#define PPC_MAX_PCPUS 4

/* struct ppc_platform */
#define PLAT_OPAL_BASE	24
#define PLAT_OPAL_ENTRY 32

/* the stack protector's canary sits at r13 - 0x7010 (ELFv2 Linux ABI) */
#define CANARY_OFFSET 0x7010

/* SPR numbers */
#define SPR_DSISR  18
#define SPR_DAR	   19
#define SPR_DEC	   22
#define SPR_SRR0   26
#define SPR_SRR1   27
#define SPR_SPRG0  272
#define SPR_SPRG1  273
#define SPR_SPRG2  274
#define SPR_SPRG3  275
#define SPR_TBRL   268
#define SPR_HSPRG0 304
#define SPR_HSPRG1 305
#define SPR_HDSISR 306
#define SPR_HDAR   307
#define SPR_HDEC   310
#define SPR_HRMOR  313
#define SPR_HSRR0  314
#define SPR_HSRR1  315
#define SPR_LPCR   318
#define SPR_LPIDR  319
#define SPR_ASDR   816
#define SPR_HEIR   339
#define SPR_PTCR   464
#define SPR_HID0   1008
#define SPR_PIR	   1023
#define SPR_PSSCR  855
#define SPR_AMR	   13
#define SPR_DSCR   17
#define SPR_PIDR   48
#define SPR_IAMR   61
#define SPR_FSCR   153
#define SPR_UAMOR  157
#define SPR_PVR	   287
#define SPR_TAR	   815

#endif

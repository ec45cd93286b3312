/* Offsets the assembly uses; checked against the C structs in setup.c. */
#ifndef ARM_ASM_OFFSETS_H
#define ARM_ASM_OFFSETS_H
#define PCPU_REGS      0
#define PCPU_STACK_TOP 8
#define PCPU_ID	       16
#define PCPU_SIZE      64
#define REGS_ELR       256
#define STACK_SHIFT    14 /* 16 KiB per pCPU */
#endif

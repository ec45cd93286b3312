# x86_64: the host's gcc (build/toolchain.mk includes this).
CROSS_COMPILE ?=
ARCH_CFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small

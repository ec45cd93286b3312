# arm64: Debian's cross gcc (build/toolchain.mk includes this).
CROSS_COMPILE ?= aarch64-linux-gnu-
ARCH_CFLAGS := -mgeneral-regs-only -mno-outline-atomics -mstrict-align

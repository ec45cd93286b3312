# x86_64: the host's gcc (build/toolchain.mk includes this).
CROSS_COMPILE ?=
ARCH_CFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small
# The hypervisor runs in the upper half (DIRECTMAP_BASE + 1 MiB), out of the
# small model's reach for absolute addresses: position-independent code
# (RIP-relative, as fast) linked statically at the high address.
HYP_CFLAGS := -fpie

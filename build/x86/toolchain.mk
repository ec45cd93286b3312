# x86_64: the host's gcc (build/toolchain.mk includes this).
CROSS_COMPILE ?=
ARCH_CFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small
# The hypervisor runs in the upper half (DIRECTMAP_BASE + 1 MiB), out of the
# small model's reach for absolute addresses: position-independent code
# (RIP-relative) linked statically at the high address. A PIC jump table
# costs four instructions per dispatch (lea, load, add, jump): compare
# chains are cheaper on the hypercall paths (make bench).
HYP_CFLAGS := -fpie -fno-jump-tables

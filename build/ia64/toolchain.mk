# ia64: binutils from Debian, gcc only if CROSS_COMPILE names one that has
# it (build/toolchain.mk includes this; libfdt: headers only, see
# build/arches.txt).
CROSS_COMPILE ?= ia64-linux-gnu-
comma := ,
# Debian has no ia64 C compiler: unless CROSS_COMPILE names one that has
# gcc, C is compiled by the host compiler as a check of the common code
# against the ia64 headers, and only the assembly becomes ia64 objects.
IA64_HAVE_GCC := $(shell command -v $(CROSS_COMPILE)gcc >/dev/null && echo y)
ifneq ($(IA64_HAVE_GCC),y)
  CC := gcc
  AR := ar
endif
# A real ia64 gcc: gp never changes in the hypervisor, and C keeps out of
# the FP registers the entry path does not save (it saves f6-f11).
ARCH_CFLAGS := $(if $(IA64_HAVE_GCC),-mconstant-gp -mfixed-range=f12-f15$(comma)f32-f127,-m64)

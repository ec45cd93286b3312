# Per-arch toolchains and the flags every hypervisor object is built with.
# CROSS_COMPILE overrides the default prefix.

ifeq ($(ARCH),x86)
  CROSS_COMPILE ?=
  ABI := X86
  FDT_ARCH := amd64
  ARCH_CFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small
endif
ifeq ($(ARCH),arm)
  CROSS_COMPILE ?= aarch64-linux-gnu-
  ABI := ARM
  FDT_ARCH := arm64
  ARCH_CFLAGS := -mgeneral-regs-only -mno-outline-atomics -mstrict-align
endif
ifeq ($(ARCH),ppc)
  CROSS_COMPILE ?= powerpc64le-linux-gnu-
  ABI := PPC
  FDT_ARCH := ppc64el
  ARCH_CFLAGS := -mlittle-endian -mabi=elfv2 -mcpu=power9 -mno-altivec \
		 -mno-vsx -msoft-float
endif
comma := ,
ifeq ($(ARCH),ia64)
  CROSS_COMPILE ?= ia64-linux-gnu-
  ABI := IA64
  # headers only: no ia64 libfdt exists
  FDT_ARCH := amd64
  # Debian has no ia64 C compiler: unless CROSS_COMPILE names one that has
  # gcc, C is compiled by the host compiler as a check of the common code
  # against the ia64 headers, and only the assembly becomes ia64 objects.
  IA64_HAVE_GCC := $(shell command -v $(CROSS_COMPILE)gcc >/dev/null && echo y)
  ifneq ($(IA64_HAVE_GCC),y)
    CC := gcc
  endif
  # A real ia64 gcc: gp never changes in the hypervisor, and C keeps out of
  # the FP registers the entry path does not save (it saves f6-f11).
  ARCH_CFLAGS := $(if $(IA64_HAVE_GCC),-mconstant-gp -mfixed-range=f12-f15$(comma)f32-f127,-m64)
endif
ifeq ($(ABI),)
  $(error ARCH must be one of x86 ppc arm ia64 (or x86_64 ppc64 ppc64le arm64 aarch64))
endif

ifeq ($(origin CC),default)
  CC := $(CROSS_COMPILE)gcc
endif
AS := $(CROSS_COMPILE)as
LD := $(CROSS_COMPILE)ld
AR := $(if $(filter ia64,$(ARCH)),$(if $(IA64_HAVE_GCC),$(CROSS_COMPILE)ar,ar),$(CROSS_COMPILE)ar)
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump

# libfdt as Debian builds it for the target, unpacked by build/deps.sh.
LIBFDT := build/deps/$(FDT_ARCH)/fdt

# Freestanding: the compiler's own headers (stdint, stddef, stdarg, stdbool)
# and include/libc for the rest; no host libc headers.
CFLAGS := -std=c11 -ffreestanding -nostdlib -nostdinc \
	  -isystem $(shell $(CC) -print-file-name=include) \
	  -Iinclude/libc -Iinclude -Iarch/$(ARCH)/include -I$(LIBFDT)/include \
	  -Wall -Wextra -Werror -O2 -g -fno-common -fno-pie -fno-stack-protector \
	  -fno-strict-aliasing -DLARCH_ABI_$(ABI) $(ARCH_CFLAGS)

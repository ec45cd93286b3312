# Per-arch toolchains and the flags every hypervisor object is built with.
# CROSS_COMPILE overrides the default prefix.

# The backend's own part (build/<arch>/toolchain.mk) sets CROSS_COMPILE,
# ARCH_CFLAGS (hypervisor and test guest) and optionally HYP_CFLAGS (the
# hypervisor's objects only, after CFLAGS); which backends exist and whose libfdt each links is in
# build/arches.txt.
ifeq ($(filter $(ARCH),$(shell build/arches.sh names)),)
  $(error ARCH must be one of $(shell build/arches.sh names) (or a spelling listed in build/arches.txt))
endif
ABI := $(shell echo $(ARCH) | tr a-z A-Z)
FDT_ARCH := $(shell build/arches.sh get $(ARCH) libfdt)
include build/$(ARCH)/toolchain.mk

ifeq ($(origin CC),default)
  CC := $(CROSS_COMPILE)gcc
endif
AS := $(CROSS_COMPILE)as
LD := $(CROSS_COMPILE)ld
ifeq ($(origin AR),default)
  AR := $(CROSS_COMPILE)ar
endif
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump

# libfdt as Debian builds it for the target, unpacked by build/deps.sh.
LIBFDT := build/deps/$(FDT_ARCH)/fdt

# Freestanding: the compiler's own headers (stdint, stddef, stdarg, stdbool)
# and include/libc for the rest; no host libc headers.
CFLAGS := -std=c11 -ffreestanding -nostdlib -nostdinc \
	  -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	  -Iinclude/libc -Iinclude -Iarch/$(ARCH)/include -I$(LIBFDT)/include \
	  -Wall -Wextra -Werror -O2 -g -fno-common -fno-pie -fno-stack-protector \
	  -fno-strict-aliasing -DLARCH_ABI_$(ABI) $(ARCH_CFLAGS)

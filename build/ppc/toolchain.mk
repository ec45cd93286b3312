# ppc64 (POWER9, little-endian): Debian's cross gcc (build/toolchain.mk
# includes this).
CROSS_COMPILE ?= powerpc64le-linux-gnu-
ARCH_CFLAGS := -mlittle-endian -mabi=elfv2 -mcpu=power9 -mno-altivec \
	       -mno-vsx -msoft-float

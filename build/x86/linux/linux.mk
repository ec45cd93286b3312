# The x86 Linux boot (docs/arch-x86.md, "Booting Linux"), included at the
# end of arch/x86/arch.mk: Debian's amd64 cloud kernel (the vmlinux
# build/deps.sh unpacked into build/deps/amd64/linux/) as a Xen PV guest,
# the shared initramfs (build/linux-initramfs.mk) and the loaded configs.
# Not part of `all`: `make check` (build/x86/check.sh) and `make run
# ARCH=x86 DEMO=linux` build them.

LINUX_DEPS := build/deps/amd64/linux
LINUX_OUT := $(OUT)/linux
# larch.kmsg=1: user space prints through the kernel log (no PV console
# ring yet); loglevel=7: its info lines too (the judge reads them)
LINUX_BOOTARGS := console=hvc0 earlyprintk=xen loglevel=7 larch.kmsg=1
LINUX_USER_CC := gcc
LINUX_KERNEL := $(LINUX_DEPS)/vmlinux
LINUX_CONFIG_IN := build/x86/linux/config.dts.in
$(LINUX_OUT)/config.dtb: LINUX_ARGS := $(LINUX_BOOTARGS)
# every kernel line, for reading how far a kernel gets
$(LINUX_OUT)/config-verbose.dtb: LINUX_ARGS := console=hvc0 earlyprintk=xen loglevel=8 larch.kmsg=1

include build/linux-initramfs.mk

.PHONY: linux-images arch-run-linux
linux-images: $(OUT)/larch.elf $(LINUX_OUT)/config.dtb $(LINUX_OUT)/config-verbose.dtb

# make run ARCH=x86 DEMO=linux: Linux beside the test domain, its whole log
# (no shell yet: the PV console ring is not served)
arch-run-linux: linux-images
	build/x86/linux/run.sh $(LINUX_OUT)/config-verbose.dtb

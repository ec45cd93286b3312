# The x86 Linux boot (docs/arch-x86.md, "Booting Linux"), included at the
# end of arch/x86/arch.mk: Debian's amd64 cloud kernel (the vmlinux
# build/deps.sh unpacked into build/deps/amd64/linux/) as a Xen PV guest,
# the shared initramfs (build/linux.mk) and the loaded configs.
# Not part of `all`: `make check` (build/x86/check.sh) and `make run
# ARCH=x86 DEMO=linux` build them.

LINUX_DEPS := build/deps/amd64/linux
LINUX_OUT := $(OUT)/linux
# hvc0: the PV console ring larch serves (common/xen_console.c);
# earlyprintk=xen: the console_io hypercall until hvc0 is up; loglevel=7:
# the info lines too (the judge reads them)
LINUX_BOOTARGS := console=hvc0 earlyprintk=xen loglevel=7
LINUX_USER_CC := gcc
LINUX_KERNEL := $(LINUX_DEPS)/vmlinux
LINUX_CONFIG_IN := build/x86/linux/config.dts.in
$(LINUX_OUT)/config.dtb: LINUX_ARGS := $(LINUX_BOOTARGS)
# every kernel line, for reading how far a kernel gets
$(LINUX_OUT)/config-verbose.dtb: LINUX_ARGS := console=hvc0 earlyprintk=xen loglevel=8
# the demo: a busybox shell on hvc0 after the ping-pong
LINUX_SHELL_ARGS := console=hvc0 earlyprintk=xen quiet larch.shell=1
$(LINUX_OUT)/config-shell.dtb: LINUX_ARGS := $(LINUX_SHELL_ARGS)
# make run DEMO=linux prints larch's exit code
LINUX_DEMO_RUN := build/x86/linux/run.sh $(LINUX_OUT)/config-shell.dtb; build/x86/run-status.sh $$?

include build/linux.mk

.PHONY: linux-images
linux-images: $(OUT)/larch.elf $(LINUX_OUT)/config.dtb \
	$(LINUX_OUT)/config-verbose.dtb $(LINUX_OUT)/config-shell.dtb


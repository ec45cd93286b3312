# The ppc Linux boot (docs/arch-ppc.md, "Booting Linux"), included at the
# end of arch/ppc/arch.mk: Debian's ppc64el kernel (the vmlinux
# build/deps.sh unpacked into build/deps/ppc64el/linux/) as a PAPR
# partition, the shared initramfs (build/linux.mk) with
# hvc-pingpong instead of the Xen event-channel one, and the loaded
# configs. Not part of `all`: `make check` (build/ppc/check.sh) and `make
# run ARCH=ppc DEMO=linux` build them.

LINUX_DEPS := build/deps/ppc64el/linux
LINUX_OUT := $(OUT)/linux
# hvc0: the PAPR console terminal (arch/ppc/papr/vterm.c); the kernel's
# own log is judged (build/ppc/linux/judge.sh), so not quiet
LINUX_BOOTARGS := console=hvc0 larch.hotplug=1
LINUX_USER_CC := $(CROSS_COMPILE)gcc
LINUX_KERNEL := $(LINUX_DEPS)/vmlinux
LINUX_PROGS := $(LINUX_OUT)/hvc-pingpong
LINUX_MODULES :=
LINUX_CONFIG_IN := build/ppc/linux/config.dts.in
$(LINUX_OUT)/config.dtb: LINUX_ARGS := $(LINUX_BOOTARGS)
# a kernel panic (no init): RTAS ibm,os-term ends the machine, exit 3
$(LINUX_OUT)/config-panic.dtb: LINUX_ARGS := console=hvc0 rdinit=/nothing-here
# the demo: a busybox shell on hvc0 after the ping-pong
LINUX_SHELL_ARGS := console=hvc0 quiet larch.shell=1
$(LINUX_OUT)/config-shell.dtb: LINUX_ARGS := $(LINUX_SHELL_ARGS)

include build/linux.mk

.PHONY: linux-images
linux-images: $(OUT)/larch-demo.bin $(LINUX_OUT)/config.dtb \
	$(LINUX_OUT)/config-shell.dtb $(LINUX_OUT)/config-panic.dtb


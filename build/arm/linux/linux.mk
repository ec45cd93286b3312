# The arm Linux boot (docs/arch-arm.md), included at the end of
# arch/arm/arch.mk: the static evtchn-pingpong, the initramfs (busybox,
# xen-evtchn.ko, our /init) and the loaded configs, from what build/deps.sh
# unpacked into build/deps/arm64/linux/. Not part of `all`: `make check`
# (build/arm/check.sh), `make bench` and `make run DEMO=linux` build them.

LINUX_DEPS := build/deps/arm64/linux
LINUX_OUT := $(OUT)/linux
LINUX_BOOTARGS := console=ttyAMA0 quiet
LINUX_USER_CC := $(CROSS_COMPILE)gcc
LINUX_KERNEL := $(LINUX_DEPS)/Image

# The loaded configs: config.dtb for the test, config-shell.dtb for the
# demo (larch.shell=1).
LINUX_CONFIG_IN := build/arm/linux/config.dts.in
$(LINUX_OUT)/config.dtb: LINUX_ARGS := $(LINUX_BOOTARGS)
LINUX_SHELL_ARGS := $(LINUX_BOOTARGS) larch.shell=1
$(LINUX_OUT)/config-shell.dtb: LINUX_ARGS := $(LINUX_SHELL_ARGS)

include build/linux.mk

.PHONY: linux-images
linux-images: $(OUT)/larch.elf $(LINUX_OUT)/config.dtb $(LINUX_OUT)/config-shell.dtb


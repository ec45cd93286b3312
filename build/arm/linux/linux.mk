# The arm Linux boot (docs/arch-arm.md), included at the end of
# arch/arm/arch.mk: the static evtchn-pingpong, the initramfs (busybox,
# xen-evtchn.ko, our /init) and the loaded configs, from what build/deps.sh
# unpacked into build/deps/arm64/linux/. Not part of `all`: `make check`
# (build/arm/check.sh), `make bench` and `make run DEMO=linux` build them.

LINUX_DEPS := build/deps/arm64/linux
LINUX_OUT := $(OUT)/linux
LINUX_BOOTARGS := console=ttyAMA0 quiet
# A hosted Linux program (libc, -static), so not the freestanding CFLAGS.
LINUX_USER_CC := $(CROSS_COMPILE)gcc
LINUX_USER_CFLAGS := -static -O2 -Wall -Wextra -Werror

$(LINUX_OUT)/evtchn-pingpong: guest/linux/evtchn-pingpong.c
	@mkdir -p $(dir $@)
	$(LINUX_USER_CC) $(LINUX_USER_CFLAGS) -o $@ $<

$(LINUX_DEPS)/Image $(LINUX_DEPS)/busybox $(LINUX_DEPS)/modules.order:
	@echo "larch: $@ is missing: build/deps.sh (make deps) fetches Debian's arm64 kernel and busybox"
	@exit 1

# cpio newc from a staged tree, owner root, no device nodes (devtmpfs).
$(LINUX_OUT)/initramfs.cpio.gz: build/arm/linux/init $(LINUX_OUT)/evtchn-pingpong \
		$(LINUX_DEPS)/busybox $(LINUX_DEPS)/modules.order
	rm -rf $(LINUX_OUT)/root
	mkdir -p $(LINUX_OUT)/root/bin $(LINUX_OUT)/root/lib/modules
	cp build/arm/linux/init $(LINUX_OUT)/root/init
	cp $(LINUX_DEPS)/busybox $(LINUX_OUT)/evtchn-pingpong $(LINUX_OUT)/root/bin/
	cp $(LINUX_DEPS)/modules/*.ko $(LINUX_OUT)/root/lib/modules/
	cp $(LINUX_DEPS)/modules.order $(LINUX_OUT)/root/lib/modules/order
	(cd $(LINUX_OUT)/root && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | \
		gzip -9n >$@.tmp
	mv $@.tmp $@

# The loaded configs: config.dtb for the test, config-shell.dtb for the
# demo (larch.shell=1); sizes are the staged files'.
$(LINUX_OUT)/config.dtb: LINUX_ARGS := $(LINUX_BOOTARGS)
$(LINUX_OUT)/config-shell.dtb: LINUX_ARGS := $(LINUX_BOOTARGS) larch.shell=1
$(LINUX_OUT)/config.dtb $(LINUX_OUT)/config-shell.dtb: build/arm/linux/config.dts.in \
		$(LINUX_DEPS)/Image $(LINUX_OUT)/initramfs.cpio.gz
	sed -e "s/@KERNEL_SIZE@/$$(stat -c %s $(LINUX_DEPS)/Image)/" \
	    -e "s/@INITRD_SIZE@/$$(stat -c %s $(LINUX_OUT)/initramfs.cpio.gz)/" \
	    -e "s/@BOOTARGS@/$(LINUX_ARGS)/" $< >$(@:.dtb=.dts)
	dtc -q -I dts -O dtb -o $@ $(@:.dtb=.dts)

.PHONY: linux-images arch-run-linux
linux-images: $(OUT)/larch.elf $(LINUX_OUT)/config.dtb $(LINUX_OUT)/config-shell.dtb

# make run ARCH=arm DEMO=linux: Linux to a busybox shell, the test domain
# beside it (exit the shell to power off; Ctrl-A x leaves QEMU).
arch-run-linux: linux-images
	build/arm/linux/run.sh $(LINUX_OUT)/config-shell.dtb

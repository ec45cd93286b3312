# What the arm64, x86_64 and ppc64 Linux boots share (build/<arch>/linux/
# linux.mk sets LINUX_DEPS, LINUX_OUT, LINUX_USER_CC, LINUX_KERNEL and
# LINUX_SHELL_ARGS, may set LINUX_PROGS, LINUX_MODULES and LINUX_DEMO_RUN,
# defines linux-images, then includes this): the static user programs, the
# initramfs (busybox, the programs, the kernel modules if any,
# guest/linux/init), the loaded configs, and make run DEMO=linux.

# The ping-pong programs in /bin: the Xen event channel one by default; a
# PAPR partition's goes through its hvc terminal.
LINUX_PROGS ?= $(LINUX_OUT)/evtchn-pingpong
# y: xen-evtchn.ko and its dependencies, as build/deps.sh picked them
LINUX_MODULES ?= y
LINUX_MODULES_ORDER := $(if $(LINUX_MODULES),$(LINUX_DEPS)/modules.order)

# A hosted Linux program (libc, -static), so not the freestanding CFLAGS.
LINUX_USER_CFLAGS := -static -O2 -Wall -Wextra -Werror

$(LINUX_OUT)/%-pingpong: guest/linux/%-pingpong.c
	@mkdir -p $(dir $@)
	$(LINUX_USER_CC) $(LINUX_USER_CFLAGS) -o $@ $<

$(LINUX_KERNEL) $(LINUX_DEPS)/busybox $(LINUX_MODULES_ORDER):
	@echo "larch: $@ is missing: build/deps.sh (make deps) fetches Debian's kernel and busybox"
	@exit 1

# cpio newc from a staged tree, owner root, no device nodes (devtmpfs).
$(LINUX_OUT)/initramfs.cpio.gz: guest/linux/init $(LINUX_PROGS) \
		$(LINUX_DEPS)/busybox $(LINUX_MODULES_ORDER)
	rm -rf $(LINUX_OUT)/root
	mkdir -p $(LINUX_OUT)/root/bin $(LINUX_OUT)/root/lib/modules
	cp guest/linux/init $(LINUX_OUT)/root/init
	cp $(LINUX_DEPS)/busybox $(LINUX_PROGS) $(LINUX_OUT)/root/bin/
	$(if $(LINUX_MODULES),cp $(LINUX_DEPS)/modules/*.ko $(LINUX_OUT)/root/lib/modules/)
	$(if $(LINUX_MODULES),cp $(LINUX_DEPS)/modules.order $(LINUX_OUT)/root/lib/modules/order)
	(cd $(LINUX_OUT)/root && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | \
		gzip -9n >$@.tmp
	mv $@.tmp $@

# The loaded config from build/<arch>/linux/config.dts.in, sizes the staged
# files'; LINUX_ARGS per target.
$(LINUX_OUT)/%.dtb: $(LINUX_CONFIG_IN) $(LINUX_KERNEL) $(LINUX_OUT)/initramfs.cpio.gz \
		build/linux-config.sh
	build/linux-config.sh $< $(LINUX_KERNEL) $(LINUX_OUT)/initramfs.cpio.gz \
		'$(LINUX_ARGS)' $@

# make run ARCH=<arch> DEMO=linux: Linux to a busybox shell, the test
# domain beside it (exit the shell to power off; Ctrl-A x leaves QEMU).
# KERNEL=<file> [INITRD=<file>] [BOOTARGS=<line>]: yours (build/linux-user.sh).
LINUX_DEMO_RUN ?= build/$(ARCH)/linux/run.sh $(LINUX_OUT)/config-shell.dtb
.PHONY: arch-run-linux
arch-run-linux: linux-images
ifeq ($(KERNEL),)
	$(LINUX_DEMO_RUN)
else
	build/linux-user.sh $(ARCH) '$(KERNEL)' '$(INITRD)' '$(or $(BOOTARGS),$(LINUX_SHELL_ARGS))'
endif

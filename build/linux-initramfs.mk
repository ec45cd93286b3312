# The Linux guests' user space, shared by the arm64 and x86_64 Linux boots
# (build/<arch>/linux/linux.mk sets LINUX_DEPS, LINUX_OUT, LINUX_USER_CC
# and LINUX_KERNEL, then includes this): the static evtchn-pingpong and the
# initramfs (busybox, xen-evtchn.ko with its dependencies, guest/linux/init).

# A hosted Linux program (libc, -static), so not the freestanding CFLAGS.
LINUX_USER_CFLAGS := -static -O2 -Wall -Wextra -Werror

$(LINUX_OUT)/evtchn-pingpong: guest/linux/evtchn-pingpong.c
	@mkdir -p $(dir $@)
	$(LINUX_USER_CC) $(LINUX_USER_CFLAGS) -o $@ $<

$(LINUX_KERNEL) $(LINUX_DEPS)/busybox $(LINUX_DEPS)/modules.order:
	@echo "larch: $@ is missing: build/deps.sh (make deps) fetches Debian's kernel and busybox"
	@exit 1

# cpio newc from a staged tree, owner root, no device nodes (devtmpfs).
$(LINUX_OUT)/initramfs.cpio.gz: guest/linux/init $(LINUX_OUT)/evtchn-pingpong \
		$(LINUX_DEPS)/busybox $(LINUX_DEPS)/modules.order
	rm -rf $(LINUX_OUT)/root
	mkdir -p $(LINUX_OUT)/root/bin $(LINUX_OUT)/root/lib/modules
	cp guest/linux/init $(LINUX_OUT)/root/init
	cp $(LINUX_DEPS)/busybox $(LINUX_OUT)/evtchn-pingpong $(LINUX_OUT)/root/bin/
	cp $(LINUX_DEPS)/modules/*.ko $(LINUX_OUT)/root/lib/modules/
	cp $(LINUX_DEPS)/modules.order $(LINUX_OUT)/root/lib/modules/order
	(cd $(LINUX_OUT)/root && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | \
		gzip -9n >$@.tmp
	mv $@.tmp $@

# The loaded config from build/<arch>/linux/config.dts.in, sizes the staged
# files'; LINUX_ARGS per target.
$(LINUX_OUT)/%.dtb: $(LINUX_CONFIG_IN) $(LINUX_KERNEL) $(LINUX_OUT)/initramfs.cpio.gz \
		build/linux-config.sh
	build/linux-config.sh $< $(LINUX_KERNEL) $(LINUX_OUT)/initramfs.cpio.gz \
		'$(LINUX_ARGS)' $@

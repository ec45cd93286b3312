# x86_64 backend: hypervisor objects, the test guest, one hypervisor image
# per guest/configs/*.dts, and the run/check/bench targets.

X86_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/x86/*.c)) \
	    $(OBJ)/arch/x86/head.o

# The test guest: common library + suite + x86 part, linked at guest 1 GiB.
GUEST_CFLAGS = $(filter-out -Iarch/$(ARCH)/include,$(CFLAGS)) -Iguest/include \
	       -Iguest/suite
GUEST_SRCS := $(wildcard guest/lib/*.c guest/suite/*.c guest/arch/x86/*.c \
	      guest/arch/x86/*.S) common/format.c common/lib.c
GUEST_OBJS := $(patsubst %,$(OUT)/guest-obj/%.o,$(GUEST_SRCS))

$(OUT)/guest-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@
$(OUT)/guest-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
-include $(shell find $(OUT)/guest-obj -name '*.d' 2>/dev/null)

$(OUT)/guest/suite.elf: $(GUEST_OBJS) build/x86/guest.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/x86/guest.ld -o $@ $(GUEST_OBJS)
$(OUT)/guest/suite.bin: $(OUT)/guest/suite.elf
	$(OBJCOPY) -O binary $< $@

X86_CONFIGS := $(basename $(notdir $(wildcard guest/configs/*.dts \
	       build/x86/configs/*.dts)))

$(OUT)/configs/%.dtb: guest/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<
$(OUT)/configs/%.dtb: build/x86/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<

$(OUT)/obj/images-%.o: arch/x86/images.S $(OUT)/guest/suite.bin $(OUT)/configs/%.dtb
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D__ASSEMBLY__ -DGUEST_BIN='"$(OUT)/guest/suite.bin"' \
		-DCONFIG_DTB='"$(OUT)/configs/$*.dtb"' -c $< -o $@

$(OUT)/larch-%.elf: $(X86_OBJS) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/x86/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/x86/larch.ld -o $@ $(X86_OBJS) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a

$(OUT)/larch.elf: $(OUT)/larch-demo.elf
	cp $< $@

.PRECIOUS: $(OUT)/configs/%.dtb $(OUT)/obj/images-%.o

arch-image:: $(foreach c,$(X86_CONFIGS),$(OUT)/larch-$(c).elf) $(OUT)/larch.elf

X86_QEMU := qemu-system-x86_64 -M pc -cpu max -smp 2 -m 512M -nographic \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4
export X86_QEMU

ARCH_BOOTS := y
ARCH_BENCH := y

# isa-debug-exit: QEMU's status is (larch's exit code << 1) | 1
arch-run::
	$(X86_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null; \
		rc=$$?; echo "larch: QEMU exit status $$rc (larch exit $$(( rc >> 1 )))"; \
		test $$rc = 1

arch-check::
	@build/x86/check.sh

arch-bench::
	@build/x86/bench.sh

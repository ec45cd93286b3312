# arm64 backend: hypervisor objects, the test guest, one hypervisor image
# per guest/configs/*.dts, and the run/check/bench targets.

ARM_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/arm/*.c)) \
	    $(OBJ)/arch/arm/head.o

# The test guest: common library + suite + arm part, linked at its IPA base.
GUEST_CFLAGS = $(filter-out -Iarch/$(ARCH)/include,$(CFLAGS)) -Iguest/include \
	       -Iguest/suite
GUEST_SRCS := $(wildcard guest/lib/*.c guest/suite/*.c guest/arch/arm/*.c \
	      guest/arch/arm/*.S) common/format.c common/lib.c
GUEST_OBJS := $(patsubst %,$(OUT)/guest-obj/%.o,$(GUEST_SRCS))

$(OUT)/guest-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@
$(OUT)/guest-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
-include $(shell find $(OUT)/guest-obj -name '*.d' 2>/dev/null)

$(OUT)/guest/suite.elf: $(GUEST_OBJS) build/arm/guest.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/arm/guest.ld -o $@ $(GUEST_OBJS)
$(OUT)/guest/suite.bin: $(OUT)/guest/suite.elf
	$(OBJCOPY) -O binary $< $@

ARM_CONFIGS := $(basename $(notdir $(wildcard guest/configs/*.dts)))

$(OUT)/configs/%.dtb: guest/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<

$(OUT)/obj/images-%.o: arch/arm/images.S $(OUT)/guest/suite.bin $(OUT)/configs/%.dtb
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D__ASSEMBLY__ -DGUEST_BIN='"$(OUT)/guest/suite.bin"' \
		-DCONFIG_DTB='"$(OUT)/configs/$*.dtb"' -c $< -o $@

$(OUT)/larch-%.elf: $(ARM_OBJS) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/arm/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/arm/larch.ld -o $@ $(ARM_OBJS) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a

$(OUT)/larch.elf: $(OUT)/larch-demo.elf
	cp $< $@

.PRECIOUS: $(OUT)/configs/%.dtb $(OUT)/obj/images-%.o

arch-image:: $(foreach c,$(ARM_CONFIGS),$(OUT)/larch-$(c).elf) $(OUT)/larch.elf

ARM_QEMU := qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max -smp 2 -m 512M -nographic -semihosting
export ARM_QEMU

ARCH_BOOTS := y
ARCH_BENCH := y

arch-run::
	$(ARM_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null

arch-check::
	@build/arm/check.sh

arch-bench::
	@build/arm/bench.sh

# arm64 backend: hypervisor objects, the test guest, one hypervisor image
# per guest/configs/*.dts, and the run/check/bench targets.

ARM_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/arm/*.c)) \
	    $(OBJ)/arch/arm/head.o

include build/images.mk

ARM_OBJS += $(IMAGE_TABLE_OBJ)

$(OUT)/larch-%.elf: $(ARM_OBJS) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/arm/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/arm/larch.ld -o $@ $(ARM_OBJS) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a

arch-image:: $(foreach c,$(CONFIGS),$(OUT)/larch-$(c).elf) $(OUT)/larch.elf

ARM_QEMU := qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max -smp 2 -m 512M -nographic -semihosting
export ARM_QEMU

ARCH_BOOTS := y
ARCH_STRESS := y
ARCH_BENCH := y
ARCH_PROFILE := y

arch-run::
	$(ARM_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null

arch-check::
	@build/arm/check.sh

arch-stress:: $(foreach c,$(STRESS_CONFIGS),$(OUT)/larch-$(c).elf)
	@build/arm/check.sh stress

arch-bench::
	@build/arm/bench.sh

arch-profile::
	@OBJDUMP=$(OBJDUMP) build/profile/profile.py arm $(OUT)/larch-bench.elf $(OUT)/guest/suite.elf \
		$(METRIC) -- $(ARM_QEMU) -icount shift=0,sleep=off -kernel $(OUT)/larch-bench.elf

# ---- the arm Linux boot (issue 9, Linux side): build/arm/linux/ ----
include build/arm/linux/linux.mk

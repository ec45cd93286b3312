# x86_64 backend: hypervisor objects, the test guest, one hypervisor image
# per guest/configs/*.dts, and the run/check/bench targets.

X86_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/x86/*.c arch/x86/pv/*.c)) \
	    $(OBJ)/arch/x86/head.o

# make ARCH=x86 PV_TRACE=1: trace a PV kernel's hypercalls and exceptions
# (docs/arch-x86.md, "Booting Linux"); rebuild from clean to switch.
ifeq ($(PV_TRACE),1)
HYP_CFLAGS += -DLARCH_PV_TRACE
endif

# larch's PV test kernel (guest/pv): a second built-in image, "pvtest".
PVTEST_ELF := $(OUT)/guest/pvtest.elf
PVTEST_SRCS := $(wildcard guest/pv/*.c guest/pv/*.S) common/format.c
PVTEST_OBJS := $(patsubst %,$(OUT)/pv-obj/%.o,$(PVTEST_SRCS))
IMAGE_EXTRA_DEPS := $(PVTEST_ELF)
IMAGE_EXTRA_FLAGS := -DPVTEST_ELF='"$(PVTEST_ELF)"'
$(OBJ)/build/images.o: CFLAGS += -DPVTEST_ELF

include build/images.mk

# linked at Xen's VIRT_BASE (top 2 GiB): the kernel code model
PVTEST_CFLAGS = $(GUEST_CFLAGS) -mcmodel=kernel -fno-pie
$(OUT)/pv-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(PVTEST_CFLAGS) -MMD -MP -c $< -o $@
$(OUT)/pv-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(PVTEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
-include $(shell find $(OUT)/pv-obj -name '*.d' 2>/dev/null)
$(PVTEST_ELF): $(PVTEST_OBJS) build/x86/pvguest.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/x86/pvguest.ld \
		-o $@ $(PVTEST_OBJS)

X86_OBJS += $(IMAGE_TABLE_OBJ)

$(OUT)/larch-%.elf: $(X86_OBJS) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/x86/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/x86/larch.ld -o $@ $(X86_OBJS) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a

arch-image:: $(foreach c,$(CONFIGS),$(OUT)/larch-$(c).elf) $(OUT)/larch.elf

X86_QEMU := qemu-system-x86_64 -M pc -cpu max -smp 2 -m 512M -nographic \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4
export X86_QEMU

ARCH_BOOTS := y
ARCH_STRESS := y
ARCH_BENCH := y
ARCH_PROFILE := y

# isa-debug-exit: QEMU's status is (larch's exit code << 1) | 1
arch-run::
	$(X86_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null; build/x86/run-status.sh $$?

arch-check::
	@build/x86/check.sh tcg

arch-check-late::
	@build/x86/check.sh kvm

arch-stress:: $(foreach c,$(STRESS_CONFIGS),$(OUT)/larch-$(c).elf)
	@build/x86/check.sh stress

arch-bench::
	@build/x86/bench.sh

arch-profile::
	@build/profile/profile.py x86 $(OUT)/larch-bench.elf $(OUT)/guest/suite.elf \
		$(METRIC) -- $(X86_QEMU) -icount shift=0,sleep=off -kernel $(OUT)/larch-bench.elf
include build/x86/linux/linux.mk

# x86_64 backend: hypervisor objects, the test guest, one hypervisor image
# per guest/configs/*.dts, and the run/check/bench targets.

X86_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/x86/*.c arch/x86/pv/*.c)) \
	    $(OBJ)/arch/x86/head.o

include build/images.mk

X86_OBJS += $(IMAGE_TABLE_OBJ)

$(OUT)/larch-%.elf: $(X86_OBJS) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/x86/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/x86/larch.ld -o $@ $(X86_OBJS) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a

arch-image:: $(foreach c,$(CONFIGS),$(OUT)/larch-$(c).elf) $(OUT)/larch.elf

X86_QEMU := qemu-system-x86_64 -M pc -cpu max -smp 2 -m 512M -nographic \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4
export X86_QEMU

ARCH_BOOTS := y
ARCH_BENCH := y
ARCH_PROFILE := y

# isa-debug-exit: QEMU's status is (larch's exit code << 1) | 1
arch-run::
	$(X86_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null; \
		rc=$$?; echo "larch: QEMU exit status $$rc (larch exit $$(( rc >> 1 )))"; \
		test $$rc = 1

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

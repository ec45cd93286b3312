# ppc64 (POWER9 powernv) backend: hypervisor objects, the test guest, one
# hypervisor image per guest/configs/*.dts, and the run/check/bench targets.

PPC_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/ppc/*.c)) \
	    $(OBJ)/arch/ppc/head.o

# The two big-endian trampolines (firmware entry, OPAL return) are
# assembled big-endian and included as raw bytes by head.S.
$(OUT)/be/%.bin: arch/ppc/%.S
	@mkdir -p $(dir $@)
	$(AS) -mbig-endian -mpower9 -o $(OUT)/be/$*.o $<
	$(OBJCOPY) -O binary $(OUT)/be/$*.o $@

PPC_HEAD_FLAGS = -DENTRY_BE_BIN='"$(OUT)/be/entry-be.bin"' \
	-DOPAL_RET_BE_BIN='"$(OUT)/be/opal-ret-be.bin"'
$(OBJ)/arch/ppc/head.o: $(OUT)/be/entry-be.bin $(OUT)/be/opal-ret-be.bin
$(OBJ)/arch/ppc/head.o: CFLAGS += $(PPC_HEAD_FLAGS)

# The image measured under -icount enters guests with rfid (see head.S).
$(OBJ)/arch/ppc/head-rfid.o: arch/ppc/head.S $(OUT)/be/entry-be.bin $(OUT)/be/opal-ret-be.bin
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PPC_HEAD_FLAGS) -DGUEST_ENTRY_RFID -D__ASSEMBLY__ -c $< -o $@
$(OBJ)/arch/ppc/vcpu-rfid.o: arch/ppc/vcpu.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DGUEST_ENTRY_RFID -MMD -MP -c $< -o $@
PPC_OBJS_RFID := $(filter-out $(OBJ)/arch/ppc/head.o $(OBJ)/arch/ppc/vcpu.o,$(PPC_OBJS)) \
	$(OBJ)/arch/ppc/head-rfid.o $(OBJ)/arch/ppc/vcpu-rfid.o

# The test guest: common library + suite + ppc part, linked at guest real 0.
GUEST_CFLAGS = $(filter-out -Iarch/$(ARCH)/include,$(CFLAGS)) -Iguest/include \
	       -Iguest/suite
GUEST_SRCS := $(wildcard guest/lib/*.c guest/suite/*.c guest/arch/ppc/*.c \
	      guest/arch/ppc/*.S) common/format.c common/lib.c
GUEST_OBJS := $(patsubst %,$(OUT)/guest-obj/%.o,$(GUEST_SRCS))

$(OUT)/guest-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@
$(OUT)/guest-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
-include $(shell find $(OUT)/guest-obj -name '*.d' 2>/dev/null)

$(OUT)/guest/suite.elf: $(GUEST_OBJS) build/ppc/guest.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/ppc/guest.ld -o $@ $(GUEST_OBJS)
$(OUT)/guest/suite.bin: $(OUT)/guest/suite.elf
	$(OBJCOPY) -O binary $< $@

PPC_CONFIGS := $(basename $(notdir $(wildcard guest/configs/*.dts build/ppc/configs/*.dts)))

$(OUT)/configs/%.dtb: guest/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<
$(OUT)/configs/%.dtb: build/ppc/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<

$(OUT)/obj/images-%.o: arch/ppc/images.S $(OUT)/guest/suite.bin $(OUT)/configs/%.dtb
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D__ASSEMBLY__ -DGUEST_BIN='"$(OUT)/guest/suite.bin"' \
		-DCONFIG_DTB='"$(OUT)/configs/$*.dtb"' -c $< -o $@

# larch-<config>.elf boots under skiboot (-kernel); larch-<config>.bin is
# the same image flat, for the fast -bios route the tests use.
$(OUT)/larch-%.elf: $(PPC_OBJS) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/ppc/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -z max-page-size=0x10000 \
		-T build/ppc/larch.ld -o $@ $(PPC_OBJS) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a
# larch-<config>-icount: the same with guests entered by rfid, for runs
# under -icount (the bench, and the timing-sensitive boot tests).
$(OUT)/larch-%-icount.elf: $(PPC_OBJS_RFID) $(OUT)/obj/images-%.o $(OUT)/libcommon.a build/ppc/larch.ld
	$(LD) -nostdlib -static --no-warn-rwx-segments -z max-page-size=0x10000 \
		-T build/ppc/larch.ld -o $@ $(PPC_OBJS_RFID) \
		$(OUT)/obj/images-$*.o $(OUT)/libcommon.a $(LIBFDT)/lib/libfdt.a
$(OUT)/larch-%.bin: $(OUT)/larch-%.elf
	$(OBJCOPY) -O binary $< $@

$(OUT)/larch.elf: $(OUT)/larch-demo.elf
	cp $< $@

.PRECIOUS: $(OUT)/configs/%.dtb $(OUT)/obj/images-%.o $(OUT)/larch-%.elf \
	$(OUT)/larch-%-icount.elf

arch-image:: $(foreach c,$(PPC_CONFIGS),$(OUT)/larch-$(c).elf $(OUT)/larch-$(c).bin \
		$(OUT)/larch-$(c)-icount.bin) \
	$(OUT)/larch.elf

PPC_QEMU := qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic
export PPC_QEMU

ARCH_BOOTS := y
ARCH_BENCH := y

# The demo under skiboot, as on a real powernv machine (about 6 s to start).
arch-run::
	$(PPC_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null

arch-check::
	@build/ppc/check.sh

arch-bench::
	@build/ppc/bench.sh

# ppc64 (POWER9 powernv) backend: hypervisor objects, the test guest, one
# hypervisor image per guest/configs/*.dts, and the run/check/bench targets.

include build/images.mk

PPC_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard arch/ppc/*.c arch/ppc/papr/*.c arch/ppc/linux/*.c)) \
	    $(OBJ)/arch/ppc/head.o $(OBJ)/arch/ppc/papr/fp.o $(IMAGE_TABLE_OBJ)

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

.PRECIOUS: $(OUT)/larch-%.elf $(OUT)/larch-%-icount.elf

arch-image:: $(foreach c,$(CONFIGS),$(OUT)/larch-$(c).elf $(OUT)/larch-$(c).bin \
		$(OUT)/larch-$(c)-icount.bin) \
	$(OUT)/larch.elf

PPC_QEMU := qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic
export PPC_QEMU

ARCH_BOOTS := y
ARCH_STRESS := y
ARCH_BENCH := y

# The demo under skiboot, as on a real powernv machine (about 6 s to start).
arch-run::
	$(PPC_QEMU) -kernel $(OUT)/larch-demo.elf </dev/null

arch-check::
	@build/ppc/check.sh

arch-stress:: $(foreach c,$(STRESS_CONFIGS),$(OUT)/larch-$(c)-icount.bin)
	@build/ppc/check.sh stress

arch-bench::
	@build/ppc/bench.sh

# The Linux partition: initramfs, loaded configs, make run DEMO=linux.
include build/ppc/linux/linux.mk

# larch's PAPR test partitions (guest/papr/): built and loaded as a pseries
# kernel is: hostile.elf beside two test domains (make check), bench.elf
# beside an echoing one (make bench); configs build/ppc/linux/papr-*.dts.in.
PAPR_LIB_OBJS := $(patsubst %,$(OUT)/guest-obj/%.o,guest/papr/entry.S guest/papr/lib.c)
$(OUT)/papr/%.elf: $(PAPR_LIB_OBJS) $(OUT)/guest-obj/guest/papr/%.c.o build/ppc/guest.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/ppc/guest.ld -o $@ \
		$(PAPR_LIB_OBJS) $(OUT)/guest-obj/guest/papr/$*.c.o
$(OUT)/papr/%.dtb: build/ppc/linux/papr-%.dts.in $(OUT)/papr/%.elf build/linux-config.sh
	build/linux-config.sh $< $(OUT)/papr/$*.elf $(OUT)/papr/$*.elf '' $@
papr-hostile: $(OUT)/larch-demo.bin $(OUT)/papr/hostile.dtb $(OUT)/papr/fpcheck.dtb
papr-bench: $(OUT)/larch-demo-icount.bin $(OUT)/papr/bench.dtb
.PHONY: papr-hostile papr-bench
.PRECIOUS: $(OUT)/papr/%.elf

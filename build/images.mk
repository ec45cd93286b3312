# Shared build plumbing for a backend whose images embed the test guest and
# one configuration each (larch-<config>.elf): included by arch/<arch>/arch.mk.
# The backend provides build/$(ARCH)/guest.ld (where the guest links) and
# links $(IMAGE_OBJS_FOR) into each image. Configs: guest/configs/*.dts,
# plus the backend's own build/$(ARCH)/configs/*.dts.

# The test guest: common library + suite + this arch's part.
GUEST_CFLAGS = $(filter-out -Iarch/$(ARCH)/include,$(CFLAGS)) -Iguest/include \
	       -Iguest/suite
GUEST_SRCS := $(wildcard guest/lib/*.c guest/suite/*.c guest/arch/$(ARCH)/*.c \
	      guest/arch/$(ARCH)/*.S) common/format.c common/lib.c
GUEST_OBJS := $(patsubst %,$(OUT)/guest-obj/%.o,$(GUEST_SRCS))

$(OUT)/guest-obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@
$(OUT)/guest-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
-include $(shell find $(OUT)/guest-obj -name '*.d' 2>/dev/null)

$(OUT)/guest/suite.elf: $(GUEST_OBJS) build/$(ARCH)/guest.ld
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -static --no-warn-rwx-segments -T build/$(ARCH)/guest.ld \
		-o $@ $(GUEST_OBJS)
$(OUT)/guest/suite.bin: $(OUT)/guest/suite.elf
	$(OBJCOPY) -O binary $< $@

# Configurations, compiled by dtc.
CONFIGS := $(basename $(notdir $(wildcard guest/configs/*.dts \
	   build/$(ARCH)/configs/*.dts)))
vpath %.dts guest/configs build/$(ARCH)/configs
$(OUT)/configs/%.dtb: %.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<

# make stress: the hostile co-tenant config once per seed of SEEDS (a
# range a-b or one seed, default 1-10; its args' "seed=1" replaced), each a
# config and image of its own. build/stress.sh reads the same SEEDS.
SEEDS ?= 1-10
export SEEDS
STRESS_SEEDS := $(shell build/stress.sh --seeds "$(SEEDS)")
STRESS_CONFIGS := $(foreach s,$(STRESS_SEEDS),hostile-cotenant-seed$(s))
# Seeds that once stalled the machine, booted by make check as regressions
# (docs/testing.md, "The seed-8 stall"): images of every arch-image.
CHECK_SEEDS := 8 9
CONFIGS += $(foreach s,$(CHECK_SEEDS),hostile-cotenant-seed$(s))
$(OUT)/configs/hostile-cotenant-seed%.dts: guest/configs/hostile-cotenant.dts
	@mkdir -p $(dir $@)
	sed 's/seed=[0-9]*/seed=$*/' $< >$@
$(OUT)/configs/hostile-cotenant-seed%.dtb: $(OUT)/configs/hostile-cotenant-seed%.dts
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<

# The guest image table (build/images.c) and, per config, the blob with
# the guest and that config (build/images.S).
# A backend with more built-in images sets IMAGE_EXTRA_DEPS (the files)
# and IMAGE_EXTRA_FLAGS (their -D names for images.S and images.c).
$(OUT)/obj/images-%.o: build/images.S $(OUT)/guest/suite.bin $(OUT)/configs/%.dtb $(IMAGE_EXTRA_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D__ASSEMBLY__ -DGUEST_BIN='"$(OUT)/guest/suite.bin"' \
		-DCONFIG_DTB='"$(OUT)/configs/$*.dtb"' $(IMAGE_EXTRA_FLAGS) -c $< -o $@
IMAGE_TABLE_OBJ := $(OBJ)/build/images.o

$(OUT)/larch.elf: $(OUT)/larch-demo.elf
	cp $< $@

.PRECIOUS: $(OUT)/configs/%.dtb $(OUT)/obj/images-%.o

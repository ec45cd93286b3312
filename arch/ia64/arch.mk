# ia64 backend. Always: the assembly (hypervisor IVT/entry/boot, guest
# entry/accessors/IVT) preprocessed with the host cpp, assembled with
# ia64-linux-gnu-as and linked with ia64-linux-gnu-ld; the arch C compiled by
# $(CC) (the host gcc unless CROSS_COMPILE names an ia64 gcc, then for real).
# arch-check: the disassembly checks and the host model's conformance run.
# With an ia64 gcc (build/ia64/README.md) the whole hypervisor links too.

# Binutils: $(CROSS_COMPILE) (default ia64-linux-gnu-, Debian's 2.40).
IA64_AS := $(CROSS_COMPILE)as
IA64_LD := $(CROSS_COMPILE)ld
IA64_OBJCOPY := $(CROSS_COMPILE)objcopy
export IA64_BINUTILS := $(CROSS_COMPILE)
IA64_GEN := $(OUT)/gen
IA64_ASM_OBJ := $(OUT)/asm-obj

# asm-offsets.h from the compiler that builds the C (see asm-offsets.c).
$(IA64_GEN)/asm-offsets.h: arch/ia64/asm-offsets.c arch/ia64/include/arch/vcpu.h \
		include/larch/domain.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -S $< -o $(IA64_GEN)/asm-offsets.s
	sed -n 's/.*->\([A-Z_0-9]*\) [$$#]\{0,1\}\([0-9]*\).*/#define \1 \2/p' \
		$(IA64_GEN)/asm-offsets.s > $@.tmp
	@test -s $@.tmp || { echo "asm-offsets: nothing generated"; exit 1; }
	mv $@.tmp $@

# .S -> host cpp -> ia64 gas (dependency violations are errors: gas checks
# the instruction groups our ;; stops make).
IA64_CPP := cpp -undef -D__ASSEMBLY__ -D__ia64__ -P -Iinclude \
	-Iarch/ia64/include -I$(IA64_GEN)
$(IA64_ASM_OBJ)/%.o: %.S $(IA64_GEN)/asm-offsets.h
	@mkdir -p $(dir $@)
	$(IA64_CPP) $< -o $(@:.o=.s)
	$(IA64_AS) --fatal-warnings -o $@ $(@:.o=.s)

IA64_HYP_ASM := $(patsubst %.S,$(IA64_ASM_OBJ)/%.o,$(wildcard arch/ia64/*.S))
IA64_GUEST_ASM := $(patsubst %.S,$(IA64_ASM_OBJ)/%.o,$(wildcard guest/arch/ia64/*.S))

# Partial links (ld -r): every assembly part of each side, one object.
$(OUT)/larch-asm.o: $(IA64_HYP_ASM)
	$(IA64_LD) -r -o $@ $^
$(OUT)/guest-asm.o: $(IA64_GUEST_ASM)
	$(IA64_LD) -r -o $@ $^
# A full link of the hypervisor's assembly at its real addresses, with the
# C symbols left unresolved: proves the layout (IVT alignment, branch
# targets); not runnable.
$(OUT)/larch-asm.elf: $(OUT)/larch-asm.o build/ia64/larch.lds
	$(IA64_LD) -static -T build/ia64/larch.lds --unresolved-symbols=ignore-all \
		--no-warn-rwx-segments -o $@ $(OUT)/larch-asm.o

# The arch C: everything but hw.c (ia64 inline asm) builds with any
# compiler; with the host gcc it is a compile check against the headers.
IA64_C := $(filter-out arch/ia64/hw.c arch/ia64/asm-offsets.c,$(wildcard arch/ia64/*.c))
IA64_C_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(IA64_C))

arch-image:: $(OUT)/larch-asm.o $(OUT)/guest-asm.o $(OUT)/larch-asm.elf $(IA64_C_OBJS)

ifeq ($(IA64_HAVE_GCC),y)
# A real ia64 compiler: link the whole hypervisor. The guest suite and the
# configuration are linked in as in the other backends.
IA64_REAL_OBJS := $(IA64_C_OBJS) $(OBJ)/arch/ia64/hw.o $(OBJ)/build/images.o
GUEST_CFLAGS = $(filter-out -Iarch/$(ARCH)/include,$(CFLAGS)) -Iguest/include \
	       -Iguest/suite -Iarch/ia64/include
IA64_GUEST_C := $(wildcard guest/lib/*.c guest/suite/*.c guest/arch/ia64/*.c) \
	common/format.c common/lib.c
IA64_GUEST_OBJS := $(patsubst %.c,$(OUT)/guest-obj/%.o,$(IA64_GUEST_C))
$(OUT)/guest-obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@
$(OUT)/guest/suite.elf: $(IA64_GUEST_OBJS) $(OUT)/guest-asm.o build/ia64/guest.lds
	@mkdir -p $(dir $@)
	$(IA64_LD) -static -T build/ia64/guest.lds -o $@ $(OUT)/guest-asm.o $(IA64_GUEST_OBJS) \
		$$($(CC) -print-libgcc-file-name)
$(OUT)/guest/suite.bin: $(OUT)/guest/suite.elf
	$(IA64_OBJCOPY) -O binary $< $@
$(OUT)/configs/%.dtb: guest/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<
$(OUT)/asm-obj/images-%.o: arch/ia64/images.S.in $(OUT)/guest/suite.bin $(OUT)/configs/%.dtb
	@mkdir -p $(dir $@)
	sed -e 's|@GUEST@|$(OUT)/guest/suite.bin|' -e 's|@DTB@|$(OUT)/configs/$*.dtb|' \
		$< > $(@:.o=.s)
	$(IA64_AS) -o $@ $(@:.o=.s)
# No distribution ships an ia64 libfdt: build/ia64/README.md builds one.
IA64_LIBFDT := build/deps/ia64/fdt/lib/libfdt.a
$(IA64_LIBFDT):
	@echo "larch: $@ missing: build libfdt for ia64 (build/ia64/README.md)"; exit 1
$(OUT)/larch-%.elf: $(OUT)/larch-asm.o $(IA64_REAL_OBJS) $(OUT)/asm-obj/images-%.o \
		$(OUT)/libcommon.a $(IA64_LIBFDT) build/ia64/larch.lds
	$(IA64_LD) -static -T build/ia64/larch.lds -o $@ $(OUT)/larch-asm.o \
		$(IA64_REAL_OBJS) $(OUT)/asm-obj/images-$*.o $(OUT)/libcommon.a \
		$(IA64_LIBFDT) $$($(CC) -print-libgcc-file-name)
arch-image:: $(OUT)/larch-pingpong.elf
endif

# The host model: the arch C (not hw.c) plus the common core, hosted, under
# ASan/UBSan, against model/hw_model.c; the guest's real assembled bundles
# are what its privileged-operation emulator decodes.
IA64_MODEL := $(OUT)/model
IA64_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
IA64_MODEL_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror $(IA64_SAN) \
	-DLARCH_HOSTED -DLARCH_ABI_IA64 -Iinclude -Iarch/ia64/include -Iarch/ia64 \
	-Iarch/ia64/model -I$(IA64_MODEL) -Itests -Ibuild/deps/amd64/fdt/include \
	-include arch/ia64/model/model_hooks.h
IA64_MODEL_SRCS := $(wildcard common/*.c) $(filter-out arch/ia64/setup.c,$(IA64_C)) \
	$(wildcard arch/ia64/model/*.c)
IA64_MODEL_OBJS := $(patsubst %.c,$(IA64_MODEL)/obj/%.o,$(IA64_MODEL_SRCS))
$(IA64_MODEL)/obj/%.o: %.c $(IA64_MODEL)/guest_code.h
	@mkdir -p $(dir $@)
	gcc $(IA64_MODEL_CFLAGS) -MMD -MP -c $< -o $@
-include $(shell find $(IA64_MODEL)/obj -name '*.d' 2>/dev/null)

# The guest's code bytes and where each instruction of interest sits, from
# objdump's disassembly (independent of the emulator's decoder).
$(IA64_MODEL)/guest.o: $(OUT)/guest-asm.o $(IA64_ASM_OBJ)/arch/ia64/model/insns.o
	@mkdir -p $(dir $@)
	$(IA64_LD) -r -o $@ $^
$(IA64_MODEL)/guest_code.h: $(IA64_MODEL)/guest.o build/ia64/gen-guest-code.sh
	build/ia64/gen-guest-code.sh $< > $@.tmp && mv $@.tmp $@
$(IA64_ASM_OBJ)/arch/ia64/model/insns.o: arch/ia64/model/insns.S
	@mkdir -p $(dir $@)
	$(IA64_CPP) $< -o $(@:.o=.s)
	$(IA64_AS) --fatal-warnings -o $@ $(@:.o=.s)

$(IA64_MODEL)/conformance: $(IA64_MODEL_OBJS) build/deps/amd64/fdt/lib/libfdt.a
	gcc $(IA64_SAN) -o $@ $(IA64_MODEL_OBJS) build/deps/amd64/fdt/lib/libfdt.a

$(IA64_MODEL)/%.dtb: guest/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -W no-unit_address_vs_reg -I dts -O dtb -o $@ $<

arch-check:: $(OUT)/larch-asm.o $(OUT)/larch-asm.elf $(OUT)/guest-asm.o \
		$(IA64_MODEL)/conformance $(IA64_MODEL)/pingpong-1cpu.dtb
	@build/ia64/check-asm.sh $(OUT)
	@$(IA64_MODEL)/conformance $(IA64_MODEL)/pingpong-1cpu.dtb || \
		echo "FAIL ia64/model/runner: exited non-zero"

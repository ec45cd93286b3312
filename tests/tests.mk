# Host tests of the common core on the fake arch, under ASan and UBSan,
# plus each backend's accessors and the ABI's negative compile test.
#   make -f tests/tests.mk run       every test; exits non-zero on any FAIL
#   make -f tests/tests.mk mutants   single-point mutants of common/ (slow,
#                                    not part of make check): tests/mutants.sh
HOST_OUT := build/out/host
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror $(SAN) -DLARCH_HOSTED \
	-Iinclude -Itests -Ibuild/deps/amd64/fdt/include
FAKE_CFLAGS := $(HOST_CFLAGS) -Iarch/fake/include -DLARCH_ABI_FAKE \
	-include arch/fake/include/arch/fake_hooks.h
LIBFDT := build/deps/amd64/fdt/lib/libfdt.a

COMMON_SRCS := $(wildcard common/*.c) arch/fake/fake.c
COMMON_OBJS := $(patsubst %.c,$(HOST_OUT)/obj/%.o,$(COMMON_SRCS))
FAKE_TESTS := evtchn sched irq policy hypercall xen_guest config lib lock xen_console
FAKE_BINS := $(patsubst %,$(HOST_OUT)/test_%,$(FAKE_TESTS))
BACKENDS := $(shell build/arches.sh names)
ACCESSOR_BINS := $(patsubst %,$(HOST_OUT)/test_accessors_%,$(BACKENDS))
# The x86 PV boot protocol (arch/x86/pv): notes reader and domain builder,
# on the host; given the real Debian vmlinux when build/deps has it.
PVBOOT_BIN := $(HOST_OUT)/test_pvboot
PV_VMLINUX := build/deps/amd64/linux/vmlinux
PVKERNEL_BIN := $(HOST_OUT)/pvkernel_san
# Pure-C rules of a backend, built with that backend's sources and headers.
X86_BINS := $(HOST_OUT)/test_x86_mm $(HOST_OUT)/test_x86_pv_mm
X86_SRCS := arch/x86/mm.c arch/x86/pv/mm.c arch/x86/pv/ro_page_fault.c
# The ppc Linux partition's kernel image check (arch/ppc/linux/image.c);
# given the real Debian vmlinux when build/deps.sh --ppc-linux has run.
PPC_IMAGE_BIN := $(HOST_OUT)/test_ppc_linux_image
# The PAPR partition's XICS state machine (arch/ppc/papr/xics_state.c).
PPC_XICS_BIN := $(HOST_OUT)/test_ppc_xics
PPC_VMLINUX := build/deps/ppc64el/linux/vmlinux
CONFIGS := $(patsubst tests/configs/%.dts,$(HOST_OUT)/configs/%.dtb,$(wildcard tests/configs/*.dts))

.PHONY: run build mutants
build: $(FAKE_BINS) $(ACCESSOR_BINS) $(PVBOOT_BIN) $(PVKERNEL_BIN) $(X86_BINS) $(PPC_IMAGE_BIN) \
	$(PPC_XICS_BIN) \
	$(CONFIGS)
# Built once, kept: not intermediate files make would delete after a run.
.SECONDARY: $(COMMON_OBJS)

$(HOST_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FAKE_CFLAGS) -MMD -MP -c $< -o $@

# Every test binary also writes a .d file: a change to any header it
# includes (include/larch/*.h, arch/*/include, tests/*.h) rebuilds it.
$(HOST_OUT)/test_%: tests/test_%.c $(COMMON_OBJS) $(HOST_OUT)/test_%.d
	@mkdir -p $(dir $@)
	$(CC) $(FAKE_CFLAGS) -MMD -MP -MF $@.d $< $(COMMON_OBJS) $(LIBFDT) -o $@

# One binary per backend: its real vcpu_irq.h on a model of its registers
# (where the mask lives: build/arches.txt, columns saved, bit, set).
$(HOST_OUT)/test_accessors_%: tests/test_accessors.c $(HOST_OUT)/test_accessors_%.d build/arches.txt
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Iarch/$*/include -DLARCH_ABI_$(shell echo $* | tr a-z A-Z) \
		-DTEST_ARCH=\"$*\" -DSAVED='$(shell build/arches.sh get $* saved)' \
		-DMASK_BIT='$(shell build/arches.sh get $* bit)' \
		-DBIT_MEANS_MASKED=$(shell build/arches.sh get $* set) -MMD -MP -MF $@.d $< -o $@

$(PVBOOT_BIN): tests/test_pvboot.c $(PVBOOT_BIN).d
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -MF $@.d $< -o $@

# build/x86/pvkernel (the bzImage checker and unpacker), sanitized.
$(PVKERNEL_BIN): build/x86/pvkernel.c $(PVKERNEL_BIN).d
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -MF $@.d $< -o $@

$(PPC_IMAGE_BIN): tests/test_ppc_linux_image.c $(PPC_IMAGE_BIN).d
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -MF $@.d $< -o $@

$(PPC_XICS_BIN): tests/test_ppc_xics.c $(PPC_XICS_BIN).d
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Iarch/ppc/include -MMD -MP -MF $@.d $< -o $@

$(HOST_OUT)/test_x86_%: tests/test_x86_%.c $(X86_SRCS) $(HOST_OUT)/test_x86_%.d
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Iarch/x86/include -MMD -MP -MF $@.d \
		$< $(X86_SRCS) -o $@

$(HOST_OUT)/configs/%.dtb: tests/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

# A binary without its .d file yet (built before this rule) is rebuilt once.
$(addsuffix .d,$(FAKE_BINS) $(ACCESSOR_BINS) $(PVBOOT_BIN) $(PVKERNEL_BIN) $(X86_BINS) \
	$(PPC_IMAGE_BIN) $(PPC_XICS_BIN)): ;

-include $(shell find $(HOST_OUT) -name '*.d' 2>/dev/null)

# A test binary that exits non-zero (a FAIL, or a sanitizer abort) or any
# FAIL line makes the run fail, after every test has had its turn.
run: build
	@failed=0; \
	for t in $(FAKE_BINS) $(ACCESSOR_BINS) $(PVBOOT_BIN) $(X86_BINS) $(PPC_IMAGE_BIN) \
		$(PPC_XICS_BIN); do \
		case $$t in */test_config) $$t $(CONFIGS) ;; \
		*/test_pvboot) $$t $(wildcard $(PV_VMLINUX)) ;; \
		*/test_ppc_linux_image) $$t $(wildcard $(PPC_VMLINUX)) ;; *) $$t ;; esac || { \
			echo "FAIL host/$${t##*/}/exit: exited non-zero"; failed=1; }; \
	done; \
	tests/abi_mask_test.sh | tee $(HOST_OUT)/abi.log; \
	if grep -q '^FAIL' $(HOST_OUT)/abi.log; then failed=1; fi; \
	tests/pvkernel_test.sh $(PVKERNEL_BIN) $(HOST_OUT)/pvkernel-cases | \
		tee $(HOST_OUT)/pvkernel.log; \
	if grep -q '^FAIL' $(HOST_OUT)/pvkernel.log; then failed=1; fi; \
	exit $$failed

mutants: build
	@tests/mutants.sh

# Host tests of the common core on the fake arch, under ASan and UBSan,
# plus each backend's accessors and the ABI's negative compile test.
#   make -f tests/tests.mk run
HOST_OUT := build/out/host
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror $(SAN) -DLARCH_HOSTED \
	-Iinclude -Itests -Ibuild/deps/amd64/fdt/include
FAKE_CFLAGS := $(HOST_CFLAGS) -Iarch/fake/include -DLARCH_ABI_FAKE \
	-include arch/fake/include/arch/fake_hooks.h
LIBFDT := build/deps/amd64/fdt/lib/libfdt.a

COMMON_SRCS := $(wildcard common/*.c) arch/fake/fake.c
COMMON_OBJS := $(patsubst %.c,$(HOST_OUT)/obj/%.o,$(COMMON_SRCS))
FAKE_TESTS := evtchn sched irq policy hypercall config lib
FAKE_BINS := $(patsubst %,$(HOST_OUT)/test_%,$(FAKE_TESTS))
BACKENDS := $(shell build/arches.sh names)
ACCESSOR_BINS := $(patsubst %,$(HOST_OUT)/test_accessors_%,$(BACKENDS))
CONFIGS := $(patsubst tests/configs/%.dts,$(HOST_OUT)/configs/%.dtb,$(wildcard tests/configs/*.dts))

.PHONY: run build
build: $(FAKE_BINS) $(ACCESSOR_BINS) $(CONFIGS)

$(HOST_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FAKE_CFLAGS) -MMD -MP -c $< -o $@

$(HOST_OUT)/test_%: tests/test_%.c $(COMMON_OBJS)
	$(CC) $(FAKE_CFLAGS) $< $(COMMON_OBJS) $(LIBFDT) -o $@

# One binary per backend: its real vcpu_irq.h on a model of its registers
# (where the mask lives: build/arches.txt, columns saved, bit, set).
$(HOST_OUT)/test_accessors_%: tests/test_accessors.c tests/harness.h arch/%/include/arch/vcpu_irq.h arch/%/include/arch/vcpu.h build/arches.txt
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Iarch/$*/include -DLARCH_ABI_$(shell echo $* | tr a-z A-Z) \
		-DTEST_ARCH=\"$*\" -DSAVED='$(shell build/arches.sh get $* saved)' \
		-DMASK_BIT='$(shell build/arches.sh get $* bit)' \
		-DBIT_MEANS_MASKED=$(shell build/arches.sh get $* set) $< -o $@

$(HOST_OUT)/configs/%.dtb: tests/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

-include $(shell find $(HOST_OUT)/obj -name '*.d' 2>/dev/null)

run: build
	@for t in $(FAKE_BINS) $(ACCESSOR_BINS); do \
		case $$t in */test_config) $$t $(CONFIGS) ;; *) $$t ;; esac || \
			echo "FAIL host/$${t##*/}/exit: exited non-zero"; \
	done
	@tests/abi_mask_test.sh

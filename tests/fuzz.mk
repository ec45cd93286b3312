# libFuzzer harnesses of the common core on the fake arch (tests/fuzz/),
# built with clang under ASan+UBSan. Each run starts from the committed
# seeds (plus the tests/configs blobs for the config fuzzer) in a fresh
# corpus, with a fixed seed and a time budget, and prints one line:
#   PASS host/fuzz/<name>  or  FAIL host/fuzz/<name>: <crash input> (<why>)
#   make -f tests/fuzz.mk run [FUZZ_SECONDS=60]     both, in parallel
FUZZ_OUT := build/out/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC := clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror $(FUZZ_SAN) \
	-DLARCH_HOSTED -DLARCH_ABI_FAKE \
	-Iinclude -Itests -Iarch/fake/include -Ibuild/deps/amd64/fdt/include \
	-include arch/fake/include/arch/fake_hooks.h
FUZZ_LIBFDT := build/deps/amd64/fdt/lib/libfdt.a
FUZZERS := hypercall config

# Coverage guides the fuzzer through the code under test only: the
# harnesses and their checks are not instrumented (they would triple the
# cost of a run and add no useful feedback).
FUZZ_SRCS := $(wildcard common/*.c) arch/fake/fake.c
FUZZ_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_SRCS)) \
	$(FUZZ_OUT)/harness/fuzz_check.o
FUZZ_BINS := $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZERS))
FUZZ_DTBS := $(patsubst tests/configs/%.dts,$(FUZZ_OUT)/seeds/%.dtb,$(wildcard tests/configs/*.dts))

.PHONY: build run
build: $(FUZZ_BINS) $(FUZZ_OUT)/fuzz_x86_mm $(FUZZ_DTBS)

$(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_OUT)/harness/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# The invariant walk only reads what the sanitized code wrote; optimized
# and unsanitized it costs a third as much (half a run's time otherwise).
$(FUZZ_OUT)/harness/fuzz_check.o: tests/fuzz/fuzz_check.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(filter-out $(FUZZ_SAN) -O1,$(FUZZ_CFLAGS)) -O2 -MMD -MP -c $< -o $@

$(FUZZ_OUT)/fuzz_%: $(FUZZ_OUT)/harness/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $^ $(FUZZ_LIBFDT) -o $@

# x86's PV MMU: plain C of its own, no common core.
FUZZ_X86_MM_SRCS := arch/x86/mm.c arch/x86/pv/mm.c
$(FUZZ_OUT)/fuzz_x86_mm: tests/fuzz/fuzz_x86_mm.c $(FUZZ_X86_MM_SRCS) arch/x86/include/arch/mm.h arch/x86/include/arch/pv_mm.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -g -O1 -Wall -Wextra -Werror $(FUZZ_SAN) -fsanitize=fuzzer \
		-DLARCH_HOSTED -Iinclude -Iarch/x86/include $< $(FUZZ_X86_MM_SRCS) -o $@

$(FUZZ_OUT)/seeds/%.dtb: tests/configs/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

-include $(shell find $(FUZZ_OUT)/obj $(FUZZ_OUT)/harness -name '*.d' 2>/dev/null)

# Two at once (one core each); tests/fuzz/run.sh judges each run. The
# PV MMU model is small: a third of the budget after the hypercall one.
run: build
	@{ tests/fuzz/run.sh hypercall $(FUZZ_SECONDS) tests/fuzz/corpus/hypercall; \
	tests/fuzz/run.sh x86_mm $$(( $(FUZZ_SECONDS) / 3 )) tests/fuzz/corpus/x86_mm; } & \
	tests/fuzz/run.sh config $(FUZZ_SECONDS) $(FUZZ_OUT)/seeds & \
	wait

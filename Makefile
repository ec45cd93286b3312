# larch: one common core, four arch backends. See README.md.
#   make [ARCH=x86|ppc|arm|ia64]   build build/out/<arch>/ (backends: build/arches.txt)
#   make run [ARCH=...]            install what is missing, boot the demo
#   make run ARCH=arm DEMO=linux   the same, another demo of that arch
#   make check                     install what is missing, run every test
#   make bench ARCH=...            measurements -> build/out/<arch>/bench.csv
#   make profile ARCH=... [METRIC=a,b|all]  per-function instruction profile
#   make fuzz [FUZZ_SECONDS=600]   the libFuzzer harnesses (tests/fuzz/), longer
#   make stress ARCH=... [SEEDS=a-b]  the hostile co-tenant boot, seeds 1-10
#   make debug ARCH=... [CONFIG=c] QEMU halted + gdb-multiarch (docs/debugging.md)
#   make deps                      install toolchains, QEMU, dtc, libfdt

HOST_ARCH := $(shell uname -m)
# `make run` with no ARCH boots the default demo (arm64, the most complete
# backend); every other target defaults to the host's arch.
RUN_ARCH := $(if $(filter command line environment,$(origin ARCH)),$(ARCH),arm)
ARCH ?= $(HOST_ARCH)
# The backends and the spellings each accepts: build/arches.txt.
override ARCH := $(shell build/arches.sh canon $(ARCH))
export ARCH

OUT := build/out/$(ARCH)
OBJ := $(OUT)/obj

include build/toolchain.mk

COMMON_SRCS := $(wildcard common/*.c)
COMMON_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(COMMON_SRCS))

# The arch's own rules: sources, image, and the run/check/bench targets.
# The one line a new backend touches is its arch/<arch>/arch.mk.
-include arch/$(ARCH)/arch.mk

.PHONY: all common deps run check bench fuzz stress debug clean format format-check \
	arch-image arch-run arch-check arch-check-late arch-bench \
	profile arch-profile arch-stress
.DEFAULT_GOAL := all

all: common arch-image
common: $(OUT)/libcommon.a

$(OUT)/libcommon.a: $(COMMON_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(OBJ)/%.o: %.c build/$(ARCH)/toolchain.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HYP_CFLAGS) -MMD -MP -c $< -o $@

$(OBJ)/%.o: %.S build/$(ARCH)/toolchain.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HYP_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

deps:
	@build/deps.sh

# Arches without a boot, or without one of the optional rules, say so and
# fail instead of pretending: an arch.mk that has a rule sets its flag
# (ARCH_BOOTS, ARCH_STRESS, ARCH_BENCH, ARCH_PROFILE; docs/porting.md).
arch-image::
arch-run::
	@if [ -z "$(ARCH_BOOTS)" ]; then \
		echo "larch: the $(ARCH) backend does not boot here; see README.md (Status)"; \
		exit 1; fi
arch-check::
# Boots that must run alone (e.g. x86's KVM smoke boot), after all others.
arch-check-late:: ; @:
arch-stress::
	@if [ -z "$(ARCH_BOOTS)" ]; then \
		echo "larch: the $(ARCH) backend does not boot here"; exit 1; fi
	@if [ -z "$(ARCH_STRESS)" ]; then \
		echo "larch: no stress rule for $(ARCH) yet (arch-stress, docs/porting.md)"; exit 1; fi
arch-bench::
	@if [ -z "$(ARCH_BENCH)" ]; then \
		echo "larch: no bench for $(ARCH) yet (arch-bench, docs/porting.md)"; exit 1; fi
arch-profile::
	@if [ -z "$(ARCH_PROFILE)" ]; then \
		echo "larch: no profile for $(ARCH) yet (arch-profile, docs/porting.md)"; exit 1; fi

# DEMO=<name> boots an arch's other demo, the arch's arch-run-<name> target.
run:
	@build/deps.sh --quiet
	@$(MAKE) --no-print-directory ARCH=$(RUN_ARCH) all
	@$(MAKE) --no-print-directory ARCH=$(RUN_ARCH) arch-run$(if $(DEMO),-$(DEMO))

check:
	@build/deps.sh --quiet
	@build/check.sh

bench:
	@build/deps.sh --quiet
	@$(MAKE) --no-print-directory ARCH=$(ARCH) all
	@$(MAKE) --no-print-directory ARCH=$(ARCH) arch-bench

# Where a bench's instructions go, per function (build/profile/).
METRIC ?= null_hypercall,send_deliver_ports_1
profile:
	@build/deps.sh --quiet
	@$(MAKE) --no-print-directory ARCH=$(ARCH) all
	@$(MAKE) --no-print-directory ARCH=$(ARCH) arch-profile

# Longer than make check's minute each; what they find is kept for the
# next run (build/out/fuzz/run-<name>/corpus).
FUZZ_SECONDS ?= 600
fuzz:
	@build/deps.sh --quiet
	@FUZZ_KEEP_CORPUS=y $(MAKE) --no-print-directory -f tests/fuzz.mk \
		FUZZ_SECONDS=$(FUZZ_SECONDS) run

stress:
	@build/deps.sh --quiet
	@$(MAKE) --no-print-directory ARCH=$(ARCH) all
	@$(MAKE) --no-print-directory ARCH=$(ARCH) arch-stress

# QEMU's gdbstub, halted at reset, and gdb-multiarch with the hypervisor's
# symbols: the arch's own QEMU line (<ARCH>_QEMU from its arch.mk) on
# larch-$(CONFIG).elf. GDB_SCRIPT=<file> runs gdb commands after attaching,
# GDB_BATCH=y then exits (a scripted run).
CONFIG ?= demo
DEBUG_QEMU = $($(shell echo $(ARCH) | tr a-z A-Z)_QEMU)
debug:
	@build/deps.sh --quiet
	@if [ -z "$(ARCH_BOOTS)" ]; then \
		echo "larch: the $(ARCH) backend does not boot here"; exit 1; fi
	@$(MAKE) --no-print-directory ARCH=$(ARCH) all
	@build/debug.sh $(ARCH) $(OUT)/larch-$(CONFIG).elf -- $(DEBUG_QEMU) \
		--gdb $(if $(GDB_SCRIPT),-x $(GDB_SCRIPT)) $(if $(GDB_BATCH),-batch)

FORMAT_FILES = $(shell git ls-files '*.c' '*.h')
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "format: ok"

clean:
	rm -rf build/out

# larch: one common core, four arch backends. See README.md.
#   make [ARCH=x86|ppc|arm|ia64]   build build/out/<arch>/
#   make run [ARCH=...]            install what is missing, boot the demo
#   make run ARCH=arm DEMO=linux   the same, another demo of that arch
#   make check                     install what is missing, run every test
#   make bench ARCH=...            measurements -> build/out/<arch>/bench.csv
#   make deps                      install toolchains, QEMU, dtc, libfdt

HOST_ARCH := $(shell uname -m)
# `make run` with no ARCH boots the default demo (arm64, the most complete
# backend); every other target defaults to the host's arch.
RUN_ARCH := $(if $(filter command line environment,$(origin ARCH)),$(ARCH),arm)
ARCH ?= $(HOST_ARCH)
override ARCH := $(strip \
	$(if $(filter $(ARCH),x86 x86_64 amd64),x86, \
	$(if $(filter $(ARCH),ppc ppc64 ppc64le powerpc64le),ppc, \
	$(if $(filter $(ARCH),arm arm64 aarch64),arm, \
	$(if $(filter $(ARCH),ia64),ia64,$(ARCH))))))
export ARCH

OUT := build/out/$(ARCH)
OBJ := $(OUT)/obj

include build/toolchain.mk

COMMON_SRCS := $(wildcard common/*.c)
COMMON_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(COMMON_SRCS))

# The arch's own rules: sources, image, and the run/check/bench targets.
# The one line a new backend touches is its arch/<arch>/arch.mk.
-include arch/$(ARCH)/arch.mk

.PHONY: all common deps run check bench clean format format-check \
	arch-image arch-run arch-check arch-check-late arch-bench
.DEFAULT_GOAL := all

all: common arch-image
common: $(OUT)/libcommon.a

$(OUT)/libcommon.a: $(COMMON_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(OBJ)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

deps:
	@build/deps.sh

# Arches without a boot yet say so instead of pretending.
arch-image::
arch-run::
	@if [ -z "$(ARCH_BOOTS)" ]; then \
		echo "larch: the $(ARCH) backend does not boot here; see README.md (Status)"; \
		exit 1; fi
arch-check::
# Boots that must run alone (e.g. x86's KVM smoke boot), after all others.
arch-check-late:: ; @:
arch-bench::
	@if [ -z "$(ARCH_BENCH)" ]; then \
		echo "larch: no bench for $(ARCH) yet"; exit 1; fi

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

FORMAT_FILES = $(shell git ls-files '*.c' '*.h')
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "format: ok"

clean:
	rm -rf build/out

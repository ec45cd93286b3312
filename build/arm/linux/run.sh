#!/usr/bin/env bash
# Boot larch with a loaded config and Debian's kernel + our initramfs staged
# in RAM by QEMU's loader (docs/arch-arm.md, "Booting your own Linux").
# usage: build/arm/linux/run.sh <config.dtb> [extra QEMU args, e.g. -icount ...]
# LINUX_IMAGE / LINUX_INITRD override the kernel and initramfs; an empty
# LINUX_INITRD stages none.
set -u
arch=arm default_kernel=build/deps/arm64/linux/Image
cfg_at=0x48000000 kernel_at=0x50000000 initrd_at=0x58000000
. "$(dirname "$0")/../../linux-run-lib.sh"
exec qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 2G \
	-nographic -semihosting -kernel $out/larch.elf "${stage[@]}" "$@"

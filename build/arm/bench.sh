#!/usr/bin/env bash
# make bench ARCH=arm: the bench config under -icount shift=0,sleep=off
# (guest time = instructions, read through CNTVCT); semihosting exit 0.
set -u
cd "$(dirname "$0")/../.."
qemu=${ARM_QEMU:-qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 512M -nographic -semihosting}
build/bench-boot.sh arm 120 0 "" -- \
	$qemu -icount shift=0,sleep=off -kernel build/out/arm/larch-bench.elf &&
	build/bench-table.sh arm

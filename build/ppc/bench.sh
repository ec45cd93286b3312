#!/usr/bin/env bash
# make bench ARCH=ppc: the bench config under -icount shift=0,sleep=off
# (guest time = instructions, read through the timebase). The -icount
# image enters guests with rfid (QEMU 7.2 aborts on hrfid under -icount;
# see arch/ppc/head.S). powernv has no exit-status device: QEMU exits 0.
set -u
cd "$(dirname "$0")/../.."
qemu=${PPC_QEMU:-qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic}
build/bench-boot.sh ppc 120 0 "" -- \
	$qemu -icount shift=0,sleep=off -bios build/out/ppc/larch-bench-icount.bin &&
	build/bench-table.sh ppc

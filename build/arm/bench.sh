#!/usr/bin/env bash
# make bench ARCH=arm: the bench config under -icount shift=0,sleep=off
# (guest time = instructions, read through CNTVCT); semihosting exit 0.
# Then the Linux boot under the same -icount: evtchn-pingpong's mean round
# trip through /dev/xen/evtchn (CLOCK_MONOTONIC ns = instructions) becomes
# the linux_evtchn_roundtrip row. Then the latency-isolation rows
# (build/cotenants-bench.sh).
set -u
cd "$(dirname "$0")/../.."
out=build/out/arm
qemu=${ARM_QEMU:-qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 512M -nographic -semihosting}
build/bench-boot.sh arm 120 0 "" -- \
	$qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf || exit 1
build/linux-bench.sh arm
rc=$?
build/cotenants-bench.sh arm -- $qemu || rc=1
build/bench-table.sh arm
exit $rc

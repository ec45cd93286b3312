#!/usr/bin/env bash
# arm boot tests: one QEMU boot per config, in parallel, each judged by
# build/qemu-test.sh against build/arm/expect/<config>.txt (exact lines) and
# QEMU's exit status (semihosting exit: 0 = every domain passed).
# -icount shift=0,sleep=off: guest time counts instructions and idle time
# jumps straight to the next timer, so timing-based checks (IPI latency,
# time slices) do not depend on how loaded the host is (with sleep=on the
# IPI-latency case failed 2 runs in 5 on a loaded host).
set -u
cd "$(dirname "$0")/../.."
out=build/out/arm
qemu=${ARM_QEMU:-qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 512M -nographic -semihosting}
if [ "${1:-}" = stress ]; then # make stress: seeds 1-5 of the hostile boot
	exec build/stress.sh arm 0 "$out/larch-hostile-cotenant-seedSEED.elf" -- \
		$qemu -icount shift=0,sleep=off -kernel
fi
boots="suite pingpong pingpong-1cpu isolation demo hostile-cotenant"
for b in $boots; do
	build/qemu-test.sh arm "$b" 90 build/arm/expect/$b.txt 0 -- \
		$qemu -icount shift=0,sleep=off -kernel $out/larch-$b.elf >$out/check-$b.log 2>&1 &
done
wait
for b in $boots; do cat $out/check-$b.log; done

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
if [ "${1:-}" = stress ]; then # make stress: seeds $SEEDS (default 1-10) of the hostile boot
	exec build/stress.sh arm 0 "$out/larch-hostile-cotenant-seedSEED.elf" -- \
		$qemu -icount shift=0,sleep=off -kernel
fi
boots="suite pingpong pingpong-1cpu isolation demo hostile-cotenant hostile-cotenant-seed8
	hostile-cotenant-seed9 stuck-lock reboot"
# The Linux boot (docs/arch-arm.md): Debian's kernel as domain 0 beside a
# test domain, larch's config loaded by QEMU. No -icount: that boot needs
# no exact timing and runs several times faster without it. Built first,
# so no link happens while the other boots start; if the kernel could not
# be fetched the build fails and so does every case.
linux_built=
make --no-print-directory ARCH=arm linux-images >$out/linux-build.log 2>&1 && linux_built=y
build/linux-check.sh arm 300 0 "$linux_built" >$out/check-linux.log 2>&1 &
# The kernel alone, no initramfs: one case per line of Linux's own boot
# that shows an emulated device or Xen interface at work.
build/arm/linux-hv-check.sh >$out/check-linux-hv.log 2>&1 &
for b in $boots; do
	# QEMU's status: larch's exit code (semihosting), 0 unless
	# expect/<b>.rc says otherwise (4: a stuck lock)
	rc=0
	[ -e build/arm/expect/$b.rc ] && rc=$(cat build/arm/expect/$b.rc)
	build/qemu-test.sh arm "$b" 90 build/arm/expect/${b%-seed*}.txt "$rc" -- \
		$qemu -icount shift=0,sleep=off -kernel $out/larch-$b.elf >$out/check-$b.log 2>&1 &
done
# Latency isolation (issue 14): 10,000 exchanges beside a masked spinner and
# an event storm, exact counts, under multi-threaded TCG and under -icount
# (docs/testing.md)
build/qemu-test.sh arm cotenants-storm 90 build/arm/expect/cotenants-storm.txt 0 -- \
	$qemu -kernel $out/larch-cotenants-storm.elf >$out/check-cotenants-storm.log 2>&1 &
build/qemu-test.sh arm cotenants-storm-icount 90 build/arm/expect/cotenants-storm.txt 0 -- \
	$qemu -icount shift=0,sleep=off -kernel $out/larch-cotenants-storm.elf \
	>$out/check-cotenants-storm-icount.log 2>&1 &
wait
for b in $boots linux linux-hv cotenants-storm cotenants-storm-icount; do cat $out/check-$b.log; done
# Staged kernels refused before anything runs (a few seconds, after the
# parallel boots so they do not compete with them).
build/arm/linux/bad-kernel-check.sh
build/bad-config-check.sh arm 0x48000000 5
# make profile's tool (build/profile/) on the bench image: its
# per-operation total must match the bench's own figure.
build/profile/check-totals.sh arm $out/check-profile.log -- \
	$qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf

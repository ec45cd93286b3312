#!/usr/bin/env bash
# ppc boot tests: QEMU powernv9 boots through the fast -bios route, in
# parallel, each judged by build/qemu-test.sh against
# build/ppc/expect/<boot>.txt (exact lines; powernv has no exit-status
# device, so the hypervisor prints "larch: machine exit N" before it powers
# the machine off through the BMC, and that line is expected).
#
# The shared suite runs under -icount shift=0,sleep=off, where guest time
# counts instructions and the timing cases (kick latency, VIRQ_TIMER across
# switches) do not depend on host load; without it they failed most runs on
# a loaded host. QEMU 7.2 aborts on hrfid under -icount, so those images
# (larch-<config>-icount) enter guests with rfid (see arch/ppc/head.S). The
# hrfid image, which synthesizes 0x500, is shown by the "mechanism" boot
# (no timing cases) with one host thread per CPU.
set -u
cd "$(dirname "$0")/../.."
out=build/out/ppc
qemu=${PPC_QEMU:-qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic}
if [ "${1:-}" = stress ]; then # make stress: seeds $SEEDS (default 1-10) of the hostile boot
	exec build/stress.sh ppc any "$out/larch-hostile-cotenant-seedSEED-icount.bin" -- \
		$qemu -icount shift=0,sleep=off -bios
fi
# The Linux boot (docs/arch-ppc.md): Debian's pseries kernel as a PAPR
# partition beside the test domain, 1,000 round trips through /dev/hvc1,
# its own log judged line by line (build/ppc/linux/judge.sh). No -icount:
# no exact timing needed. Built first, so no link happens while the other
# boots start; if the kernel could not be fetched every case fails.
linux_built=
make --no-print-directory ARCH=ppc linux-images papr-hostile >$out/linux-build.log 2>&1 && linux_built=y
build/linux-check.sh ppc 120 any "$linux_built" >$out/check-linux.log 2>&1 &
# A hostile PAPR partition (guest/papr/hostile.c) beside ping and pong:
# every bad hcall refused with PAPR's code, its read outside its memory
# stops it by name, the counts stay exact; and staged images larch must
# refuse (build/ppc/linux/bad-kernel-check.sh).
LINUX_IMAGE=$out/papr/hostile.elf LINUX_INITRD= build/qemu-test.sh ppc papr-hostile 60 \
	build/ppc/expect/papr-hostile.txt any -- \
	build/ppc/linux/run.sh $out/papr/hostile.dtb >$out/check-papr-hostile.log 2>&1 &
build/ppc/linux/bad-kernel-check.sh >$out/check-bad-kernel.log 2>&1 &
# Two PAPR partitions on one pCPU keep their FP/vector registers across
# 2,000 switches each, and start with them zeroed (guest/papr/fpcheck.c).
LINUX_IMAGE=$out/papr/fpcheck.elf LINUX_INITRD= build/qemu-test.sh ppc papr-fp 60 \
	build/ppc/expect/papr-fp.txt any -- \
	build/ppc/linux/run.sh $out/papr/fpcheck.dtb >$out/check-papr-fp.log 2>&1 &
# Linux panics (no init): its RTAS ibm,os-term stops it and, a privileged
# kernel domain, ends the machine with exit 3 (docs/config.md, Lifecycle).
build/qemu-test.sh ppc linux-panic 60 build/ppc/expect/linux-panic.txt any -- \
	build/ppc/linux/run.sh $out/linux/config-panic.dtb >$out/check-linux-panic.log 2>&1 &
icount_boots="suite pingpong pingpong-1cpu isolation demo hostile-cotenant
	hostile-cotenant-seed8 hostile-cotenant-seed9 stuck-lock reboot"
for b in $icount_boots; do
	build/qemu-test.sh ppc "$b" 90 build/ppc/expect/${b%-seed*}.txt any -- \
		$qemu -icount shift=0,sleep=off -bios $out/larch-$b-icount.bin \
		>$out/check-$b.log 2>&1 &
done
build/qemu-test.sh ppc mechanism 60 build/ppc/expect/mechanism.txt any -- \
	$qemu -accel tcg,thread=multi -bios $out/larch-mechanism.bin \
	>$out/check-mechanism.log 2>&1 &
# The skiboot route (what make run uses): skiboot loads the ELF, enters it
# big-endian at 0x20000000 + its file offset, OPAL console. Only its boot
# line is printed (its guest lines are the demo's, counted above).
build/qemu-test.sh ppc demo-skiboot 90 build/ppc/expect/demo.txt any -- \
	$qemu -kernel $out/larch-demo.elf >$out/check-demo-skiboot.log 2>&1 &
wait
for b in $icount_boots mechanism linux papr-hostile papr-fp bad-kernel linux-panic; do
	cat $out/check-$b.log
done
grep -A8 "ppc/boot/demo-skiboot" $out/check-demo-skiboot.log

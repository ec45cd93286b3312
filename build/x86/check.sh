#!/usr/bin/env bash
# x86 boot tests: one QEMU boot per config, in parallel, each judged by
# build/qemu-test.sh against build/x86/expect/<config>.txt (exact lines) and
# QEMU's exit status: isa-debug-exit turns larch's exit code c into
# (c << 1) | 1, so 1 means every domain passed.
# -icount shift=0,sleep=off: the TSC and the LAPIC timer count
# instructions and idle time jumps to the next timer, so the timing cases
# (IPI latency, slices) do not depend on how loaded the host is. LARCH_NO_KVM=1
# skips the KVM boot.
# Where /dev/kvm opens, one short KVM boot is a functional smoke test
# only: KVM runs guest code far slower than TCG here.
set -u
cd "$(dirname "$0")/../.."
out=build/out/x86
qemu=${X86_QEMU:-qemu-system-x86_64 -M pc -cpu max -smp 2 -m 512M -nographic -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4}

# usage: build/x86/check.sh [tcg|kvm|stress]   (default: both, TCG first)
part=${1:-all}
if [ "$part" = stress ]; then # make stress: seeds $SEEDS (default 1-10) of the hostile boot
	exec build/stress.sh x86 1 "$out/larch-hostile-cotenant-seedSEED.elf" -- \
		$qemu -icount shift=0,sleep=off -kernel
fi

if [ "$part" != kvm ]; then
	boots="suite pingpong pingpong-1cpu isolation isolation-x86 hostile hostile-cotenant demo pv-mmu pv-fpu
		hostile-cotenant-seed8 hostile-cotenant-seed9 stuck-lock reboot"
	# The Linux boot (docs/arch-x86.md, "Booting Linux"): Debian's amd64
	# kernel as a Xen PV domain 0 beside a test domain, larch's config
	# loaded by QEMU; no -icount (no exact timing needed, several times
	# faster). Built first; if the kernel could not be fetched the build
	# fails and so does every case.
	linux_built=
	make --no-print-directory ARCH=x86 linux-images >$out/linux-build.log 2>&1 && linux_built=y
	build/linux-check.sh x86 120 1 "$linux_built" >$out/check-linux.log 2>&1 &
	# Latency isolation (issue 14): 10,000 exchanges beside a masked
	# spinner and an event storm, exact counts; multi-threaded TCG, where
	# the pCPUs run in parallel, and -icount, where QEMU runs them in turn
	# and a sleeping vCPU's hand-over keeps the exchange going
	# (docs/testing.md)
	build/qemu-test.sh x86 cotenants-storm 90 build/x86/expect/cotenants-storm.txt 1 -- \
		$qemu -kernel $out/larch-cotenants-storm.elf >$out/check-cotenants-storm.log 2>&1 &
	build/qemu-test.sh x86 cotenants-storm-icount 90 build/x86/expect/cotenants-storm.txt 1 -- \
		$qemu -icount shift=0,sleep=off -kernel $out/larch-cotenants-storm.elf \
		>$out/check-cotenants-storm-icount.log 2>&1 &
	for b in $boots; do
		# QEMU's status: 1 (larch exit 0) unless expect/<b>.rc says
		# otherwise (7: larch exit 3, a domain was stopped as crashed)
		rc=1
		[ -e build/x86/expect/$b.rc ] && rc=$(cat build/x86/expect/$b.rc)
		build/qemu-test.sh x86 "$b" 90 build/x86/expect/${b%-seed*}.txt "$rc" -- \
			$qemu -icount shift=0,sleep=off -kernel $out/larch-$b.elf >$out/check-$b.log 2>&1 &
	done
	wait
	for b in $boots linux cotenants-storm cotenants-storm-icount; do cat $out/check-$b.log; done
	# a staged config that is not a device tree: named, exit 5 (QEMU 11)
	build/bad-config-check.sh x86 0x20000000 11
	# make profile's tool (build/profile/) on the bench image: its
	# per-operation total must match the bench's own figure.
	build/profile/check-totals.sh x86 $out/check-profile.log -- \
		$qemu -icount shift=0,sleep=off -kernel $out/larch-bench.elf
fi

# The KVM boot runs on its own: it loads the machine heavily. make check
# runs it in its late phase (arch-check-late), after every other boot.
if [ "$part" != tcg ]; then
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ -z "${LARCH_NO_KVM:-}" ]; then
		# -cpu host/max abort here (KVM refuses MSR 0x10a); qemu64 boots.
		# pingpong on one pCPU with 100 events (build/x86/configs/kvm.dts).
		kvm=${qemu/-cpu max/-cpu qemu64}
		build/qemu-test.sh x86 kvm-pingpong 300 build/x86/expect/kvm.txt 1 -- \
			$kvm -accel kvm -kernel $out/larch-kvm.elf 2>&1 |
			grep -E "^(PASS|FAIL) x86/boot/|^    "
	else
		echo "SKIP x86/boot/kvm-pingpong: no usable /dev/kvm (or LARCH_NO_KVM set)"
	fi
fi

#!/usr/bin/env bash
# Hypervisor side of the arm Linux guest (docs/arch-arm.md, "Linux guests"):
# Debian's arm64 kernel alone as a kernel domain, no initramfs, loaded by
# the loaded-config route. A good boot ends in Linux's "VFS: Unable to
# mount root fs" panic, which already needs the emulated GICv3 (both
# redistributors), the virtual timer, PSCI CPU_ON, the PL011 and Linux's
# Xen init (shared_info, vcpu_info, grant frames, 2-level events). With
# panic=-1 Linux then restarts (SCHEDOP_shutdown reboot): the domain goes
# down with "shut down: reboot" and the machine ends with exit 0 (a reboot
# is a clean end, docs/config.md: arm64 Linux says nothing of its panic to
# Xen, only that it restarts; the panic line itself is judged above).
# build/arm/check.sh runs it beside the full Linux boot.
# Each line Linux must print is one case; LINUX_IMAGE overrides the kernel.
set -u
cd "$(dirname "$0")/../.."
out=build/out/arm/linux-hv
image=${LINUX_IMAGE:-build/deps/arm64/linux/Image}
if [ ! -f "$image" ]; then
	echo "FAIL arm/linux-hv/boot: no kernel at $image (build/deps.sh fetches it)"
	exit 1
fi
mkdir -p $out
cat >$out/config.dts <<EOF
/dts-v1/;
/ {
	domains {
		domain@0 {
			domid = <0>;
			domain-name = "linux";
			kernel = <0x50000000 $(stat -c %s "$image")>;
			bootargs = "console=ttyAMA0 panic=-1";
			vcpus = <2>;
			memory = <0x10000000>;
			privileged;
		};
	};
};
EOF
dtc -q -I dts -O dtb -o $out/config.dtb $out/config.dts || exit 1
# Limits that mean a hang (build/watch.sh): 120 s without output.
build/watch.sh 120 $out/boot.out -- env LINUX_IMAGE=$image LINUX_INITRD= \
	build/arm/linux/run.sh $out/config.dtb
rc=$?
tr -d '\r' <$out/boot.out >$out/boot.txt
[ -e $out/boot.out.why ] && echo "larch-test: stopped: $(cat $out/boot.out.why)" >>$out/boot.txt
fail=0
check() { # case, fixed text Linux or larch prints
	if grep -qF -- "$2" $out/boot.txt; then
		echo "PASS arm/linux-hv/$1"
	else
		echo "FAIL arm/linux-hv/$1: no line with \"$2\""
		fail=1
	fi
}
check loaded_config "larch: using the config loaded at 0x48000000"
check xen_found "Xen 4.17 support found"
check psci_1_0 "psci: PSCIv1.0 detected in firmware."
check gicv3_redist0 "GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000"
check gicv3_redist1 "GICv3: CPU1: found redistributor 1 region 0:0x00000000080c0000"
check virt_timer "timer(s) running at 62.50MHz (virt)."
check grant_table "Grant table initialized"
check evtchn_2level "xen:events: Using 2-level ABI"
check vcpu_info_cpu1 "Xen: initializing cpu1"
check two_cpus "smp: Brought up 1 node, 2 CPUs"
check started_at_el1 "CPU: All CPU(s) started at EL1"
check pl011 "9000000.pl011: ttyAMA0 at MMIO 0x9000000"
check console "printk: console [ttyAMA0] enabled"
check reached_rootfs "VFS: Unable to mount root fs"
check domain_down "larch: domain 0 (linux) shut down: reboot"
if [ "$rc" != 0 ]; then
	echo "FAIL arm/linux-hv/exit_status: QEMU exit status $rc, expected 0"
	fail=1
else
	echo "PASS arm/linux-hv/exit_status"
fi
if [ $fail = 0 ]; then
	echo "PASS arm/boot/linux-hv"
else
	echo "FAIL arm/boot/linux-hv: see $out/boot.txt; last lines:"
	tail -8 $out/boot.txt | sed 's/^/    /'
fi
exit $fail

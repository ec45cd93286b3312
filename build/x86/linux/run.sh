#!/usr/bin/env bash
# Boot a Xen PV Linux kernel on larch x86 (work in progress: docs/arch-x86.md,
# "Booting Linux"): a config naming the staged kernel is made from the
# unpacked vmlinux (build/deps.sh --x86-linux), then larch and the blobs are
# staged by QEMU's loader: config at 0x20000000, kernel at 0x21000000.
# usage: build/x86/linux/run.sh [extra QEMU args]
# LINUX_VMLINUX overrides the kernel (an ELF with Xen notes: build/x86/pvkernel
# unpacks a bzImage into one); LINUX_BOOTARGS the command line.
set -eu
cd "$(dirname "$0")/../../.."
out=build/out/x86
vmlinux=${LINUX_VMLINUX:-build/deps/amd64/linux/vmlinux}
[ -r "$vmlinux" ] || { echo "run.sh: no $vmlinux (run build/deps.sh --x86-linux)" >&2; exit 1; }
size=$(stat -c %s "$vmlinux")
mkdir -p $out/linux
cat >$out/linux/config.dts <<DTS
/dts-v1/;
/ {
	domains {
		domain@0 {
			domid = <0>;
			domain-name = "linux";
			kernel = <0x21000000 $(printf '0x%x' "$size")>;
			bootargs = "${LINUX_BOOTARGS:-console=hvc0 earlyprintk=xen loglevel=8}";
			first-cpu = <0>;
			memory = <0x0 0x10000000>;
		};
	};
};
DTS
dtc -q -I dts -O dtb -o $out/linux/config.dtb $out/linux/config.dts
exec qemu-system-x86_64 -M pc -cpu max -smp 2 -m 1G -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel $out/larch.elf \
	-device loader,file=$out/linux/config.dtb,addr=0x20000000,force-raw=on \
	-device loader,file="$vmlinux",addr=0x21000000,force-raw=on "$@"

#!/usr/bin/env bash
# Boot larch x86 with a loaded config and Debian's kernel + our initramfs
# staged in RAM by QEMU's loader (docs/arch-x86.md, "Booting Linux"):
# config at 0x20000000, kernel (the unpacked vmlinux, an ELF with Xen notes)
# at 0x21000000, initramfs at 0x25000000. Needs -m 1G (the window up to the
# end of RAM is kept out of the domain pool).
# usage: build/x86/linux/run.sh <config.dtb> [extra QEMU args]
# LINUX_VMLINUX / LINUX_INITRD override the kernel and initramfs.
set -u
cd "$(dirname "$0")/../../.."
dtb=$1
shift
out=build/out/x86
vmlinux=${LINUX_VMLINUX:-build/deps/amd64/linux/vmlinux}
initrd=${LINUX_INITRD-$out/linux/initramfs.cpio.gz}
stage_initrd=()
[ -n "$initrd" ] && stage_initrd=(-device loader,file="$initrd",addr=0x25000000,force-raw=on)
exec qemu-system-x86_64 -M pc -cpu max -smp 2 -m 1G -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel $out/larch.elf \
	-device loader,file="$dtb",addr=0x20000000,force-raw=on \
	-device loader,file="$vmlinux",addr=0x21000000,force-raw=on \
	"${stage_initrd[@]}" "$@"

#!/usr/bin/env bash
# Boot larch with a loaded config and Debian's kernel + our initramfs staged
# in RAM by QEMU's loader (docs/arch-arm.md, "Booting your own Linux").
# usage: build/arm/linux/run.sh <config.dtb> [extra QEMU args, e.g. -icount ...]
# LINUX_IMAGE / LINUX_INITRD override the kernel and initramfs; an empty
# LINUX_INITRD stages none.
set -u
cd "$(dirname "$0")/../../.."
dtb=$1
shift
out=build/out/arm
image=${LINUX_IMAGE:-build/deps/arm64/linux/Image}
initrd=${LINUX_INITRD-$out/linux/initramfs.cpio.gz}
stage_initrd=()
[ -n "$initrd" ] && stage_initrd=(-device loader,file="$initrd",addr=0x58000000,force-raw=on)
exec qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max -smp 2 -m 2G \
	-nographic -semihosting -kernel $out/larch.elf \
	-device loader,file="$dtb",addr=0x48000000,force-raw=on \
	-device loader,file="$image",addr=0x50000000,force-raw=on \
	"${stage_initrd[@]}" "$@"

#!/usr/bin/env bash
# Boot larch with a loaded config and Debian's ppc64el kernel + our
# initramfs staged in RAM by QEMU's loader (docs/arch-ppc.md, "Booting
# Linux"), through the fast -bios route.
# usage: build/ppc/linux/run.sh <config.dtb> [extra QEMU args]
# LINUX_IMAGE / LINUX_INITRD override the kernel and initramfs; an empty
# LINUX_INITRD stages none; LARCH_BIN another larch image (the bench's -icount one).
set -u
cd "$(dirname "$0")/../../.."
dtb=$1
shift
out=build/out/ppc
image=${LINUX_IMAGE:-build/deps/ppc64el/linux/vmlinux}
initrd=${LINUX_INITRD-$out/linux/initramfs.cpio.gz}
stage_initrd=()
[ -n "$initrd" ] && stage_initrd=(-device loader,file="$initrd",addr=0x70000000,force-raw=on)
exec qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic -bios ${LARCH_BIN:-$out/larch-demo.bin} \
	-device loader,file="$dtb",addr=0x60000000,force-raw=on \
	-device loader,file="$image",addr=0x62000000,force-raw=on \
	"${stage_initrd[@]}" "$@"

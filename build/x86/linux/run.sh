#!/usr/bin/env bash
# Boot larch x86 with a loaded config and Debian's kernel + our initramfs
# staged in RAM by QEMU's loader (docs/arch-x86.md, "Booting Linux"):
# config at 0x20000000, kernel (the unpacked vmlinux, an ELF with Xen notes)
# at 0x21000000, initramfs at 0x25000000. Needs -m 1G (the window up to the
# end of RAM is kept out of the domain pool).
# usage: build/x86/linux/run.sh <config.dtb> [extra QEMU args]
# LINUX_VMLINUX (or LINUX_IMAGE) / LINUX_INITRD override the kernel and
# initramfs.
set -u
arch=x86 default_kernel=${LINUX_VMLINUX:-build/deps/amd64/linux/vmlinux}
cfg_at=0x20000000 kernel_at=0x21000000 initrd_at=0x25000000
. "$(dirname "$0")/../../linux-run-lib.sh"
exec qemu-system-x86_64 -M pc -cpu max -smp 2 -m 1G -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel $out/larch.elf \
	"${stage[@]}" "$@"

#!/usr/bin/env bash
# Boot larch with a loaded config and Debian's ppc64el kernel + our
# initramfs staged in RAM by QEMU's loader (docs/arch-ppc.md, "PAPR
# partitions"), through the fast -bios route.
# usage: build/ppc/linux/run.sh <config.dtb> [extra QEMU args]
# LINUX_IMAGE / LINUX_INITRD override the kernel and initramfs; an empty
# LINUX_INITRD stages none; LARCH_BIN another larch image (the bench's
# -icount one).
set -u
arch=ppc default_kernel=build/deps/ppc64el/linux/vmlinux
cfg_at=0x60000000 kernel_at=0x62000000 initrd_at=0x70000000
. "$(dirname "$0")/../../linux-run-lib.sh"
exec qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic \
	-bios "${LARCH_BIN:-$out/larch-demo.bin}" "${stage[@]}" "$@"

#!/usr/bin/env bash
# Your own Linux as domain 0, beside the test domain, as the demo boots
# Debian's (make run ARCH=arm|x86|ppc DEMO=linux KERNEL=<file>
# [INITRD=<file>] [BOOTARGS=<command line>]; docs/arch-arm.md,
# docs/arch-x86.md, "Booting your own Linux"; docs/arch-ppc.md). The config is made for these files (their
# sizes, the command line) and run.sh stages them. x86_64: a bzImage is
# unpacked to its ELF vmlinux first (build/x86/pvkernel: LZ4, gzip, xz,
# zstd, bzip2), as Xen's domain builder unpacks one; an ELF vmlinux is
# taken as it is; either way its Xen notes are checked before QEMU starts.
# usage: build/linux-user.sh [--config-only] <arch> <kernel> <initrd or ""> <bootargs> [QEMU args]
set -u
cd "$(dirname "$0")/.."
config_only=
[ "${1-}" = --config-only ] && { config_only=y; shift; }
arch=$1 kernel=$2 initrd=$3 bootargs=$4
shift 4
out=build/out/$arch/linux/user
mkdir -p "$out"
initrd=${initrd:-build/out/$arch/linux/initramfs.cpio.gz}
for f in "$kernel" "$initrd"; do
	[ -r "$f" ] && [ -f "$f" ] || { echo "larch: $f: not a readable file"; exit 2; }
done
staged=$kernel
case $arch in
x86)
	pvkernel=build/out/host/pvkernel
	if ! "$pvkernel" --notes "$kernel" >/dev/null 2>&1; then
		"$pvkernel" "$kernel" "$out/vmlinux" || exit 2
		staged=$out/vmlinux
	fi
	var=LINUX_VMLINUX
	;;
arm) var=LINUX_IMAGE ;; # larch itself checks the Image header
ppc) var=LINUX_IMAGE ;; # a pseries vmlinux; larch checks the ELF
*)
	echo "larch: no Linux boot for $arch"
	exit 2
	;;
esac
build/linux-config.sh "build/$arch/linux/config.dts.in" "$staged" "$initrd" \
	"$bootargs" "$out/config.dtb" || exit 2
if [ -n "$config_only" ]; then
	echo "$out/config.dtb $staged $initrd"
	exit 0
fi
env "$var=$staged" LINUX_INITRD="$initrd" build/$arch/linux/run.sh "$out/config.dtb" "$@"
rc=$?
[ "$arch" = x86 ] && exec build/x86/run-status.sh $rc
exit $rc

# What the Linux boots' run.sh share (sourced by build/<arch>/linux/run.sh
# after setting arch, the default kernel, and where the arch's staging
# window takes the config, kernel and initramfs: cfg_at, kernel_at,
# initrd_at). Reads the command line (<config.dtb> [extra QEMU args]) and
# LINUX_IMAGE / LINUX_INITRD (an empty LINUX_INITRD stages none); leaves
# out (build/out/<arch>), stage (QEMU's loader arguments) and the extra
# arguments in "$@".
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dtb=$1
shift
out=build/out/$arch
image=${LINUX_IMAGE:-$default_kernel}
initrd=${LINUX_INITRD-$out/linux/initramfs.cpio.gz}
stage=(-device loader,file="$dtb",addr=$cfg_at,force-raw=on
	-device loader,file="$image",addr=$kernel_at,force-raw=on)
[ -n "$initrd" ] && stage+=(-device loader,file="$initrd",addr=$initrd_at,force-raw=on)

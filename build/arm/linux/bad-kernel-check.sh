#!/usr/bin/env bash
# Staged kernels larch must refuse before anything runs (issue 15 item 1):
# a gzip-compressed vmlinuz, and a configured size larger than the arm64
# Image header's own image size. Each boot must print the exact line and
# end the machine with a non-zero exit (setup panics: exit 2).
set -u
cd "$(dirname "$0")/../../.."
out=build/out/arm/linux
image=build/deps/arm64/linux/Image
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
config() { # <name> <kernel size>
	sed -e "s/@KERNEL_SIZE@/$2/" -e "s/@INITRD_SIZE@/0x1000/" \
		-e "s/@BOOTARGS@//" build/arm/linux/config.dts.in >"$tmp/$1.dts" &&
		dtc -q -I dts -O dtb -o "$tmp/$1.dtb" "$tmp/$1.dts"
}
case_() { # <name> <image> <want line>
	local got rc
	got=$(LINUX_IMAGE=$2 LINUX_INITRD= build/run-watched.sh 60 -- build/arm/linux/run.sh "$tmp/$1.dtb")
	rc=$?
	if ! grep -qxF "$3" <<<"$got"; then
		echo "FAIL arm/staging/$1: no line \"$3\""
		grep -E '^(larch|\(stopped)' <<<"$got" | tail -3 | sed 's/^/    /'
	elif [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
		echo "FAIL arm/staging/$1: exit $rc, want non-zero from larch"
	else
		echo "PASS arm/staging/$1"
	fi
}
if [ ! -f "$image" ]; then
	echo "FAIL arm/staging/kernel: $image missing (build/deps.sh)"
	exit 0
fi
gzip -c "$image" >"$tmp/Image.gz"
gsz=$(printf '0x%x' "$(stat -c %s "$tmp/Image.gz")")
config gzip "$gsz"
case_ gzip "$tmp/Image.gz" \
	"larch: domain 0 (linux): kernel: 0x50000000+$gsz is gzip-compressed, not an Image (stage its zcat output)"
isz=$(od -An -t u8 -j 16 -N 8 "$image" | tr -d ' ')
big=$(printf '0x%x' $((isz + 0x100000)))
config too-big "$big"
case_ too-big "$image" \
	"larch: domain 0 (linux): kernel: 0x50000000+$big is larger than the Image header's image size $(printf '0x%x' "$isz")"

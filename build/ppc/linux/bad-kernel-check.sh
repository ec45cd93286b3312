#!/usr/bin/env bash
# Staged kernels and initrds a PAPR partition must refuse before anything
# runs (issue 16, "Bad images"): not an ELF, a big-endian kernel, a
# truncated vmlinux, an initrd larger than the partition. Each boot must
# print the exact line naming the blob, its address and size and the
# reason, then end the machine with larch's exit 2 (powernv has no
# exit-status device: the "machine exit" line is judged).
set -u
cd "$(dirname "$0")/../../.."
out=build/out/ppc
vmlinux=build/deps/ppc64el/linux/vmlinux
small=$out/papr/hostile.elf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hex() { printf '0x%x' "$(stat -c %s "$1")"; }
config() { # <name> <kernel size> [initrd size]
	{
		echo '/dts-v1/; / { domains { domain@0 {'
		echo 'domid = <0>; domain-name = "linux"; privileged;'
		echo "memory = <0x4000000>; kernel = <0x62000000 $2>;"
		[ -n "${3:-}" ] && echo "initrd = <0x70000000 $3>;"
		echo '}; }; };'
	} >"$tmp/$1.dts" && dtc -q -I dts -O dtb -o "$tmp/$1.dtb" "$tmp/$1.dts"
}
case_() { # <name> <kernel> <initrd or ""> <want line>
	local got
	got=$(LINUX_IMAGE=$2 LINUX_INITRD=$3 build/run-watched.sh 60 -- build/ppc/linux/run.sh "$tmp/$1.dtb")
	if ! grep -qxF "$4" <<<"$got"; then
		echo "FAIL ppc/staging/$1: no line \"$4\""
		tail -4 <<<"$got" | sed 's/^/    /'
	elif ! grep -qxF "larch: machine exit 2" <<<"$got"; then
		echo "FAIL ppc/staging/$1: no \"larch: machine exit 2\" (a refused kernel must stop larch)"
	elif grep -q "larch: domain 0 (linux): 1 vCPU" <<<"$got"; then
		echo "FAIL ppc/staging/$1: the domain was built"
	else
		echo "PASS ppc/staging/$1"
	fi
}
if [ ! -f "$vmlinux" ] || [ ! -f "$small" ]; then
	echo "FAIL ppc/staging/kernel: $vmlinux or $small missing"
	exit 0
fi
head -c 100000 /dev/urandom >"$tmp/random"
config not-elf "$(hex "$tmp/random")"
case_ not-elf "$tmp/random" "" \
	"larch: domain 0 (linux): kernel 0x62000000+$(hex "$tmp/random"): not an ELF file"
cp "$small" "$tmp/be.elf" && printf '\002' | dd of="$tmp/be.elf" bs=1 seek=5 conv=notrunc status=none
config big-endian "$(hex "$tmp/be.elf")"
case_ big-endian "$tmp/be.elf" "" \
	"larch: domain 0 (linux): kernel 0x62000000+$(hex "$tmp/be.elf"): big-endian kernel (ppc64, not ppc64el)"
head -c 65536 "$vmlinux" >"$tmp/truncated"
config truncated 0x10000
case_ truncated "$tmp/truncated" "" \
	"larch: domain 0 (linux): kernel 0x62000000+0x10000: truncated (segment past the end of the file)"
config initrd-too-big "$(hex "$small")" 0x4000000
case_ initrd-too-big "$small" "$small" \
	"larch: domain 0 (linux): initrd 0x70000000+0x4000000: larger than the partition's memory"

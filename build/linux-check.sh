#!/usr/bin/env bash
# The Linux boot of an arch's make check (arm64, x86_64, ppc64): Debian's kernel as
# domain 0 beside a test domain, larch's config loaded by QEMU
# (build/<arch>/linux/run.sh), judged on the exact lines of
# build/<arch>/expect/linux.txt and QEMU's exit status, then case by case by
# build/<arch>/linux/judge.sh, then the shell boot where the arch has one.
# No -icount: the boot needs no exact timing.
# usage: build/linux-check.sh <arch> <silence-s> <qemu-exit> <built: y or "">
# (the caller builds `make ARCH=<arch> linux-images` first, so nothing links
# while its other boots start; if that failed every case fails).
set -u
cd "$(dirname "$0")/.."
arch=$1 silence=$2 want_rc=$3 built=$4
out=build/out/$arch
if [ -n "$built" ]; then
	build/qemu-test.sh "$arch" linux "$silence" build/$arch/expect/linux.txt "$want_rc" -- \
		build/$arch/linux/run.sh $out/linux/config.dtb
else
	echo "FAIL $arch/boot/linux: the Linux images did not build; see $out/linux-build.log"
	tail -3 $out/linux-build.log | sed 's/^/    /'
	rm -f $out/test-linux.out.txt $out/test-linux.out.txt.rc
fi
build/$arch/linux/judge.sh $out/test-linux.out.txt
# The shell boot, for an arch that has its expect file: a paste through the
# console into Linux's shell (build/linux-shell-test.sh).
if [ -e build/$arch/expect/linux-shell.txt ]; then
	if [ -n "$built" ]; then
		build/qemu-test.sh "$arch" linux-shell "$silence" build/$arch/expect/linux-shell.txt \
			"$want_rc" -- build/linux-shell-test.sh "$arch"
	else
		echo "FAIL $arch/boot/linux-shell: the Linux images did not build"
	fi
fi

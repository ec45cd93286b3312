#!/usr/bin/env bash
# make stress: one arch's hostile co-tenant boot (guest/configs/
# hostile-cotenant.dts, 2 vCPUs x 100,000 random hypercalls beside a
# 10,000-event ping-pong) with seeds 1-5, one after the other, each judged
# by build/qemu-test.sh against build/<arch>/expect/hostile-cotenant.txt.
# usage: build/stress.sh <arch> <exit-code> <image, SEED for the seed> -- qemu args
# (the image is appended to the QEMU arguments)
set -u
arch=$1 rc=$2 image=$3
shift 3
[ "$1" = -- ] && shift
for s in 1 2 3 4 5; do
	build/qemu-test.sh "$arch" "hostile-cotenant-seed$s" 300 \
		"build/$arch/expect/hostile-cotenant.txt" "$rc" -- "$@" "${image//SEED/$s}"
done

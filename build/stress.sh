#!/usr/bin/env bash
# make stress: one arch's hostile co-tenant boot (guest/configs/
# hostile-cotenant.dts, 2 vCPUs x 100,000 random hypercalls beside a
# 10,000-event ping-pong) once per seed of $SEEDS (a-b or one seed, default
# 1-10), one after the other, each judged by build/qemu-test.sh against
# build/<arch>/expect/hostile-cotenant.txt; then one line with the counts.
# usage: build/stress.sh <arch> <exit-code> <image, SEED for the seed> -- qemu args
# (the image is appended to the QEMU arguments)
#        build/stress.sh --seeds <a-b>   the seeds, one per word (images.mk)
set -u
seeds() {
	case $1 in
	*[!0-9-]* | -* | *- | *-*-* | "") return 1 ;;
	*-*) [ "${1%-*}" -le "${1#*-}" ] || return 1; seq "${1%-*}" "${1#*-}" ;;
	*) echo "$1" ;;
	esac
}
if [ "${1:-}" = --seeds ]; then
	# a bad range names no image that exists: make stops there
	l=$(seeds "$2") || { echo "stress: SEEDS=$2: want a-b or n" >&2; echo bad-SEEDS; exit 0; }
	echo $l
	exit 0
fi
arch=$1 rc=$2 image=$3
shift 3
[ "$1" = -- ] && shift
list=$(seeds "${SEEDS:-1-10}") || { echo "FAIL $arch/stress: SEEDS=${SEEDS:-}: want a-b or n"; exit 1; }
pass=0 fail=0 failed=
for s in $list; do
	res=$(build/qemu-test.sh "$arch" "hostile-cotenant-seed$s" 300 \
		"build/$arch/expect/hostile-cotenant.txt" "$rc" -- "$@" "${image//SEED/$s}")
	echo "$res"
	if grep -q "^PASS $arch/boot/" <<<"$res"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)) failed="$failed $s"
	fi
done
echo "stress $arch: seeds ${SEEDS:-1-10}: $pass passed, $fail failed${failed:+ (seeds$failed)}"
[ "$fail" = 0 ]

#!/usr/bin/env bash
# Tests of the boot-test driver itself (build/qemu-test.sh, build/watch.sh):
# a hang fails within its silence budget (CPU time, or 3x it in wall
# time), a boot that keeps talking is not cut off by a wall-clock limit,
# one that talks forever meets the overall cap, and a real QEMU guest
# spinning forever fails within its limit.
# Prints PASS/FAIL host/qemu-test/<case>; run by build/check.sh.
set -u
cd "$(dirname "$0")/.."
failed=0

# run_case <case> <want: PASS|FAIL> <reason substring> <max-s> <silence-s> -- cmd...
run_case() {
	local c=$1 want=$2 reason=$3 max=$4 silence=$5
	shift 5
	[ "$1" = -- ] && shift
	local t0=$SECONDS res took
	res=$(build/qemu-test.sh selftest "$c" "$silence" "" 0 -- "$@" | grep "selftest/boot/$c")
	took=$((SECONDS - t0))
	if [[ "$res" != "$want selftest/boot/$c"* ]] || [[ "$res" != *"$reason"* ]]; then
		echo "FAIL host/qemu-test/$c: driver said \"$res\", want $want with \"$reason\""
		failed=1
	elif [ "$took" -gt "$max" ]; then
		echo "FAIL host/qemu-test/$c: took ${took}s, limit ${max}s"
		failed=1
	else
		echo "PASS host/qemu-test/$c (${took}s)"
	fi
}

# A guest that prints and then waits for ever: with a 2 s budget it uses
# no CPU, so it is stopped after 3 x 2 s of wall-clock silence, and nothing
# it started is left running.
pidfile=build/out/selftest/hang.pid
mkdir -p build/out/selftest && rm -f "$pidfile"
run_case silent_hang FAIL "no output for 6s (a hang)" 10 2 -- \
	sh -c "echo \$\$ >$pidfile; echo booting; exec sleep 1001"
if [ ! -s "$pidfile" ] || kill -0 "$(cat "$pidfile")" 2>/dev/null; then
	echo "FAIL host/qemu-test/silent_hang_cleanup: the hung command still runs"
	failed=1
else
	echo "PASS host/qemu-test/silent_hang_cleanup"
fi
# Silent for 3 s of wall time but idle meanwhile (a boot starved by a loaded
# machine looks the same to the clock): not a hang with a 2 s budget.
run_case slow_not_spinning PASS "" 8 2 -- \
	sh -c 'echo booting; sleep 3; echo done'
# Spinning silently: stopped after 2 s of its own CPU time, long before the
# 6 s of wall-clock silence.
run_case silent_spinner FAIL "no output for 2s of its CPU time" 5 2 -- \
	sh -c 'echo booting; while :; do :; done'
# Talking for 5 s with a 2 s budget: slow, not hung.
run_case talking_past_budget PASS "" 9 2 -- \
	sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i; sleep 0.5; done'
# Talking forever: the overall cap (4 x 1 s here) ends it.
LARCH_BOOT_CAP_FACTOR=4 run_case talking_forever FAIL "overall cap of 4s" 8 1 -- \
	sh -c 'while :; do echo tick; sleep 0.3; done'
# A real guest spinning forever: a bare aarch64 "b ." loaded by QEMU prints
# nothing and never exits; it fails after 3 s of QEMU's CPU time.
spin=build/out/selftest/spin.bin
printf '\x00\x00\x00\x14' >"$spin" # b . (0x14000000, little-endian)
if command -v qemu-system-aarch64 >/dev/null; then
	run_case spin_forever FAIL "no output for 3s of its CPU time" 10 3 -- \
		qemu-system-aarch64 -M virt -cpu cortex-a57 -m 64M -nographic \
		-monitor none -kernel "$spin"
else
	echo "FAIL host/qemu-test/spin_forever: qemu-system-aarch64 missing (make deps)"
	failed=1
fi
exit $failed

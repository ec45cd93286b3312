#!/usr/bin/env bash
# make check: host tests, the fuzzers (a minute each, alongside the
# builds), every backend's build (build/arches.txt), every arch's boot tests
# (in parallel, each stopped only when hung: build/watch.sh), then one
# summary line.
# Every producer writes PASS/FAIL lines to build/out/logs/<name>.log.
set -u
cd "$(dirname "$0")/.."
logs=build/out/logs
rm -rf "$logs" && mkdir -p "$logs"
jobs=${CHECK_JOBS:-$(nproc)}
arches=$(build/arches.sh names)

# Host tests first: they need no cross tools and fail fast.
make --no-print-directory -f tests/tests.mk -j"$jobs" run >"$logs/host.log" 2>&1 ||
	echo "FAIL host/tests/runner: tests/tests.mk exited non-zero" >>"$logs/host.log"

# The boot-test driver's own tests: a hang fails within its limits.
tests/qemu_test_test.sh >>"$logs/host.log" 2>&1 ||
	echo "FAIL host/qemu-test/runner: tests/qemu_test_test.sh exited non-zero" >>"$logs/host.log"
# make run DEMO=linux KERNEL=...: the config made for a user's own kernel
tests/linux_user_test.sh >>"$logs/host.log" 2>&1 ||
	echo "FAIL host/linux-user/runner: tests/linux_user_test.sh exited non-zero" >>"$logs/host.log"

# Kernel style (.clang-format) on every C file.
if make --no-print-directory format-check >"$logs/format.out" 2>&1; then
	echo "PASS host/style/clang_format" >>"$logs/host.log"
else
	echo "FAIL host/style/clang_format: see $logs/format.out; make format fixes it" >>"$logs/host.log"
fi

# The fuzzers (tests/fuzz.mk), both at once, while the arches build: the
# builds have no timeout to miss and the two minutes of CPU cost the same
# anywhere; they end before the boots, which then have the cores to themselves.
( make --no-print-directory -f tests/fuzz.mk run >"$logs/fuzz.out" 2>&1 ||
	echo "FAIL host/fuzz/runner: tests/fuzz.mk exited non-zero" >>"$logs/fuzz.out" ) &
fuzz_pid=$!

build_arch() { # build one arch; its boot tests follow if it built
	local a=$1 log=$logs/$1.log
	if make --no-print-directory ARCH="$a" -j"$jobs" all >"$logs/$a.build" 2>&1; then
		echo "PASS host/build/$a"
	else
		echo "FAIL host/build/$a: see $logs/$a.build"
		tail -15 "$logs/$a.build" | sed 's/^/    /'
		return 1
	fi
}
for a in $arches; do
	build_arch "$a" >"$logs/$a.log" 2>&1 || touch "$logs/$a.broken"
done
wait "$fuzz_pid"
grep -a -E '^(PASS|FAIL) ' "$logs/fuzz.out" >>"$logs/host.log" ||
	echo "FAIL host/fuzz/runner: no result, see $logs/fuzz.out" >>"$logs/host.log"

# Boot tests: one job per arch, in parallel; arch.mk decides the cases.
# Each boot stops itself when hung (build/watch.sh: silence, then a cap);
# the per-arch limits here only catch a runner that itself hangs, so they
# are loose enough for a machine running two make checks at once.
pids=()
for a in $arches; do
	[ -e "$logs/$a.broken" ] && continue
	( timeout 5400 make --no-print-directory ARCH="$a" arch-check >>"$logs/$a.log" 2>&1 ||
		echo "FAIL $a/check/runner: arch-check exited non-zero" >>"$logs/$a.log" ) &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
# Then, one at a time, the boots that load the machine too much to share it.
for a in $arches; do
	[ -e "$logs/$a.broken" ] && continue
	timeout 3600 make --no-print-directory ARCH="$a" arch-check-late >>"$logs/$a.log" 2>&1 ||
		echo "FAIL $a/check/late: arch-check-late exited non-zero" >>"$logs/$a.log"
done

for f in host $arches; do
	echo "== $f"
	grep -E '^(PASS|FAIL|SKIP) |^    ' "$logs/$f.log" || true
done
passed=$(cat "$logs"/*.log | grep -c '^PASS ')
failed=$(cat "$logs"/*.log | grep -c '^FAIL ')
skipped=$(cat "$logs"/*.log | grep -c '^SKIP ')
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

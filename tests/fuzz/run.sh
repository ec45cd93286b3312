#!/usr/bin/env bash
# One time-boxed libFuzzer run, judged:
#   tests/fuzz/run.sh <name> <seconds> <seed-dir>...
# Fixed -seed, fresh corpus (unless FUZZ_KEEP_CORPUS=y: `make fuzz` keeps
# what it found for the next run). Any crash, sanitizer report, invariant
# abort, timeout or OOM is a finding: FAIL with the input that caused it.
set -u
name=$1 secs=$2
shift 2
out=build/out/fuzz/run-$name
bin=build/out/fuzz/fuzz_$name
[ "${FUZZ_KEEP_CORPUS:-}" = y ] || rm -rf "$out"
mkdir -p "$out/corpus"
rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* "$out"/slow-unit-*

dict=tests/fuzz/$name.dict
"$bin" -seed=1 -max_total_time="$secs" -timeout=30 -max_len=4096 \
	${FUZZ_EXTRA:-} $([ -f "$dict" ] && echo "-dict=$dict") \
	-print_final_stats=1 -artifact_prefix="$out/" \
	"$out/corpus" "$@" >"$out/log" 2>&1
rc=$?

stat() { sed -n "s/^stat::$1: *//p" "$out/log" | tail -1; }
finding=$(ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* 2>/dev/null | head -1)
if [ "$rc" -eq 0 ] && [ -z "$finding" ]; then
	corpus=$(ls "$out/corpus" | wc -l)
	echo "PASS host/fuzz/$name ($(stat number_of_executed_units) runs," \
		"$(stat average_exec_per_sec) exec/s, corpus $corpus new + seeds)"
else
	why=$(grep -a -m1 -E '^fuzz: invariant|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|SUMMARY' "$out/log")
	echo "FAIL host/fuzz/$name: ${finding:-no input saved} (${why:-exit $rc}; log $out/log;" \
		"replay: $bin ${finding:-<input>})"
fi

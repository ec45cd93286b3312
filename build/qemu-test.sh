#!/usr/bin/env bash
# One QEMU boot test, judged by its output and exit status.
# usage: build/qemu-test.sh <arch> <name> <timeout-s> <expect-file> <exit-code> -- qemu args...
#  - passes through every "PASS <arch>/..." / "FAIL <arch>/..." line the guests print;
#  - <expect-file>: lines that must all appear, exactly (one per line);
#  - <exit-code>: QEMU's expected exit status ("any" where the machine has
#    no exit-status device, e.g. powernv);
#  - then prints PASS/FAIL <arch>/boot/<name> for the boot as a whole.
set -u
arch=$1 name=$2 limit=$3 expect=$4 want_rc=$5
shift 5
[ "$1" = -- ] && shift
out=build/out/$arch/test-$name.out
mkdir -p "$(dirname "$out")"
timeout --kill-after=5 "$limit" "$@" </dev/null >"$out" 2>&1
rc=$?
tr -d '\r' <"$out" >"$out.txt"
echo "$rc" >"$out.txt.rc" # for judges of a boot's own cases (build/arm/linux/judge.sh)
grep -E "^(PASS|FAIL) $arch/" "$out.txt"
why=
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	why="timed out after ${limit}s"
elif [ "$want_rc" != any ] && [ "$rc" != "$want_rc" ]; then
	why="QEMU exit status $rc, expected $want_rc"
fi
if [ -z "$why" ] && [ -n "$expect" ]; then
	while IFS= read -r line; do
		[ -z "$line" ] && continue
		grep -qxF -- "$line" "$out.txt" || { why="missing line: $line"; break; }
	done <"$expect"
fi
if [ -z "$why" ] && grep -q "^FAIL $arch/" "$out.txt"; then
	why="a guest case failed"
fi
if [ -z "$why" ]; then
	echo "PASS $arch/boot/$name"
else
	echo "FAIL $arch/boot/$name: $why; last lines:"
	tail -8 "$out.txt" | sed 's/^/    /'
fi

#!/usr/bin/env bash
# One QEMU boot test, judged by its output and exit status.
# usage: build/qemu-test.sh <arch> <name> <silence-s> <expect-file> <exit-code> -- qemu args...
#  - <silence-s>: the boot fails as hung after that many seconds without new
#    output, or after an overall cap of 6 times that (build/watch.sh);
#  - passes through every "PASS <arch>/..." / "FAIL <arch>/..." line the guests print;
#  - <expect-file>: lines that must all appear, exactly (one per line);
#  - <exit-code>: QEMU's expected exit status ("any" where the machine has
#    no exit-status device, e.g. powernv);
#  - then prints PASS/FAIL <arch>/boot/<name> for the boot as a whole.
set -u
arch=$1 name=$2 silence=$3 expect=$4 want_rc=$5
shift 5
[ "$1" = -- ] && shift
out=build/out/$arch/test-$name.out
mkdir -p "$(dirname "$out")"
build/watch.sh "$silence" "$out" -- "$@"
rc=$?
tr -d '\r' <"$out" >"$out.txt"
echo "$rc" >"$out.txt.rc" # for judges of a boot's own cases (build/arm/linux/judge.sh)
grep -E "^(PASS|FAIL) $arch/" "$out.txt"
why=
if [ -e "$out.why" ]; then
	why="stopped: $(cat "$out.why")"
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

#!/usr/bin/env bash
# Runs one boot with limits that mean a hang, not a slow machine: it is
# stopped after <silence-s> seconds without new output, or, still talking,
# after the overall cap (LARCH_BOOT_CAP_FACTOR x <silence-s>, default 6x).
# usage: build/watch.sh <silence-s> <out-file> -- command...
#  - the command's stdout and stderr go to <out-file>, its stdin is /dev/null;
#  - exits with the command's status, or 124 when it was stopped, with the
#    reason in <out-file>.why (absent otherwise).
# A fixed wall-clock limit per boot failed boots that were merely sharing
# two cores with a dozen others; silence grows far less with load than a
# whole boot's time does, and a hung guest falls silent.
set -u
silence=$1 out=$2
shift 2
[ "${1:-}" = -- ] && shift
cap=$((silence * ${LARCH_BOOT_CAP_FACTOR:-6}))
rm -f "$out.why"
: >"$out"
# setsid: the command gets its own process group, so what it starts (a
# run script's QEMU) is stopped with it.
setsid "$@" </dev/null >"$out" 2>&1 &
pid=$!
# Stopped itself (an outer limit, ^C): the command must not outlive it.
trap 'kill -KILL -- -"$pid" 2>/dev/null; exit 143' TERM INT HUP
start=$SECONDS last=$SECONDS size=0 why=
while kill -0 "$pid" 2>/dev/null; do
	sleep 0.5
	now=$(stat -c %s "$out" 2>/dev/null || echo 0)
	if [ "$now" != "$size" ]; then
		size=$now last=$SECONDS
	elif ((SECONDS - last >= silence)); then
		why="no output for ${silence}s (a hang)"
	fi
	if [ -z "$why" ] && ((SECONDS - start >= cap)); then
		why="still running after the overall cap of ${cap}s"
	fi
	if [ -n "$why" ]; then
		kill -TERM -- -"$pid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL -- -"$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		echo "$why" >"$out.why"
		exit 124
	fi
done
wait "$pid"

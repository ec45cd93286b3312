#!/usr/bin/env bash
# Runs one boot with limits that mean a hang, not a slow machine. It is
# stopped when, since its last new output,
#  - the command (its whole process group: QEMU and any run script) used
#    <silence-s> seconds of CPU: a guest spinning where it should talk;
#  - or <silence-s> x LARCH_IDLE_FACTOR (default 3) seconds of wall time
#    passed: a guest waiting for something that never comes;
# or, still talking, after the overall cap (LARCH_BOOT_CAP_FACTOR x
# <silence-s> of wall time, default 6x).
# usage: build/watch.sh <silence-s> <out-file> -- command...
#  - the command's stdout and stderr go to <out-file>, its stdin is /dev/null;
#  - exits with the command's status, or 124 when it was stopped, with the
#    reason in <out-file>.why (absent otherwise).
# Why CPU time: a boot that spins silently for 5 s alone (a stuck-lock
# bound) gets a twentieth of a core when it shares two with forty QEMUs and
# is silent for 100 s of wall time; its CPU time does not grow with the load.
set -u
silence=$1 out=$2
shift 2
[ "${1:-}" = -- ] && shift
cap=$((silence * ${LARCH_BOOT_CAP_FACTOR:-6}))
idle=$((silence * ${LARCH_IDLE_FACTOR:-3}))
hz=$(getconf CLK_TCK)
rm -f "$out.why"
: >"$out"
# setsid: the command gets its own process group, so what it starts (a
# run script's QEMU) is stopped with it, and its CPU time is counted.
setsid "$@" </dev/null >"$out" 2>&1 &
pid=$!
# Stopped itself (an outer limit, ^C): the command must not outlive it.
trap 'kill -KILL -- -"$pid" 2>/dev/null; exit 143' TERM INT HUP

# CPU ticks used by the process group's live members (utime + stime, all
# threads); members that ended are not counted, which only delays a stop.
group_ticks() {
	local t=0 p line f
	for p in $(pgrep -g "$pid"); do
		{ read -r line <"/proc/$p/stat"; } 2>/dev/null || continue
		f=(${line##*) })
		t=$((t + f[11] + f[12]))
	done
	echo "$t"
}

start=$SECONDS last=$SECONDS size=0 why=
last_ticks=$(group_ticks)
while kill -0 "$pid" 2>/dev/null; do
	sleep 0.5
	now=$(stat -c %s "$out" 2>/dev/null || echo 0)
	ticks=$(group_ticks)
	# a member that ended takes its ticks with it: restart the count
	((ticks < last_ticks)) && last_ticks=$ticks
	if [ "$now" != "$size" ]; then
		size=$now last=$SECONDS last_ticks=$ticks
	elif ((ticks - last_ticks >= silence * hz)); then
		why="no output for ${silence}s of its CPU time (a hang)"
	elif ((SECONDS - last >= idle)); then
		why="no output for ${idle}s (a hang)"
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

#!/usr/bin/env bash
# Runs one command under build/watch.sh's limits (a budget of CPU time
# without output, 3x that of wall time: a hang, not a loaded machine) and
# prints its output with CRs dropped, plus "(stopped: <why>)" if it was
# stopped; exits with the command's status (124 when stopped). For checks
# that judge a short boot's output themselves (the staging refusals).
# usage: build/run-watched.sh <silence-s> -- command...
set -u
silence=$1
shift
[ "${1:-}" = -- ] && shift
out=$(mktemp)
trap 'rm -f "$out" "$out.why"' EXIT
"$(dirname "$0")/watch.sh" "$silence" "$out" -- "$@"
rc=$?
tr -d '\r' <"$out"
[ -e "$out.why" ] && echo "(stopped: $(cat "$out.why"))"
exit "$rc"

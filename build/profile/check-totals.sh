#!/usr/bin/env bash
# <arch>/profile/totals_match_bench: make profile's tool on the bench image
# (null_hypercall and send_deliver_ports_1); each per-operation total must
# match the bench's own figure within 0.15 instruction.
# usage: check-totals.sh <arch> <log> -- <bench qemu line>
set -u
cd "$(dirname "$0")/../.."
arch=$1 log=$2
shift 3
out=build/out/$arch
build/profile/profile.py "$arch" $out/larch-bench.elf $out/guest/suite.elf \
	null_hypercall,send_deliver_ports_1 -- "$@" >"$log" 2>&1
awk -v arch="$arch" '/per operation \(bench:/ { n++; per = $0; sub(/.*-> /, "", per); sub(/ .*/, "", per)
	b = $0; sub(/.*bench: /, "", b); sub(/\).*/, "", b)
	if (per - b > 0.15 || b - per > 0.15) bad = bad " " $1 " " per "/" b }
	END { if (n == 2 && bad == "") print "PASS " arch "/profile/totals_match_bench"
	      else print "FAIL " arch "/profile/totals_match_bench: " (n == 2 ? "profile/bench:" bad : (n + 0) " metrics profiled, want 2") }' \
	"$log"

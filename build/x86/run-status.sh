#!/bin/sh
# After an x86 run's QEMU (make run): isa-debug-exit makes QEMU's status
# (larch's exit code << 1) | 1. Says which; succeeds only for larch's 0.
# usage: build/x86/run-status.sh <QEMU exit status>
echo "larch: QEMU exit status $1 (larch exit $(($1 >> 1)))"
[ "$1" = 1 ]

#!/usr/bin/env bash
# make debug: one image under QEMU's gdbstub, halted before its first
# instruction, and gdb-multiarch attached with the hypervisor's symbols.
# usage: build/debug.sh <arch> <image.elf> -- <qemu line without -kernel>
#        [--gdb <more gdb arguments, e.g. -batch -ex 'break f' -ex c>]
# The console goes to build/out/<arch>/debug-console.txt (gdb owns the
# terminal); QEMU is stopped when gdb exits. GDB_PORT picks the port.
# docs/debugging.md has the walk-through.
set -u
arch=$1 image=$2
shift 2
[ "${1:-}" = -- ] && shift
qemu_args=() gdb_args=()
while [ $# -gt 0 ] && [ "$1" != --gdb ]; do
	qemu_args+=("$1")
	shift
done
[ $# -gt 0 ] && shift && gdb_args=("$@")
[ -f "$image" ] || { echo "larch: no image $image (CONFIG= names one of build/out/$arch/larch-*.elf)"; exit 1; }
port=${GDB_PORT:-1234}
console=build/out/$arch/debug-console.txt
"${qemu_args[@]}" -kernel "$image" -gdb tcp:127.0.0.1:"$port" -S </dev/null >"$console" 2>&1 &
qemu=$!
trap 'kill "$qemu" 2>/dev/null; wait "$qemu" 2>/dev/null' EXIT
# QEMU listens once it has set the machine up: wait for the port.
for _ in $(seq 50); do
	(exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
	kill -0 "$qemu" 2>/dev/null || { echo "larch: QEMU did not start:"; cat "$console"; exit 1; }
	sleep 0.2
done
echo "larch: QEMU halted at reset, gdbstub on 127.0.0.1:$port; console: $console"
# gdb takes the architecture from the ELF: nothing per arch here.
gdb-multiarch -q -nx -ex "file $image" \
	-ex "target remote 127.0.0.1:$port" "${gdb_args[@]}"

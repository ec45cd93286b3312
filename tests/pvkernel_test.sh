#!/bin/sh
# Bad kernel images given to build/x86/pvkernel (built with ASan/UBSan by
# tests/tests.mk): each refused with one line naming the file and the
# problem, exit 1. Usage: tests/pvkernel_test.sh <pvkernel-binary> <workdir>
cd "$(dirname "$0")/.."
tool=$1 dir=$2
mkdir -p "$dir"
# mk <name> <payload-file|-> [truncate]: a bzImage (setup header 2.15, 1
# setup sector, the payload right after the protected-mode start).
mk() {
	python3 - "$dir/$1" "$2" "${3:-}" <<'PY'
import struct, sys
out, payload, trunc = sys.argv[1], sys.argv[2], sys.argv[3]
p = open(payload, 'rb').read() if payload != '-' else b''
img = bytearray(1024)
img[0x1f1] = 1
struct.pack_into('<H', img, 0x1fe, 0xaa55)
if payload != '-':
    img[0x202:0x206] = b'HdrS'
struct.pack_into('<H', img, 0x206, 0x20f)
struct.pack_into('<II', img, 0x248, 0, len(p))
img += p
if trunc:
    img = img[:int(trunc)]
open(out, 'wb').write(img)
PY
}
case_() { # case_ <name> <expected line>
	got=$("$tool" "$dir/$1.bz" "$dir/$1.elf" 2>&1 >/dev/null)
	rc=$?
	if [ $rc = 1 ] && [ "$got" = "$2" ]; then
		echo "PASS x86/pvkernel/$1"
	else
		echo "FAIL x86/pvkernel/$1: exit $rc, got '$got', want '$2'"
	fi
}
printf 'hello, not compressed at all\n' >"$dir/junk"
gzip -c /bin/true >"$dir/true.gz"
printf '\211LZOrest' >"$dir/fake.lzo"
# real payloads of each other kind the tool unpacks: /bin/true, an ELF
# without Xen notes, is what comes out
for z in bzip2 xz zstd; do $z -c /bin/true >"$dir/true.$z"; done
xz -c --format=lzma /bin/true >"$dir/true.lzma"
mk no_setup_header.bz -
mk truncated_payload.bz "$dir/true.gz" 1100
mk unknown_compression.bz "$dir/junk"
mk lzo_not_unpacked.bz "$dir/fake.lzo"
for z in bzip2 lzma xz zstd; do mk ${z}_unpacked.bz "$dir/true.$z"; done
mk no_xen_notes.bz "$dir/true.gz"
head -c 300 "$dir/true.gz" >"$dir/cut.gz"
mk payload_cut_short.bz "$dir/cut.gz"
: >"$dir/empty.bz"
case_ no_setup_header "pvkernel: $dir/no_setup_header.bz: not a bzImage (no \"HdrS\" setup header)"
case_ truncated_payload "pvkernel: $dir/truncated_payload.bz: truncated bzImage (payload past the end)"
case_ empty "pvkernel: $dir/empty.bz: truncated bzImage (no setup header)"
case_ unknown_compression "pvkernel: $dir/unknown_compression.bz: unknown payload compression"
case_ lzo_not_unpacked "pvkernel: $dir/lzo_not_unpacked.bz: lzo payload: larch's tooling unpacks gzip, bzip2, lzma, xz, lz4 and zstd"
for z in bzip2 lzma xz zstd; do
	case_ ${z}_unpacked "pvkernel: $dir/${z}_unpacked.bz: vmlinux has no Xen notes (not a Xen PV kernel)"
done
case_ no_xen_notes "pvkernel: $dir/no_xen_notes.bz: vmlinux has no Xen notes (not a Xen PV kernel)"
case_ payload_cut_short "pvkernel: $dir/payload_cut_short.bz: vmlinux is truncated (program headers past the end)"
printf '\037\213garbage' >"$dir/bad.gz"
mk payload_not_elf.bz "$dir/bad.gz"
case_ payload_not_elf "pvkernel: $dir/payload_not_elf.bz: gzip payload does not unpack to an ELF"

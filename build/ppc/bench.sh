#!/usr/bin/env bash
# make bench ARCH=ppc: the bench config under -icount shift=0,sleep=off
# (guest time = instructions, read through the timebase). The -icount
# image enters guests with rfid (QEMU 7.2 aborts on hrfid under -icount;
# see arch/ppc/head.S). powernv has no exit-status device: QEMU exits 0.
# Then, side by side (issue 16, docs/performance.md):
#  - the rhype way under the same -icount: larch's PAPR bench partition
#    (guest/papr/bench.c) asks by hcall what arrived on its link to an
#    echoing test domain on the other pCPU: papr_* rows, instructions;
#  - Debian's Linux as a PAPR partition, 1,000 round trips from its user
#    space through /dev/hvc1 (linux_hvc_roundtrip) and how its interrupts
#    found it (linux_irq_at_ee1 / _ee0: MSR[EE] 1, taken at once whether
#    soft-masked or not, or 0, hard-disabled). Not under -icount: Linux
#    needs its 0x500 synthesized, which only the hrfid image does, and
#    QEMU 7.2 aborts on hrfid under -icount; so multi-threaded TCG, guest
#    ns (mode "tcg"), a time that depends on the host.
set -u
cd "$(dirname "$0")/../.."
out=build/out/ppc
qemu=${PPC_QEMU:-qemu-system-ppc64 -M powernv9 -smp 2 -m 2G -nographic}
build/bench-boot.sh ppc 120 0 "" -- \
	$qemu -icount shift=0,sleep=off -bios $out/larch-bench-icount.bin || exit 1
rc=0
row() { # <metric> <unit> <value> <mode>, or say what is missing
	if [ -n "$3" ]; then
		echo "$1,$2,$3,$4" >>$out/bench.csv
	else
		echo "bench: no $1; see $5"
		rc=1
	fi
}
if make --no-print-directory ARCH=ppc papr-bench linux-images >$out/bench-papr-build.log 2>&1; then
	LARCH_BIN=$out/larch-demo-icount.bin LINUX_IMAGE=$out/papr/bench.elf LINUX_INITRD= \
		timeout --kill-after=5 120 build/ppc/linux/run.sh $out/papr/bench.dtb \
		-icount shift=0,sleep=off </dev/null 2>&1 | tr -d '\r' >$out/bench-papr.txt
	for m in papr_hcall_null papr_xirr_empty papr_event_cross_pcpu papr_poll_event_cross_pcpu; do
		row $m instructions "$(awk -v m=$m '$1 == "BENCH" && $2 == m { print $3 }' $out/bench-papr.txt)" \
			tcg-icount $out/bench-papr.txt
	done
	timeout --kill-after=5 300 build/ppc/linux/run.sh $out/linux/config.dtb \
		-accel tcg,thread=multi </dev/null 2>&1 | tr -d '\r' >$out/bench-linux.txt
	row linux_hvc_roundtrip ns \
		"$(sed -nE 's/.*hvc-pingpong: round trip ([0-9]+) ns$/\1/p' $out/bench-linux.txt | tail -1)" \
		tcg $out/bench-linux.txt
	irqs='.*domain 0 \(linux\): XICS interrupts: ([0-9]+) at MSR\[EE\]=1, ([0-9]+) at MSR\[EE\]=0.*'
	row linux_irq_at_ee1 interrupts "$(sed -nE "s/$irqs/\\1/p" $out/bench-linux.txt | tail -1)" \
		tcg $out/bench-linux.txt
	row linux_irq_at_ee0 interrupts "$(sed -nE "s/$irqs/\\2/p" $out/bench-linux.txt | tail -1)" \
		tcg $out/bench-linux.txt
else
	echo "bench: the PAPR and Linux images did not build; see $out/bench-papr-build.log"
	rc=1
fi
build/bench-table.sh ppc
exit $rc

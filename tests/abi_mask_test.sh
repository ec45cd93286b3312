#!/bin/sh
# The ABI boundary, proved by the compiler: evtchn_upcall_mask exists only
# in the vcpu_info of the ABIs build/arches.txt marks "mask yes" (x86), and
# common code never names it. Where it must not compile, the error has to
# be the missing field, not any other breakage of the probe.
cd "$(dirname "$0")/.."
for arch in $(build/arches.sh names); do
	abi=$(echo "$arch" | tr a-z A-Z)
	want=$(build/arches.sh get "$arch" mask)
	out=$(LC_ALL=C cc -std=c11 -Wall -Werror -Iinclude -DLARCH_ABI_$abi \
		-c tests/abi_mask_probe.c -o /dev/null 2>&1)
	if [ $? -eq 0 ]; then
		compiled=yes
	elif echo "$out" | grep -q "no member named 'evtchn_upcall_mask'"; then
		compiled=no
	else
		echo "FAIL host/abi/mask_field_${arch}_compiles_$want: the probe failed for another reason: $(echo "$out" | grep -m1 error)"
		continue
	fi
	if [ "$compiled" = "$want" ]; then
		echo "PASS host/abi/mask_field_${arch}_compiles_$want"
	else
		echo "FAIL host/abi/mask_field_${arch}_compiles_$want: it compiled=$compiled"
	fi
done
if grep -rn evtchn_upcall_mask common include/larch >/dev/null; then
	echo "FAIL host/abi/common_code_never_names_mask: $(grep -rln evtchn_upcall_mask common include/larch | tr '\n' ' ')"
else
	echo "PASS host/abi/common_code_never_names_mask"
fi

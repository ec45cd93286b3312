#!/bin/sh
# The ABI boundary, proved by the compiler: evtchn_upcall_mask exists only
# in x86's vcpu_info, and common code never names it.
cd "$(dirname "$0")/.."
for abi in X86 ARM PPC IA64; do
	arch=$(echo $abi | tr A-Z a-z)
	if cc -std=c11 -Wall -Werror -Iinclude -DLARCH_ABI_$abi -c tests/abi_mask_probe.c \
		-o /dev/null 2>/dev/null; then compiled=yes; else compiled=no; fi
	want=no
	[ $abi = X86 ] && want=yes
	if [ $compiled = $want ]; then
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

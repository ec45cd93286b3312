#!/usr/bin/env bash
# ia64 arch-check, assembly part: disassemble what the ia64 as and ld
# produced and check the instructions the backend rests on are there, where
# they must be. One PASS/FAIL ia64/asm/<case> line per case.
set -u
B=${IA64_BINUTILS:-ia64-linux-gnu-}
out=$1
hyp=$out/larch-asm.o elf=$out/larch-asm.elf guest=$out/guest-asm.o
D() { ${B}objdump -d "$1"; }
dh=$(D "$hyp") de=$(D "$elf") dg=$(D "$guest")
sym() { ${B}nm "$1" | awk -v s="$2" '$3 == s { print $1 }'; }
result() { # name, condition-status, why
	if [ "$2" -eq 0 ]; then echo "PASS ia64/asm/$1"; else echo "FAIL ia64/asm/$1: $3"; fi
}
# Instructions inside one function of a disassembly.
fn() { awk -v f="<$2>:" '$0 ~ f { on = 1; next } /^[0-9a-f]+ <.*>:$/ { on = 0 } on' <<<"$1"; }

fn "$dg" local_irq_disable | grep -q 'rsm 0x4000'
result guest_rsm_psr_i $? "no rsm psr.i (0x4000) in local_irq_disable"
fn "$dg" local_irq_enable | tr '\n' ' ' | grep -q 'ssm 0x4000.*srlz\.d'
result guest_ssm_psr_i_srlz_d $? "local_irq_enable lacks ssm psr.i followed by srlz.d"
fn "$dg" local_irq_restore | tr '\n' ' ' | grep -q '(p0[67]) ssm 0x4000.*(p0[67]) rsm 0x4000.*srlz\.d'
result guest_restore_predicated $? "local_irq_restore lacks predicated ssm/rsm + srlz.d"
fn "$dg" hypercall5 | grep -q 'break\.m 0x1000'
result guest_hypercall_break $? "no break.m 0x1000 in hypercall5"
fn "$dg" guest_upcall | grep -q 'rfi'
result guest_upcall_rfi $? "guest upcall entry does not end in rfi"

# The hypervisor's IVT: 32 KiB aligned, entries at 0x2c00 (break) and
# 0x3000 (external interrupt) that branch to the common save path, as
# resolved by the final link.
ivt=$(sym "$elf" ia64_ivt) entry=$(sym "$elf" ia64_guest_entry)
[ -n "$ivt" ] && [ $((0x$ivt % 0x8000)) -eq 0 ]
result ivt_aligned $? "ia64_ivt at 0x$ivt is not 32 KiB aligned"
check_vec() { # offset name
	local a; a=$(printf '%x' $((0x$ivt + $1)))
	grep -A2 "^ *$a:" <<<"$de" | grep -q "mov r16=$(($1)).*" &&
	grep -A2 "^ *$a:" <<<"$de" | grep -q "br\.many $entry <ia64_guest_entry>"
}
check_vec 0x3000
result ivt_external_interrupt $? "IVT+0x3000 does not branch to ia64_guest_entry with r16=0x3000"
check_vec 0x2c00
result ivt_break $? "IVT+0x2c00 does not branch to ia64_guest_entry with r16=0x2c00"
check_vec 0x5400
result ivt_general_exception $? "IVT+0x5400 (privileged operations) is not wired"
# Save path: interruption registers read while PSR.ic is 0, then cover.
fn "$dh" ia64_guest_entry | tr '\n' ' ' |
	grep -q 'mov r18=cr.ipsr.*mov r19=cr.iip.*cover.*mov r18=cr.ifs.*flushrs.*bsw.1.*ssm 0x2000.*srlz.d.*br.call'
result save_iip_ipsr_ifs $? "ia64_guest_entry does not save cr.ipsr/iip, cover, read cr.ifs, flush, bank-switch, then re-enable psr.ic"
fn "$dh" ia64_enter_guest | tr '\n' ' ' |
	grep -q 'rsm 0x6000.*srlz.d.*bsw.0.*loadrs.*mov cr.ipsr=r18.*mov cr.iip=r19.*mov cr.ifs=r20.*srlz.d.*rfi'
result restore_rfi_path $? "ia64_enter_guest does not clear psr.i|ic, loadrs, restore cr.ipsr/iip/ifs and rfi"
fn "$dh" _start | tr '\n' ' ' | grep -q 'itr.i.*itr.d.*rfi.*mov cr.iva='
result boot_pins_and_sets_iva $? "_start does not pin the image, rfi to virtual mode and set cr.iva"

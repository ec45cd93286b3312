#!/usr/bin/env bash
# build/linux-user.sh (make run DEMO=linux KERNEL=...: your own kernel) in
# --config-only mode: the config it makes names the staged files' sizes
# and the command line exactly (slashes, &, quotes and backslashes kept),
# an x86 bzImage is unpacked (its vmlinux staged) and an ELF vmlinux taken
# as it is, and a missing or wrong file is refused with one line, exit 2.
# Needs build/deps.sh's kernels and build/out/host/pvkernel.
# usage: tests/linux_user_test.sh   (PASS/FAIL host/linux-user/<case>)
set -u
cd "$(dirname "$0")/.."
dir=build/out/host/linux-user
rm -rf "$dir" && mkdir -p "$dir"
initrd=$dir/initrd && head -c 12345 /dev/zero >"$initrd"
args='root=/dev/vda1 a&b "q" c\d console=hvc0'
result() { # <case> <ok 0/1> <why>
	if [ "$2" = 1 ]; then echo "PASS host/linux-user/$1"; else echo "FAIL host/linux-user/$1: $3"; fi
}
prop() { # <dtb> <property>: domain 0's value as fdtget prints it
	fdtget -t x "$1" /domains/domain@0 "$2" 2>/dev/null
}
# <case> <arch> <kernel> <file the config must stage>
config_case() {
	local got dtb staged want
	# its last line names the config and the staged files
	got=$(build/linux-user.sh --config-only "$2" "$3" "$initrd" "$args" 2>&1 | tail -1)
	dtb=${got%% *} staged=$(echo "$got" | awk '{print $2}')
	want="$(printf '%x %x' 0x21000000 "$(stat -c %s "$4" 2>/dev/null || echo 0)")"
	[ "$2" = arm ] && want="$(printf '%x %x' 0x50000000 "$(stat -c %s "$4" 2>/dev/null || echo 0)")"
	[ "$2" = ppc ] && want="$(printf '%x %x' 0x62000000 "$(stat -c %s "$4" 2>/dev/null || echo 0)")"
	local ok=0
	[ "$staged" = "$4" ] && [ "$(prop "$dtb" kernel)" = "$want" ] &&
		[ "$(prop "$dtb" initrd | awk '{print $2}')" = 3039 ] &&
		[ "$(fdtget "$dtb" /domains/domain@0 bootargs 2>/dev/null)" = "$args" ] && ok=1
	result "$1" $ok "staged '$staged' (want $4), kernel '$(prop "$dtb" kernel)' (want $want), bootargs '$(fdtget "$dtb" /domains/domain@0 bootargs 2>/dev/null)': $got"
}
x86=build/deps/amd64/linux
config_case x86_bzimage_unpacked x86 $x86/vmlinuz build/out/x86/linux/user/vmlinux
config_case x86_vmlinux_as_is x86 $x86/vmlinux $x86/vmlinux
config_case arm_image arm build/deps/arm64/linux/Image build/deps/arm64/linux/Image
config_case ppc_vmlinux ppc build/deps/ppc64el/linux/vmlinux build/deps/ppc64el/linux/vmlinux
# refusals: one line, exit 2
refuse_case() { # <case> <arch> <kernel> <expected line>
	local got rc ok=0
	got=$(build/linux-user.sh --config-only "$2" "$3" "$initrd" "$args" 2>&1)
	rc=$?
	[ $rc = 2 ] && [ "$got" = "$4" ] && ok=1
	result "$1" $ok "exit $rc, got '$got', want '$4'"
}
refuse_case missing_kernel x86 $dir/nothing "larch: $dir/nothing: not a readable file"
refuse_case x86_not_a_kernel x86 "$initrd" \
	"pvkernel: $initrd: not a bzImage (no \"HdrS\" setup header)"

#!/usr/bin/env bash
# The x86 Linux boot's cases, judged from its console output (both sides'
# counts, Linux's own log) and QEMU's exit status, as written by
# build/qemu-test.sh. Lines are matched at their end (console prefixes and
# kernel timestamps do not matter).
# usage: build/x86/linux/judge.sh <test-linux.out.txt> [count]
set -u
out=$1 n=${2:-1000}
rc=$(cat "$out.rc" 2>/dev/null || echo none)
num() { sed -nE "s/.*$1\$/\\1/p" "$out" 2>/dev/null | tail -1; }
has() { grep -qE "$1\$" "$out" 2>/dev/null; }
result() {
	if [ "$2" = 1 ]; then echo "PASS x86/linux/$1"; else echo "FAIL x86/linux/$1: $3"; fi
}
# Linux's own log: booted paravirtualized on Xen, found larch's Xen ABI.
log_lines=(
	'Linux version 6\.1\..*'
	'Booting kernel on Xen'
	'Xen version: 1\.0 \(preserve-AD\)'
	'xen:events: Using 2-level ABI'
	'clocksource: xen: mask: .*'
	'installing Xen timer for CPU 0'
	'installing Xen timer for CPU 1'
	'smp: Brought up 1 node, 2 CPUs'
	"x86/fpu: Enabled xstate features 0x7, context size is 832 bytes, using 'standard' format\\."
	'xen:grant_table: Grant tables using version 1 layout'
	'Grant table initialized'
	'clocksource: Switched to clocksource xen'
	'xen:balloon: Initialising balloon driver'
	'Freeing unused kernel image .*'
	'printk: console \[hvc0\] enabled'
	'Run /init as init process'
)
missing=
for l in "${log_lines[@]}"; do has "\] $l" || missing="$missing [$l]"; done
ok=0; [ -z "$missing" ] && ok=1
result kernel_log $ok "missing from Linux's log:$missing"
ok=0; has 'linux-init: dmesg: Booting kernel on Xen' && ok=1
result init_saw_xen $ok "Linux's init did not report booting on Xen"
# both vCPUs (VCPUOP_initialise/up) online when init looks
ok=0; has 'linux-init: cpus online 0-1' && ok=1
result vcpus_online $ok "not both vCPUs online: $(num 'linux-init: cpus online (.*)')"
# XSAVE and AVX offered, enabled by Linux (xsetbv) and kept per vCPU
ok=0; has 'linux-init: x86 vector flags: xsave avx avx2' && ok=1
result avx_enabled $ok "Linux's flags: $(num 'linux-init: x86 vector flags:(.*)')"
l_sent=$(num 'evtchn-pingpong: sent ([0-9]+) received [0-9]+')
l_recv=$(num 'evtchn-pingpong: sent [0-9]+ received ([0-9]+)')
p_recv=$(num 'linux-peer: received ([0-9]+) sent [0-9]+')
p_sent=$(num 'linux-peer: received [0-9]+ sent ([0-9]+)')
ok=0; [ "$l_sent" = "$n" ] && [ "$p_recv" = "$n" ] && ok=1
result events_linux_to_peer $ok "Linux sent ${l_sent:-?}, the peer received ${p_recv:-?}, want $n"
ok=0; [ "$p_sent" = "$n" ] && [ "$l_recv" = "$n" ] && ok=1
result events_peer_to_linux $ok "the peer sent ${p_sent:-?}, Linux received ${l_recv:-?}, want $n"
# the shared mask byte at work: upcalls larch held while Linux had events
# masked, delivered when it unmasked
masked=$(num 'larch: domain 0 \(linux\): ([0-9]+) upcalls found masked, delivered on unmask')
ok=0; [ "${masked:-0}" -gt 0 ] && ok=1
result mask_byte_used $ok "no upcall was found masked and delivered on unmask"
ok=0; [ "$rc" = 1 ] && has 'larch: domain 0 \(linux\) shut down: poweroff' &&
	has 'larch: all domains down, exit 0' && ok=1
result clean_shutdown $ok "QEMU exit status $rc (want 1), or Linux did not power off"

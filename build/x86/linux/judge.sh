#!/usr/bin/env bash
# The x86 Linux boot's cases, judged from its console output (both sides'
# counts, Linux's own log) and QEMU's exit status, as written by
# build/qemu-test.sh. Lines are matched at their end (console prefixes and
# kernel timestamps do not matter).
# usage: build/x86/linux/judge.sh <test-linux.out.txt> [count]
set -u
out=$1 n=${2:-1000}
arch=x86
. build/linux-judge-lib.sh
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
line_case init_saw_xen 'linux-init: dmesg: Booting kernel on Xen' "Linux's init did not report booting on Xen"
# both vCPUs (VCPUOP_initialise/up) online when init looks
line_case vcpus_online 'linux-init: cpus online 0-1' "not both vCPUs online: $(num 'linux-init: cpus online (.*)')"
# XSAVE and AVX offered, enabled by Linux (xsetbv) and kept per vCPU
line_case avx_enabled 'linux-init: x86 vector flags: xsave avx avx2' "Linux's flags: $(num 'linux-init: x86 vector flags:(.*)')"
exchange_cases evtchn-pingpong 'evtchn-pingpong: [0-9]+ unexpected events'
# the shared mask byte at work: upcalls larch held while Linux had events
# masked, delivered when it unmasked
masked=$(num 'larch: domain 0 \(linux\): ([0-9]+) upcalls found masked, delivered on unmask')
ok=0; [ "${masked:-0}" -gt 0 ] && ok=1
result mask_byte_used $ok "no upcall was found masked and delivered on unmask"
ok=0; [ "$rc" = 1 ] && has 'larch: domain 0 \(linux\) shut down: poweroff' &&
	has 'larch: all domains down, exit 0' && ok=1
result clean_shutdown $ok "QEMU exit status $rc (want 1), or Linux did not power off"

#!/usr/bin/env bash
# The ppc Linux boot's cases, judged from its console output (both sides'
# printed counts, Linux's own log) as written by build/qemu-test.sh;
# powernv has no exit-status device, so the clean end is larch's
# "machine exit 0" line, then QEMU's own exit 0 (larch's IPMI power-off).
# usage: build/ppc/linux/judge.sh <test-linux.out.txt> [count]
set -u
out=$1 n=${2:-1000}
arch=ppc
. build/linux-judge-lib.sh
# Linux's own log: each line says the partition is what larch built
check_log() { line_case "$1" "$2" "no kernel line matching /$2/"; }
check_log kernel_version '\] Linux version 6\.[0-9]+\.[0-9]+-[0-9]+-powerpc64le .*'
check_log pseries_platform 'Hardware name: larch PAPR partition POWER9 .* pSeries$'
check_log radix_page_sizes 'radix-mmu: Page size shift = 16 AP=0x5$'
check_log radix_under_hypervisor '\] lpar: Using radix MMU under hypervisor$'
check_log no_reloc_on_exceptions '\] Relocation on exceptions not supported$'
check_log bootargs '\] Kernel command line: console=hvc0 larch.hotplug=1$'
check_log udbg_console '\] printk: bootconsole \[udbg0\] enabled$'
check_log decrementer '\] time_init: 32 bit decrementer \(max: 7fffffff\)$'
check_log hvc0_console '\] printk: console \[hvc0\] enabled$'
check_log two_cpus '\] smp: Brought up 1 node, 2 CPUs$'
check_log initrd '\] Freeing initrd memory: [0-9]+K$'
check_log rtas_time_of_day '\] rtc-generic rtc-generic: setting system clock to 2000-01-01T.*'
check_log init_runs '\] Run /init as init process$'
check_log rtas_power_off '\] reboot: Power down$'
line_case xics_ipi '^linux-init: irq XICS 2 Edge IPI$' "no XICS IPI line in /proc/interrupts"
# hvc0's input source (the console, open: its handler is there)
line_case xics_console_source '^linux-init: irq XICS 4096 (Edge|Level) hvc_console$' "no XICS source 4096 (hvc0) with its handler in /proc/interrupts"
# hvc1's source (its handler is gone once hvc-pingpong closed the tty)
line_case xics_hvc1_source '^linux-init: irq XICS 4097 (Edge|Level) *' "no XICS source 4097 (hvc1) in /proc/interrupts"
# larch's count of the link interrupts it presented to Linux: most answers
# come by interrupt, but hvc's driver also polls the terminal right after
# each write, and an answer already there is read without one (how many
# depends on the host's timing: 85-98% seen, so the bar is a quarter)
ee1=$(num 'larch: domain 0 \(linux\): XICS link interrupts: ([0-9]+) at MSR\[EE\]=1, [0-9]+ at MSR\[EE\]=0')
ee0=$(num 'larch: domain 0 \(linux\): XICS link interrupts: [0-9]+ at MSR\[EE\]=1, ([0-9]+) at MSR\[EE\]=0')
ok=0; [ -n "$ee1" ] && [ $((ee1 + ee0)) -ge $((n / 4)) ] && ok=1
result xics_link_interrupts $ok "larch presented ${ee1:-?} + ${ee0:-?} link interrupts, want at least $((n / 4))"
line_case vcpus_online '^linux-init: cpus online 0-1$' "not both vCPUs online: $(num 'linux-init: cpus online (.*)')"
# RTAS stop-self, start-cpu (query-cpu-stopped-state) through Linux's
# CPU hotplug
ok=0; has '^linux-init: cpu1 offline: online 0$' && has '^linux-init: cpu1 back: online 0-1$' &&
	has '^linux-init: a task ran on cpu 1$' && ok=1
result cpu_hotplug $ok "vCPU 1 did not go offline and come back"
# RTAS set-time-of-day then get-time-of-day through Linux's rtc-generic
line_case rtc_set_and_read '^linux-init: rtc set, reads Thu Dec  3 10:00:0[0-2] 2026$' "the RTC did not keep the time set: $(num 'linux-init: rtc set, reads (.*)')"

exchange_cases hvc-pingpong 'hvc-pingpong: [0-9]+ unexpected bytes'
off=0; has '^linux-init: powering off$' && off=1
down=0; has '^larch: domain 0 \(linux\) shut down: poweroff$' && down=1
end=0; has '^larch: machine exit 0$' && end=1
ok=0; [ $off = 1 ] && [ $down = 1 ] && [ $end = 1 ] && [ "$rc" = 0 ] && ok=1
why="no clean end:"
[ $off = 1 ] || why="$why Linux's init never reached poweroff;"
[ $down = 1 ] || why="$why larch did not see domain 0 power off;"
[ $end = 1 ] || why="$why no \"larch: machine exit 0\";"
[ "$rc" = 0 ] || why="$why QEMU exit status $rc (want 0: larch's IPMI power-off)"
result clean_shutdown $ok "$why"

#!/usr/bin/env bash
# The arm Linux boot's cases, judged from its console output (both sides'
# printed counts) and QEMU's exit status, as written by build/qemu-test.sh.
# usage: build/arm/linux/judge.sh <test-linux.out.txt> [count]
# Lines are matched at their end so a console prefix does not matter.
set -u
out=$1 n=${2:-1000}
rc=$(cat "$out.rc" 2>/dev/null || echo none)
num() { # num <regex with one number group> : that number from the last match
	sed -nE "s/.*$1\$/\\1/p" "$out" 2>/dev/null | tail -1
}
has() { grep -qE "$1\$" "$out" 2>/dev/null; }
result() { # result <case> <ok> <why>
	if [ "$2" = 1 ]; then echo "PASS arm/linux/$1"; else echo "FAIL arm/linux/$1: $3"; fi
}
l_sent=$(num 'evtchn-pingpong: sent ([0-9]+) received [0-9]+')
l_recv=$(num 'evtchn-pingpong: sent [0-9]+ received ([0-9]+)')
p_recv=$(num 'linux-peer: received ([0-9]+) sent [0-9]+')
p_sent=$(num 'linux-peer: received [0-9]+ sent ([0-9]+)')
extra=0
has 'evtchn-pingpong: [0-9]+ unexpected events' && extra=1
has 'linux-peer: [0-9]+ events beyond [0-9]+' && extra=1

ok=0; has 'linux-init: dmesg: Xen [0-9.]+ support found' && ok=1
result xen_found $ok "Linux did not print its \"Xen ... support found\" line"
ok=0; has 'linux-init: cpus online 0-1' && ok=1
result vcpus_online $ok "not both vCPUs online: $(num 'linux-init: cpus online (.*)')"
ok=0; [ "$l_sent" = "$n" ] && [ "$p_recv" = "$n" ] && [ $extra = 0 ] && ok=1
result events_linux_to_peer $ok "Linux sent ${l_sent:-?}, the peer received ${p_recv:-?}, want $n (extra: $extra)"
ok=0; [ "$p_sent" = "$n" ] && [ "$l_recv" = "$n" ] && [ $extra = 0 ] && ok=1
result events_peer_to_linux $ok "the peer sent ${p_sent:-?}, Linux received ${l_recv:-?}, want $n (extra: $extra)"
off=0; has 'linux-init: powering off' && off=1
down=0; has 'larch: domain 0 \(linux\) shut down: poweroff' && down=1
ok=0; [ "$rc" = 0 ] && [ $off = 1 ] && [ $down = 1 ] && ok=1
why="QEMU exit status $rc (want 0)"
[ $off = 1 ] || why="$why; Linux's init never reached poweroff"
[ $down = 1 ] || why="$why; larch did not see domain 0 power off"
result clean_shutdown $ok "$why"

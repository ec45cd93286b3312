#!/usr/bin/env bash
# The arm Linux boot's cases, judged from its console output (both sides'
# printed counts) and QEMU's exit status, as written by build/qemu-test.sh.
# usage: build/arm/linux/judge.sh <test-linux.out.txt> [count]
# Lines are matched at their end so a console prefix does not matter.
set -u
out=$1 n=${2:-1000}
arch=arm
. build/linux-judge-lib.sh

line_case xen_found 'linux-init: dmesg: Xen [0-9.]+ support found' "Linux did not print its \"Xen ... support found\" line"
line_case vcpus_online 'linux-init: cpus online 0-1' "not both vCPUs online: $(num 'linux-init: cpus online (.*)')"
exchange_cases evtchn-pingpong 'evtchn-pingpong: [0-9]+ unexpected events'
off=0; has 'linux-init: powering off' && off=1
down=0; has 'larch: domain 0 \(linux\) shut down: poweroff' && down=1
ok=0; [ "$rc" = 0 ] && [ $off = 1 ] && [ $down = 1 ] && ok=1
why="QEMU exit status $rc (want 0)"
[ $off = 1 ] || why="$why; Linux's init never reached poweroff"
[ $down = 1 ] || why="$why; larch did not see domain 0 power off"
result clean_shutdown $ok "$why"

#!/usr/bin/env bash
# The Linux shell boot (make check's <arch>/boot/linux-shell, arm64 and x86_64): the
# demo's config (larch.shell=1), and once the shell is up, a paste into it
# through the real UART while the shell sleeps: one ~3 KiB command line and
# 200 short commands in a single write, 8 KiB in all, more than the console
# ring (1 KiB) and Linux's line buffer (4 KiB) hold together. Every byte
# must arrive (docs/arch-x86.md, "Console"; docs/arch-arm.md): the judge
# checks the long line's length and each command's output, exactly. The
# paste ends with `reboot -f`: where the config says on-reboot = "restart"
# (arm64) Linux comes back to its shell and is powered off from there,
# elsewhere the reboot ends the machine; exit 0 either way (docs/config.md,
# "Lifecycle").
# usage: build/linux-shell-test.sh <arch>   (stdout: the boot's console)
set -u
cd "$(dirname "$0")/.."
arch=$1
out=build/out/$arch
live=$out/test-linux-shell.live
fifo=$out/test-linux-shell.fifo
rm -f "$fifo" && mkfifo "$fifo" && : >"$live"
wait_for() { # <line regex>: in the live output, or give up with QEMU
	until grep -qE "$1" "$live"; do
		sleep 0.5
		kill -0 "$qpid" 2>/dev/null || exit 0
	done
}
(
	build/$arch/linux/run.sh $out/linux/config-shell.dtb <"$fifo" 2>&1 | tee "$live"
	exit "${PIPESTATUS[0]}"
) &
qpid=$!
exec 3>"$fifo"
wait_for 'starting a shell'
sleep 1
# no echo, no prompt: only the commands' own output is judged
printf 'stty -echo; PS1=; echo shell-ready\n' >&3
wait_for '^shell-ready'
long=$(head -c 3000 /dev/zero | tr '\0' x)
{
	printf 'sleep 3\n'
	printf "printf '%%s' %s | wc -c | sed 's/^/paste-length /'\n" "$long"
	for i in $(seq 1 200); do printf 'echo paste-$((%d*1000+7))\n' "$i"; done
	printf 'reboot -f\n'
} >&3
# A domain whose config says on-reboot = "restart" (arm64) comes back to
# init and its shell: power it off from there. Elsewhere the reboot ends
# the machine as cleanly as a poweroff.
until [ "$(grep -c 'starting a shell' "$live")" -ge 2 ]; do
	sleep 0.5
	kill -0 "$qpid" 2>/dev/null || break
done
if kill -0 "$qpid" 2>/dev/null; then
	sleep 1
	printf 'echo shell-again; poweroff -f\n' >&3
fi
exec 3>&-
wait "$qpid"

# What the Linux boots' judges share (sourced by build/<arch>/linux/judge.sh
# after setting out, the boot's console output as build/qemu-test.sh wrote
# it; n, the exchange count; arch). Lines are matched at their end, so a
# console prefix or a kernel timestamp does not matter.
rc=$(cat "$out.rc" 2>/dev/null || echo none) # QEMU's exit status
num() { # num <regex with one group>: that group in the last matching line
	sed -nE "s/.*$1\$/\\1/p" "$out" 2>/dev/null | tail -1
}
has() { grep -qE "$1\$" "$out" 2>/dev/null; }
result() { # result <case> <ok: 1 or 0> <why>
	if [ "$2" = 1 ]; then echo "PASS $arch/linux/$1"; else echo "FAIL $arch/linux/$1: $3"; fi
}
# line_case <case> <regex> <why>: passes if a line ends matching regex
line_case() {
	local ok=0
	has "$2" && ok=1
	result "$1" $ok "$3"
}
# exchange_cases <Linux's program> <its line for anything unexpected>: the
# ping-pong's exact counts each way against the test domain linux-peer,
# nothing beyond them on either side
exchange_cases() {
	local prog=$1 l_sent l_recv p_recv p_sent extra=0 ok
	l_sent=$(num "$prog: sent ([0-9]+) received [0-9]+")
	l_recv=$(num "$prog: sent [0-9]+ received ([0-9]+)")
	p_recv=$(num 'linux-peer: received ([0-9]+) sent [0-9]+')
	p_sent=$(num 'linux-peer: received [0-9]+ sent ([0-9]+)')
	has "$2" && extra=1
	has 'linux-peer: [0-9]+ events beyond [0-9]+' && extra=1
	ok=0; [ "$l_sent" = "$n" ] && [ "$p_recv" = "$n" ] && [ $extra = 0 ] && ok=1
	result events_linux_to_peer $ok "Linux sent ${l_sent:-?}, the peer received ${p_recv:-?}, want $n (extra: $extra)"
	ok=0; [ "$p_sent" = "$n" ] && [ "$l_recv" = "$n" ] && [ $extra = 0 ] && ok=1
	result events_peer_to_linux $ok "the peer sent ${p_sent:-?}, Linux received ${l_recv:-?}, want $n (extra: $extra)"
}

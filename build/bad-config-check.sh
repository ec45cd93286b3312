#!/usr/bin/env bash
# A staged config that is not a device tree (issue 15 item 1): the user
# loaded something at the staging address, so larch must not boot its
# built-in demo instead; it names the blob and ends the machine with exit 5
# (LARCH_EXIT_BAD_INPUT). Runs the arch's Linux run script with a text file
# as the config.
# usage: build/bad-config-check.sh <arch> <staging address> <QEMU's status for exit 5>
set -u
cd "$(dirname "$0")/.."
arch=$1 addr=$2 want=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "not a device tree" >"$tmp/config.txt"
got=$(LINUX_INITRD= build/run-watched.sh 60 -- build/$arch/linux/run.sh "$tmp/config.txt")
rc=$?
line="larch: the blob loaded at $addr (first bytes 6e 6f 74 20) is not a device tree (FDT_ERR_BADMAGIC); nothing was started"
if ! grep -qxF "$line" <<<"$got"; then
	echo "FAIL $arch/staging/config_not_fdt: no line \"$line\""
	grep -E '^(larch|\(stopped)' <<<"$got" | tail -3 | sed 's/^/    /'
elif [ "$rc" != "$want" ]; then
	echo "FAIL $arch/staging/config_not_fdt: QEMU exit status $rc, want $want"
elif grep -q "^larch: domain" <<<"$got"; then
	echo "FAIL $arch/staging/config_not_fdt: a domain was built"
else
	echo "PASS $arch/staging/config_not_fdt"
fi

#!/usr/bin/env bash
# The loaded config of a Linux boot (arm64, x86_64): build/<arch>/linux/
# config.dts.in with the staged files' sizes and the kernel command line
# filled in, compiled with dtc. Used by linux.mk (the test and demo
# configs) and build/linux-user.sh (your own kernel).
# usage: build/linux-config.sh <config.dts.in> <kernel> <initrd> <bootargs> <out.dtb>
set -eu
in=$1 kernel=$2 initrd=$3 bootargs=$4 dtb=$5
# the command line is a DTS string: its quotes and backslashes escaped;
# substituted literally (bash 5.2 would otherwise expand & in the text)
shopt -u patsub_replacement 2>/dev/null || true
args=${bootargs//\\/\\\\}
args=${args//\"/\\\"}
dts=$(<"$in")
dts=${dts//@KERNEL_SIZE@/$(stat -c %s "$kernel")}
dts=${dts//@INITRD_SIZE@/$(stat -c %s "$initrd")}
dts=${dts//@BOOTARGS@/$args}
printf '%s\n' "$dts" >"${dtb%.dtb}.dts"
dtc -q -I dts -O dtb -o "$dtb" "${dtb%.dtb}.dts"

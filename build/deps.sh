#!/usr/bin/env bash
# Installs what larch needs and is missing, saying what it installs: each
# backend's tools and libfdt as build/arches.txt lists them (Debian's foreign
# libfdt builds unpacked into build/deps/), dtc, clang and libFuzzer for
# the fuzzers, clang-format, gdb-multiarch for make debug,
# and for the Linux guests Debian's arm64 cloud kernel and busybox-static
# unpacked into build/deps/arm64/linux/, Debian's amd64 cloud kernel
# (unpacked to an ELF vmlinux by build/x86/pvkernel) and busybox-static
# into build/deps/amd64/linux/ (nothing is installed into /boot), and
# Debian's ppc64el kernel (an ELF vmlinux) and busybox-static into
# build/deps/ppc64el/linux/.
# Quiet and quick when everything is there.
# Usage: build/deps.sh [--quiet]   (--x86-linux and --ppc-linux, once
# needed, are accepted)
set -eu
cd "$(dirname "$0")/.."
quiet= x86_linux= ppc_linux=
for arg in "$@"; do
	case $arg in
	--quiet) quiet=--quiet ;;
	--x86-linux) x86_linux=y ;;
	--ppc-linux) ppc_linux=y ;;
	esac
done

need_pkgs=()
want() { # want <command-or-file> <package>
	case "$1" in
	/*) [ -e "$1" ] || need_pkgs+=("$2") ;;
	*) command -v "$1" >/dev/null 2>&1 || need_pkgs+=("$2") ;;
	esac
}
want gcc gcc
want /usr/include/stdio.h libc6-dev
want make make
# Each backend's compiler and emulator: the tools column of build/arches.txt.
for pair in $(build/arches.sh all tools | tr ',' ' '); do
	want "${pair%%:*}" "${pair#*:}"
done
want dtc device-tree-compiler
want /usr/include/libfdt.h libfdt-dev
want timeout coreutils
# build/watch.sh counts a boot's CPU time by process group
want pgrep procps
want python3 python3
want clang-format clang-format
# make debug: one gdb for every backend (docs/debugging.md)
want gdb-multiarch gdb-multiarch
# The fuzzers (tests/fuzz.mk): clang, and libFuzzer with the sanitizer
# runtimes, which Debian ships apart from the compiler (libclang-rt-dev
# follows the default clang's version).
want clang clang
if ! command -v clang >/dev/null 2>&1 ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n & 0; }' |
	clang -x c -fsanitize=fuzzer,address,undefined - -o /dev/null >/dev/null 2>&1; then
	need_pkgs+=(libclang-rt-dev)
fi
# the arm Linux guest: a static aarch64 user program and its initramfs
want /usr/aarch64-linux-gnu/lib/libc.a libc6-dev-arm64-cross
# the ppc Linux partition's static user program (build/ppc/linux/linux.mk)
want /usr/powerpc64le-linux-gnu/lib/libc.a libc6-dev-ppc64el-cross
want cpio cpio
want gzip gzip
# the x86 PV Linux guest: its bzImage payload is LZ4 (build/x86/pvkernel.c);
# a user's own kernel may carry any of these (build/linux-user.sh)
want lz4 lz4
want xz xz-utils
want bzip2 bzip2
want zstd zstd

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
if [ ${#need_pkgs[@]} -gt 0 ]; then
	echo "deps: installing ${need_pkgs[*]}"
	# Wait for a dpkg lock held by another install rather than fail.
	lock="-o DPkg::Lock::Timeout=600"
	$sudo apt-get $lock update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive $sudo apt-get $lock install -y -q --no-install-recommends \
		"${need_pkgs[@]}" >build/deps-apt.log 2>&1 ||
		{ tail -20 build/deps-apt.log; exit 1; }
fi

# libfdt per target (the libfdt column of build/arches.txt): headers and static
# library in build/deps/<debian-arch>/fdt. The host's own comes from
# libfdt-dev; the others are Debian's builds, downloaded and unpacked.
host_arch=$(dpkg --print-architecture)
next_release() { # the Debian release after $1
	case $1 in
	bullseye) echo bookworm ;; bookworm) echo trixie ;;
	trixie) echo forky ;; forky) echo duke ;;
	esac
}
debian_mirror() { # the host's Debian mirror, else deb.debian.org
	local m
	m=$(grep -hoE '^URIs: *[^ ]+/debian$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | sed 's/^URIs: *//')
	[ -n "$m" ] || m=$(grep -hoE '^deb +[^ ]+/debian ' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{ print $2 }')
	echo "${m:-http://deb.debian.org/debian}"
}
fetch_libfdt() { # fetch_libfdt <debian-arch>
	local a=$1 dir=build/deps/$1
	[ -f "$dir/fdt/lib/libfdt.a" ] && return 0
	mkdir -p "$dir/fdt/include" "$dir/fdt/lib"
	if [ "$a" = "$host_arch" ]; then
		cp /usr/include/{libfdt.h,libfdt_env.h,fdt.h} "$dir/fdt/include/"
		cp "$(dpkg -L libfdt-dev | grep '/libfdt\.a$' | head -1)" "$dir/fdt/lib/"
		return 0
	fi
	echo "deps: fetching Debian's libfdt-dev:$a into $dir"
	mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial"
	local o="-o APT::Architecture=$a -o APT::Architectures=$a -o Dir::State::Lists=$PWD/$dir/apt/lists -o Dir::Cache=$PWD/$dir/apt/cache"
	# The update may exit non-zero for an unrelated index (seen for
	# ppc64el); the downloaded .deb is what counts.
	apt-get $o update >"$dir/apt/update.log" 2>&1 || true
	if ! (cd "$dir/apt" && apt-get $o download libfdt-dev >download.log 2>&1); then
		# Not built by the host's release (riscv64 on bookworm): the
		# next release's, as build/arches.txt says, with its own lists.
		local rel next
		rel=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
		next=$(next_release "$rel")
		[ -n "$next" ] || { cat "$dir/apt/download.log"; exit 1; }
		echo "deps: Debian $rel has no libfdt-dev:$a; taking $next's"
		mkdir -p "$dir/apt/next.d" "$dir/apt/next-lists/partial"
		printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nArchitectures: %s\nSigned-By: %s\n' \
			"$(debian_mirror)" "$next" "$a" /usr/share/keyrings/debian-archive-keyring.gpg \
			>"$dir/apt/next.d/next.sources"
		o="$o -o Dir::State::Lists=$PWD/$dir/apt/next-lists -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$PWD/$dir/apt/next.d"
		apt-get $o update >"$dir/apt/update-next.log" 2>&1 || true
		(cd "$dir/apt" && apt-get $o download libfdt-dev >download.log 2>&1) ||
			{ cat "$dir/apt/download.log"; exit 1; }
	fi
	dpkg -x "$dir"/apt/libfdt-dev_*.deb "$dir/x"
	cp "$dir"/x/usr/include/{libfdt.h,libfdt_env.h,fdt.h} "$dir/fdt/include/"
	cp "$(find "$dir/x" -name libfdt.a | head -1)" "$dir/fdt/lib/"
	rm -rf "$dir/x"
}
for a in $(build/arches.sh all libfdt | sort -u); do
	fetch_libfdt "$a"
done

# Debian's current <flavour> kernel (the package linux-image-<flavour>
# names) and busybox-static for one Debian arch, with a private apt state
# under <dir>/apt, unpacked into <dir>/linux-x. Args: debarch dir flavour.
fetch_kernel_debs() {
	local a=$1 dir=$2 meta=linux-image-$3 try kpkg deb
	local o="-o APT::Architecture=$a -o APT::Architectures=$a -o Dir::State::Lists=$PWD/$dir/apt/lists -o Dir::Cache=$PWD/$dir/apt/cache"
	rm -rf "$dir/linux-x" "$dir/apt/linux-download.log"
	mkdir -p "$dir/linux-x" "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial"
	# The indexes kept from an earlier run may name a kernel the archive has
	# since dropped: on a failed download, refresh them once and retry.
	for try in 1 2; do
		kpkg=$(apt-cache $o depends "$meta" 2>/dev/null |
			sed -n "s/^ *Depends: \(linux-image-[0-9][^ ]*-$3\)\$/\1/p" | head -1)
		[ -n "$kpkg" ] && (cd "$dir/apt" && rm -f linux-image-*.deb busybox-static_*.deb &&
			apt-get $o download "$kpkg" busybox-static >linux-download.log 2>&1) && break
		[ $try = 2 ] && { cat "$dir/apt/linux-download.log" 2>/dev/null ||
			echo "deps: $meta names no kernel package"; return 1; }
		apt-get $o update >"$dir/apt/update.log" 2>&1 || true
	done
	for deb in "$dir"/apt/linux-image-*.deb "$dir"/apt/busybox-static_*.deb; do
		dpkg -x "$deb" "$dir/linux-x" || return 1
	done
}

# xen-evtchn and what it depends on (the depends= field of .modinfo), from
# the kernel package unpacked at $1, dependencies first, into $2/modules/
# and $2/modules.order; busybox insmod takes uncompressed modules only.
pick_modules() {
	local x=$1 l=$2
	mkdir -p "$l/modules"
	local kdir=("$x"/lib/modules/*/kernel)
	local order=() queue=(xen-evtchn) m f deps
	while [ ${#queue[@]} -gt 0 ]; do
		m=${queue[0]} queue=("${queue[@]:1}")
		case " ${order[*]} " in *" $m "*) continue ;; esac
		f=$(find "${kdir[0]}" \( -name "$m.ko" -o -name "${m//_/-}.ko" -o -name "${m//-/_}.ko" \) | head -1)
		[ -n "$f" ] || { echo "deps: module $m not in the kernel package"; return 1; }
		cp "$f" "$l/modules/$m.ko" || return 1
		order=("$m" "${order[@]}")
		deps=$(tr '\0' '\n' <"$f" | sed -n 's/^depends=//p' | head -1)
		[ -n "$deps" ] && queue+=(${deps//,/ })
	done
	printf '%s\n' "${order[@]}" >"$l/modules.order"
}

# The arm Linux guest (docs/arch-arm.md): Debian's current arm64 cloud
# kernel (the versioned package the metapackage linux-image-cloud-arm64
# depends on), its xen-evtchn.ko with the modules that one depends on, and
# busybox-static, from the same private apt state as libfdt above.
# Output in build/deps/arm64/linux/: Image (Debian's arm64 vmlinuz is a
# plain Image; a gzipped one is unpacked),
# modules/*.ko plus modules.order (load order), busybox, version.
fetch_linux() {
	local dir=build/deps/arm64 l=build/deps/arm64/linux
	[ -f "$l/Image" ] && [ -f "$l/busybox" ] && [ -f "$l/modules.order" ] && return 0
	echo "deps: fetching Debian's arm64 cloud kernel and busybox-static into $l (~22 MB)"
	local x=$dir/linux-x
	rm -rf "$l"
	mkdir -p "$l/modules"
	fetch_kernel_debs arm64 "$dir" cloud-arm64 || return 1
	local vmlinuz=("$x"/boot/vmlinuz-*)
	basename "${vmlinuz[0]}" | sed 's/^vmlinuz-//' >"$l/version"
	gzip -dc "${vmlinuz[0]}" >"$l/Image.tmp" 2>/dev/null || cp "${vmlinuz[0]}" "$l/Image.tmp" || return 1
	cp "$x/bin/busybox" "$l/busybox" || return 1
	pick_modules "$x" "$l" || return 1
	mv "$l/Image.tmp" "$l/Image" && rm -rf "$x"
}
# Without it only the arm Linux boot cannot run (it then fails).
fetch_linux || echo "deps: could not fetch the arm64 kernel/busybox: the arm Linux boot will fail"

# The x86 PV Linux guest (docs/arch-x86.md, "Booting Linux"): Debian's
# current amd64 cloud kernel (the package linux-image-cloud-amd64 names) and
# busybox-static, with a private apt state as above (the .deb is ~27 MB). build/x86/pvkernel checks the bzImage, unpacks its LZ4
# payload and checks the vmlinux's Xen notes with the hypervisor's reader.
# Output in build/deps/amd64/linux/: vmlinuz, vmlinux, modules/*.ko plus
# modules.order, busybox, version.
fetch_linux_amd64() {
	local dir=build/deps/amd64 l=build/deps/amd64/linux
	[ -f "$l/vmlinux" ] && [ -f "$l/busybox" ] && [ -f "$l/modules.order" ] && return 0
	echo "deps: fetching Debian's amd64 cloud kernel and busybox-static into $l (~28 MB)"
	local x=$dir/linux-x
	rm -rf "$l"
	mkdir -p "$l"
	fetch_kernel_debs amd64 "$dir" cloud-amd64 || return 1
	local vmlinuz=("$x"/boot/vmlinuz-*)
	basename "${vmlinuz[0]}" | sed 's/^vmlinuz-//' >"$l/version"
	cp "${vmlinuz[0]}" "$l/vmlinuz" && cp "$x/bin/busybox" "$l/busybox" || return 1
	pick_modules "$x" "$l" || return 1
	mkdir -p build/out/host
	${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -Iinclude build/x86/pvkernel.c \
		-o build/out/host/pvkernel || return 1
	build/out/host/pvkernel "$l/vmlinuz" "$l/vmlinux.tmp" &&
		mv "$l/vmlinux.tmp" "$l/vmlinux" && rm -rf "$x"
}
# Without it only the x86 Linux boot cannot run (it then fails).
fetch_linux_amd64 || echo "deps: could not fetch or unpack the amd64 kernel: the x86 Linux boot will fail"
: "$x86_linux" # the old opt-in flag

# The ppc Linux partition (issue 16): Debian's current ppc64el kernel (the
# package linux-image-powerpc64le names; its /boot/vmlinux-* is already an
# uncompressed ELF) and busybox-static, with a private apt state as above
# (the .deb is ~49 MB). Output in build/deps/ppc64el/linux/:
# vmlinux, busybox, version.
fetch_linux_ppc64el() {
	local dir=build/deps/ppc64el l=build/deps/ppc64el/linux
	[ -f "$l/vmlinux" ] && [ -f "$l/busybox" ] && return 0
	echo "deps: fetching Debian's ppc64el kernel and busybox-static into $l (~50 MB)"
	local x=$dir/linux-x
	rm -rf "$l"
	mkdir -p "$l"
	fetch_kernel_debs ppc64el "$dir" powerpc64le || return 1
	local vmlinux=("$x"/boot/vmlinux-*)
	[ -f "${vmlinux[0]}" ] || { echo "deps: no /boot/vmlinux-* in the ppc64el kernel package"; return 1; }
	basename "${vmlinux[0]}" | sed 's/^vmlinux-//' >"$l/version"
	# A little-endian 64-bit ELF (bytes 4-5 of the header: class 2, data 1).
	[ "$(od -An -tx1 -j4 -N2 "${vmlinux[0]}" | tr -d ' ')" = 0201 ] ||
		{ echo "deps: ${vmlinux[0]} is not a little-endian ELF64"; return 1; }
	cp "$x/bin/busybox" "$l/busybox" && cp "${vmlinux[0]}" "$l/vmlinux.tmp" &&
		mv "$l/vmlinux.tmp" "$l/vmlinux" && rm -rf "$x"
}
# Without it only the ppc Linux boot cannot run (it then fails).
fetch_linux_ppc64el || echo "deps: could not fetch the ppc64el kernel: the ppc Linux boot will fail"
: "$ppc_linux" # the old opt-in flag
[ "$quiet" = --quiet ] || echo "deps: all present"

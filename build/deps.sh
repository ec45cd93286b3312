#!/usr/bin/env bash
# Installs what larch needs and is missing, saying what it installs: each
# backend's tools and libfdt as build/arches.txt lists them (Debian's foreign
# libfdt builds unpacked into build/deps/), dtc, clang and libFuzzer for
# the fuzzers, clang-format.
# Quiet and quick when everything is there. Usage: build/deps.sh [--quiet]
set -eu
cd "$(dirname "$0")/.."
quiet=${1:-}

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
want python3 python3
want clang-format clang-format
# The fuzzers (tests/fuzz.mk): clang, and libFuzzer with the sanitizer
# runtimes, which Debian ships apart from the compiler (libclang-rt-dev
# follows the default clang's version).
want clang clang
if ! command -v clang >/dev/null 2>&1 ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n & 0; }' |
	clang -x c -fsanitize=fuzzer,address,undefined - -o /dev/null >/dev/null 2>&1; then
	need_pkgs+=(libclang-rt-dev)
fi

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
	(cd "$dir/apt" && apt-get $o download libfdt-dev >download.log 2>&1) ||
		{ cat "$dir/apt/download.log"; exit 1; }
	dpkg -x "$dir"/apt/libfdt-dev_*.deb "$dir/x"
	cp "$dir"/x/usr/include/{libfdt.h,libfdt_env.h,fdt.h} "$dir/fdt/include/"
	cp "$(find "$dir/x" -name libfdt.a | head -1)" "$dir/fdt/lib/"
	rm -rf "$dir/x"
}
for a in $(build/arches.sh all libfdt | sort -u); do
	fetch_libfdt "$a"
done
[ "$quiet" = --quiet ] || echo "deps: all present"

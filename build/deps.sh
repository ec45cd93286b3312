#!/usr/bin/env bash
# Installs what larch needs and is missing, saying what it installs:
# cross compilers, binutils for ia64, QEMU, dtc, libfdt for the host, and
# Debian's arm64/ppc64el libfdt builds unpacked into build/deps/.
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
want aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
want powerpc64le-linux-gnu-gcc gcc-powerpc64le-linux-gnu
want ia64-linux-gnu-as binutils-ia64-linux-gnu
want qemu-system-x86_64 qemu-system-x86
want qemu-system-ppc64 qemu-system-ppc
want qemu-system-aarch64 qemu-system-arm
want dtc device-tree-compiler
want /usr/include/libfdt.h libfdt-dev
want timeout coreutils
want python3 python3
want clang-format clang-format

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

# libfdt per target: headers and static library in build/deps/<arch>/fdt.
fetch_libfdt() { # fetch_libfdt <debian-arch> <triplet>
	local a=$1 triplet=$2 dir=build/deps/$1
	[ -f "$dir/fdt/lib/libfdt.a" ] && return 0
	echo "deps: fetching Debian's libfdt-dev:$a into $dir"
	mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/fdt/include" "$dir/fdt/lib"
	local o="-o APT::Architecture=$a -o APT::Architectures=$a -o Dir::State::Lists=$PWD/$dir/apt/lists -o Dir::Cache=$PWD/$dir/apt/cache"
	# The update may exit non-zero for an unrelated index (seen for
	# ppc64el); the downloaded .deb is what counts.
	apt-get $o update >"$dir/apt/update.log" 2>&1 || true
	(cd "$dir/apt" && apt-get $o download libfdt-dev >download.log 2>&1) ||
		{ cat "$dir/apt/download.log"; exit 1; }
	dpkg -x "$dir"/apt/libfdt-dev_*.deb "$dir/x"
	cp "$dir"/x/usr/include/{libfdt.h,libfdt_env.h,fdt.h} "$dir/fdt/include/"
	cp "$dir/x/usr/lib/$triplet/libfdt.a" "$dir/fdt/lib/"
	rm -rf "$dir/x"
}
fetch_libfdt arm64 aarch64-linux-gnu
fetch_libfdt ppc64el powerpc64le-linux-gnu
if [ ! -f build/deps/amd64/fdt/lib/libfdt.a ]; then
	mkdir -p build/deps/amd64/fdt/include build/deps/amd64/fdt/lib
	cp /usr/include/{libfdt.h,libfdt_env.h,fdt.h} build/deps/amd64/fdt/include/
	cp /usr/lib/x86_64-linux-gnu/libfdt.a build/deps/amd64/fdt/lib/
fi
[ "$quiet" = --quiet ] || echo "deps: all present"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) the small host kernel that the tests boot in
# QEMU, and print its build directory.  The cache lives outside the repo
# ($AXVCPU_CACHE, default ~/.cache/axvcpu) and is keyed by the config
# fragment(s), the recipe number below, the kernel source package version
# and the patches of patches/ for the arch, so a second run is instant.
#
# The source gets every patch in patches/ (fixes of Debian's 6.1 that the
# tests run into); one named <arch>-*.patch changes only that arch's build.
#
# usage: kernel.sh riscv|arm64 [variant]
#        kernel.sh --src      only extract the kernel source (for
#                             kselftest_harness.h, checkpatch.pl, ...) and
#                             print its directory
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${AXVCPU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/axvcpu}
tarball=/usr/src/linux-source-6.1.tar.xz
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$cache/src/linux-$srcver

shopt -s nullglob
patches=("$here"/patches/*.patch)
want_patches=$(cat "${patches[@]}" </dev/null | sha256sum | cut -c1-16)

src_ready() {
	[ -f "$src/.axvcpu-extracted" ] &&
		[ "$(cat "$src/.axvcpu-patches" 2>/dev/null)" = "$want_patches" ]
}

# Call with the cache lock held.
extract_src() {
	if ! src_ready; then
		echo "kernel.sh: extracting $tarball" >&2
		rm -rf "$src" && mkdir -p "$src"
		tar -xJf "$tarball" -C "$src" --strip-components=1
		for p in "${patches[@]}"; do
			echo "kernel.sh: applying patches/${p##*/}" >&2
			patch -s -p1 -d "$src" <"$p"
		done
		echo "$want_patches" >"$src/.axvcpu-patches"
		touch "$src/.axvcpu-extracted"
	fi
}

if [ "${1:-}" = --src ]; then
	if ! src_ready; then
		mkdir -p "$cache"
		exec 9>"$cache/lock"
		flock 9
		extract_src
	fi
	echo "$src"
	exit 0
fi

arch=${1:?usage: kernel.sh riscv|arm64 [variant] | kernel.sh --src}
variant=${2:-host}

case $arch in
riscv)	cross=riscv64-linux-gnu-; image=arch/riscv/boot/Image ;;
arm64)	cross=aarch64-linux-gnu-; image=arch/arm64/boot/Image ;;
*)	echo "kernel.sh: unknown arch '$arch'" >&2; exit 2 ;;
esac

frags=("$top/arch/$arch/configs/axvcpu_$variant.config")
[ "$variant" = host ] || frags=("$top/arch/$arch/configs/axvcpu_host.config" "${frags[@]}")
# Bump when the build recipe below changes in a way that alters the result.
recipe=1
arch_patches=("$here"/patches/"$arch"-*.patch)
key=$(cat "${frags[@]}" "${arch_patches[@]}" |
	{ cat; echo "$srcver $recipe"; } | sha256sum | cut -c1-16)
out=$cache/build/$arch-$variant-$key

if [ -f "$out/.axvcpu-done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9
if [ -f "$out/.axvcpu-done" ]; then
	echo "$out"
	exit 0
fi

extract_src

echo "kernel.sh: building $arch $variant kernel in $out (a few minutes, cached afterwards)" >&2
rm -rf "$out" && mkdir -p "$out"
mk=(make -s -C "$src" O="$out" ARCH="$arch" CROSS_COMPILE="$cross")
"${mk[@]}" tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}" >/dev/null
"${mk[@]}" olddefconfig >&2
# Every line of the fragments must have survived Kconfig: a silently
# dropped option is a broken test kernel.
for f in "${frags[@]}"; do
	grep -E '^CONFIG_' "$f" | while read -r line; do
		grep -qxF "$line" "$out/.config" ||
			{ echo "kernel.sh: $line did not stick" >&2; exit 1; }
	done
done
"${mk[@]}" -j"$(nproc)" Image modules >&2
[ -f "$out/$image" ]
touch "$out/.axvcpu-done"
echo "$out"

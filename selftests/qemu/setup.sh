#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages that building and booting the tests need.
# Idempotent and silent when everything is already there, so every make
# target can call it.  "apt-get update" runs only when something is missing.
set -euo pipefail

pkgs=(
	# host tools for the kernel build, gen_init_cpio and the scripts
	gcc make libc6-dev flex bison bc cpio xz-utils libssl-dev libelf-dev
	kmod rsync perl python3 sparse patch
	# the host kernel source (kernel.sh extracts it into the cache)
	linux-source-6.1
	# cross compilers and static C libraries for the guests of QEMU
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	# QEMU: qemu-system-riscv64 (with OpenSBI) and qemu-system-aarch64
	qemu-system-misc qemu-system-arm
)

installed=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' "${pkgs[@]}" \
	2>/dev/null | sed -n 's/^ii *//p' | tr '\n' ' ' || true) "
missing=()
for p in "${pkgs[@]}"; do
	[[ $installed == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

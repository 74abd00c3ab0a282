#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the uncompressed newc initramfs that run-qemu.sh boots.  It uses the
# kernel's own usr/gen_init_cpio (compiled once from the cached kernel
# source into build/host/), so /dev/console can be created without root.
#
# usage: initramfs.sh -o OUT.cpio -i INIT [-m MODULE.ko] [-t TESTS_DIR]
#                     [-T TOOLS_DIR] [-k KVM.ko]
#
# Layout of the result:
#   /init              INIT
#   /axvcpu.ko         MODULE.ko
#   /kvm.ko            KVM.ko, for tests that compare with or run beside KVM
#   /tests/*           every executable file in TESTS_DIR
#   /bin/*, /guest/... TOOLS_DIR/bin/* and TOOLS_DIR/guest/** (the VMM and
#                      the guest images)
#   /dev/console, /dev, /proc, /sys, /tmp
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out= init= module= tests= tools= kvm=
while getopts o:i:m:t:T:k: opt; do
	case $opt in
	o) out=$OPTARG ;;
	i) init=$OPTARG ;;
	m) module=$OPTARG ;;
	t) tests=$OPTARG ;;
	T) tools=$OPTARG ;;
	k) kvm=$OPTARG ;;
	*) exit 2 ;;
	esac
done
[ -n "$out" ] && [ -n "$init" ] ||
	{ echo "usage: initramfs.sh -o OUT -i INIT [-m KO] [-t TESTS] [-T TOOLS] [-k KVM_KO]" >&2; exit 2; }

gen=$top/build/host/gen_init_cpio
if [ ! -x "$gen" ]; then
	ksrc=$("$here/kernel.sh" --src)
	mkdir -p "$(dirname "$gen")"
	${HOSTCC:-cc} -O2 -o "$gen.tmp" "$ksrc/usr/gen_init_cpio.c"
	mv "$gen.tmp" "$gen"
fi

abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
check_path() {
	case $1 in
	*[[:space:]]*)
		echo "initramfs.sh: '$1': gen_init_cpio cannot take paths with spaces" >&2
		exit 1 ;;
	esac
}

list=$(mktemp)
trap 'rm -f "$list"' EXIT
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /proc /sys /bin /tests /guest; do
		echo "dir $d 0755 0 0"
	done
	echo "dir /tmp 1777 0 0"
	check_path "$(abs "$init")"
	echo "file /init $(abs "$init") 0755 0 0"
	if [ -n "$module" ]; then
		check_path "$(abs "$module")"
		echo "file /axvcpu.ko $(abs "$module") 0644 0 0"
	fi
	if [ -n "$kvm" ]; then
		check_path "$(abs "$kvm")"
		echo "file /kvm.ko $(abs "$kvm") 0644 0 0"
	fi
	if [ -n "$tests" ]; then
		tests=$(cd "$tests" && pwd)
		find "$tests" -maxdepth 1 -type f -perm -u+x ! -name '.*' | sort |
		while read -r f; do
			check_path "$f"
			echo "file /tests/$(basename "$f") $f 0755 0 0"
		done
	fi
	if [ -n "$tools" ]; then
		tools=$(cd "$tools" && pwd)
		for sub in bin guest; do
			[ -d "$tools/$sub" ] || continue
			(cd "$tools" && find "$sub" -mindepth 1 ! -name '.*' | sort) |
			while read -r f; do
				check_path "$f"
				if [ -d "$tools/$f" ]; then
					echo "dir /$f 0755 0 0"
				elif [ -x "$tools/$f" ]; then
					echo "file /$f $tools/$f 0755 0 0"
				else
					echo "file /$f $tools/$f 0644 0 0"
				fi
			done
		done
	fi
} >"$list"

mkdir -p "$(dirname "$out")"
"$gen" -t 0 "$list" >"$out.tmp"
mv "$out.tmp" "$out"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the cached host kernel with the test initramfs under QEMU and tee the
# console to build/<arch>/<mode>.log.  QEMU always runs under timeout(1), so
# a hung guest cannot hang the caller; the last line of the log says how QEMU
# ended ("### QEMU exit=N after S s" or "### QEMU TIMEOUT after S s").
#
# usage: run-qemu.sh riscv|arm64 check|run|noload|bench [extra qemu args...]
#
# Environment (all optional):
#   KDIR           kernel build dir (default: selftests/qemu/kernel.sh ARCH)
#   INITRD         initramfs (default: build/ARCH/initramfs-MODE.cpio)
#   LOG            console log (default: build/ARCH/MODE.log)
#   QEMU_TIMEOUT   seconds before QEMU is killed (default: check 900,
#                  run 600, noload 120, bench 600)
#   TEST_TIMEOUT   seconds before init kills one test binary (default 300)
#   RUN_CMD        command that run mode starts in the guest, words
#                  separated by spaces or commas
#                  (default: /bin/axvm --kernel /guest/hello.bin)
#   CMDLINE_EXTRA  appended to the kernel command line
#   QEMU_SMP, QEMU_MEM   default 2 and 512M
#   VARIANT        the kernel variant (host, debug), for the log's first
#                  line: summarize.py names the tests of a debug boot
#                  "<arch>-debug: ..."
#   QUIET=1        only write the log, do not echo the console
#
# Exit status: 0 if QEMU exited by itself, 124 on timeout, else QEMU's.
set -euo pipefail

arch=${1:?usage: run-qemu.sh ARCH MODE [qemu args]}
mode=${2:?usage: run-qemu.sh ARCH MODE [qemu args]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

kdir=${KDIR:-$("$here/kernel.sh" "$arch")}
initrd=${INITRD:-$top/build/$arch/initramfs-$mode.cpio}
log=${LOG:-$top/build/$arch/$mode.log}
smp=${QEMU_SMP:-2}
mem=${QEMU_MEM:-512M}
test_timeout=${TEST_TIMEOUT:-300}
run_cmd=${RUN_CMD:-/bin/axvm --kernel /guest/hello.bin}

case $mode in
check)	qemu_timeout=${QEMU_TIMEOUT:-900} ;;
run)	qemu_timeout=${QEMU_TIMEOUT:-600} ;;
noload)	qemu_timeout=${QEMU_TIMEOUT:-120} ;;
bench)	qemu_timeout=${QEMU_TIMEOUT:-600} ;;
*)	echo "run-qemu.sh: unknown mode '$mode' (check|run|noload|bench)" >&2; exit 2 ;;
esac

case $arch in
riscv)
	qemu=qemu-system-riscv64
	image=$kdir/arch/riscv/boot/Image
	console=ttyS0
	# noload: the same machine without the H extension.
	h=true
	[ "$mode" = noload ] && h=false
	machine=(-M virt -cpu "rv64,h=$h" -bios default)
	;;
arm64)
	qemu=qemu-system-aarch64
	image=$kdir/arch/arm64/boot/Image
	console=ttyAMA0
	# noload: no EL2, so the kernel runs at EL1 without VHE.
	virt=on
	[ "$mode" = noload ] && virt=off
	# pauth-impdef: the same pointer authentication, much faster in TCG.
	# gic-version=3: guests get a GICv3 through the host CPU's GIC
	# system registers, which virt's default GICv2 does not have.
	machine=(-M "virt,virtualization=$virt,gic-version=3" -cpu max,pauth-impdef=on)
	;;
*)
	echo "run-qemu.sh: unknown arch '$arch' (riscv|arm64)" >&2
	exit 2
	;;
esac

for f in "$image" "$initrd"; do
	[ -f "$f" ] || { echo "run-qemu.sh: $f is missing" >&2; exit 2; }
done

append="console=$console axvcpu.mode=$mode axvcpu.timeout=$test_timeout"
append+=" axvcpu.variant=${VARIANT:-host}"
[ "$mode" = run ] && append+=" quiet axvcpu.run=${run_cmd// /,}"
append+=" panic=-1 ${CMDLINE_EXTRA:-}"

cmd=(timeout -k 10 "$qemu_timeout" "$qemu" "${machine[@]}"
     -smp "$smp" -m "$mem" -nographic -no-reboot -nic none
     -kernel "$image" -initrd "$initrd" -append "$append" "$@")

mkdir -p "$(dirname "$log")"
# fd 3: where the console is echoed (not ">/dev/stdout", which would
# truncate a regular file on every open).
if [ "${QUIET:-}" = 1 ]; then exec 3>/dev/null; else exec 3>&1; fi
start=$SECONDS
{
	echo "### LOG arch=$arch mode=$mode variant=${VARIANT:-host}"
	echo "### QEMU ${cmd[*]}"
} | tee "$log" >&3
# stdin from /dev/null: QEMU leaves the terminal alone and Ctrl-C works.
set +e
"${cmd[@]}" </dev/null 2>&1 | sed -u 's/\r$//' | tee -a "$log" >&3
rc=${PIPESTATUS[0]}
set -e
secs=$((SECONDS - start))
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	msg="### QEMU TIMEOUT after $secs s: killed at its time limit ($qemu_timeout s)"
else
	msg="### QEMU exit=$rc after $secs s"
fi
echo "$msg" | tee -a "$log" >&3
exit "$rc"

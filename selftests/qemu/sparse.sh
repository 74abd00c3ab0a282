#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse, as kbuild's CHECK for "make sparse".  Debian's sparse 0.6.4 does
# not parse the multi-letter extensions of a riscv -march (it stops at
# "_zicsr_zifencei..."); they mean nothing to its checks, so they are
# dropped here.  Everything else goes to sparse unchanged.
args=()
for a in "$@"; do
	case $a in
	-march=rv*_*) a=${a%%_*} ;;
	esac
	args+=("$a")
done
exec sparse "${args[@]}"

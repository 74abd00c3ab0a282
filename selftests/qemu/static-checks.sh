#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse and checkpatch for one arch, as a log that summarize.py reads like
# a boot's, so that "make check" counts them with the tests:
#
#   ### LOG arch=<arch> mode=static
#   ### BEGIN sparse | checkpatch    the tool's output, then
#   ### END <name> status=<n>        0: clean
#
# usage: static-checks.sh ARCH        (from the top of the repo, via make)
set -uo pipefail

arch=${1:?usage: static-checks.sh riscv|arm64}

echo "### LOG arch=$arch mode=static"
echo "### INIT mode=static arch=$arch"
echo "### PLAN sparse checkpatch"

# make sparse fails on any sparse warning or error.
echo "### BEGIN sparse"
make -s --no-print-directory sparse ARCHES="$arch" 2>&1 | sed 's/^/# /'
echo "### END sparse status=${PIPESTATUS[0]}"

# The core, the uapi headers and this arch's backend.
echo "### BEGIN checkpatch"
make -s --no-print-directory checkpatch \
	CHECKPATCH_DIRS="kmod include arch/$arch" 2>&1 | sed 's/^/# /'
echo "### END checkpatch status=${PIPESTATUS[0]}"
echo "### DONE mode=static"

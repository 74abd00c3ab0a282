# SPDX-License-Identifier: GPL-2.0
#
# Settings shared by tools/Makefile and selftests/Makefile.
#
# In:  ARCH (default riscv), CROSS_COMPILE, O (output directory), KSRC
#      (optional here), V=1 for full command lines.
# Out: TOOLS_DIR, REPO_DIR, HOST_CC, HOST_AR, HOST_CFLAGS, Q, and the
#      $(call msg,TAG,file) quiet printer.

ARCH ?= riscv
TOOLS_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
REPO_DIR := $(abspath $(TOOLS_DIR)/..)

ifeq ($(wildcard $(TOOLS_DIR)/lib/$(ARCH)/axv_arch.c),)
$(error ARCH=$(ARCH) is not supported (no tools/lib/$(ARCH)/))
endif

ifeq ($(O),)
$(error set O=<absolute output directory>)
endif
override O := $(abspath $(O))

HOST_CC := $(CROSS_COMPILE)gcc
HOST_AR := $(CROSS_COMPILE)ar

# The userspace build contract: keep in sync with the pipeline.
HOST_CFLAGS := -static -O2 -g -Wall -Wextra \
	-I$(REPO_DIR)/include/uapi \
	-I$(REPO_DIR)/arch/$(ARCH)/include/uapi \
	$(if $(KSRC),-I$(abspath $(KSRC))/tools/testing/selftests) \
	-pthread

ifeq ($(V),1)
Q :=
msg =
else
Q := @
msg = @printf '  %-8s %s\n' '$(1)' '$(patsubst $(O)/%,%,$(2))';
endif

# Keep intermediate objects and .elf files (for objdump, gdb and rebuilds).
.SECONDARY:

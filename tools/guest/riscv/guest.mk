# SPDX-License-Identifier: GPL-2.0
#
# riscv64 guest runtime, included after common.mk by every Makefile that
# builds guest images, so that there is one copy of it.
#
# In:  GUEST_OBJ_DIR (objects of the runtime)
# Out: see tools/guest/common/guest.mk, which does the rest.

GUEST_DIR := $(TOOLS_DIR)/guest/$(ARCH)
GUEST_ARCH_CFLAGS := -march=rv64gc -mabi=lp64 -mcmodel=medany
GUEST_ARCH_OBJS := start.o runtime.o sbi.o console.o
GUEST_CPP_ARCH := riscv

include $(TOOLS_DIR)/guest/common/guest.mk

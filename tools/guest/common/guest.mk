# SPDX-License-Identifier: GPL-2.0
#
# The part of the guest runtime's build that every architecture shares,
# included at the end of tools/guest/$(ARCH)/guest.mk.
#
# In:  GUEST_OBJ_DIR, GUEST_DIR, GUEST_ARCH_CFLAGS, GUEST_ARCH_OBJS (the
#      architecture's runtime objects), GUEST_CPP_ARCH (the predefined macro
#      that would rewrite OUTPUT_ARCH() in the linker script)
# Out: GUEST_CC, GUEST_CFLAGS, GUEST_RT_OBJS, GUEST_LDS, and
#        $(GUEST_LINK)   recipe: link the .o prerequisites into $@ (an .elf)
#        $(GUEST_BIN)    recipe: flatten the .elf prerequisite into $@

GUEST_COMMON_DIR := $(TOOLS_DIR)/guest/common
GUEST_CC := $(CROSS_COMPILE)gcc
GUEST_OBJCOPY := $(CROSS_COMPILE)objcopy

GUEST_CFLAGS := $(GUEST_ARCH_CFLAGS) \
	-ffreestanding -nostdlib -fno-pic -fno-stack-protector -O2 -g \
	-Wall -Wextra -fno-common -fno-pie -fno-asynchronous-unwind-tables \
	-fno-tree-loop-distribute-patterns \
	-DAXV_GUEST -I$(GUEST_DIR)/include -I$(GUEST_COMMON_DIR)/include

GUEST_LDS := $(GUEST_OBJ_DIR)/guest.lds
GUEST_RT_OBJS := $(addprefix $(GUEST_OBJ_DIR)/, \
	$(GUEST_ARCH_OBJS) printf.o string.o)

GUEST_LINK = $(call msg,LD,$@)$(GUEST_CC) $(GUEST_CFLAGS) -static -no-pie \
	-Wl,--build-id=none -T $(GUEST_LDS) \
	-o $@ $(filter %.o,$^)

$(GUEST_OBJ_DIR)/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(@D)
	$(call msg,GUESTCC,$@)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(GUEST_OBJ_DIR)/%.o: $(GUEST_COMMON_DIR)/%.c
	@mkdir -p $(@D)
	$(call msg,GUESTCC,$@)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(GUEST_OBJ_DIR)/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(@D)
	$(call msg,GUESTAS,$@)$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(GUEST_LDS): $(GUEST_DIR)/guest.lds.S $(GUEST_DIR)/include/guest_layout.h
	@mkdir -p $(@D)
	$(call msg,LDS,$@)$(GUEST_CC) -E -P -x c -U$(GUEST_CPP_ARCH) \
		-D__ASSEMBLER__ -I$(GUEST_DIR)/include -o $@ $<

GUEST_BIN = $(call msg,OBJCOPY,$@)$(GUEST_OBJCOPY) -O binary $< $@

-include $(GUEST_RT_OBJS:.o=.d)

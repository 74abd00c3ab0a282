# SPDX-License-Identifier: GPL-2.0
#
# libaxvcpu, included after common.mk.
#
# In:  LIB_OBJ_DIR (objects), LIBAXVCPU (path of the archive to make)
# Out: LIBAXVCPU_INC (compiler flags to use the library) and the rules.

LIB_DIR := $(TOOLS_DIR)/lib
LIBAXVCPU_INC := -I$(LIB_DIR) -I$(LIB_DIR)/$(ARCH)
LIB_OBJS := $(LIB_OBJ_DIR)/axvcpu_lib.o $(LIB_OBJ_DIR)/$(ARCH)/axv_arch.o

$(LIB_OBJ_DIR)/%.o: $(LIB_DIR)/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(HOST_CC) $(HOST_CFLAGS) $(LIBAXVCPU_INC) -MMD -MP -c -o $@ $<

$(LIBAXVCPU): $(LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(call msg,AR,$@)$(HOST_AR) rcs $@ $^

-include $(LIB_OBJS:.o=.d)

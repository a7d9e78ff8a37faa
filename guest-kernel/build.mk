# SPDX-License-Identifier: MIT
# guest-kernel/build.mk - the guest kernel, paravirtual build, with the boot
# file system image (user/build.mk makes $(BUILD)/fs.img) linked in.

GK_SRCS := $(wildcard guest-kernel/*.c guest-kernel/*.S guest-kernel/pv/*.c guest-kernel/pv/*.S)
GK_OBJS := $(patsubst %,$(BUILD)/%.o,$(GK_SRCS))
# No jump tables: boot code runs before paging, where their absolute
# (higher-half) addresses would not work.
GK_CFLAGS := $(TARGET_CFLAGS) -Iguest-kernel/include -fno-jump-tables

IMAGES += $(IMAGES_DIR)/guest-kernel.bin

.PHONY: guest
guest: $(IMAGES_DIR)/guest-kernel.bin

$(BUILD)/guest-kernel/%.c.o: guest-kernel/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(GK_CFLAGS) -c $< -o $@

$(BUILD)/guest-kernel/%.S.o: guest-kernel/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(GK_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/guest-kernel/fsimage.S.o: $(BUILD)/fs.img
$(BUILD)/guest-kernel/fsimage.S.o: GK_CFLAGS += -DFS_IMAGE='"$(BUILD)/fs.img"'

$(BUILD)/guest-kernel.elf: $(GK_OBJS) guest-kernel/kernel.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(TARGET_LDFLAGS) -T guest-kernel/kernel.ld -o $@ $(GK_OBJS) -lc

$(IMAGES_DIR)/guest-kernel.bin: $(BUILD)/guest-kernel.elf
	@mkdir -p $(dir $@)
	@echo "  BIN     $@"
	$(Q)$(OBJCOPY) -O binary $< $@

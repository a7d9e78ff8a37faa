# SPDX-License-Identifier: MIT
# guest-kernel/build.mk - the guest kernel, with the boot file system image
# (user/build.mk makes $(BUILD)/fs.img) linked in. Three builds of the same
# common sources, each in its own object directory:
#
#   guest-kernel         paravirtual (pv/): $(IMAGES_DIR)/guest-kernel.bin
#   guest-kernel-fv      native (native/), idles with wfi
#   guest-kernel-fv-busy native, idles in a busy loop (-DPLAT_IDLE_BUSY)
#
# The split between them is the platform interface (include/kernel/platform.h):
# no #ifdef in the common code.

GK_COMMON_SRCS := $(wildcard guest-kernel/*.c guest-kernel/*.S)
GK_PV_SRCS := $(GK_COMMON_SRCS) $(wildcard guest-kernel/pv/*.c guest-kernel/pv/*.S)
GK_NATIVE_SRCS := $(GK_COMMON_SRCS) $(wildcard guest-kernel/native/*.c guest-kernel/native/*.S)
# No jump tables: boot code runs before paging, where their absolute
# (higher-half) addresses would not work.
GK_CFLAGS := $(TARGET_CFLAGS) -Iguest-kernel/include -fno-jump-tables

# $(call gk_variant,NAME,SOURCES,EXTRA_CFLAGS): objects in $(BUILD)/NAME/,
# $(BUILD)/NAME.elf and $(IMAGES_DIR)/NAME.bin.
define gk_variant
GK_OBJS_$(1) := $$(patsubst guest-kernel/%,$$(BUILD)/$(1)/%.o,$(2))
IMAGES += $$(IMAGES_DIR)/$(1).bin
GK_IMAGES += $$(IMAGES_DIR)/$(1).bin

$$(BUILD)/$(1)/%.c.o: guest-kernel/%.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<  ($(1))"
	$$(Q)$$(CC) $$(GK_CFLAGS) $(3) -c $$< -o $$@

$$(BUILD)/$(1)/%.S.o: guest-kernel/%.S
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<  ($(1))"
	$$(Q)$$(CC) $$(GK_CFLAGS) $(3) -D__ASSEMBLER__ -c $$< -o $$@

$$(BUILD)/$(1)/fsimage.S.o: $$(BUILD)/fs.img
$$(BUILD)/$(1)/fsimage.S.o: GK_CFLAGS += -DFS_IMAGE='"$$(BUILD)/fs.img"'

$$(BUILD)/$(1).elf: $$(GK_OBJS_$(1)) guest-kernel/kernel.ld
	@echo "  LD      $$@"
	$$(Q)$$(CC) $$(TARGET_LDFLAGS) -T guest-kernel/kernel.ld -o $$@ $$(GK_OBJS_$(1)) -lc

$$(IMAGES_DIR)/$(1).bin: $$(BUILD)/$(1).elf
	@mkdir -p $$(dir $$@)
	@echo "  BIN     $$@"
	$$(Q)$$(OBJCOPY) -O binary $$< $$@
endef

GK_IMAGES :=
$(eval $(call gk_variant,guest-kernel,$(GK_PV_SRCS),))
$(eval $(call gk_variant,guest-kernel-fv,$(GK_NATIVE_SRCS),))
$(eval $(call gk_variant,guest-kernel-fv-busy,$(GK_NATIVE_SRCS),-DPLAT_IDLE_BUSY))

.PHONY: guest
guest: $(GK_IMAGES)

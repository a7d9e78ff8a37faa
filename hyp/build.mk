# SPDX-License-Identifier: MIT
# hyp/build.mk - the hypervisor: common objects, linked once per configuration.

# One folder per subsystem (hyp/README.md): the trusted core, the paravirtual
# interface, the full-virtualization device models, the debugging tools, the
# library pieces, the physical drivers, and the architecture beside them.
HYP_SUBSYS := core pv fv debug lib drivers arch/riscv arch/riscv/pv arch/riscv/fv
HYP_SRCS := $(foreach d,$(HYP_SUBSYS),$(wildcard hyp/$(d)/*.c hyp/$(d)/*.S))
HYP_OBJS := $(patsubst %,$(BUILD)/%.o,$(HYP_SRCS))
HYP_CFLAGS := $(TARGET_CFLAGS) -Ihyp/arch/riscv/include
# HYP_TRACE=0: no trace hooks at all, the baseline of their cost (use its own BUILD=).
ifeq ($(HYP_TRACE),0)
HYP_CFLAGS += -DHYP_NO_TRACE
endif
HYP_LDS := hyp/arch/riscv/hyp.ld

# Every configuration under hyp/config/ (default, fullvirt, mixed, ...).
HYP_CONFIGS := $(basename $(notdir $(wildcard hyp/config/*.c)))

.PHONY: hyp
hyp: $(patsubst %,$(BUILD)/hyp-%.elf,$(HYP_CONFIGS))

$(BUILD)/hyp/%.c.o: hyp/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(HYP_CFLAGS) -c $< -o $@

$(BUILD)/hyp/%.S.o: hyp/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(HYP_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

# A configuration: hyp/config/NAME.c or tests/configs/NAME.c. It embeds
# guest images with .incbin: the top Makefile makes each configuration's
# object depend on the images its HYP_IMAGE lines name (CONFIG_IMAGES).
$(BUILD)/config/%.o: hyp/config/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(HYP_CFLAGS) -Wa,-I$(IMAGES_DIR) -c $< -o $@

$(BUILD)/config/%.o: tests/configs/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(HYP_CFLAGS) -Wa,-I$(IMAGES_DIR) -c $< -o $@

$(BUILD)/hyp-%.elf: $(BUILD)/config/%.o $(HYP_OBJS) $(HYP_LDS)
	@echo "  LD      $@"
	$(Q)$(CC) $(TARGET_LDFLAGS) -T $(HYP_LDS) -o $@ $(HYP_OBJS) $< -lc

# SPDX-License-Identifier: MIT
# user/build.mk - the guest kernel's user programs and the file-system image.
#
#   make user                     every program and $(BUILD)/fs.img
#   $(BUILD)/user/bin/NAME        one program (ELF, linked at 0x10000, symbols kept)
#   $(BUILD)/fs.img               cpio "newc" archive: bin/NAME and user/files/*
#
# A program is user/bin/NAME.c, or every .c file in the directory user/bin/NAME/.
# All link with the user library (user/lib/) and picolibc.

USER_PROGS := init sh ls cat echo ps mkdir rm wc kill sleep memstat halt usertests bench
USER_BINS := $(addprefix $(BUILD)/user/bin/,$(USER_PROGS))

USER_CFLAGS := $(TARGET_CFLAGS) -Iguest-kernel/include -Iuser/include
# The -D on the link line makes picolibc.specs pick the integer-only vfprintf.
USER_LDFLAGS := $(TARGET_LDFLAGS) -DPICOLIBC_INTEGER_PRINTF_SCANF -T user/user.ld \
	-Wl,-z,max-page-size=4096

# Objects live apart from the programs: user/bin/sh/sh.c must not collide
# with the program $(BUILD)/user/bin/sh.
user_objs = $(patsubst user/%,$(BUILD)/user/obj/%.o,$(1))

USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c user/lib/*.S))
USER_LIB_OBJS := $(call user_objs,$(USER_LIB_SRCS))

# The sources of program $(1).
user_srcs = $(or $(sort $(wildcard user/bin/$(1)/*.c)),user/bin/$(1).c)

.PHONY: user
user: $(BUILD)/fs.img

$(BUILD)/user/obj/%.c.o: user/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user/obj/%.S.o: user/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(USER_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

define USER_PROG_RULE
$(BUILD)/user/bin/$(1): $(call user_objs,$(call user_srcs,$(1))) $(USER_LIB_OBJS) user/user.ld
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$(Q)$$(CC) $$(USER_LDFLAGS) -o $$@ $$(filter %.o,$$^) -lc
endef
$(foreach p,$(USER_PROGS),$(eval $(call USER_PROG_RULE,$(p))))

# The image: a staging tree $(BUILD)/fsroot (programs without their DWARF
# sections, which the guest never reads: debuggers load $(BUILD)/user/bin/),
# archived with names relative to its root ("bin", "bin/ls", "etc",
# "etc/rc", "README"), sorted, directories before their contents. Fixed
# mtimes, owner 0:0 and renumbered inodes make it byte-for-byte reproducible.
USER_FILES := $(shell find user/files -type f 2>/dev/null | LC_ALL=C sort)
USER_FSROOT := $(BUILD)/fsroot

$(BUILD)/fs.img: $(USER_BINS) $(USER_FILES) user/build.mk
	@echo "  CPIO    $@"
	$(Q)rm -rf $(USER_FSROOT) && mkdir -p $(USER_FSROOT)/bin
	$(Q)cp -R user/files/. $(USER_FSROOT)/
	$(Q)for f in $(USER_BINS); do $(OBJCOPY) --strip-debug $$f $(USER_FSROOT)/bin/$${f##*/}; done
	$(Q)find $(USER_FSROOT) -type d -exec chmod 755 {} + && \
		find $(USER_FSROOT) -type f -exec chmod 644 {} + && \
		chmod 755 $(USER_FSROOT)/bin/*
	$(Q)find $(USER_FSROOT) -exec touch -h -d @0 {} +
	$(Q)cd $(USER_FSROOT) && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | \
		cpio -o -H newc -R 0:0 --reproducible --quiet > $(abspath $@).tmp
	$(Q)mv $@.tmp $@

# SPDX-License-Identifier: MIT
#
# tests/build.mk - test guests (tiny PV payloads), the hypervisor images of the
# test configurations, and the test targets. See docs/testing.md.

PYTHON ?= /usr/bin/python3

# Test guests: tests/guests/NAME.c + its parts NAME_*.c + the tg library
# (tg.c, tg_pt.c, entry.S), linked at their load address with paging off
# (tests/guests/tg.ld). Every NAME.c without "_" in its name is one, except
# tg.c itself and the FV guests, whose names start with fv.
TG_SRCS := $(basename $(notdir $(wildcard tests/guests/*.c)))
TG_NAMES := $(filter-out tg fv%,$(foreach n,$(TG_SRCS),$(if $(findstring _,$(n)),,$(n))))
TG_CFLAGS := $(TARGET_CFLAGS) -Itests/guests
TG_COMMON := $(BUILD)/tests/guests/tg.c.o $(BUILD)/tests/guests/tg_pt.c.o \
	$(BUILD)/tests/guests/entry.S.o
# The objects of a guest's parts (NAME_*.c), for a rule's second expansion.
tg_parts = $(patsubst %,$(BUILD)/%.o,$(wildcard tests/guests/$(1)_*.c))
IMAGES += $(patsubst %,$(IMAGES_DIR)/tg-%.bin,$(TG_NAMES))

TEST_CONFIGS := $(basename $(notdir $(wildcard tests/configs/*.c)))
TEST_HYPS := $(patsubst %,$(BUILD)/hyp-%.elf,$(TEST_CONFIGS))

$(BUILD)/tests/guests/%.c.o: tests/guests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TG_CFLAGS) -c $< -o $@

$(BUILD)/tests/guests/%.S.o: tests/guests/%.S
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TG_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

.SECONDEXPANSION:
$(BUILD)/tests/guests/tg-%.elf: $(BUILD)/tests/guests/%.c.o $$(call tg_parts,$$*) $(TG_COMMON) \
		tests/guests/tg.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(TARGET_LDFLAGS) -T tests/guests/tg.ld -o $@ $(filter %.o,$^) -lc

$(IMAGES_DIR)/tg-%.bin: $(BUILD)/tests/guests/tg-%.elf
	@mkdir -p $(dir $@)
	@echo "  BIN     $@"
	$(Q)$(OBJCOPY) -O binary $< $@

# FV test guests: tests/guests/NAME.c, an "unmodified kernel" with no tg.c
# and no hypercall (its own console, traps and SBI calls), started by the
# generic entry.S and linked like the others (tg.ld) with the trap entry
# fv_trap.S; image fvtg-NAME.bin.
FV_TG_NAMES := $(filter fv%,$(TG_SRCS))
IMAGES += $(patsubst %,$(IMAGES_DIR)/fvtg-%.bin,$(FV_TG_NAMES))

FV_TG_COMMON := $(BUILD)/tests/guests/entry.S.o $(BUILD)/tests/guests/fv_trap.S.o
$(BUILD)/tests/guests/fvtg-%.elf: $(BUILD)/tests/guests/%.c.o $(FV_TG_COMMON) tests/guests/tg.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(TARGET_LDFLAGS) -T tests/guests/tg.ld -o $@ $< $(FV_TG_COMMON) -lc

$(IMAGES_DIR)/fvtg-%.bin: $(BUILD)/tests/guests/fvtg-%.elf
	@mkdir -p $(dir $@)
	@echo "  BIN     $@"
	$(Q)$(OBJCOPY) -O binary $< $@

-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk

.PHONY: tests-build test test-pvabi test-system format format-check
tests-build: $(TEST_HYPS) hyp guest unit-build

# The C sources as .clang-format lays them out (Debian's clang-format 14;
# another version may lay them out differently). make format rewrites them.
CLANG_FORMAT := clang-format
FORMAT_FILES = $(shell git ls-files 'hyp/*.c' 'hyp/*.h' 'pvabi/*.h' 'guest-kernel/*.c' \
	'guest-kernel/*.h' 'user/*.c' 'user/*.h' 'tests/*.c' 'tests/*.h')
FORMAT_TOOL = command -v $(CLANG_FORMAT) >/dev/null 2>&1 || { echo "make $@: no $(CLANG_FORMAT);" \
	"install Debian's clang-format package (apt-get install clang-format, or" \
	"scripts/setup.sh)" >&2; exit 1; }
format:
	@$(FORMAT_TOOL)
	$(CLANG_FORMAT) -i $(FORMAT_FILES)
format-check:
	@$(FORMAT_TOOL); bad=; for f in $(FORMAT_FILES); do \
		$(CLANG_FORMAT) $$f | cmp -s - $$f || bad="$$bad $$f"; \
	done; \
	if [ -n "$$bad" ]; then \
		echo "FAIL format: not as .clang-format lays them out (fix: make format):" >&2; \
		for f in $$bad; do echo "  $$f" >&2; done; exit 1; \
	fi; echo "ok format: $(words $(FORMAT_FILES)) files"

# Each pvabi header must compile alone, strictly, for the target and the host.
PVABI_HEADERS := $(wildcard pvabi/*.h)
test-pvabi:
	@for h in $(PVABI_HEADERS); do \
		printf '#include "%s"\ntypedef int pvabi_tu_not_empty;\n' $$h > $(BUILD)/pvabi_check.c; \
		$(CC) $(TARGET_ARCH) -std=c11 -pedantic -Wall -Wextra -Werror -ffreestanding \
			-I. -c $(BUILD)/pvabi_check.c -o /dev/null || { echo "FAIL pvabi: $$h (target)"; exit 1; }; \
		case $$h in */guest.h) echo "ok pvabi: $$h (target only)"; continue;; esac; \
		$(HOSTCC) -std=c11 -pedantic -Wall -Wextra -Werror -I. \
			-c $(BUILD)/pvabi_check.c -o /dev/null || { echo "FAIL pvabi: $$h (host)"; exit 1; }; \
		echo "ok pvabi: $$h"; \
	done

test-system: $(TEST_HYPS) hyp guest
	$(PYTHON) -m pytest -v -p no:cacheprovider tests/system --build=$(BUILD)

# make test builds everything first (in parallel), then runs its steps one
# after another, in this order.
TEST_STEPS := format-check test-pvabi unit-test fuzz-replay test-system
test: tests-build fuzz-build $(TEST_STEPS)
ifneq ($(filter test,$(MAKECMDGOALS)),)
format-check: | tests-build fuzz-build
test-pvabi: | format-check
unit-test: | test-pvabi
fuzz-replay: | unit-test
test-system: | fuzz-replay
endif

# make soak ROUNDS=N: the soak test (two guests, usertests in a loop) for N
# boots of each guest instead of CI's 2 (about 20 s of wall time a round).
ROUNDS ?= 10
.PHONY: soak
soak: $(TEST_HYPS) hyp guest
	SOAK_ROUNDS=$(ROUNDS) $(PYTHON) -m pytest -v -p no:cacheprovider tests/system/test_soak.py \
		--build=$(BUILD)

# SPDX-License-Identifier: MIT
#
# tests/fuzz/fuzz.mk - libFuzzer targets on the host-compiled hypervisor code
# (clang, AddressSanitizer, UndefinedBehaviorSanitizer), included by
# tests/build.mk after unit.mk. Every name defined here starts with FUZZ_
# or lives under $(BUILD)/fuzz/. See docs/testing.md.
#
#   make fuzz-build    build every target
#   make fuzz-replay   run every target once over its committed corpus
#                      (tests/fuzz/corpus/NAME/); part of make test
#   make fuzz [FUZZ_TARGET=NAME...] [FUZZ_TIME=seconds]
#                      fuzz each target in turn, new inputs kept in
#                      $(BUILD)/fuzz/corpus/NAME/, crashes in
#                      $(BUILD)/fuzz/artifacts/NAME/
#   make fuzz-seeds    (re)write the hand-made seeds (tests/fuzz/seeds.py)
#   make fuzz-merge [FUZZ_TARGET=NAME...]
#                      fold the work corpus into the committed one, keeping
#                      only inputs that reach new code (edges, not hit counts:
#                      the committed corpus stays a few dozen files)
#
# A target is $(BUILD)/fuzz/fuzz_NAME, linked from FUZZ_NAME_SRCS.

FUZZ_CC ?= clang
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_TIME ?= 60
FUZZ_ARGS ?=
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_COVERAGE := -fsanitize=fuzzer-no-link
FUZZ_CFLAGS = -std=gnu11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
	$(FUZZ_SAN) $(FUZZ_COVERAGE) -Ihyp/arch/riscv/include -I.
FUZZ_LDFLAGS := $(FUZZ_SAN) -fsanitize=fuzzer
FUZZ_LDLIBS := -lcmocka

FUZZ_TARGETS := hcall insn cmdline fdt vmmio
FUZZ_TARGET ?= $(FUZZ_TARGETS)

# The PV guest of the unit tests (pv_harness.c and the real core), every
# call checked by pv_check.c.
FUZZ_hcall_SRCS = tests/fuzz/fuzz_hcall.c tests/fuzz/pv_check.c $(UNIT_PVH_SRCS)
# The checker's loops would only add noise to the coverage the fuzzer follows.
$(FUZZ_DIR)/obj/tests/fuzz/pv_check.o: FUZZ_COVERAGE :=
FUZZ_insn_SRCS := tests/fuzz/fuzz_insn.c hyp/arch/riscv/fv/insn.c
# guest_cmdline.c is included by the target itself (to reset its statics).
FUZZ_cmdline_SRCS := tests/fuzz/fuzz_cmdline.c hyp/lib/num.c tests/fuzz/fuzz_cmocka.c tests/unit/fake_arch.c hyp/core/frame.c \
	hyp/core/log.c hyp/core/console.c
FUZZ_fdt_SRCS := tests/fuzz/fuzz_fdt.c hyp/lib/fdt.c hyp/core/platform.c
FUZZ_vmmio_SRCS := tests/fuzz/fuzz_vmmio.c tests/fuzz/fuzz_cmocka.c tests/unit/fake_arch.c hyp/fv/vmmio.c \
	hyp/fv/vuart.c hyp/fv/vrtc.c hyp/fv/vplic.c hyp/core/console.c

FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS))

.PHONY: fuzz-build fuzz-replay fuzz fuzz-merge fuzz-seeds
fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

define FUZZ_LINK
$(FUZZ_DIR)/fuzz_$(1): $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_$(1)_SRCS))
	@echo "  FUZZLD  $$@"
	$$(Q)$$(FUZZ_CC) $$(FUZZ_LDFLAGS) -o $$@ $$^ $$(FUZZ_LDLIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_LINK,$(t))))

-include $(wildcard $(FUZZ_DIR)/obj/*/*.d $(FUZZ_DIR)/obj/*/*/*.d \
	$(FUZZ_DIR)/obj/*/*/*/*.d)

# Each committed input once, as a test: the log is shown only on failure.
FUZZ_REPLAY = echo "== fuzz-replay: $(1) ($(words $(wildcard tests/fuzz/corpus/$(1)/*)) inputs)"; \
	$(FUZZ_DIR)/fuzz_$(1) $(wildcard tests/fuzz/corpus/$(1)/*) \
		>$(FUZZ_DIR)/replay-$(1).log 2>&1 || \
		{ cat $(FUZZ_DIR)/replay-$(1).log; fuzz_failed="$$fuzz_failed $(1)"; };

fuzz-replay: $(FUZZ_BINS)
	@fuzz_failed=; \
	$(foreach t,$(FUZZ_TARGETS),$(call FUZZ_REPLAY,$(t))) \
	if [ -n "$$fuzz_failed" ]; then \
		echo "fuzz replay FAILED:$$fuzz_failed"; exit 1; \
	fi; \
	echo "fuzz replay passed: $(FUZZ_TARGETS)"

# The committed corpus seeds the run; only the work corpus (first) grows.
# The whole log is kept; shown are the stats, or its end after a crash.
FUZZ_RUN = echo "== fuzz: $(1) for $(FUZZ_TIME) s (log: $(FUZZ_DIR)/fuzz-$(1).log)"; \
	mkdir -p $(FUZZ_DIR)/corpus/$(1) $(FUZZ_DIR)/artifacts/$(1) && \
	if $(FUZZ_DIR)/fuzz_$(1) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/$(1)/ $(FUZZ_ARGS) \
		$(FUZZ_DIR)/corpus/$(1) tests/fuzz/corpus/$(1) >$(FUZZ_DIR)/fuzz-$(1).log 2>&1; then \
		grep -E '^\#[0-9]+[[:space:]]+(INITED|DONE)|^stat::|^Done' $(FUZZ_DIR)/fuzz-$(1).log; \
	else \
		tail -n 60 $(FUZZ_DIR)/fuzz-$(1).log; echo "fuzz: $(1) FAILED"; exit 1; \
	fi;

fuzz: $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGET))
	@$(foreach t,$(FUZZ_TARGET),$(call FUZZ_RUN,$(t)))

fuzz-merge: $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGET))
	@$(foreach t,$(FUZZ_TARGET),mkdir -p tests/fuzz/corpus/$(t) $(FUZZ_DIR)/corpus/$(t) && \
		$(FUZZ_DIR)/fuzz_$(t) -merge=1 -use_counters=0 tests/fuzz/corpus/$(t) \
			$(FUZZ_DIR)/corpus/$(t) \
			2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files' ;)

# The device trees of the unit tests seed the fdt target; QEMU's is padded
# to 1 MiB, so dtc writes it again without the padding.
fuzz-seeds: $(UNIT_DIR)/fdt_test.dtb $(UNIT_DIR)/virt.dtb
	@mkdir -p $(FUZZ_DIR)
	$(Q)$(UNIT_DTC) -q -I dtb -O dtb -o $(FUZZ_DIR)/virt.dtb $(UNIT_DIR)/virt.dtb
	$(PYTHON) tests/fuzz/seeds.py $(UNIT_DIR)/fdt_test.dtb $(FUZZ_DIR)/virt.dtb

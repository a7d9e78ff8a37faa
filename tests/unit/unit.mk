# SPDX-License-Identifier: MIT
#
# tests/unit/unit.mk - host unit tests (cmocka, built with $(HOSTCC) under
# AddressSanitizer and UndefinedBehaviorSanitizer), included by the top
# Makefile. Every name defined here starts with UNIT_ or lives under
# $(BUILD)/tests/unit/.
#
#   make unit-build   build every test program
#   make unit-test    build and run them all; fails if any failed
#
# A program is $(BUILD)/tests/unit/test_<name>, linked from UNIT_<name>_SRCS
# and run with the arguments UNIT_<name>_ARGS once UNIT_<name>_DEPS are built.

UNIT_DIR := $(BUILD)/tests/unit
UNIT_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Ihyp/arch/riscv/include -I.
UNIT_LDLIBS := -lcmocka
UNIT_QEMU = $(or $(QEMU),qemu-system-riscv64)
UNIT_DTC = dtc

UNIT_PROGS := frame gstage hcall fdt pvmmu hcall_mm memop event

UNIT_frame_SRCS := tests/unit/test_frame.c hyp/core/frame.c

UNIT_gstage_SRCS := tests/unit/test_gstage.c hyp/core/frame.c \
	hyp/arch/riscv/gstage.c

UNIT_hcall_SRCS := tests/unit/test_hcall.c tests/unit/hcall_fixture.c tests/unit/fake_arch.c \
	hyp/pv/hcall.c hyp/pv/hcall_console.c hyp/pv/hcall_sched.c \
	hyp/pv/hcall_version.c hyp/pv/hcall_trap.c hyp/pv/hcall_multicall.c \
	hyp/pv/hcall_memory.c hyp/pv/hcall_vcpu.c hyp/core/console.c hyp/core/log.c hyp/pv/event.c \
	hyp/debug/monitor.c hyp/debug/monitor_cmd.c hyp/debug/stats.c \
	hyp/core/sched.c hyp/core/sched_share.c hyp/core/credit.c hyp/core/guest.c hyp/core/guest_life.c hyp/core/frame.c hyp/core/smp.c \
	hyp/pv/hcall_mm.c hyp/pv/ftype.c hyp/arch/riscv/pv/pvmmu.c \
	hyp/arch/riscv/gstage.c hyp/fv/virq.c hyp/core/guest_cmdline.c hyp/lib/num.c \
	hyp/fv/guest_dt.c hyp/lib/fdtw.c hyp/fv/vmmio.c hyp/fv/vuart.c hyp/fv/vrtc.c hyp/fv/fv_image.c \
	hyp/fv/vplic.c hyp/debug/trace.c hyp/debug/trace_format.c
# The real code alone, for the programs that bring their own fixture.
UNIT_HCALL_CORE_SRCS = $(filter-out tests/unit/test_hcall.c tests/unit/hcall_fixture.c,$(UNIT_hcall_SRCS))
# Building guests and the trace, on the hypercall tests' two-guest fixture.
UNIT_PROGS += guest_create trace
UNIT_HCALL_FIX_SRCS = tests/unit/hcall_fixture.c $(UNIT_HCALL_CORE_SRCS)
UNIT_guest_create_SRCS = tests/unit/test_guest_create.c $(UNIT_HCALL_FIX_SRCS)
UNIT_trace_SRCS = tests/unit/test_trace.c $(UNIT_HCALL_FIX_SRCS)

# The page-type model and its hypercalls, on the same real core code.
UNIT_PVH_SRCS = tests/unit/pv_harness.c $(UNIT_HCALL_CORE_SRCS)
UNIT_pvmmu_SRCS = tests/unit/test_pvmmu.c $(UNIT_PVH_SRCS)
UNIT_hcall_mm_SRCS = tests/unit/test_hcall_mm.c $(UNIT_PVH_SRCS)
UNIT_memop_SRCS = tests/unit/test_memop.c $(UNIT_PVH_SRCS)
UNIT_event_SRCS = tests/unit/test_event.c $(UNIT_PVH_SRCS)
# Guests built, rebuilt and restarted while allocations fail, one by one.
UNIT_PROGS += guest_build
UNIT_guest_build_SRCS = tests/unit/test_guest_build.c \
	$(filter-out tests/unit/pv_harness.c,$(UNIT_PVH_SRCS))

# The scheduler's shares, timer latency and preemption points, on the real
# loop with arch_vcpu_run() playing the guests.
UNIT_PROGS += sched
UNIT_sched_SRCS = tests/unit/test_sched.c $(UNIT_HCALL_CORE_SRCS)

UNIT_fdt_SRCS := tests/unit/test_fdt.c hyp/lib/fdt.c
UNIT_fdt_DEPS := $(UNIT_DIR)/fdt_test.dtb $(UNIT_DIR)/virt.dtb
UNIT_fdt_ARGS := $(UNIT_fdt_DEPS)

# The guest kernel's file system (guest-kernel/fs.c, cpio.c) and its open
# files, pipes and system calls (file.c, pipe.c, sysfile.c), on stubs of the
# kernel core, with an archive made by cpio(1).
# The credit arithmetic of the scheduler (hyp/core/credit.c), alone.
UNIT_PROGS += credit
UNIT_credit_SRCS := tests/unit/test_credit.c hyp/core/credit.c

# The hypervisor's locks (hyp/core/spinlock.h), on threads as harts.
UNIT_PROGS += spinlock
UNIT_spinlock_SRCS := tests/unit/test_spinlock.c

# The numbers the command line and the monitor take (hyp/lib/num.c).
UNIT_PROGS += num
UNIT_num_SRCS := tests/unit/test_num.c hyp/lib/num.c
# The per-guest limit on log lines (hyp/core/log.c), on the fake clock.
UNIT_PROGS += log
UNIT_log_SRCS := tests/unit/test_log.c hyp/core/log.c hyp/core/console.c tests/unit/fake_arch.c

UNIT_PROGS += guestfs guestfile
UNIT_GUESTFS_SRCS := tests/unit/guestfs_harness.c \
	guest-kernel/fs.c guest-kernel/cpio.c guest-kernel/file.c \
	guest-kernel/pipe.c guest-kernel/sysfile.c
UNIT_guestfs_SRCS := tests/unit/test_guestfs.c $(UNIT_GUESTFS_SRCS)
UNIT_guestfs_DEPS := $(UNIT_DIR)/guestfs.cpio
UNIT_guestfs_ARGS := $(UNIT_guestfs_DEPS)
UNIT_guestfile_SRCS := tests/unit/test_guestfile.c $(UNIT_GUESTFS_SRCS)
$(patsubst %.c,$(UNIT_DIR)/obj/%.o,$(UNIT_guestfs_SRCS) $(UNIT_guestfile_SRCS)): \
	UNIT_CFLAGS += -Iguest-kernel/include
UNIT_GUESTFS_TREE := $(UNIT_DIR)/guestfs-tree

$(UNIT_DIR)/guestfs.cpio: tests/unit/unit.mk
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)rm -rf $(UNIT_GUESTFS_TREE) && \
	mkdir -p $(UNIT_GUESTFS_TREE)/bin $(UNIT_GUESTFS_TREE)/etc $(UNIT_GUESTFS_TREE)/a/b && \
	seq 1 3000 > $(UNIT_GUESTFS_TREE)/bin/seq.txt && \
	printf 'hello from cpio\n' > $(UNIT_GUESTFS_TREE)/etc/motd && \
	: > $(UNIT_GUESTFS_TREE)/empty && printf x > $(UNIT_GUESTFS_TREE)/a/b/c && \
	(cd $(UNIT_GUESTFS_TREE) && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > $@

UNIT_BINS := $(patsubst %,$(UNIT_DIR)/test_%,$(UNIT_PROGS))

.PHONY: unit-build unit-test
unit-build: $(UNIT_BINS)

# Run every program even after a failure, then fail if any did.
UNIT_RUN = echo "== unit: test_$(1)"; \
	CMOCKA_MESSAGE_OUTPUT=stdout $(UNIT_DIR)/test_$(1) $(UNIT_$(1)_ARGS) || \
		unit_failed="$$unit_failed test_$(1)";

unit-test: $(UNIT_BINS) $(foreach p,$(UNIT_PROGS),$(UNIT_$(p)_DEPS))
	@unit_failed=; \
	$(foreach p,$(UNIT_PROGS),$(call UNIT_RUN,$(p))) \
	if [ -n "$$unit_failed" ]; then \
		echo "unit tests FAILED:$$unit_failed"; exit 1; \
	fi; \
	echo "unit tests passed: $(UNIT_PROGS)"

# Objects keep their source path, so a source shared by several programs is
# compiled once.
$(UNIT_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) -MMD -MP -c $< -o $@

define UNIT_LINK
$(UNIT_DIR)/test_$(1): $(patsubst %.c,$(UNIT_DIR)/obj/%.o,$(UNIT_$(1)_SRCS))
	@echo "  HOSTLD  $$@"
	$$(Q)$$(HOSTCC) $$(UNIT_CFLAGS) -o $$@ $$^ $$(UNIT_LDLIBS)
endef
$(foreach p,$(UNIT_PROGS),$(eval $(call UNIT_LINK,$(p))))

$(UNIT_DIR)/fdt_test.dtb: tests/unit/fdt_test.dts
	@mkdir -p $(dir $@)
	@echo "  DTC     $@"
	$(Q)$(UNIT_DTC) -q -I dts -O dtb -o $@ $<

$(UNIT_DIR)/virt.dtb:
	@mkdir -p $(dir $@)
	@echo "  DUMPDTB $@"
	$(Q)$(UNIT_QEMU) -machine virt,dumpdtb=$@ -cpu rv64,h=true -m 256M \
		-nographic -bios none

-include $(wildcard $(UNIT_DIR)/obj/*/*.d $(UNIT_DIR)/obj/*/*/*.d \
	$(UNIT_DIR)/obj/*/*/*/*.d)

# FV device emulation: the MMIO instruction decoder, the ns16550 and PLIC
# models and the bus joining them, on the real console with a fake UART.
# Added after the rules above, so it brings its own link rules.
UNIT_FV_PROGS := insn vuart vplic vmmio vrtc
UNIT_PROGS += $(UNIT_FV_PROGS)
UNIT_insn_SRCS := tests/unit/test_insn.c hyp/arch/riscv/fv/insn.c
UNIT_vuart_SRCS := tests/unit/test_vuart.c tests/unit/fake_arch.c hyp/fv/vuart.c \
	hyp/core/console.c
UNIT_vplic_SRCS := tests/unit/test_vplic.c hyp/fv/vplic.c
UNIT_vrtc_SRCS := tests/unit/test_vrtc.c hyp/fv/vrtc.c
UNIT_vmmio_SRCS := tests/unit/test_vmmio.c tests/unit/fake_arch.c hyp/fv/vmmio.c hyp/fv/vuart.c hyp/fv/vrtc.c \
	hyp/fv/vplic.c hyp/core/console.c
$(foreach p,$(UNIT_FV_PROGS),$(eval $(call UNIT_LINK,$(p))))
unit-build unit-test: $(patsubst %,$(UNIT_DIR)/test_%,$(UNIT_FV_PROGS))

# The FV guest's device tree and the DTB writer (hyp/fv/guest_dt.c,
# fdtw.c), checked with dtc, the DTB reader and QEMU's virt tree. Added after
# the rules above, so it brings its own link rule and prerequisites.
UNIT_PROGS += guest_dt
UNIT_guest_dt_SRCS := tests/unit/test_guest_dt.c hyp/fv/guest_dt.c \
	hyp/lib/fdtw.c hyp/lib/fdt.c
UNIT_guest_dt_DEPS := $(UNIT_DIR)/virt.dtb
UNIT_guest_dt_ARGS := $(UNIT_DTC) $(UNIT_DIR)/guest_dt-scratch.dtb \
	$(UNIT_guest_dt_DEPS)
$(eval $(call UNIT_LINK,guest_dt))
unit-build unit-test: $(UNIT_DIR)/test_guest_dt $(UNIT_guest_dt_DEPS)

# The guest kernel's console line discipline (guest-kernel/console.c: echo,
# editing, ^C and the foreground process group) on stubs of the platform and
# the process table. Added after the rules above, so it brings its own link rule.
UNIT_PROGS += guestconsole
UNIT_guestconsole_SRCS := tests/unit/test_guestconsole.c guest-kernel/console.c
$(patsubst %.c,$(UNIT_DIR)/obj/%.o,$(UNIT_guestconsole_SRCS)): \
	UNIT_CFLAGS += -Iguest-kernel/include
$(eval $(call UNIT_LINK,guestconsole))
unit-build unit-test: $(UNIT_DIR)/test_guestconsole

# The console's lines and its policy on control bytes, the monitor's line
# editor and what it prints (hyp/core/console.c, hyp/debug/), on the PV
# harness. Added after the rules above, so it brings its own link rule.
UNIT_PROGS += console
UNIT_console_SRCS = tests/unit/test_console.c $(UNIT_PVH_SRCS)
$(eval $(call UNIT_LINK,console))
unit-build unit-test: $(UNIT_DIR)/test_console

# The SBI hart list an FV guest's IPI and RFENCE calls name
# (hyp/arch/riscv/fv/vsbi_hartmask.c), alone. Added after the rules above,
# so it brings its own link rule.
UNIT_PROGS += vsbi_hartmask
UNIT_vsbi_hartmask_SRCS := tests/unit/test_vsbi_hartmask.c hyp/arch/riscv/fv/vsbi_hartmask.c
$(eval $(call UNIT_LINK,vsbi_hartmask))
unit-build unit-test: $(UNIT_DIR)/test_vsbi_hartmask

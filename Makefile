# SPDX-License-Identifier: MIT
#
# Top-level build. Everything built goes under $(BUILD)/ (ignored by git).
#
#   make            build the hypervisor, the guest kernel, test guests, unit tests
#   make qemu       boot the default configuration (two PV guests) in QEMU
#   make qemu-gdb   the same, waiting for a debugger (see docs/debugging.md)
#   make test       run every test (see docs/testing.md)
#   make clean      remove $(BUILD)/
#
# Options: CONFIG=<name> picks hyp/config/<name>.c (or tests/configs/<name>.c);
# FULLVIRT=1 is CONFIG=fullvirt (two unmodified kernels, trap-and-emulate);
# GUEST=<path> adds any S-mode image built for QEMU virt + OpenSBI as a fully
# virtualized guest (GUEST_NAME, GUEST_MEM in MiB; docs/building.md);
# TRACE=SPEC traces hypercalls and exits from boot (docs/tracing.md);
# ICOUNT=1 runs QEMU deterministically (-icount shift=0,sleep=off).

BUILD ?= build

# Parallel by default: one job per processor. A -j on the command line wins
# (make -j1 builds one thing at a time). Goals that only build (no QEMU, no
# tests) also keep each target's output together (-Otarget); goals that run
# something print as they go.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)
endif
BUILD_GOALS := all hyp guest user images tests-build unit-build fuzz-build gdbinit
ifeq ($(filter-out $(BUILD_GOALS) $(BUILD)/%,$(or $(MAKECMDGOALS),all)),)
MAKEFLAGS += -Otarget
endif
# make clean with other goals: one thing at a time, clean first.
ifneq ($(filter clean,$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif
# Goals named together run in the order given ("make unit-test test-system"),
# each one's prerequisites still built in parallel.
goal_chain = $(if $(word 2,$(1)),$(if $(filter-out $(word 1,$(1)),$(word 2,$(1))),$(eval \
	$(word 2,$(1)): | $(word 1,$(1))))$(call goal_chain,$(wordlist 2,$(words $(1)),$(1))))
$(call goal_chain,$(MAKECMDGOALS))
# FULLVIRT=1: the fully virtualized configuration (two unmodified kernels).
ifeq ($(FULLVIRT),1)
CONFIG ?= fullvirt
endif
CONFIG ?= default
CROSS ?= riscv64-unknown-elf-
QEMU ?= qemu-system-riscv64
MEM ?= 256M

# V=1 shows the full commands.
Q := $(if $(filter 1,$(V)),,@)

CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc

# Compile for rv64imac with the CSR and fence.i extensions spelled out (GCC 12
# wants them); link with the plain name so GCC picks picolibc's rv64imac/lp64.
TARGET_ARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
TARGET_LDARCH := -march=rv64imac -mabi=lp64 -mcmodel=medany
TARGET_CFLAGS := $(TARGET_ARCH) --specs=picolibc.specs --picolibc-buildtype=release -DPICOLIBC_INTEGER_PRINTF_SCANF \
	-std=gnu11 -O2 -g -ffreestanding -fno-common -fno-pie -fno-stack-protector \
	-Wall -Wextra -Werror -MMD -MP -I.
TARGET_LDFLAGS := $(TARGET_LDARCH) --specs=picolibc.specs --picolibc-buildtype=release -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments

.PHONY: all qemu qemu-gdb test clean
all: hyp guest tests-build

# Before anything is built, install missing tools from Debian packages
# (scripts/setup.sh: a quick no-op when everything is there).
ifeq ($(filter clean,$(MAKECMDGOALS)),)
SETUP_STATUS := $(shell scripts/setup.sh -q >&2; echo $$?)
ifneq ($(SETUP_STATUS),0)
$(error scripts/setup.sh could not install the tools this project needs; see above)
endif
endif

# Guest images that configurations embed, by file name under $(IMAGES_DIR):
# each build.mk adds its own to IMAGES.
IMAGES_DIR := $(BUILD)/images
IMAGES :=
include user/build.mk
include guest-kernel/build.mk
include tests/build.mk
# A configuration's object depends on the images it embeds (CONFIG_IMAGES
# below), not on every image: hyp/build.mk's rules name $(IMAGES) as
# prerequisites of every configuration, so it reads an empty list here.
ALL_IMAGES := $(IMAGES)
IMAGES :=
include hyp/build.mk
IMAGES := $(ALL_IMAGES)

# The configurations: hyp/config/NAME.c and tests/configs/NAME.c.
CONFIG_SRCS := $(wildcard hyp/config/*.c tests/configs/*.c)
CONFIGS := $(basename $(notdir $(CONFIG_SRCS)))

# NAME:FILE for each HYP_IMAGE(sym, "FILE") line of each configuration: its
# object depends on $(IMAGES_DIR)/FILE (the .incbin), so booting one
# configuration builds only the images it holds.
CONFIG_IMAGES := $(shell grep -Ho '^[[:space:]]*HYP_IMAGE([^,]*, *"[^"]*")' $(CONFIG_SRCS) | \
	sed 's|^\([^:]*/\)\{0,1\}\([^/:]*\)\.c:[[:space:]]*HYP_IMAGE([^,]*, *"\([^"]*\)")$$|\2:\3|')
config_image_dep = $(BUILD)/config/$(word 1,$(1)).o: $(IMAGES_DIR)/$(word 2,$(1))
$(foreach d,$(CONFIG_IMAGES),$(eval $(call config_image_dep,$(subst :, ,$(d)))))

.PHONY: images
images: $(IMAGES)
tests-build: images

QEMU_OPTS := -machine virt -cpu rv64,h=true -smp 1 -m $(MEM) -nographic -bios default
ifeq ($(ICOUNT),1)
QEMU_OPTS += -icount shift=0,sleep=off
endif

# GUEST=path: QEMU's loader puts the image in host memory at GUEST_ADDR and the
# hypervisor's command line says where (guest=NAME,fv,ADDR,SIZE,MEM_MIB).
GUEST_NAME ?= ext0
GUEST_MEM ?= 64
GUEST_ADDR ?= 0x88000000
ifneq ($(GUEST),)
GUEST_SIZE = $(shell stat -L -c %s "$(GUEST)")
QEMU_GUEST = -device loader,file=$(GUEST),addr=$(GUEST_ADDR),force-raw=on
HYP_APPEND += guest=$(GUEST_NAME),fv,$(GUEST_ADDR),$(GUEST_SIZE),$(GUEST_MEM)
endif
# TRACE=SPEC: the hypervisor traces from boot (trace=SPEC; docs/tracing.md).
ifneq ($(TRACE),)
HYP_APPEND += trace=$(TRACE)
endif
QEMU_HYP = -kernel $(BUILD)/hyp-$(CONFIG).elf $(QEMU_GUEST) \
	$(if $(strip $(HYP_APPEND)),-append "$(strip $(HYP_APPEND))")

qemu: $(BUILD)/hyp-$(CONFIG).elf $(if $(GUEST),check-guest)
	$(QEMU) $(QEMU_OPTS) $(QEMU_HYP)

.PHONY: check-guest
check-guest:
	@test -r "$(GUEST)" || { echo "GUEST=$(GUEST): no such file"; exit 1; }

GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
qemu-gdb: $(BUILD)/hyp-$(CONFIG).elf
	@echo "QEMU waits for gdb on port $(GDBPORT): run 'gdb-multiarch $(BUILD)/hyp-$(CONFIG).elf' and 'target remote :$(GDBPORT)'"
	$(QEMU) $(QEMU_OPTS) $(QEMU_HYP) -S -gdb tcp::$(GDBPORT)

# make gdb: gdb-multiarch for a QEMU that make qemu-gdb started (run that
# first, in another terminal; this does not start QEMU). Its init file,
# $(BUILD)/gdbinit, is generated from scripts/gdbinit.in: the port, the
# hypervisor's and the PV kernel's symbols, the rvhyp-* helpers
# (scripts/gdb/rvhyp.py; see docs/debugging.md).
GDB ?= gdb-multiarch
.PHONY: gdb gdbinit
gdbinit: $(BUILD)/hyp-$(CONFIG).elf $(BUILD)/guest-kernel.elf
	$(Q)sed -e 's|@PORT@|$(GDBPORT)|g' -e 's|@BUILD@|$(abspath $(BUILD))|g' \
		-e 's|@ELF@|$(abspath $(BUILD)/hyp-$(CONFIG).elf)|g' -e 's|@SRCDIR@|$(CURDIR)|g' \
		scripts/gdbinit.in > $(BUILD)/gdbinit
gdb: gdbinit
	$(GDB) -nx -x $(BUILD)/gdbinit

# make qemu-native: the native (FV) guest kernel alone on QEMU + OpenSBI, no
# hypervisor. The raw image: QEMU puts it at 0x80200000 and OpenSBI jumps there
# (the ELF's entry is a higher-half address). APPEND="..." is its command line
# (/chosen/bootargs); IDLE=busy boots the build that idles in a busy loop.
NATIVE_MEM ?= 16M
NATIVE_IMAGE := $(IMAGES_DIR)/guest-kernel-fv$(if $(filter busy,$(IDLE)),-busy).bin
NATIVE_QEMU_OPTS := -machine virt -cpu rv64 -smp 1 -m $(NATIVE_MEM) -nographic -bios default
ifeq ($(ICOUNT),1)
NATIVE_QEMU_OPTS += -icount shift=0,sleep=off
endif
.PHONY: qemu-native
qemu-native: $(NATIVE_IMAGE)
	$(QEMU) $(NATIVE_QEMU_OPTS) -kernel $(NATIVE_IMAGE) $(if $(APPEND),-append "$(APPEND)")

# make bench MODE=pv: one mode's benchmarks (native, fv, fvbusy or pv) into
# $(BUILD)/bench/MODE.json; make compare: all four modes, the idle and zeroing
# experiments, $(BUILD)/bench/compare.{md,csv,svg}. Always deterministic QEMU
# (-icount). SIZE=big (the default) reports the guest's own figures of the
# 10x runs, SIZE=small those of the small runs (the system test's choice);
# exits and hypercalls per op are always big minus small (scripts/bench.py).
MODE ?= pv
SIZE ?= big
.PHONY: bench compare
bench: hyp guest
	QEMU=$(QEMU) $(PYTHON) scripts/bench.py run --mode $(MODE) --size $(SIZE) --build $(BUILD)
compare: hyp guest
	QEMU=$(QEMU) $(PYTHON) scripts/bench.py compare --size $(SIZE) --build $(BUILD)

clean:
	rm -rf $(BUILD)

# Keep intermediate objects and images of pattern chains.
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

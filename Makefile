# SPDX-License-Identifier: MIT
#
# Top-level build. Everything built goes under $(BUILD)/ (ignored by git).
#
#   make help       the targets, the configurations and the variables
#   make            build the hypervisor, the guest kernel, test guests, unit tests
#   make qemu       boot the default configuration (two PV guests) in QEMU
#   make qemu-gdb   the same, waiting for make gdb (see docs/debugging.md)
#   make test       run every test (see docs/testing.md)
#   make clean      remove $(BUILD)/
#
# Options: CONFIG=<name> picks hyp/config/<name>.c (or tests/configs/<name>.c);
# FULLVIRT=1 is CONFIG=fullvirt (two unmodified kernels, trap-and-emulate);
# GUEST=<path> adds any S-mode image built for QEMU virt + OpenSBI as a fully
# virtualized guest (GUEST_NAME, GUEST_MEM in MiB; docs/building.md);
# TRACE=SPEC traces hypercalls and exits from boot (docs/tracing.md);
# ICOUNT=1 runs QEMU deterministically (-icount shift=0,sleep=off);
# SMP=N gives QEMU N harts, all of them the hypervisor's.
# make help lists them all; a variable read here from the command line
# belongs in its list (tests/system/test_make.py checks).

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
# FULLVIRT=1: the fully virtualized configuration (two unmodified kernels).
ifeq ($(FULLVIRT),1)
CONFIG ?= fullvirt
endif
CONFIG ?= default
# CONFIG=linux: pv0 beside Debian's Linux, which QEMU's loader brings
# (GUEST=, GUEST_INITRD=; scripts/linux.py makes both; docs/linux.md).
LINUX_FILES := $(BUILD)/linux/Image $(BUILD)/linux/initramfs.cpio.gz
ifeq ($(CONFIG),linux)
GUEST ?= $(BUILD)/linux/Image
GUEST_INITRD ?= $(BUILD)/linux/initramfs.cpio.gz
GUEST_NAME ?= linux
GUEST_MEM ?= 256
# Without the SBI PMU driver Linux leaves instret running and readable by
# user programs natively too (/bin/bench; scripts/linux_exits.py says why).
GUEST_ARGS ?= console=ttyS0 quiet initcall_blacklist=pmu_sbi_devinit
MEM ?= 1G
endif
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
# (scripts/setup.sh: a quick no-op when everything is there). make clean and
# make help alone need none.
ifneq ($(filter-out clean help,$(or $(MAKECMDGOALS),all)),)
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
# below), not on every image.
include hyp/build.mk

# The configurations: hyp/config/NAME.c and tests/configs/NAME.c.
CONFIG_SRCS := $(wildcard hyp/config/*.c tests/configs/*.c)
CONFIGS := $(basename $(notdir $(CONFIG_SRCS)))

# NAME:FILE for each HYP_IMAGE(sym, "FILE") line of each configuration: its
# object depends on $(IMAGES_DIR)/FILE (the .incbin), so booting one
# configuration builds only the images it holds.
CONFIG_IMAGES := $(shell grep -Ho '^[[:space:]]*HYP_IMAGE([^,]*, *"[^"]*")' $(CONFIG_SRCS) | \
	sed 's|^\([^:]*/\)\{0,1\}\([^/:]*\)\.c:[[:space:]]*HYP_IMAGE([^,]*, *"\([^"]*\)")$$|\2:\3|')
# A shell command listing them with their descriptions (make help, CONFIG=).
CONFIG_LIST = echo " hyp/config/:"; scripts/configs.sh $(wildcard hyp/config/*.c); \
	echo " tests/configs/ (the system tests'):"; scripts/configs.sh $(wildcard tests/configs/*.c)

config_image_dep = $(BUILD)/config/$(word 1,$(1)).o: $(IMAGES_DIR)/$(word 2,$(1))
$(foreach d,$(CONFIG_IMAGES),$(eval $(call config_image_dep,$(subst :, ,$(d)))))

.PHONY: images
images: $(IMAGES)
tests-build: images

# SMP=N: QEMU's harts (1..8), the hypervisor runs on all of them. 1 by
# default: the README's two commands need no more, and the instruction-count
# benchmarks (ICOUNT=1) are only meaningful on one hart (docs/architecture.md,
# "Several harts": with -icount QEMU runs the harts in turn on one thread).
SMP ?= 1
ifeq ($(filter $(SMP),1 2 3 4 5 6 7 8),)
$(error SMP=$(SMP): the hypervisor runs on 1 to 8 harts)
endif
QEMU_OPTS := -machine virt -cpu rv64,h=true -smp $(SMP) -m $(MEM) -nographic -bios default
ifeq ($(ICOUNT),1)
QEMU_OPTS += -icount shift=0,sleep=off
endif

# GUEST=path: QEMU's loader puts the image in host memory at GUEST_ADDR and the
# hypervisor's command line says where (guest=NAME,fv,ADDR,SIZE,MEM_MIB).
# GUEST_INITRD=file goes at GUEST_INITRD_ADDR (default: the first 2 MiB
# boundary past the image; initrd.NAME=ADDR,SIZE); GUEST_ARGS="..." is the
# guest's command line, verbatim (cmdline.NAME=..., last on the line: it
# runs to the end). scripts/linux.py qemu-args writes those QEMU arguments
# (the same function as the Linux tests' and scripts/linux_exits.py's), when
# qemu's recipe runs: after check-guest, so the files are there.
GUEST_NAME ?= ext0
# 128 MiB: room for what a loader puts high (U-Boot's kernel_addr_r is 64 MiB in).
GUEST_MEM ?= 128
GUEST_ADDR ?= 0x88000000
# TRACE=SPEC: the hypervisor traces from boot (trace=SPEC; docs/tracing.md).
TRACE_ITEM = $(if $(TRACE),trace=$(TRACE))
# A make value as one shell word, in single quotes.
shell_word = '$(subst ','\'',$(1))'
# HYP_APPEND="..." from the command line comes first, then the guest's items,
# then TRACE's, then cmdline.NAME= (it runs to the end).
ifneq ($(GUEST),)
GUEST_QEMU_ARGS = $(shell $(PYTHON) scripts/linux.py qemu-args \
	--image $(call shell_word,$(GUEST)) --name $(call shell_word,$(GUEST_NAME)) \
	--mem $(call shell_word,$(GUEST_MEM)) --addr $(call shell_word,$(GUEST_ADDR)) \
	$(if $(GUEST_INITRD),--initrd $(call shell_word,$(GUEST_INITRD))) \
	$(if $(GUEST_INITRD_ADDR),--initrd-addr $(call shell_word,$(GUEST_INITRD_ADDR))) \
	--before $(call shell_word,$(HYP_APPEND)) --after $(call shell_word,$(TRACE_ITEM)) \
	$(if $(GUEST_ARGS),--args $(call shell_word,$(GUEST_ARGS))))
QEMU_HYP = -kernel $(BUILD)/hyp-$(CONFIG).elf \
	$(or $(GUEST_QEMU_ARGS),$(error scripts/linux.py qemu-args failed (above)))
else
HYP_LINE = $(strip $(HYP_APPEND) $(TRACE_ITEM))
QEMU_HYP = -kernel $(BUILD)/hyp-$(CONFIG).elf  $(if $(HYP_LINE),-append "$(HYP_LINE)")
endif

# CONFIG must name a configuration: the goals that boot or debug one say
# which exist rather than make's "No rule to make target".
CONFIG_GOALS := qemu qemu-gdb gdb gdbinit
ifneq ($(filter $(CONFIG_GOALS),$(MAKECMDGOALS)),)
ifeq ($(filter $(CONFIG),$(CONFIGS)),)
$(shell { echo "CONFIG=$(CONFIG): no such configuration. The configurations are:"; \
	$(CONFIG_LIST); } >&2)
$(error CONFIG=$(CONFIG): no such configuration (listed above, and by make help))
endif
endif

qemu: $(BUILD)/hyp-$(CONFIG).elf $(if $(GUEST),check-guest)
	$(QEMU) $(QEMU_OPTS) $(QEMU_HYP)

# CONFIG=linux downloads and builds its parts first (only when missing).
.PHONY: check-guest linux
check-guest: $(if $(filter linux,$(CONFIG)),$(LINUX_FILES))
	@test -r "$(GUEST)" || { echo "GUEST=$(GUEST): no such file"; exit 1; }
	@test -z "$(GUEST_INITRD)" || test -r "$(GUEST_INITRD)" || \
		{ echo "GUEST_INITRD=$(GUEST_INITRD): no such file"; exit 1; }

# make linux: Debian's riscv64 kernel and an initramfs of busybox,
# scripts/linux/ and the bench program built for Linux from user/bin/bench/
# (scripts/linux.py; the packages are cached outside $(BUILD)).
linux: $(LINUX_FILES)
$(LINUX_FILES) &: scripts/linux.py $(wildcard scripts/linux/*) \
		$(wildcard user/bin/bench/*.[ch] user/bin/bench/linux/*.[ch])
	$(PYTHON) scripts/linux.py --build $(BUILD)

GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
# What to type in the other terminal: make gdb with the options that differ.
GDB_GOAL = $(strip make gdb $(if $(filter-out default,$(CONFIG)),CONFIG=$(CONFIG)) \
	$(if $(filter-out build,$(BUILD)),BUILD=$(BUILD)) \
	$(if $(filter command line,$(origin GDBPORT)),GDBPORT=$(GDBPORT)))
qemu-gdb: $(BUILD)/hyp-$(CONFIG).elf $(if $(GUEST),check-guest)
	@echo "QEMU waits for gdb on port $(GDBPORT): in another terminal, run '$(GDB_GOAL)' (docs/debugging.md)"
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
# With CONFIG=linux: the Linux kernel, initramfs, memory and command line of
# make qemu CONFIG=linux, alone (scripts/linux_compare.py measures both).
ifeq ($(CONFIG),linux)
NATIVE_MEM ?= $(GUEST_MEM)M
endif
NATIVE_MEM ?= 16M
NATIVE_IMAGE := $(IMAGES_DIR)/guest-kernel-fv$(if $(filter busy,$(IDLE)),-busy).bin
NATIVE_QEMU_OPTS := -machine virt -cpu rv64 -smp 1 -m $(NATIVE_MEM) -nographic -bios default
ifeq ($(ICOUNT),1)
NATIVE_QEMU_OPTS += -icount shift=0,sleep=off
endif
ifeq ($(CONFIG),linux)
NATIVE_DEPS = $(LINUX_FILES)
NATIVE_BOOT = -kernel $(GUEST) -initrd $(GUEST_INITRD) -append "$(GUEST_ARGS)"
else
NATIVE_DEPS = $(NATIVE_IMAGE)
NATIVE_BOOT = -kernel $(NATIVE_IMAGE) $(if $(APPEND),-append "$(APPEND)")
endif
.PHONY: qemu-native
qemu-native: $(NATIVE_DEPS)
	$(QEMU) $(NATIVE_QEMU_OPTS) $(NATIVE_BOOT)

# make linux-compare: the same Linux natively and as a guest, busy time and
# exits by cause, and the bench program on Linux and on the project's kernel
# (native and PV: hyp guest) (scripts/linux_compare.py, -icount); UPDATE=1
# rewrites the tables in docs/linux.md.
.PHONY: linux-compare
linux-compare: hyp guest $(BUILD)/hyp-linux.elf $(LINUX_FILES)
	$(PYTHON) scripts/linux_compare.py --build $(BUILD) $(if $(filter 1,$(UPDATE)),--update docs/linux.md)

# make bench MODE=pv: one mode's benchmarks (native, fv, fvbusy, pv or
# pvsteady: pv with zeroinfo=0) into $(BUILD)/bench/MODE.json; make compare:
# all five modes, the idle and zeroing experiments,
# $(BUILD)/bench/compare.{md,csv,svg}, and with UPDATE=1 SIZE=small the
# figures of docs/performance.md. Always deterministic QEMU (-icount).
# SIZE=big (the default) reports the guest's own figures of the 10x runs,
# SIZE=small those of the small runs (the system tests' choice); exits and
# hypercalls per op are always big minus small (scripts/bench.py).
MODE ?= pv
SIZE ?= big
.PHONY: bench compare
bench: hyp guest
	QEMU=$(QEMU) $(PYTHON) scripts/bench.py run --mode $(MODE) --size $(SIZE) --build $(BUILD)
compare: hyp guest
	QEMU=$(QEMU) $(PYTHON) scripts/bench.py compare --size $(SIZE) --build $(BUILD) \
		$(if $(filter 1,$(UPDATE)),--update docs/performance.md)

# make isolation: the time-isolation guarantees measured (scripts/isolation.py:
# the meter guest beside each attack of the hog, -icount); UPDATE=1 rewrites
# the table in docs/security.md.
.PHONY: isolation
isolation: $(BUILD)/hyp-isolation.elf
	QEMU=$(QEMU) $(PYTHON) scripts/isolation.py --build $(BUILD) $(if $(filter 1,$(UPDATE)),--update)

# make trace-decode LOG=run.log [ARGS="--guest pv0 --timeline t.svg"]:
# scripts/trace_decode.py run by the project's Python ($(PYTHON), the one
# scripts/setup.sh provisions with matplotlib; docs/tracing.md).
.PHONY: trace-decode
trace-decode:
	@test -n "$(LOG)" || { echo "make trace-decode: which log? LOG=run.log" \
		"(and ARGS=\"--guest pv0 --timeline t.svg\" for more)" >&2; exit 1; }
	$(PYTHON) scripts/trace_decode.py $(LOG) $(ARGS)

clean:
	rm -rf $(BUILD)

# make help: every target, configuration and variable. The configurations
# describe themselves (scripts/configs.sh reads their top comments). Lines
# are "NAME|description" ("|more" continues one), laid out by HELP_FORMAT.
define HELP_TARGETS
Usage: make [TARGET...] [VARIABLE=value...]   (parallel by default; -j1: one job at a time)

Targets:
all (the default)|the hypervisor in every hyp/config/ configuration, the guest kernels,
|the test guests and configurations, the unit tests
qemu|build and boot CONFIG in QEMU (Ctrl-] moves the console focus, Ctrl-A x quits)
qemu-gdb|the same, stopped, waiting for make gdb from another terminal
gdb|gdb-multiarch attached to make qemu-gdb's QEMU, with symbols and rvhyp-* helpers
gdbinit|write $(BUILD)/gdbinit only (make gdb's init file)
qemu-native|the native guest kernel alone on QEMU + OpenSBI, no hypervisor (CONFIG=linux: that Linux)
linux|Debian's riscv64 Linux and an initramfs (busybox, bench built for Linux) into $(BUILD)/linux/ (CONFIG=linux)
linux-compare|that Linux natively and as a guest: busy time, exits by cause, bench per op beside the project's kernel (UPDATE=1: docs/linux.md)
trace-decode|decode a console log's [trace] lines: LOG=run.log [ARGS="--guest pv0 --timeline t.svg"]
test|every test: format-check, test-pvabi, unit-test, fuzz-replay, test-system, in that order
format-check|every C file as .clang-format lays it out (clang-format 14)
format|lay out every C file with clang-format (what format-check asks for)
test-pvabi|each pvabi/*.h compiled alone, strictly, for the target and the host
unit-test|the host unit tests (cmocka, ASan, UBSan)
fuzz-replay|every committed fuzz input once
test-system|the system tests (pytest + pexpect, QEMU)
soak|the soak test, ROUNDS boots of each guest
bench|one mode's benchmarks (MODE=) into $(BUILD)/bench/
compare|every mode, the idle and zeroing experiments: $(BUILD)/bench/compare.{md,csv,svg} (UPDATE=1 SIZE=small: docs/performance.md)
isolation|CPU share, timer delay and longest exit under each attack (UPDATE=1: docs/security.md)
fuzz|fuzz FUZZ_TARGET for FUZZ_TIME seconds each
fuzz-merge|fold the new fuzz finds into tests/fuzz/corpus/
fuzz-seeds|rewrite the hand-made fuzz seeds
hyp|the hypervisor in every hyp/config/ configuration
guest|the three guest kernels (PV, FV, FV idling busy)
user|the user programs and $(BUILD)/fs.img
images|every guest image a configuration can embed
tests-build|everything make test boots or runs but the fuzz targets
unit-build, fuzz-build|the unit test programs, the fuzz targets
$(BUILD)/hyp-NAME.elf|one configuration's image (make qemu builds only what it needs)
help|this text
clean|remove $(BUILD)/

Configurations (CONFIG=NAME: hyp/config/NAME.c or tests/configs/NAME.c, by their top comments):
endef

define HELP_VARIABLES

Variables (make VARIABLE=value; after "=" the value in use now):
CONFIG=$(CONFIG)|the configuration of qemu, qemu-gdb, gdb (above)
FULLVIRT=1|CONFIG=fullvirt: two unmodified kernels, trap-and-emulate
GUEST=path|add any S-mode image for QEMU virt + OpenSBI as an FV guest
GUEST_NAME=$(GUEST_NAME)|its name
GUEST_MEM=$(GUEST_MEM)|its memory in MiB
GUEST_ADDR=$(GUEST_ADDR)|where QEMU's loader puts the image in host memory
GUEST_INITRD=file|its initrd (linux,initrd-start/end in its device tree)
GUEST_INITRD_ADDR=ADDR|where the loader puts it (default: 2 MiB-aligned past the image)
GUEST_ARGS="..."|its kernel command line, verbatim (cmdline.NAME=, last on the line)
TRACE=SPEC|trace from boot: on, quiet, hcall, exit, sched, irq, guest names (docs/tracing.md)
HYP_APPEND="..."|more of the hypervisor's command line (args.NAME=..., on_stop.NAME=...)
ICOUNT=1|deterministic QEMU (-icount shift=0,sleep=off), one instruction per ns:
|the trace's insns column counts instructions only then
MEM=$(MEM)|QEMU's RAM (qemu, qemu-gdb)
SMP=$(SMP)|QEMU's harts (1 to 8), all the hypervisor's (with ICOUNT=1 QEMU runs them in turn)
QEMU=$(QEMU)|the QEMU to run
NATIVE_MEM=$(NATIVE_MEM)|qemu-native's RAM
APPEND="..."|qemu-native: the kernel's command line (/chosen/bootargs)
IDLE=busy|qemu-native: the build that idles in a busy loop
GDBPORT=$(GDBPORT)|qemu-gdb's and gdb's port (per user)
GDB=$(GDB)|the debugger of make gdb
LOG=run.log|trace-decode: the console log to decode
ARGS="..."|trace-decode: more options of scripts/trace_decode.py
MODE=$(MODE)|bench: native, fv, fvbusy, pv or pvsteady
SIZE=$(SIZE)|bench, compare: big or small runs
UPDATE=$(UPDATE)|isolation, compare: 1 rewrites the measured tables in docs/security.md, docs/performance.md (compare: with SIZE=small)
ROUNDS=$(ROUNDS)|soak: boots of each guest
FUZZ_TARGET=NAME...|fuzz, fuzz-merge: some of $(FUZZ_TARGETS)
FUZZ_TIME=$(FUZZ_TIME)|fuzz: seconds per target
FUZZ_ARGS="..."|fuzz: more libFuzzer options
FUZZ_CC=$(FUZZ_CC)|fuzz: the compiler (with libFuzzer)
HYP_TRACE=0|build the hypervisor without trace hooks (give it its own BUILD=)
BUILD=$(BUILD)|the build directory
V=1|show whole commands
CROSS=$(CROSS)|the cross compiler's prefix
HOSTCC=$(HOSTCC)|the host compiler (unit tests)
PYTHON=$(PYTHON)|the Python of the tests, bench and trace-decode
HYP_TEST_TIMEOUT=60|(environment) seconds one QEMU run of the system tests may take
endef

HELP_FORMAT = awk -F'|' 'NF < 2 { print; next } \
	length($$1) > 22 { print "  " $$1; $$1 = "" } { printf "  %-22s %s\n", $$1, $$2 }'

.PHONY: help
help: export HELP_HEAD = $(HELP_TARGETS)
help: export HELP_TAIL = $(HELP_VARIABLES)
help:
	@printf '%s\n' "$$HELP_HEAD" | $(HELP_FORMAT)
	@$(CONFIG_LIST)
	@printf '%s\n' "$$HELP_TAIL" | $(HELP_FORMAT)

# Keep intermediate objects and images of pattern chains.
.SECONDARY:

# Goals named together run in the order given ("make unit-test test-system"),
# each one's prerequisites still built in parallel.
goal_chain = $(if $(word 2,$(1)),$(if $(filter-out $(word 1,$(1)),$(word 2,$(1))),$(eval \
	$(word 2,$(1)): | $(word 1,$(1))))$(call goal_chain,$(wordlist 2,$(words $(1)),$(1))))
$(call goal_chain,$(MAKECMDGOALS))

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)

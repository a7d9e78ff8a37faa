#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages this project needs to build, boot and test.
# Idempotent: checks each tool first, runs `apt-get update` at most once, and
# installs only what is missing. Works as root or through sudo.
set -eu

# tool-or-file : package
need=(
	"riscv64-unknown-elf-gcc:gcc-riscv64-unknown-elf"
	"riscv64-unknown-elf-objcopy:binutils-riscv64-unknown-elf"
	"qemu-system-riscv64:qemu-system-misc"
	"/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin:opensbi"
	"gdb-multiarch:gdb-multiarch"
	"dtc:device-tree-compiler"
	"/usr/include/cmocka.h:libcmocka-dev"
	"clang:clang"
	"clang-format:clang-format"
	"/usr/lib/clang/14/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-dev"
	"pkg-config:pkg-config"
	"cpio:cpio"
	"/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin:u-boot-qemu"
	"/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs:picolibc-riscv64-unknown-elf"
	# user/bin/bench built for Linux (static glibc) by scripts/linux.py
	"riscv64-linux-gnu-gcc:gcc-riscv64-linux-gnu"
	"/usr/riscv64-linux-gnu/lib/libc.a:libc6-dev-riscv64-cross"
	"py:pytest:python3-pytest"
	"py:pexpect:python3-pexpect"
	"py:matplotlib:python3-matplotlib"
	"/usr/bin/python3:python3"
)

have() {
	case "$1" in
	py:*) /usr/bin/python3 -c "import ${1#py:}" 2>/dev/null ;;
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

missing=()
for entry in "${need[@]}"; do
	pkg=${entry##*:}
	probe=${entry%:*}
	have "$probe" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
	[ "${1:-}" = "-q" ] || echo "setup: all tools present"
	exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "setup: not root and no sudo; please install as root: apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "setup: apt-get not found; this project expects Debian 12 (bookworm)." >&2
	echo "setup: install these packages by hand: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || { echo "setup: apt-get update failed (no network to the Debian mirror?)" >&2; exit 1; }
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	echo "setup: could not install: ${missing[*]}" >&2
	exit 1
fi
echo "setup: done"

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""scripts/linux.py - Debian's riscv64 Linux and busybox as an FV guest's
kernel and initramfs (docs/linux.md). It owns the private apt configuration
under BUILD/linux/apt/, the package cache and the two files it makes:

    BUILD/linux/Image               the kernel (Debian's raw Image, /boot/vmlinux-*)
    BUILD/linux/initramfs.cpio.gz   busybox-static, /bin/bench, scripts/linux/ (init, inittab)
    BUILD/linux/release             the kernel's release (uname -r)
    BUILD/linux/bench               the project's bench program built for Linux

It also owns how such a guest is given to the hypervisor: qemu_args() is
QEMU's loader devices for the kernel and the initrd (the initrd at the first
2 MiB boundary past the kernel) and the hypervisor's command line
(guest=NAME,fv,ADDR,SIZE,MEM_MIB initrd.NAME=ADDR,SIZE [vcpus.NAME=N]
cmdline.NAME=...), for make qemu GUEST=... (the qemu-args command below),
tests/system/test_linux.py and scripts/linux_exits.py alike.

The bench program is the project's own (user/bin/bench/*.c) compiled with
Debian's riscv64-linux-gnu-gcc against glibc, static, through the
portability header user/bin/bench/linux/ulib.h, so that the same benchmarks
run on the project's kernel and on Linux (scripts/linux_compare.py).

    scripts/linux.py [--build BUILD] [--cache DIR]
    scripts/linux.py qemu-args --image FILE [--initrd FILE] [--name NAME] [--mem MIB]
        [--addr ADDR] [--initrd-addr ADDR] [--vcpus N] [--before ITEMS]
        [--after ITEMS] [--args ARGUMENTS]

qemu-args prints those QEMU arguments as shell words (the Makefile's).

Debian 12 has no riscv64 port; Debian's current stable release has one, on
the mirror the machine's own apt sources name. apt-get runs with a
configuration of its own (its sources list with [arch=riscv64] and suite
"stable", its own lists, cache and state directories, the system's keyring so
every signature is checked): the system's package state is never read or
written. The .debs are kept in the cache directory (default
$XDG_CACHE_HOME/rvhyp/linux, outside BUILD so that make clean does not
download them again); once they are there nothing touches the network.

The initramfs is written here, in Python (cpio newc, gzip), so that its
device nodes need neither root nor cpio(1).
"""
import argparse
import glob
import gzip
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
PROG = "scripts/linux.py"
ROOT = os.path.dirname(HERE)
BENCH_DIR = os.path.join(ROOT, "user", "bin", "bench")
LINUX_CC = "riscv64-linux-gnu-gcc"
# The project's own flags where they apply (TARGET_CFLAGS in the Makefile);
# the ISA and ABI are Debian's (rv64gc, lp64d), which its libc is built for.
BENCH_CFLAGS = ["-static", "-std=gnu11", "-O2", "-s", "-Wall", "-Wextra", "-Werror"]
# Where QEMU's loader puts a guest's kernel in host memory (make's GUEST_ADDR),
# its memory (make qemu CONFIG=linux's GUEST_MEM), and the initrd's alignment.
GUEST_ADDR = 0x88000000
GUEST_MEM_MIB = 256
INITRD_ALIGN = 0x200000


def die(msg):
    print(f"{PROG}: {msg}", file=sys.stderr)
    sys.exit(1)


def system_mirror():
    """The first Debian archive the machine's apt sources name (not security)."""
    files = ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*"))
    for f in files:
        try:
            text = open(f, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        for m in re.finditer(r"^\s*(?:URIs:|deb(?:\s+\[[^\]]*\])?)\s+(\S+)", text, re.M):
            uri = m.group(1).rstrip("/")
            if uri.endswith("/debian") and "security" not in uri:
                return uri
    return DEFAULT_MIRROR


class Apt:
    """apt-get and apt-cache with a private configuration under root."""

    def __init__(self, root, cache, mirror):
        self.root, self.cache, self.mirror = root, cache, mirror
        for d in ("lists/partial", "cache/archives/partial", "state", "etc/sources.list.d",
                  "etc/preferences.d", "etc/apt.conf.d"):
            os.makedirs(os.path.join(root, d), exist_ok=True)
        open(os.path.join(root, "state/status"), "a").close()
        with open(os.path.join(root, "etc/sources.list"), "w") as f:
            f.write(f"deb [arch=riscv64 signed-by={KEYRING}] {mirror} stable main\n")
        conf = os.path.join(root, "apt.conf")
        with open(conf, "w") as f:
            f.write(f'''Dir::Etc "{root}/etc";
Dir::Etc::sourcelist "{root}/etc/sources.list";
Dir::Etc::sourceparts "{root}/etc/sources.list.d";
Dir::Etc::preferencesparts "{root}/etc/preferences.d";
Dir::Etc::parts "{root}/etc/apt.conf.d";
Dir::State "{root}/state";
Dir::State::lists "{root}/lists";
Dir::State::status "{root}/state/status";
Dir::Cache "{root}/cache";
APT::Architecture "riscv64";
APT::Architectures {{ "riscv64"; }};
APT::Sandbox::User "{"root" if os.geteuid() == 0 else ""}";
Acquire::Languages "none";
Acquire::Retries "1";
''')
        # APT_CONFIG is read before the system's apt.conf: nothing of the
        # system's configuration (sources, proxy aside) applies.
        self.env = dict(os.environ, APT_CONFIG=conf, LC_ALL="C")

    def run(self, *args, cwd=None):
        return subprocess.run(args, env=self.env, cwd=cwd, capture_output=True, text=True)

    def update(self):
        r = self.run("apt-get", "-q", "update")
        lines = (r.stdout + r.stderr).splitlines()
        failed = r.returncode != 0 or any(l.startswith(("E:", "Err:")) for l in lines)
        # apt's "W: Failed to fetch URL  REASON" says why in one line.
        why = [l for l in lines if l.startswith(("W:", "E:"))]
        if failed:
            die(f"cannot read Debian stable (riscv64) from {self.mirror} (LINUX_MIRROR= "
                f"picks another): " + (why[0][3:] if why else "apt-get update failed"))

    def kernel_package(self):
        """linux-image-riscv64 is a metapackage: the versioned one it depends on."""
        r = self.run("apt-cache", "depends", "linux-image-riscv64")
        for l in r.stdout.splitlines():
            m = re.match(r"\s*Depends:\s*(linux-image-\d\S*-riscv64)\s*$", l)
            if m:
                return m.group(1)
        die("linux-image-riscv64 has no linux-image-*-riscv64 dependency: " +
            (r.stderr.strip() or r.stdout.strip()))

    def download(self, pkg):
        r = self.run("apt-get", "-q", "download", pkg, cwd=self.cache)
        if r.returncode != 0:
            die(f"apt-get download {pkg} from {self.mirror} failed: " +
                (r.stderr.strip().splitlines() or ["?"])[-1])


def cached(cache, pattern):
    found = sorted(glob.glob(os.path.join(cache, pattern)))
    return found[-1] if found else None


def fetch(build, cache):
    """The two .debs, from the cache or downloaded into it."""
    kdeb = cached(cache, "linux-image-[0-9]*-riscv64_*_riscv64.deb")
    bdeb = cached(cache, "busybox-static_*_riscv64.deb")
    if kdeb and bdeb:
        return kdeb, bdeb
    mirror = os.environ.get("LINUX_MIRROR", system_mirror())
    apt = Apt(os.path.join(os.path.abspath(build), "linux", "apt"), cache, mirror)
    print(f"{PROG}: downloading Debian stable riscv64 packages from {mirror} into {cache}",
          file=sys.stderr)
    apt.update()
    if not kdeb:
        apt.download(apt.kernel_package())
    if not bdeb:
        apt.download("busybox-static")
    kdeb = cached(cache, "linux-image-[0-9]*-riscv64_*_riscv64.deb")
    bdeb = cached(cache, "busybox-static_*_riscv64.deb")
    if not (kdeb and bdeb):
        die(f"the packages are not in {cache} after downloading them")
    return kdeb, bdeb


def deb_files(deb, want):
    """{path: bytes} of the files in deb's data whose path want(path) accepts."""
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True)
    if tar.returncode != 0:
        die(f"{deb} is not a readable package: {tar.stderr.decode().strip()}")
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as t:
        for m in t:
            name = m.name.lstrip("./")
            if m.isfile() and want(name):
                out[name] = t.extractfile(m).read()
    return out


class Cpio:
    """A cpio archive in the newc format, as the kernel's initramfs reads it."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
                  len(name_b), 0]
        self.ino += 1
        self.out += b"070701" + b"".join(b"%08X" % v for v in fields) + name_b
        self.out += b"\0" * (-len(self.out) % 4) + data
        self.out += b"\0" * (-len(self.out) % 4)

    def dir(self, name):
        self._entry(name, 0o40755)

    def file(self, name, data, perm=0o644):
        self._entry(name, 0o100000 | perm, data)

    def symlink(self, name, target):
        self._entry(name, 0o120777, target.encode())

    def chardev(self, name, major, minor):
        self._entry(name, 0o20600, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return bytes(self.out)


def build_bench(out):
    """user/bin/bench for Linux: the shared sources and linux/*.c, static."""
    if shutil.which(LINUX_CC) is None:
        die(f"{LINUX_CC} not found: scripts/setup.sh installs it (Debian packages "
            "gcc-riscv64-linux-gnu and libc6-dev-riscv64-cross)")
    srcs = sorted(glob.glob(os.path.join(BENCH_DIR, "*.c")) +
                  glob.glob(os.path.join(BENCH_DIR, "linux", "*.c")))
    path = os.path.join(out, "bench")
    r = subprocess.run([LINUX_CC, *BENCH_CFLAGS, "-I", os.path.join(BENCH_DIR, "linux"),
                        *srcs, "-o", path + ".tmp"], capture_output=True, text=True)
    if r.returncode != 0:
        die(f"building {path} with {LINUX_CC} failed:\n{r.stderr.strip()}")
    os.replace(path + ".tmp", path)
    return open(path, "rb").read()


def initramfs(busybox, bench):
    c = Cpio()
    for d in ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys", "tmp",
              "etc", "root", "run", "mnt"):
        c.dir(d)
    # The kernel opens /dev/console before it runs /init.
    c.chardev("dev/console", 5, 1)
    c.file("bin/busybox", busybox, 0o755)
    c.symlink("bin/sh", "busybox")
    c.file("bin/bench", bench, 0o755)
    for name in sorted(os.listdir(os.path.join(HERE, "linux"))):
        data = open(os.path.join(HERE, "linux", name), "rb").read()
        if name == "init":
            c.file("init", data, 0o755)
        else:
            c.file(f"etc/{name}", data, 0o755 if data.startswith(b"#!") else 0o644)
    return gzip.compress(c.finish(), 9, mtime=0)


def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def initrd_address(addr, image_size):
    """The first INITRD_ALIGN boundary past a kernel of image_size bytes at addr."""
    return (addr + image_size + INITRD_ALIGN - 1) // INITRD_ALIGN * INITRD_ALIGN


def qemu_args(image, initrd=None, *, name="linux", mem_mib=GUEST_MEM_MIB, args=None,
              addr=GUEST_ADDR, initrd_addr=None, vcpus=1, before=(), after=()):
    """QEMU's arguments that give the hypervisor an FV guest from files: a
    loader device for the kernel at addr and one for the initrd (at
    initrd_addr, default the first 2 MiB boundary past the kernel), then
    -append with the hypervisor's command line: the items of before,
    guest=NAME,fv,ADDR,SIZE,MEM_MIB, initrd.NAME=ADDR,SIZE, vcpus.NAME=N
    when vcpus > 1, the items of after, and cmdline.NAME=args last (it runs
    to the end of the line). The sizes are the files' own."""
    isize = os.path.getsize(image)
    out = ["-device", f"loader,file={image},addr={addr:#x},force-raw=on"]
    items = [*before, f"guest={name},fv,{addr:#x},{isize},{mem_mib}"]
    if initrd:
        if initrd_addr is None:
            initrd_addr = initrd_address(addr, isize)
        out += ["-device", f"loader,file={initrd},addr={initrd_addr:#x},force-raw=on"]
        items.append(f"initrd.{name}={initrd_addr:#x},{os.path.getsize(initrd)}")
    if vcpus > 1:
        items.append(f"vcpus.{name}={vcpus}")
    items += after
    if args:
        items.append(f"cmdline.{name}={args}")
    return out + ["-append", " ".join(items)]


def shell_words(argv):
    """argv as shell words, as the Makefile wrote them: -append's line in
    double quotes (when they keep it whole and literal), every other word
    quoted only if it must be."""
    def word(w, after):
        if after == "-append" and not re.search(r'["$`\\]', w):
            return f'"{w}"'
        return shlex.quote(w)
    return " ".join(word(w, argv[i - 1] if i else None) for i, w in enumerate(argv))


def qemu_args_main(argv):
    """scripts/linux.py qemu-args: qemu_args() printed as shell words."""
    ap = argparse.ArgumentParser(prog=f"{PROG} qemu-args",
                                 description=qemu_args.__doc__.split("\n")[0])
    ap.add_argument("--image", required=True)
    ap.add_argument("--initrd")
    ap.add_argument("--name", default="linux")
    ap.add_argument("--mem", type=int, default=GUEST_MEM_MIB, help="the guest's MiB")
    ap.add_argument("--addr", type=lambda v: int(v, 0), default=GUEST_ADDR)
    ap.add_argument("--initrd-addr", type=lambda v: int(v, 0))
    ap.add_argument("--vcpus", type=int, default=1)
    ap.add_argument("--before", default="", help="hypervisor items before guest=")
    ap.add_argument("--after", default="", help="hypervisor items before cmdline.NAME=")
    ap.add_argument("--args", help="the guest's command line (cmdline.NAME=)")
    a = ap.parse_args(argv)
    for what, path in (("image", a.image), ("initrd", a.initrd)):
        if path and not os.path.isfile(path):
            die(f"qemu-args: the {what} {path} is not a file")
    print(shell_words(qemu_args(a.image, a.initrd, name=a.name, mem_mib=a.mem, args=a.args,
                                addr=a.addr, initrd_addr=a.initrd_addr, vcpus=a.vcpus,
                                before=a.before.split(), after=a.after.split())))


def main():
    if sys.argv[1:2] == ["qemu-args"]:
        return qemu_args_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--cache", default=os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "rvhyp", "linux"))
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    out = os.path.join(a.build, "linux")
    os.makedirs(out, exist_ok=True)
    bench = build_bench(out)
    kdeb, bdeb = fetch(a.build, a.cache)
    kfiles = deb_files(kdeb, lambda n: re.fullmatch(r"boot/vmlinu[xz]-.*", n) is not None)
    if not kfiles:
        die(f"{kdeb} has no /boot/vmlinux-*")
    kname, image = sorted(kfiles.items())[0]
    bfiles = deb_files(bdeb, lambda n: n in ("bin/busybox", "usr/bin/busybox"))
    if not bfiles:
        die(f"{bdeb} has no busybox binary")
    write(os.path.join(out, "Image"), image)
    write(os.path.join(out, "initramfs.cpio.gz"), initramfs(next(iter(bfiles.values())), bench))
    write(os.path.join(out, "release"), (kname.split("-", 1)[1] + "\n").encode())
    print(f"{PROG}: {out}/Image ({len(image) // 1024} KiB, {kname}), "
          f"{out}/initramfs.cpio.gz", file=sys.stderr)


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: MIT
"""The top-level Makefile's user interface: make help names every target,
configuration and variable (each configuration by its own top comment),
CONFIG=nosuch lists the configurations, make qemu builds only what it boots,
in parallel, qemu-gdb points at make gdb, make test runs its steps in order.
Everything but make help runs as make -n on an empty build directory: nothing
is built and nothing boots."""
import glob
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAKEFILES = ["Makefile", "user/build.mk", "guest-kernel/build.mk", "tests/build.mk",
             "tests/unit/unit.mk", "tests/fuzz/fuzz.mk", "hyp/build.mk"]
# Names the Makefiles read that no user sets: make's own and loop variables.
NOT_USER = {"CURDIR", "MAKE", "MAKECMDGOALS", "MAKEFLAGS"}
# Phony targets that are steps of others, not commands of their own.
INTERNAL_TARGETS = {"check-guest"}


def make(*args, check=True):
    """make in the source tree, with none of a calling make's flags or options."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "CONFIG",
                        "BUILD", "FULLVIRT", "GUEST", "TRACE", "HYP_APPEND", "V")}
    r = subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def makefile_text():
    return {f: open(os.path.join(ROOT, f)).read() for f in MAKEFILES}


def user_variables():
    """Every variable a Makefile reads that the user may set: those with a
    default (NAME ?= ...) and those read but never set (ifeq ($(ICOUNT),1),
    HYP_APPEND += ...)."""
    defaults, assigned, read, loops = set(), set(), set(), set()
    for text in makefile_text().values():
        # A define's body is text (make help's is full of NAME=value lines).
        assigned |= set(re.findall(r"^define[ \t]+([A-Za-z_]\w*)", text, re.M))
        text = re.sub(r"^define[ \t].*?^endef", "", text, flags=re.M | re.S)
        for name, op in re.findall(r"^[ \t]*(?:override[ \t]+|export[ \t]+)?([A-Za-z_]\w*)[ \t]*"
                                   r"(\?=|:=|::=|\+=|=)", text, re.M):
            if op == "?=":
                defaults.add(name)
            elif op != "+=":
                assigned.add(name)
        read |= set(re.findall(r"\$[({]([A-Za-z_]\w*)[)}]", text))
        loops |= set(re.findall(r"\$\((?:foreach|let) ([A-Za-z_]\w*),", text))
    return sorted(defaults | (read - assigned - loops - NOT_USER))


def phony_targets():
    out = set()
    for text in makefile_text().values():
        for line in re.findall(r"^\.PHONY:(.*)$", text, re.M):
            out |= set(line.split())
    return sorted(out - INTERNAL_TARGETS)


def config_files():
    return sorted(glob.glob(os.path.join(ROOT, "hyp", "config", "*.c")) +
                  glob.glob(os.path.join(ROOT, "tests", "configs", "*.c")))


def first_words_of_comment(path, n=4):
    """The first words of a configuration's own description (after "NAME.c - ")."""
    text = open(path).read()
    m = re.search(r"/\*\s*\*?\s*" + re.escape(os.path.basename(path)) + r" - (.*?)\*/", text, re.S)
    assert m, f"{path}: no \"NAME.c - description\" top comment"
    words = re.sub(r"^test configuration: ", "", " ".join(m.group(1).replace("*", " ").split()))
    return " ".join(words.split()[:n])


def test_help_names_every_target_configuration_and_variable():
    out = make("help").stdout
    for target in phony_targets():
        assert re.search(rf"^  (\S+, )?{re.escape(target)}\b", out, re.M), f"target {target}"
    configs = out[out.index("\nConfigurations"):out.index("\nVariables")]
    for path in config_files():
        name = os.path.basename(path)[:-2]
        line = re.search(rf"^  {re.escape(name)} +(.*)$", configs, re.M)
        assert line, f"configuration {name} not in make help"
        assert line.group(1).startswith(first_words_of_comment(path)), line.group(0)
    variables = user_variables()
    assert {"FULLVIRT", "GUEST", "GUEST_MEM", "GUEST_NAME", "GUEST_ADDR", "TRACE", "ICOUNT",
            "MEM", "SIZE", "MODE", "NATIVE_MEM", "APPEND", "IDLE", "V", "BUILD",
            "HYP_TRACE", "CONFIG", "LOG"} <= set(variables), variables
    for var in variables:
        assert re.search(rf"^  {var}=", out, re.M), f"variable {var} not in make help"


def test_unknown_configuration_lists_the_known_ones(tmp_path):
    r = make("-n", "qemu", "CONFIG=nosuch", f"BUILD={tmp_path}", check=False)
    assert r.returncode != 0
    assert "No rule to make target" not in r.stderr
    assert "CONFIG=nosuch: no such configuration" in r.stderr
    assert re.search(r"^  default +the default configuration", r.stderr, re.M), r.stderr
    assert re.search(r"^  hostile +", r.stderr, re.M), r.stderr


def built_images(out):
    return sorted(set(re.findall(r"BIN +\S*/images/(\S+\.bin)", out)))


def test_qemu_builds_only_what_it_boots_in_parallel(tmp_path):
    out = make("-n", "qemu", f"BUILD={tmp_path}").stdout
    assert built_images(out) == ["guest-kernel.bin"]
    assert re.search(rf"qemu-system-riscv64 .*-kernel {tmp_path}/hyp-default\.elf", out)
    assert not re.search(r"LD +\S*/hyp-(?!default\.elf)", out), "another configuration linked"
    out = make("-n", "qemu", "FULLVIRT=1", f"{tmp_path}/hyp-hostile.elf",
               f"BUILD={tmp_path}").stdout
    assert built_images(out) == ["guest-kernel-fv.bin", "tg-cksum.bin", "tg-hostile.bin"]
    # One job per processor unless -j says otherwise; output held back per
    # target only when nothing runs (make help runs no QEMU and no setup.sh).
    flags = make("-pn", "help").stdout
    assert re.search(r"^MAKEFLAGS = .*-j\d", flags, re.M) and "-Otarget" not in flags
    # Each configuration's object depends on every image it embeds (one
    # HYP_IMAGE to a line, as the Makefile reads them), and on no other.
    for path in config_files():
        name = os.path.basename(path)[:-2]
        embeds = re.findall(r'HYP_IMAGE\(\s*\w+\s*,\s*"([^"]+)"', open(path).read())
        deps = re.search(rf"^build/config/{name}\.o:(.*)$", flags, re.M)
        assert embeds and deps and set(re.findall(r"build/images/(\S+)", deps.group(1))) == \
            set(embeds), (name, embeds, deps and deps.group(0))
    flags = make("-pn", "-j1", "help", "all").stdout
    assert re.search(r"^MAKEFLAGS = .*-j1\b", flags, re.M)


def test_qemu_gdb_says_make_gdb(tmp_path):
    out = make("-n", "qemu-gdb", "CONFIG=mixed", f"BUILD={tmp_path}").stdout
    assert re.search(r"in another terminal, run 'make gdb CONFIG=mixed BUILD=\S+'", out), out


def test_make_test_runs_its_steps_in_order_after_the_build(tmp_path):
    out = make("-n", "test", f"BUILD={tmp_path}").stdout
    steps = [out.index(s) for s in ("pvabi_check.c", "== unit: test_frame",
                                    "== fuzz-replay: hcall", "-m pytest")]
    assert steps == sorted(steps), steps
    assert out.rindex("LD      ") < steps[0]
    assert out.rindex("FUZZLD  ") < steps[0]


def test_trace_decode_uses_the_project_python():
    out = make("-n", "trace-decode", "LOG=run.log", "ARGS=--guest pv0").stdout
    assert "/usr/bin/python3 scripts/trace_decode.py run.log --guest pv0" in out
    r = make("trace-decode", check=False)
    assert r.returncode != 0 and "LOG=run.log" in r.stderr

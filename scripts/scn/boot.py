"""Booting scenarios: compile the models (scn/compile.py), boot the kernel
in QEMU with the compiled file as initrd under -icount shift=0,sleep=off
(virtual time = instructions retired; an idle hart jumps to the next timer
deadline, so a run does not depend on the host's speed), and cut a batch's
console into one Run per scenario."""
import os
import subprocess
import sys

from .compile import compile_scenarios
from .console import SECTION_END_RE, Run, slice_console
from .parse import FileError, parse_file

QEMU_DEFAULT = "qemu-system-riscv64"
BIOS_DEFAULT = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"


def boot_options(ap):
    """The options of a script that boots one scenario file (argparse):
    where the kernel is, QEMU and its firmware, the host time limit."""
    ap.add_argument("--build", default="build", help="build directory with kernel.elf (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=60, help="host seconds before QEMU is killed (default 60)")
    ap.add_argument("--qemu", default=os.environ.get("QEMU", QEMU_DEFAULT))
    ap.add_argument("--bios", default=os.environ.get("OPENSBI", BIOS_DEFAULT))
    ap.add_argument("--harts", type=int, default=1,
                    help="harts QEMU gives the kernel (a kernel built with HARTS=N, docs/smp.md; default 1)")


def read_scenarios(path):
    """The scenarios of file path, checked and compiled (so that they fit the
    kernel and the actor), or None after printing every error."""
    try:
        scns = parse_file(path)
        compile_scenarios(scns)
        return scns
    except FileError as e:
        print(e, file=sys.stderr)
        print("%s: not run (fix the file first)" % path, file=sys.stderr)
        return None


def read_log(path):
    """A saved console (--log), or None after saying why it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        print("%s: cannot read: %s" % (path, e), file=sys.stderr)
        return None


def boot(args, scns, name, logdir=None, timeout=None):
    """Boot the scenarios scns (one, or a batch) for at most timeout
    (default args.timeout) seconds of host time. Returns (console text, note
    or None, saved console path), or (None, why, None). The compiled file
    and the console are saved in logdir (default BUILD/scenario-logs) as
    NAME.boot and NAME.console. Raises FileError (scn/parse.py) when the
    scenarios do not fit the kernel or the actor."""
    return boot_text(args, compile_scenarios(scns), name, logdir, timeout)


def boot_text(args, text, name, logdir=None, timeout=None):
    """Boot the boot file text (a compiled scenario file or a plain
    manifest) as boot() does, saved as NAME.boot; the same results."""
    timeout = timeout or args.timeout
    kernel = os.path.join(args.build, "kernel.elf")
    if not os.path.exists(kernel):
        return None, "%s not found (build it: make kernel)" % kernel, None
    logdir = logdir or os.path.join(args.build, "scenario-logs")
    os.makedirs(logdir, exist_ok=True)
    bootfile = os.path.join(logdir, name + ".boot")
    with open(bootfile, "w") as f:
        f.write(text)
    cmd = [args.qemu, "-machine", "virt", "-cpu", "rv64", "-smp", str(getattr(args, "harts", 1)), "-m", "128M",
           "-nographic",
           "-icount", "shift=0,sleep=off", "-bios", args.bios, "-kernel", kernel, "-initrd", bootfile]
    note = None
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        text = p.stdout.decode("utf-8", "replace")
        if p.returncode != 0:
            note = "QEMU exited with status %d" % p.returncode
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode("utf-8", "replace")
        note = "QEMU timed out after %d s of host time (killed)" % timeout
    except OSError as e:
        return None, "cannot run %s: %s" % (args.qemu, e), None
    saved = os.path.join(logdir, name + ".console")
    with open(saved, "w") as f:
        f.write(text)
    return text, note, saved


def batch_runs(scns, text, note):
    """One Run per scenario of a batch, on its slice of the console, with the
    note that applies to it: the boot's note for the scenario the boot ended
    in; (None, why) for one the boot never reached."""
    slices = slice_console(text)
    runs = []
    for k, scn in enumerate(scns):
        if k not in slices:
            runs.append((None, "not run: the boot ended before it" + (" (%s)" % note if note else "")))
            continue
        run = Run(scn, slices[k])
        ended = any(SECTION_END_RE.search(l) for l in run.lines)
        runs.append((run, None if ended else (note or "the boot ended during this scenario")))
    return runs

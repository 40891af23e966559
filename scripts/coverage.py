#!/usr/bin/env python3
"""`make coverage`: which kernel lines the QEMU tests of `make test` run
(docs/robustness.md).

    scripts/coverage.py [--build build-coverage] [--jobs 2] [--out DIR]

The kernel is built with COVERAGE=1 (kern/scenario/coverage.h): gcc counts
every arc, and at the end of a boot the kernel prints each object's .gcda in
hex between `@gcda FILE` and `@gcda end`. This script boots that kernel with
every QEMU test manifest of `make test` (tests/qemu/*/*.manifest,
usr/*.manifest) and with every fault-injection scenario in one batch (the
written ones and those tests/scenarios/gen-deep.py writes), turns each
console back into .gcda files, adds the runs up (riscv64-unknown-elf-gcov-tool
merge), and reports with gcovr (Debian's gcovr, through
riscv64-unknown-elf-gcov): a line summary per file and the total of the
kernel (kern/ but the scenario harness kern/scenario/, and doors/) in
OUT/summary.txt, an HTML report in OUT/index.html. The last line is the
total. A boot whose console has no verdict, or whose counts cannot be
read, fails the script (exit status 1).
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
QEMU = "qemu-system-riscv64"


def boot(build, initrd, timeout):
    cmd = [QEMU, "-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "128M", "-nographic",
           "-icount", "shift=0,sleep=off", "-bios", OPENSBI, "-kernel", os.path.join(build, "kernel.elf"),
           "-initrd", initrd]
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return r.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return ""


def write_gcda(console, build, into):
    """The .gcda files of one console, under into/ with the paths they have
    under build/; how many."""
    n = 0
    for m in re.finditer(r"^@gcda (\S+)\r?\n(.*?)^@gcda end", console, re.M | re.S):
        name, body = m.group(1), re.sub(r"\s", "", m.group(2))
        rel = name[name.index(build.rstrip("/") + "/") + len(build.rstrip("/")) + 1:]
        path = os.path.join(into, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(bytes.fromhex(body))
        n += 1
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-coverage")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    b = args.build
    out = args.out or os.path.join(b, "report")
    runs = os.path.join(b, "coverage-runs")
    shutil.rmtree(runs, ignore_errors=True)
    os.makedirs(runs)
    # Every scenario, compiled into one batch file by scripts/scenario.py's
    # own compiler (its boot is the batch test of make test).
    subprocess.run([sys.executable, "tests/scenarios/gen-deep.py", os.path.join(b, "scenarios")],
                   check=True, stdout=subprocess.DEVNULL)
    scns = sorted(glob.glob("tests/scenarios/*.scn") + glob.glob(os.path.join(b, "scenarios", "*.scn")),
                  key=os.path.basename)
    batch = os.path.join(b, "all-scenarios.scn")
    with open(batch, "w") as f:
        for s in scns:
            f.write(open(s).read())
    manifests = sorted(glob.glob("tests/qemu/*/*.manifest")) + sorted(glob.glob("usr/*.manifest"))

    def one(i_m):
        i, m = i_m
        if m == batch:
            subprocess.run([sys.executable, "scripts/scenario.py", "--build", b, "--timeout", str(args.timeout), m],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            log = os.path.join(b, "scenario-logs", "all-scenarios.console")
            console = open(log, errors="replace").read() if os.path.exists(log) else ""
        else:
            console = boot(b, m, args.timeout)
        n = write_gcda(console, b, os.path.join(runs, str(i)))
        return m, n, "[hinge] verdict:" in console

    bad = []
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(one, enumerate(manifests + [batch])))
    for m, n, verdict in results:
        if not n or not verdict:
            bad.append(m)
            print("coverage: %s: %s" % (m, "no verdict" if not verdict else "no counts"))
    # Add the runs up, two directories at a time.
    merged = os.path.join(b, "coverage-merged")
    shutil.rmtree(merged, ignore_errors=True)
    dirs = [os.path.join(runs, str(i)) for i in range(len(results)) if results[i][1]]
    shutil.copytree(dirs[0], merged)
    for d in dirs[1:]:
        subprocess.run(["riscv64-unknown-elf-gcov-tool", "merge", "-o", merged, merged, d], check=True,
                       stdout=subprocess.DEVNULL)
    for g in glob.glob(os.path.join(merged, "**", "*.gcda"), recursive=True):
        shutil.copy(g, os.path.join(b, os.path.relpath(g, merged)))
    os.makedirs(out, exist_ok=True)
    common = ["gcovr", "-r", ".", os.path.join(b, "k"), "--gcov-executable", "riscv64-unknown-elf-gcov",
              "--filter", "kern/", "--filter", "doors/", "--exclude", "kern/scenario/"]
    subprocess.run(common + ["--html-details", os.path.join(out, "index.html")], check=True)
    summary = subprocess.run(common + ["--txt"], check=True, stdout=subprocess.PIPE).stdout.decode()
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(summary)
    print(summary)
    total = re.search(r"^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)%", summary, re.M)
    print("coverage: %d boots (%d manifests, %d scenarios in one batch); kern + doors: %s of %s lines, %s%%"
          " (report: %s)" % (len(results), len(manifests), len(scns), total.group(2), total.group(1),
                              total.group(3), os.path.join(out, "index.html")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

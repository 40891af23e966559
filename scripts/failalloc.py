#!/usr/bin/env python3
"""`make failalloc`: every kernel pool allocation of some QEMU tests made to
fail, one boot per allocation (docs/robustness.md).

    scripts/failalloc.py --build build-failalloc [--jobs 2] [MANIFEST...]

The kernel is built with FAILALLOC=1 (FAILALLOC() in kern/config.h). For each manifest
(by default the door, crash and supervision tests of DEFAULT, and one each
of notifications with shared memory and of mutexes), boot n = 1, 2,
... runs the manifest with a `failalloc n` line: its n-th pool allocation
fails as if the pool were exhausted, the kernel prints `@failalloc n=N
site=FUNCTION`, and, when every domain has ended, `@failalloc count=C` and
whether every kernel count is back at its value before the first domain
started (`@baseline ok`). Once n passes the count of the run without
failure, the manifest is done. A boot is judged:
  ok        the run ended, the counts are the baseline's, and every error a
            test program printed (`... is -N, expected ...`) is a code
            kern/abi/hinge/errno.h defines;
  killed    the run timed out (a program waited for what the failure denied
            it, e.g. a name never published): the kernel killed every
            domain left, and the counts are the baseline's;
  hung      the machine did not end at all (host timeout): reported, not
            counted as a defect (no count could be checked);
  DEFECT    a kernel panic or trap, counts not at the baseline (a leak or a
            half-built object), an undefined error code, or no verdict.
Prints one line per manifest (allocations tried, sites, outcomes), every
defect with its console in $BUILD/failalloc/, and a total; exit status 1 if
any boot was a DEFECT.
"""
import argparse
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

DEFAULT = [
    "tests/qemu/door_basic/client_server.manifest",
    "tests/qemu/door_crash/leaf_and_middle.manifest",
    "tests/qemu/crash/contained.manifest",
    "tests/qemu/supervise/restart.manifest",
    "tests/qemu/door_xfer/copy_and_move.manifest",
    "tests/qemu/notify_ring/equal_prio.manifest",
    "tests/qemu/mutex_death/server_dies.manifest",
]
# A run without a timeout of its own gets this one: then the kernel kills
# every domain left (programs waiting for what the failure denied them) and
# still checks the counts.
TIMEOUT_TICKS = 3000
OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"


def codes():
    text = open("kern/abi/hinge/errno.h").read()
    return {int(v) for v in re.findall(r"#define HE_[A-Z]+\s+(-?\d+)", text)}


def boot(build, manifest, n, qemu, timeout):
    name = os.path.splitext(manifest.replace("/", "-"))[0]
    out = os.path.join(build, "failalloc", "%s-%d" % (name, n))
    with open(out + ".manifest", "w") as f:
        text = open(manifest).read()
        f.write("failalloc %d\n" % n)
        if not re.search(r"^timeout ", text, re.M):
            f.write("timeout %d\n" % TIMEOUT_TICKS)
        f.write(text)
    cmd = [qemu, "-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "128M", "-nographic",
           "-icount", "shift=0,sleep=off", "-bios", OPENSBI, "-kernel", os.path.join(build, "kernel.elf"),
           "-initrd", out + ".manifest"]
    try:
        console = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 timeout=timeout).stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        console = (e.stdout or b"").decode("utf-8", "replace") + "\n(host timeout)\n"
    with open(out + ".log", "w") as f:
        f.write(console)
    return out + ".log", console


def judge(console, known):
    """(outcome, site, count, why) of one boot's console."""
    m = re.search(r"^@failalloc n=(\d+) site=(\w+)", console, re.M)
    site = m.group(2) if m else None
    c = re.search(r"^@failalloc count=(\d+)", console, re.M)
    count = int(c.group(1)) if c else None
    if re.search(r"panic|kernel trap", console):
        return "DEFECT", site, count, "kernel panic or trap"
    # -1 is no kernel code: the user library's own failure (the Solaris-style
    # door layer, a test's protocol status); every other negative value a
    # test prints must be one of errno.h's.
    bad = [int(v) for v in re.findall(r" is (-\d+), expected", console) if int(v) not in known | {-1}]
    if bad:
        return "DEFECT", site, count, "undefined error code %s" % bad
    if "(host timeout)" in console:
        return "hung", site, count, "host timeout"
    if not re.search(r"^\[hinge\] verdict:", console, re.M):
        return "DEFECT", site, count, "no verdict"
    if "@baseline ok" not in console:
        leak = re.search(r"^@baseline leak.*", console, re.M)
        return "DEFECT", site, count, leak.group(0) if leak else "no baseline check"
    return "killed" if "failalloc: timeout" in console else "ok", site, count, ""


def run_manifest(args, manifest, known, pool):
    outcomes = {"ok": 0, "killed": 0, "hung": 0, "DEFECT": 0}
    sites = {}
    defects = []
    n, last = 1, None
    while last is None or n <= last:
        batch = list(range(n, n + args.jobs * 4))
        results = list(pool.map(lambda k: (k, boot(args.build, manifest, k, args.qemu, args.timeout)), batch))
        for k, (log, console) in results:
            outcome, site, count, why = judge(console, known)
            if site is None:
                # The n-th allocation was never reached: the run made fewer.
                if count is not None and (last is None or count < last):
                    last = count
                if outcome == "DEFECT":
                    defects.append((k, "(none)", why, log))
                continue
            outcomes[outcome] += 1
            sites[site] = sites.get(site, 0) + 1
            if outcome == "DEFECT":
                defects.append((k, site, why, log))
        if last is None and all(judge(c, known)[1] is None for _, (_, c) in results):
            break  # no count printed and nothing reached: give up on this manifest
        n += len(batch)
    tried = sum(outcomes.values())
    print("%s: %d allocations failed in turn (%d ok, %d killed, %d hung, %d DEFECT); sites: %s" % (
        manifest, tried, outcomes["ok"], outcomes["killed"], outcomes["hung"], outcomes["DEFECT"],
        ", ".join("%s %d" % kv for kv in sorted(sites.items()))), flush=True)
    for k, site, why, log in defects:
        print("  DEFECT n=%d site=%s: %s (%s)" % (k, site, why, log), flush=True)
    return tried, outcomes, set(sites), defects


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-failalloc")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("manifests", nargs="*")
    args = ap.parse_args()
    os.makedirs(os.path.join(args.build, "failalloc"), exist_ok=True)
    known = codes()
    total, all_sites, ndefects = 0, set(), 0
    summary = {"ok": 0, "killed": 0, "hung": 0, "DEFECT": 0}
    with ThreadPoolExecutor(args.jobs) as pool:
        for m in args.manifests or DEFAULT:
            tried, outcomes, sites, defects = run_manifest(args, m, known, pool)
            total += tried
            all_sites |= sites
            ndefects += len(defects)
            for k in summary:
                summary[k] += outcomes[k]
    print("failalloc: %d failure points in %d manifests, %d sites (%s): %d ok, %d killed, %d hung, %d DEFECT" % (
        total, len(args.manifests or DEFAULT), len(all_sites), ", ".join(sorted(all_sites)),
        summary["ok"], summary["killed"], summary["hung"], ndefects))
    return 1 if ndefects else 0


if __name__ == "__main__":
    sys.exit(main())

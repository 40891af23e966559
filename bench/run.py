#!/usr/bin/env python3
"""Boot each benchmark manifest under QEMU with -icount shift=0, collect the
"@bench" lines the benchmark programs print (bench/bench.h), write
bench/results/<manifest>.json and print a table.

Usage: bench/run.py [--build DIR] [--qemu QEMU] [--bios FW] [--out DIR]
                    [--timeout S] [--repeat N] [--icount OPTS] MANIFEST...

A manifest lists the benchmarks it must produce in comment lines
"# bench: NAME...". The run fails (exit status 1) when QEMU times out or
exits non-zero, the kernel's verdict is not PASS, a benchmark reports a
failure, or an expected benchmark printed no numbers.

Besides the "@bench" summary lines (one per benchmark, bench/bench.h), a
program may report a distribution: any number of lines
"@raw name=NAME v=V1,V2,..." followed by "@dist name=NAME n=N", N being the
number of values given. Its entry has median, p99, min, max, mean and the
values themselves ("raw", in the order measured), for CDF plots. With --repeat N every
manifest is booted N times and the numbers must be identical each time.

A manifest with a line "# harts: N" is booted on the kernel for several
harts (--smp-build, made by "make HARTS=2") with -smp N, and every name it
prints gets the prefix "smpN." and the suffix of its "# suffix: S" line, if
any ("# bench:" lists the names so changed). Its entries also include the
kernel's "[hinge] smp:" counts (kernel lock waits over the whole boot), and,
for clients named NAME.c<k> that run at the same time on k harts, NAME: what
the machine retired per call (bench/README.md, "Several harts").

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

BENCH_RE = re.compile(r"^@bench (?P<kind>fail |profile )?(?P<rest>.*)$")
DIST_RE = re.compile(r"^@(?P<kind>raw|dist) (?P<rest>.*)$")
KV_RE = re.compile(r"(\w+)=(\S+)")
SMP_RE = re.compile(r"^\[hinge\] smp: (\d+) harts, (\d+) kernel lock waits, (\d+) stops, "
                    r"(\d+) kicks, (\d+) remote flushes")
CLIENT_RE = re.compile(r"^(?P<prefix>.*)\.c(?P<hart>\d+)$")  # one client per hart, same loop
CHAIN_RE = re.compile(r"^(?P<prefix>.*\.chain)\.depth(?P<depth>\d+)$")  # door.chain, ipc.<model>.chain

# One instruction per virtual ns; sleep=off makes idle time jump to the next
# timer deadline instead of following the host clock, so where the ticks fall
# is a function of the instruction stream alone.
ICOUNT = "shift=0,sleep=off"

# The goals (bench/README.md, "Goals and floors"): each benchmark's floor
# (what the same guarantees need at least) and goal, both in instructions.
GOALS = [("syscall.null", 22, 60),
         ("door.null.roundtrip", 219, 205),
         ("door.chain.per_hop", 215, 215),
         ("door.bulk.64", 370, 480),
         ("door.bulk.512", 630, 820),
         ("door.bulk.4096", 2450, 3200),
         ("door.handle.transfer", 385, 500),
         ("door.null.roundtrip.handoff", 290, 380),
         ("ipc.async.roundtrip.0", 500, 650)]
# Kernel memory per object (bench/README.md, "Kernel memory per object"):
# sizeof of each structure, read from kernel.elf's debug information by gdb.
KMEM = [("thread", "struct thread", "with its hop frames, one per shuttle depth + 1"),
        ("  of which hop frames", "((struct thread *)0)->frames", "SHUTTLE_MAX_DEPTH + 1 trap frames"),
        ("hop frame (trap frame)", "struct trapframe", "registers and lazy FP state of one hop"),
        ("shuttle frame", "struct shuttle_frame", "one per call in progress, inside the thread"),
        ("scheduling context", "struct schedctx", "one per thread"),
        ("domain", "struct domain", "with its handle table; page tables not counted"),
        ("handle slot", "struct handle", "MAX_HANDLES per domain, inside it"),
        ("door", "struct door", "with its activation pool's table"),
        ("activation", "struct activation", "stack and buffer are the server's user memory")]
KMEM_FILE = "kmem.json"

# For scale (instructions per round trip, measured the same way under QEMU 7.2
# -icount shift=0; see bench/README.md).
REFERENCES = [("seL4 fast path (Call+ReplyRecv)", 560),
              ("seL4 MCS passive server", 659),
              ("xv6 getpid()", 1130)]


def expected_names(manifest):
    names = []
    with open(manifest) as f:
        for line in f:
            m = re.match(r"^#\s*bench:\s*(.*)$", line.strip())
            if m:
                names.extend(m.group(1).split())
    return names


def header(manifest, key):
    """The value of the manifest's "# key: value" line, or None."""
    with open(manifest) as f:
        for line in f:
            m = re.match(r"^#\s*%s:\s*(\S+)\s*$" % key, line.strip())
            if m:
                return m.group(1)
    return None


def harts(manifest):
    """N of "# harts: N" (the kernel for several harts on -smp N), or 0."""
    return int(header(manifest, "harts") or 0)


def rename(manifest, name):
    n = harts(manifest)
    return "smp%d.%s%s" % (n, name, header(manifest, "suffix") or "") if n else name


def qemu_command(args, manifest):
    n = harts(manifest)
    build = args.smp_build if n else args.build
    return [args.qemu, "-machine", "virt", "-cpu", "rv64", "-smp", str(max(n, 1)), "-m", "128M",
            "-nographic", "-bios", args.bios, "-icount", args.icount,
            "-kernel", os.path.join(build, "kernel.elf"), "-initrd", manifest]


def boot(args, manifest, run_index):
    """Boot manifest once; return (log path, problems, {name: numbers})."""
    stem = os.path.splitext(os.path.basename(manifest))[0]
    logdir = os.path.join(args.build, "bench-logs")
    os.makedirs(logdir, exist_ok=True)
    log_path = os.path.join(logdir, "%s.%d.log" % (stem, run_index))
    problems = []
    try:
        p = subprocess.run(qemu_command(args, manifest), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=args.timeout)
        out = p.stdout.decode("utf-8", "replace")
        rc = p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        rc = None
        problems.append("QEMU timed out after %ds" % args.timeout)
    with open(log_path, "w") as f:
        f.write(out)
    if rc not in (None, 0):
        problems.append("QEMU exited with status %d" % rc)
    if not re.search(r"^\[hinge\] verdict: PASS", out, re.M):
        problems.append("kernel verdict is not PASS")
    results = {}
    raw = {}
    for line in out.splitlines():
        c = SMP_RE.match(line.strip())
        if c and harts(manifest):
            stem = os.path.splitext(os.path.basename(manifest))[0]
            results["lock_waits." + stem] = {"counts": [int(v) for v in c.groups()]}
            continue
        d = DIST_RE.match(line.strip())
        if d:
            distribution_line(d, raw, results, problems, lambda n: rename(manifest, n))
            continue
        m = BENCH_RE.match(line.strip())
        if not m:
            continue
        kv = dict(KV_RE.findall(m.group("rest")))
        name = rename(manifest, kv.get("name", "?"))
        if m.group("kind") == "fail ":
            problems.append("%s failed: %s" % (name, m.group("rest")))
        elif m.group("kind") == "profile ":
            problems.append("%s ran in profile mode (arg >= 100): no numbers" % name)
        else:
            try:
                results[name] = {k: int(kv[k]) for k in ("calls", "samples", "median", "min", "max")}
            except (KeyError, ValueError):
                problems.append("malformed line: %s" % line.strip())
    for name in expected_names(manifest):
        if name not in results:
            problems.append("%s produced no numbers" % name)
    return log_path, problems, results


def distribution_line(m, raw, results, problems, rename):
    """One "@raw" or "@dist" line: collect values, or close a distribution."""
    kv = dict(KV_RE.findall(m.group("rest")))
    name = rename(kv.get("name", "?"))
    try:
        if m.group("kind") == "raw":
            raw.setdefault(name, []).extend(int(v) for v in kv["v"].split(","))
            return
        n = int(kv["n"])
    except (KeyError, ValueError):
        problems.append("malformed line: %s" % m.group(0))
        return
    values = raw.pop(name, [])
    if len(values) != n or n == 0:
        problems.append("%s: %d values received, %d announced" % (name, len(values), n))
        return
    results[name] = {"raw": values}


def percentile(sorted_values, q):
    """Nearest-rank percentile: the smallest value with at least q% of the
    values at or below it (so p100 is the maximum and every figure is one
    of the values measured)."""
    k = max(0, -(-len(sorted_values) * q // 100) - 1)
    return sorted_values[int(k)]


def dist_entry(name, values, group, rev, icount):
    v = sorted(values)
    e = {"name": name, "unit": "instructions", "kind": "distribution",
         "median": percentile(v, 50), "p99": percentile(v, 99), "min": v[0], "max": v[-1],
         "mean": round(sum(v) / len(v), 1), "samples": len(v), "raw": values,
         "group": group, "qemu_flags": "-icount " + icount}
    if rev:
        e["source"] = rev
    return e


def per_call(total, calls):
    v = total / calls
    return int(v) if total % calls == 0 else round(v, 2)


def source_revision():
    """git commit of the tree measured, with "-dirty" if it has changes."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               universal_newlines=True).stdout.strip()
        return rev + ("-dirty" if dirty else "") if rev else None
    except OSError:
        return None


def count_entry(name, counts, group, rev, icount):
    n, waits, stops, kicks, flushes = counts
    e = {"name": name, "unit": "kernel lock waits", "kind": "count", "median": waits, "min": waits,
         "max": waits, "samples": 1, "harts": n, "stops": stops, "kicks": kicks,
         "remote_flushes": flushes, "derived": "the kernel's count over the whole boot",
         "group": group, "qemu_flags": "-icount " + icount}
    if rev:
        e["source"] = rev
    return e


def client_totals(entries):
    """NAME for each set of clients NAME.c<k>: each sample's total is what
    every hart retired while all ran, so the machine's instructions per call
    are the clients' mean per-call figure divided by their number."""
    sets = {}
    for e in entries:
        m = CLIENT_RE.match(e["name"])
        if m and "calls_per_sample" in e:
            sets.setdefault(m.group("prefix"), []).append(e)
    out = []
    for prefix, es in sorted(sets.items()):
        n = len(es)
        out.append({"name": prefix, "unit": "instructions",
                    "median": round(sum(e["median"] for e in es) / n / n, 2),
                    "min": round(sum(e["min"] for e in es) / n / n, 2),
                    "max": round(sum(e["max"] for e in es) / n / n, 2),
                    "samples": es[0]["samples"], "clients": n,
                    "derived": "mean over the %d clients %s.c<k> of their per-call figure, / %d: "
                               "instructions retired by all harts per call" % (n, prefix, n),
                    "group": es[0]["group"], "source": es[0].get("source")})
    return out


def entry(name, r, group, rev, icount):
    if "counts" in r:
        return count_entry(name, r["counts"], group, rev, icount)
    if "raw" in r:
        return dist_entry(name, r["raw"], group, rev, icount)
    e = {"name": name, "unit": "instructions",
         "median": per_call(r["median"], r["calls"]),
         "min": per_call(r["min"], r["calls"]),
         "max": per_call(r["max"], r["calls"]),
         "samples": r["samples"],
         "calls_per_sample": r["calls"],
         "median_sample_total": r["median"],
         "group": group,
         "qemu_flags": "-icount " + icount}
    if rev:
        e["source"] = rev
    return e


def chain_fits(entries):
    """A <prefix>.per_hop entry for each <prefix>.depth<d> series."""
    prefixes = sorted({CHAIN_RE.match(e["name"]).group("prefix") for e in entries
                       if CHAIN_RE.match(e["name"])})
    return [f for f in (chain_fit(entries, p) for p in prefixes) if f]


def chain_fit(entries, prefix):
    """Least-squares line through (depth, median) of <prefix>.depth<d>."""
    matches = [(CHAIN_RE.match(e["name"]), e) for e in entries]
    pts = sorted((int(m.group("depth")), e["median"]) for m, e in matches
                 if m and m.group("prefix") == prefix)
    if len(pts) < 2:
        return None
    n = len(pts)
    sx = sum(d for d, _ in pts)
    sy = sum(y for _, y in pts)
    sxx = sum(d * d for d, _ in pts)
    sxy = sum(d * y for d, y in pts)
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    icept = (sy - slope * sx) / n
    steps = [round(pts[i][1] - pts[i - 1][1], 2) + 0.0 for i in range(1, n)]
    resid = [round(y - (icept + slope * d), 2) + 0.0 for d, y in pts]  # + 0.0: no "-0.0"
    return {"name": prefix + ".per_hop", "unit": "instructions",
            "median": round(slope, 2), "min": min(steps), "max": max(steps),
            "samples": n, "derived": "least-squares slope of %s.depth<d> medians over d; " % prefix +
            "min/max are the smallest/largest step between consecutive depths",
            "intercept": round(icept, 2) + 0.0, "steps": steps, "residuals": resid,
            "group": entries[0]["group"], "source": entries[0].get("source")}


def kernel_memory(build):
    """[(object, bytes, note)] for KMEM, from build/kernel.elf (gdb-multiarch),
    with the per-thread kernel stack from kern/config.h; [] without gdb."""
    cmd = ["gdb-multiarch", "-batch", "-nx"]
    for _, expr, _ in KMEM:
        cmd += ["-ex", "print sizeof(%s)" % expr]
    try:
        out = subprocess.run(cmd + [os.path.join(build, "kernel.elf")], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    sizes = [int(v) for v in re.findall(r"^\$\d+ = (\d+)$", out, re.M)]
    if len(sizes) != len(KMEM):
        return []
    rows = [(name, n, note) for (name, _, note), n in zip(KMEM, sizes)]
    with open("kern/config.h") as f:
        m = re.search(r"#define KSTACK_PAGES\s+(\d+)", f.read())
    if m:
        rows.insert(2, ("  kernel stack", int(m.group(1)) * 4096, "KSTACK_PAGES pages, per thread"))
    return rows


def print_kernel_memory(rows):
    print("%-24s %8s  %s" % ("kernel memory per object", "bytes", ""))
    for name, n, note in rows:
        print("%-24s %8d  %s" % (name, n, note))


def fmt(v):
    return ("%d" % v) if isinstance(v, int) else ("%.2f" % v)


def table_order(e):
    """The trap floor first, then the door paths from cheapest to dearest."""
    name = e["name"]
    for i, prefix in enumerate(("syscall.", "door.null.", "door.chain.", "door.bulk.", "door.handle.")):
        if name.startswith(prefix):
            m = re.search(r"(\d+)$", name)
            return (i, int(m.group(1)) if m else 1 << 30, name)
    m = re.search(r"(\d+)$", name)  # ipc.* and pi.*: by name, then numerically by size or depth
    return (99, name[:m.start()] if m else name, int(m.group(1)) if m else -1)


def print_table(all_entries):
    all_entries = sorted(all_entries, key=table_order)
    w = max([len(e["name"]) for e in all_entries] + [10])
    print("%-*s %12s %12s %12s  %s" % (w, "benchmark", "median", "min", "max", "samples"))
    for e in all_entries:
        if e.get("kind") == "distribution":
            samples = "%d, p99 %s" % (e["samples"], fmt(e["p99"]))
        elif e.get("kind") == "count":
            samples = "kernel lock waits, whole boot, %d harts" % e["harts"]
        elif "clients" in e:
            samples = "all harts per call, %d clients" % e["clients"]
        else:
            samples = ("%d x %d" % (e["samples"], e["calls_per_sample"])
                       if "calls_per_sample" in e else "fit of %d" % e["samples"])
        print("%-*s %12s %12s %12s  %s" % (w, e["name"], fmt(e["median"]), fmt(e["min"]),
                                            fmt(e["max"]), samples))
        if e["name"].endswith(".chain.per_hop"):
            print("%-*s   steps d-1 -> d: %s; intercept %s" % (w, "", " ".join(fmt(s) for s in e["steps"]),
                                                              fmt(e["intercept"])))
    print("(instructions per call, loop and user stub included; per_hop = least-squares slope; "
          "distributions: one value per release, samples = releases)")
    by_name = dict((e["name"], e) for e in all_entries)
    goals = [(g, by_name[g[0]]["median"]) for g in GOALS if g[0] in by_name]
    if goals:
        print("%-*s %12s %12s %12s %8s" % (w, "goal", "result", "floor", "goal", "ratio"))
    for (name, floor, goal), result in goals:
        print("%-*s %12s %12d %12d %8.2f  %s" % (w, name, fmt(result), floor, goal, result / floor,
                                                 "met" if result <= goal else "NOT met"))
    if "door.null.roundtrip" in by_name:
        print("for scale: " + ", ".join("%s %d" % r for r in REFERENCES))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--bios", default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--smp-build", default="build-smp",
                    help="the kernel for several harts, for manifests with a \"# harts: N\" line")
    ap.add_argument("--out", default="bench/results")
    ap.add_argument("--timeout", type=int, default=300,
                    help="seconds per QEMU boot: a guard against hangs on a loaded machine, not a measurement")
    ap.add_argument("--icount", default=ICOUNT, help="QEMU -icount options (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=1, help="boot each manifest N times; numbers must match")
    ap.add_argument("manifests", nargs="+")
    args = ap.parse_args()

    jobs = [(m, i) for m in args.manifests for i in range(args.repeat)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as ex:
        runs = list(ex.map(lambda j: boot(args, j[0], j[1]), jobs))

    failed = False
    all_entries = []
    rev = source_revision()
    os.makedirs(args.out, exist_ok=True)
    for k, manifest in enumerate(args.manifests):
        group = os.path.splitext(os.path.basename(manifest))[0]
        mine = runs[k * args.repeat:(k + 1) * args.repeat]
        log_path, problems, results = mine[0]
        for other_log, other_problems, other in mine[1:]:
            problems = problems + other_problems
            if other != results:
                problems.append("numbers differ between %s and %s" % (log_path, other_log))
        for p in problems:
            print("%s: %s" % (group, p), file=sys.stderr)
        out_path = os.path.join(args.out, group + ".json")
        if problems:
            failed = True
            print("%s: FAILED (log: %s)" % (group, log_path), file=sys.stderr)
            if os.path.exists(out_path):
                os.remove(out_path)  # no stale numbers for a group that failed now
            continue
        entries = [entry(n, results[n], group, rev, args.icount) for n in expected_names(manifest)]
        entries += [entry(n, r, group, rev, args.icount) for n, r in sorted(results.items())
                    if n not in expected_names(manifest)]
        entries.extend(chain_fits(entries))
        entries.extend(client_totals(entries))
        with open(out_path, "w") as f:
            json.dump(entries, f, indent=1)
            f.write("\n")
        all_entries.extend(entries)
    if all_entries:
        print_table(all_entries)
    kmem = kernel_memory(args.build)
    if kmem:
        print_kernel_memory(kmem)
        with open(os.path.join(args.out, KMEM_FILE), "w") as f:
            json.dump([{"object": n, "bytes": b, "note": note} for n, b, note in kmem], f, indent=1)
            f.write("\n")
    if failed:
        print("bench: FAILED", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

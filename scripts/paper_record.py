#!/usr/bin/env python3
"""Record the robustness figures the paper quotes (`make paper-data`).

    scripts/paper_record.py [--out paper/data/robustness.json] [--chaos-seeds 1,2] [--chaos-runs 500]
                            [--fuzz-seeds 2,3,4] [--fuzz-steps 1500] [--no-coverage]

Runs, through make, the three commands of docs/robustness.md whose results
the paper reports: `make chaos` for each chaos seed, `make fuzz` for each fuzz
seed and `make coverage` (a few minutes: every QEMU test and scenario booted
with a coverage kernel). It reads each command's summary line and writes one
JSON file with the commands, their results and the commit they ran on. The
paper's generator (scripts/paper_numbers.py) reads that file; `make paper`
does not run these commands itself, because coverage alone takes longer than
the rest of the paper's build. A command that fails is recorded as failed
(its exit status and last line), never left out, and the script exits 1.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAOS_LINE = re.compile(r"^chaos: seed (\d+): (\d+) run, (\d+) passed, (\d+) failed in ([\d.]+) s "
                        r"\(([\d.]+) s per run, (\d+) QEMU boots\)", re.M)
FUZZ_LINE = re.compile(r"^fuzz: seed (\d+), (\d+) waves of (\d+) steps: passed \((\d+) failures\)", re.M)
COVERAGE_LINE = re.compile(r"^coverage: (\d+) boots \((\d+) manifests, (\d+) scenarios in one batch\); "
                           r"kern \+ doors: (\d+) of (\d+) lines, (\d+)%", re.M)


def run(cmd):
    """Run a make command from the top of the tree; (exit status, output)."""
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    out = p.stdout.decode(errors="replace")
    return p.returncode, out


def shown(cmd):
    """The command as a reader types it."""
    return " ".join(c for c in cmd if c != "--no-print-directory")


def failure(cmd, rc, out):
    last = [l for l in out.splitlines() if l.strip()][-1:] or [""]
    return {"command": shown(cmd), "status": rc, "last_line": last[0]}


def record_seeds(target, seeds, size, line, fields):
    """Run `make TARGET SEED=s SIZE` for each seed; fields(match) gives the
    recorded figures of a run whose summary line matched."""
    rows, bad = [], []
    for s in seeds:
        cmd = ["make", "--no-print-directory", target, "SEED=%d" % s, size]
        rc, out = run(cmd)
        m = line.search(out)
        if rc != 0 or not m:
            bad.append(failure(cmd, rc, out))
            continue
        rows.append(dict({"command": shown(cmd), "seed": s}, **fields(m)))
    return {"runs": rows, "failures": bad}


def record_chaos(seeds, runs):
    return record_seeds("chaos", seeds, "RUNS=%d" % runs, CHAOS_LINE, lambda m: {
        "runs": int(m.group(2)), "passed": int(m.group(3)), "failed": int(m.group(4)), "boots": int(m.group(7))})


def record_fuzz(seeds, steps):
    return record_seeds("fuzz", seeds, "STEPS=%d" % steps, FUZZ_LINE, lambda m: {
        "steps": steps, "waves": int(m.group(2)), "failures": int(m.group(4))})


def record_coverage():
    cmd = ["make", "--no-print-directory", "coverage"]
    rc, out = run(cmd)
    m = COVERAGE_LINE.search(out)
    if rc != 0 or not m:
        return {"failures": [failure(cmd, rc, out)]}
    return {"command": shown(cmd), "boots": int(m.group(1)), "manifests": int(m.group(2)),
            "scenarios": int(m.group(3)), "lines_covered": int(m.group(4)), "lines": int(m.group(5)),
            "failures": []}


def ints(text):
    return [int(x) for x in text.split(",") if x]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "paper", "data", "robustness.json"))
    ap.add_argument("--chaos-seeds", default="1,2")
    ap.add_argument("--chaos-runs", type=int, default=500)
    ap.add_argument("--fuzz-seeds", default="2,3,4,5")
    ap.add_argument("--fuzz-steps", type=int, default=1500)
    ap.add_argument("--no-coverage", action="store_true", help="keep the coverage figure the file already holds")
    args = ap.parse_args()
    old = {}
    if os.path.exists(args.out):
        with open(args.out) as f:
            old = json.load(f)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE,
                            check=True).stdout.decode().strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           stdout=subprocess.PIPE, check=True).stdout.strip()
    data = {
        "about": "written by scripts/paper_record.py (make paper-data); read by scripts/paper_numbers.py",
        "source": commit + ("-dirty" if dirty else ""),
        "chaos": record_chaos(ints(args.chaos_seeds), args.chaos_runs),
        "fuzz": record_fuzz(ints(args.fuzz_seeds), args.fuzz_steps),
        "coverage": old.get("coverage") if args.no_coverage and old.get("coverage") else record_coverage(),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    failed = [x for k in ("chaos", "fuzz", "coverage") for x in data[k]["failures"]]
    for x in failed:
        print("paper-data: FAILED %s (exit status %s): %s" % (x["command"], x["status"], x["last_line"]))
    print("paper-data: wrote %s" % os.path.relpath(args.out, ROOT))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

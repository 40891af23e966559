#!/usr/bin/env python3
"""Chaos runs: random fault-injection scenarios, each booted and checked
against invariants that must hold whatever the scenario does.

Usage: scripts/chaos.py [--seed N] [--runs K] [--first I] [--batch B] [--jobs J]
                        [--harts H] [--build DIR] [--timeout S] [--qemu QEMU] [--bios FW]
                        [--show M] [--generate-only]

Scenario I of seed N is generated from (N, I) alone, so the same seed gives
the same files (scripts/chaos.py --seed N --first I --runs 1 re-runs just
one of them). Each has 3..8 domains at random priorities, 1..10 doors
(1..4 activations) whose `on` lines call doors of a higher level only (an
acyclic graph of doors, at most 6 deep, in which domains may be re-entered),
with compute, sleep, return, revoke, every fault kind and exit steps, 1..3
client domains (some with threads=) making plain and `nowait` calls, some
with a deadline, now and then a domain with a budget cap (at least a quarter
of the CPU), and 0..3 injections (mostly kills, now and then a revoke of a
door, a close of a handle or a cancel of a client's calls) on enter, return,
unwind, a budget running out (`exhausted`), a tick or a revocation, some of
them a random number of instructions after the event. Every wait is bounded
(no `loop`, short sleeps, no cycle of doors, so no cycle of activation
waits), so every scenario ends by itself; its timeout is three times a
bound on its serial running time.

Each scenario is checked with the scenario tools (scripts/scn: its
expectations) and then against these invariants:
  - the kernel stays up and gives its verdict: no panic, no timeout, QEMU
    ends by itself, verdict PASS (every domain ended), no malformed line and
    no actor error;
  - `expect clean` (no door, busy activation or handle left; every domain
    ended), and `expect end D exit 0` for every domain that nothing can end
    otherwise (no injection, fault or exit step aims at it);
  - every `call` step of a client's `run` line prints exactly one @call
    line on each of its threads, in order (a prefix of them when the client
    died): every call returns exactly once, with a result or an error code;
  - every result is an HE_* code given as the status (with word 0), or a
    word the door can return (0, a `return V`, or what its last call gave);
  - per thread, the trace follows doors/SEMANTICS.md §11 (scn/model.py):
    a call goes one hop deeper from the domain the thread is in, a return
    one hop back to the caller, an unwind leaves a dead domain for the
    nearest live caller (every hop skipped is dead); a split happens at a
    dead hop below the current one, its caller side resumes at the nearest
    live hop below (HE_DEAD, same thread id) and the orphan (new id) goes on
    above and ends when it returns or is sent back into its dead base; no
    call enters or leaves a dead domain and no dead domain prints; a call
    that came back is reported by its caller (an @call line in that domain,
    status 0 after a return, HE_DEAD after an unwind or split) before the
    thread does anything else; a thread whose home did not die ends at
    depth 0, and every orphan ends;
  - the time rules (scn/model.py): a cancel (§20) resumes the caller at
    home under its id with HE_CANCELLED, the work of a begun call going on
    as an orphan (new id) that ends at its return into hop 0, and a call
    not begun never enters; HE_CANCELLED comes only after a cancel or an
    abandon event; HE_TIMEDOUT only for a call a step makes with a
    deadline, and never for one that had begun (§19).
That the run ends before its timeout is what shows that no caller waits on
a dead domain.

With --harts H (2..8; a kernel built with HARTS=H, docs/smp.md) each domain
of a scenario is placed on a hart drawn at random (`hart=`), and QEMU gives
H harts: the same scenarios as on one hart (the placement has a generator
of its own), checked against the same invariants, none of which depends on
which hart gets somewhere first.

Scenarios run --batch at a time in one QEMU boot (default 40; a batch file,
docs/scenarios.md "Batches": the kernel runs them one after the other and
checks after each that every kernel object count is back to its baseline),
--jobs boots at once (default 2, one per core). Each scenario is judged on
its own slice of the console. A boot that ends early (timeout, panic) fails
the scenario it ended in; the scenarios after it go into a new boot.

Files: build/chaos/seed-N/chaos-I.scn (each scenario alone), batch-I.scn
(the batch file whose first scenario is I), their compiled .boot and their
.console (overwritten by the next run of that seed); a failing scenario is also copied to
build/chaos/fail-N-I.scn (fail-N-I-harts-H.scn with --harts), a standalone file ready to be kept as a
regression test. For the first --show failures (default 5) that file is
booted again alone (does it fail alone too, or only after the scenarios
before it in its batch?), and the file, the broken invariants and the
readable trace are printed; the others are listed with their broken
invariants. Exit status: 0 when every run passed, 1 otherwise, 2 for bad
arguments.

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import os
import shutil
import sys
import time

from scn.boot import BIOS_DEFAULT, QEMU_DEFAULT, batch_runs, boot
from scn.console import Run
from scn.gen import generate
from scn.model import Shuttles, died
from scn.parse import FileError, parse_text
from scn.report import check, print_calls, print_ends, print_trace

NAMES_GIVEN_UP = "some door names never came"   # an actor line that is no error (a domain died early)


def invariants(scn, run, note):
    """The broken invariants of one run, as sentences (empty: all hold)."""
    bad = []
    if note:
        bad.append(note)
    for l in run.lines:
        if "PANIC" in l:
            bad.append("kernel panic: " + l.strip())
        elif "[hinge] timeout" in l:
            bad.append("timeout: " + l.strip())
        elif l.startswith("actor:") and NAMES_GIVEN_UP not in l:
            bad.append("actor error: " + l.strip())
    if run.verdict != "PASS":
        bad.append("kernel verdict: %s" % (run.verdict or "none printed"))
    for m in run.malformed:
        bad.append("malformed console line: " + m)
    lines = []
    if check(run, lines.append):
        bad += ["expectation " + l for l in lines if l.startswith("FAILED")]

    home_calls = Shuttles(scn, run, bad).home_calls

    # Every call step of a run line, once per thread, in order.
    for d, steps in scn.run.items():
        want = [s.door for s in steps if s.kind == "call"]
        if not want:
            continue
        nthreads = 1 + scn.domains[d]["threads"]
        got = {n: doors for (dom, n), doors in home_calls.items() if dom == d}
        dead = died(run, d)
        for doors in got.values():
            if doors != want[:len(doors)] or (not dead and doors != want):
                bad.append("%s, one of its threads: its run line calls %s, it reported %s" % (
                    d, " ".join(want), " ".join(doors) or "nothing"))
        if not dead and len(got) != nthreads:
            bad.append("%s has %d thread(s) running its run line, %d reported calls" % (d, nthreads, len(got)))
        elif len(got) > nthreads:
            bad.append("%s has %d thread(s) running its run line, %d reported calls" % (d, nthreads, len(got)))
    return bad


# ---------------------------------------------------------------- running

def judge(scn, run, note, res):
    """Check one run against the invariants; on a failure, the readable
    report goes into res["report"]."""
    res["bad"] = invariants(scn, run, note)
    if res["bad"]:
        rep = res["report"].append
        print_trace(run, rep)
        rep("")
        print_calls(run, rep)
        rep("")
        print_ends(run, rep)
        rep("")
        check(run, rep)
        if run.baseline is not None:
            rep("baseline: %s" % run.baseline)
        rep("kernel verdict: %s" % (run.verdict or "none printed"))
        rep("last console lines:")
        for l in [l for l in run.lines if l.strip()][-8:]:
            rep("  | " + l)


def prepare(args, index, outdir):
    """Generate scenario index and write it; a result dict with its Scenario
    in res["scn"] (None if the parser refuses the file)."""
    text = generate(args.seed, index, args.harts)
    path = os.path.join(outdir, "chaos-%d.scn" % index)
    with open(path, "w") as f:
        f.write(text)
    res = {"index": index, "path": path, "text": text, "bad": [], "report": [], "scn": None}
    try:
        res["scn"] = parse_text(path, text)[0]
    except FileError as e:
        res["bad"] = ["the generated file is refused by the parser:\n" + str(e)]
    return res


def run_alone(args, res, outdir):
    """Boot one prepared scenario on its own and judge it."""
    console, note, _ = boot(args, [res["scn"]], "chaos-%d" % res["index"], outdir)
    if console is None:
        res["bad"] = ["cannot boot: %s" % note]
        return
    judge(res["scn"], Run(res["scn"], console), note, res)


def run_batch(args, batch, outdir):
    """Boot the prepared scenarios of batch in one boot file (as many boots
    as it takes: when a boot ends early, on a timeout or a panic, the
    scenario it ended in fails and the ones after it go into a new boot),
    judging each on its slice of the console. Returns the boots used."""
    todo = [r for r in batch if r["scn"] is not None]
    boots = 0
    while todo:
        boots += 1
        name = "batch-%d" % todo[0]["index"]
        path = os.path.join(outdir, name + ".scn")
        with open(path, "w") as f:
            f.write("".join(r["text"] for r in todo))
        try:
            console, note, _ = boot(args, [r["scn"] for r in todo], name, outdir, timeout=args.timeout * len(todo))
        except FileError as e:   # the batch is larger than the kernel takes
            console, note = None, "%s (a smaller --batch fits)" % e
        if console is None:
            for r in todo:
                r["bad"] = ["cannot boot: %s" % note]
            return boots
        runs = batch_runs([r["scn"] for r in todo], console, note)
        left = []
        for r, (run, why) in zip(todo, runs):
            if run is None:
                left.append(r)
            else:
                judge(r["scn"], run, why, r)
        if len(left) == len(todo):
            for r in todo:
                r["bad"] = ["the batch boot reached no scenario" + (" (%s)" % note if note else "")]
            return boots
        todo = left
    return boots


def harts_option(args):
    return " --harts %d" % args.harts if args.harts > 1 else ""


def fail_name(args, res):
    """The name a failing scenario is kept under in build/chaos/."""
    return "fail-%d-%d%s.scn" % (args.seed, res["index"], "-harts-%d" % args.harts if args.harts > 1 else "")


def reproduce_alone(args, res, outdir):
    """A failing run of a batch, booted again on its own from the saved file:
    does it fail alone too? Sets res["alone"] to a sentence."""
    again = {"index": res["index"], "scn": res["scn"], "bad": [], "report": []}
    run_alone(args, again, os.path.join(outdir, "alone"))
    if again["bad"]:
        same = set(again["bad"]) == set(res["bad"])
        res["alone"] = "it fails alone too%s" % ("" if same else " (broken invariants: %s)" % "; ".join(again["bad"]))
    else:
        first = res.get("first", res["index"])
        res["alone"] = ("it PASSES alone: the failure needs the scenarios before it in its batch (what they "
                        "left behind, or the timing they give it: a scenario in a batch starts at another phase "
                        "of the clock); it reproduces with: scripts/chaos.py --seed %d --first %d --runs %d "
                        "--batch %d%s (batch file %s)" % (args.seed, first, res["index"] - first + 1, args.batch,
                                                           harts_option(args), res.get("batch", "?")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[2:]))
    ap.add_argument("--seed", type=int, default=1, help="the batch's seed (default %(default)s)")
    ap.add_argument("--runs", type=int, default=100, help="scenarios to run (default %(default)s)")
    ap.add_argument("--first", type=int, default=0, help="index of the first scenario (default 0)")
    ap.add_argument("--batch", type=int, default=40,
                    help="scenarios per QEMU boot (default %(default)s; 1: one boot per scenario)")
    ap.add_argument("--jobs", type=int, default=2, help="QEMU boots at once (default 2)")
    ap.add_argument("--harts", type=int, default=1,
                    help="harts: domains placed at random on them (a kernel built with HARTS=H; default 1)")
    ap.add_argument("--build", default="build", help="build directory with kernel.elf (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=30,
                    help="host seconds per scenario before a QEMU is killed (default 30)")
    ap.add_argument("--qemu", default=os.environ.get("QEMU", QEMU_DEFAULT))
    ap.add_argument("--bios", default=os.environ.get("OPENSBI", BIOS_DEFAULT))
    ap.add_argument("--show", type=int, default=5, help="failures printed in full (default 5)")
    ap.add_argument("--generate-only", action="store_true", help="write and parse the files, boot nothing")
    args = ap.parse_args()
    if args.seed < 0 or args.runs < 1 or args.first < 0 or args.jobs < 1 or args.batch < 1:
        ap.error("--seed and --first must be >= 0, --runs, --jobs and --batch >= 1")
    if not 1 <= args.harts <= 8:
        ap.error("--harts must be 1..8")

    chaos = os.path.join(args.build, "chaos")
    outdir = os.path.join(chaos, "seed-%d" % args.seed + ("-harts-%d" % args.harts if args.harts > 1 else ""))
    os.makedirs(outdir, exist_ok=True)
    indices = range(args.first, args.first + args.runs)
    print("chaos: seed %d, scenarios %d..%d, %d per boot, %d boots at a time%s (files in %s)" % (
        args.seed, indices[0], indices[-1], args.batch, args.jobs,
        ", %d harts" % args.harts if args.harts > 1 else "", outdir), flush=True)
    t0 = time.time()
    results = [prepare(args, i, outdir) for i in indices]
    batches = [results[k:k + args.batch] for k in range(0, len(results), args.batch)]
    boots = 0
    if not args.generate_only:
        def one(batch):
            if len(batch) == 1 and batch[0]["scn"] is not None:
                run_alone(args, batch[0], outdir)
                return 1
            return run_batch(args, batch, outdir)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            done = 0
            for b, n in zip(batches, pool.map(one, batches)):
                boots += n
                done += len(b)
                if done < args.runs and (done // args.batch) % 5 == 0:
                    print("chaos: %d/%d run, %d failed, %.0f s" % (
                        done, args.runs, sum(1 for r in results[:done] if r["bad"]), time.time() - t0), flush=True)
        for b in batches:
            for r in b:
                r["batch"] = os.path.join(outdir, "batch-%d.scn" % b[0]["index"])
                r["first"] = b[0]["index"]
    took = time.time() - t0
    failed = [r for r in results if r["bad"]]
    for k, res in enumerate(failed):
        keep = os.path.join(chaos, fail_name(args, res))
        shutil.copyfile(res["path"], keep)
        if args.batch > 1 and res["scn"] is not None and k < args.show:
            reproduce_alone(args, res, outdir)
        if k < args.show:
            print("\n==== FAIL: seed %d scenario %d (saved as %s)" % (args.seed, res["index"], keep))
            if res.get("alone"):
                print("---- booted again alone from that file: %s" % res["alone"])
            print("---- the file")
            print(res["text"], end="")
            print("---- broken invariants")
            for b in res["bad"]:
                print("  " + b)
            if res["report"]:
                print("---- what happened")
                for l in res["report"]:
                    print("  " + l)
            print("====\n", flush=True)
        else:
            print("FAIL: seed %d scenario %d (saved as %s): %s" % (
                args.seed, res["index"], keep, res["bad"][0]), flush=True)
    print("chaos: seed %d: %d run, %d passed, %d failed in %.1f s (%.2f s per run, %d QEMU boots)" % (
        args.seed, args.runs, args.runs - len(failed), len(failed), took, took / args.runs, boots))
    if failed:
        print("chaos: failing scenarios: %s" % " ".join(fail_name(args, r) for r in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

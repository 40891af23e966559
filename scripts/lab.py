#!/usr/bin/env python3
"""Hinge's labs (docs/labs/README.md): a student's starting tree, and its grader.

    scripts/lab.py start N DIR          (make lab LAB=N DIR=DIR)
    scripts/lab.py grade N [--build B]  (make grade LAB=N)
    scripts/lab.py list                 (the labs' numbers, for make test)

Lab N's code is marked in the C sources, inside function bodies or around
lines of a table or a header:

    /* LAB N BEGIN */
    /* LAB N STUB: code that compiles */     (optional; none: nothing)
    ...the solution...
    /* LAB N END */

`start` copies the repository's files (git ls-files, untracked ones included) to DIR and
replaces each region of lab N, in every C file, by its stub between the
BEGIN and END lines, so the starting tree builds and the student sees where
to write. The markers of the other labs stay, solved.

`grade` runs lab N's tests in the tree it is run in (the unit test binary
of --build must be built: `make grade` builds it), prints the points of
each and the total, and exits 1 below full marks.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Each lab: its title, its handout and its graded tests, each (kind, name,
# points): "unit" is a Criterion test SUITE/TEST of build/host/unit, "qemu"
# a QEMU test of `make test` (PROGRAM/VARIANT), "scenario" a fault-injection
# scenario of tests/scenarios (NAME). Every lab totals 100.
LABS = {
    1: {
        "title": "the run queue's priority bitmap",
        "doc": "docs/labs/1-runqueue.md",
        "tests": [("unit", "runqueue/" + t, 10) for t in (
            "empty_after_init",
            "highest_priority_first",
            "extreme_levels",
            "fifo_within_level",
            "enqueue_head_runs_first_in_level",
            "enqueue_head_into_empty_level",
            "remove_middle_head_tail",
            "queue_tag_tracks_membership",
            "reinsert_after_remove",
            "highest_of_every_pair_of_levels",
        )],
    },
    2: {
        "title": "transitive priority inheritance",
        "doc": "docs/labs/2-inheritance.md",
        "tests": [("unit", "inherit/" + t, p) for t, p in (
            ("mutex_waiter_boosts_holder_until_unlock", 5),
            ("reply_edge_boosts_the_server_thread_and_undoes", 5),
            ("transitive_through_pool_mutex_and_reply", 10),
            ("mutex_and_pool_deadlock_takes_the_least_solution", 10),
            ("pintos_donate_one", 5),
            ("pintos_donate_multiple", 5),
            ("pintos_donate_multiple2", 5),
            ("pintos_donate_nest", 10),
            ("pintos_donate_chain", 10),
            ("pintos_donate_lower", 5),
            ("pintos_donate_sema_with_a_pool_standin", 5),
        )] + [("qemu", "pi_donate/pintos", 25)],
    },
    3: {
        "title": "a system call with two results",
        "doc": "docs/labs/3-syscall.md",
        "tests": [("unit", "handle_sys/" + t, 20) for t in (
            "info_names_the_type_and_rights_of_each_object",
            "info_needs_no_right_and_follows_dup_and_close",
            "info_of_no_object_is_badhandle_and_leaves_a1",
        )] + [("qemu", "handle_info/every_type", 40)],
    },
    4: {
        "title": "a door server and its client",
        "doc": "docs/labs/4-door-server.md",
        "tests": [("qemu", "upcase/" + t, p) for t, p in (
            ("round_trip", 30),
            ("callers_thread", 25),
            ("small_buffer", 15),
            ("revoked", 15),
            ("too_long", 15),
        )],
    },
    5: {
        "title": "crash unwinding",
        "doc": "docs/labs/5-unwind.md",
        "tests": [("unit", "crash/" + t, p) for t, p in (
            ("s11_send_back_to_nearest_live_caller", 10),
            ("s11_send_back_pops_every_dead_hop_and_names_the_last", 10),
            ("s11_send_back_with_no_live_hop_left_the_thread_dies", 5),
            ("s11_send_back_cancels_a_wait_for_an_activation", 5),
            ("s11_send_back_ends_a_sleep_in_the_dead_domain", 5),
            ("s11_a_waiter_handed_an_activation_of_a_dead_server_gets_dead_and_holds_nothing", 5),
            ("s11_a_return_into_a_dead_caller_is_sent_back", 5),
            ("s11_send_back_onto_a_dead_origin_makes_an_orphan", 5),
            ("s11_a_split_without_a_free_thread_falls_back_to_send_back", 5),
            ("s12_a_death_wait_in_a_dying_supervisor_ends_with_dead", 5),
            ("trace_an_unwind_names_the_dead_domain_left", 5),
        )] + [("scenario", n, p) for n, p in (
            ("leaf-fault", 10),
            ("unwind-kill", 10),
            ("waiter-dead", 10),
            ("return-kill", 5),
        )],
    },
}

MARKER = re.compile(r"^(\s*)/\* LAB (\d+) (BEGIN|END|STUB: (.*)) \*/\s*$")


def stub_out(text, lab, path):
    """text with every region of lab replaced by its stub; the count of them."""
    out, region, stub, regions = [], None, None, 0
    for no, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARKER.match(line)
        if not m or int(m.group(2)) != lab:
            if region is None:
                out.append(line)
            continue
        indent, what = m.group(1), m.group(3)
        if what == "BEGIN" and region is None:
            region, stub = no, None
            out.append(line)
        elif what.startswith("STUB") and region is not None and stub is None:
            stub = indent + m.group(4) + "\n"
        elif what == "END" and region is not None:
            out.extend([stub or "", line])
            region = None
            regions += 1
        else:
            sys.exit(f"{path}:{no}: LAB {lab} {what.split(':')[0]} out of place")
    if region is not None:
        sys.exit(f"{path}:{region}: LAB {lab} BEGIN without END")
    return "".join(out), regions


def start(lab, dest):
    if os.path.exists(dest) and os.listdir(dest):
        sys.exit(f"{dest} exists and is not empty: a starting tree goes to a new directory")
    # Untracked files too (not the ignored ones, build/ among them): the tree
    # as it is, so that a lab being written can be tried before its commit.
    git = ["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    files = subprocess.run(git, check=True, capture_output=True, text=True).stdout.split("\0")
    regions = 0
    for f in filter(None, files):
        src, dst = os.path.join(ROOT, f), os.path.join(dest, f)
        if not os.path.lexists(src):  # deleted in the work tree, not yet committed
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)
        if f.endswith((".c", ".h")):
            with open(src) as fh:
                text, n = stub_out(fh.read(), lab, f)
            if n:
                with open(dst, "w") as fh:
                    fh.write(text)
                print(f"lab {lab}: {f}: {n} region(s) to write")
                regions += n
    if not regions:
        sys.exit(f"lab {lab}: no LAB {lab} markers in the sources")
    print(f"lab {lab} ({LABS[lab]['title']}): starting tree in {dest}; read {LABS[lab]['doc']}, "
          f"then `make grade LAB={lab}` there")


def unit_results(build, names):
    """{SUITE/TEST: (passed, detail lines)}: one Criterion run per suite of names."""
    results, last = {}, None
    out = ""
    for suite in sorted({n.split("/")[0] for n in names}):
        run = subprocess.run([os.path.join(build, "host", "unit"), "--filter", suite + "/*", "--tap=-"],
                             capture_output=True, text=True)
        out += run.stdout + run.stderr
    # TAP: "ok - suite::test" or "not ok - suite::test", a failure followed
    # by an indented YAML block that says where and what.
    for line in out.splitlines():
        m = re.match(r"^(not ok|ok) - (\w+)::(\w+)", line)
        if m:
            last = f"{m.group(2)}/{m.group(3)}"
            results[last] = (m.group(1) == "ok", [])
        elif last and line.startswith("  ") and not results[last][0]:
            # Keep the YAML block's where and what, not its framing.
            d = line.strip().removesuffix(" |+")
            if d not in ("---", "...", "failures:") and not d.startswith("assertions:"):
                results[last][1].append(d)
    return results


# A booted test's name in `make test` and its log's name there, by kind.
BOOTED = {
    "qemu": lambda n: ("qemu/" + n, "qemu-" + n.replace("/", "-") + ".log"),
    "scenario": lambda n: ("scenario/" + n, "scn-" + n + ".log"),
}


def booted_passes(kind, name, build):
    """Whether `make test T=<the test>` passes in this tree; its log's path.
    Its logs go to their own folder: a grade run inside `make test` must not
    overwrite that run's."""
    logs = os.path.join(build, "grade-logs")
    test, log = BOOTED[kind](name)
    run = subprocess.run(["make", "--no-print-directory", "test", "T=" + test],
                         env=dict(os.environ, LOGS=logs), capture_output=True, text=True)
    return run.returncode == 0, os.path.join(logs, log)


def grade(lab, build):
    tests = LABS[lab]["tests"]
    print(f"lab {lab}: {LABS[lab]['title']} ({LABS[lab]['doc']})")
    units = [n for k, n, _ in tests if k == "unit"]
    unit = unit_results(build, units) if units else {}
    got = total = 0
    for kind, name, points in tests:
        if kind == "unit":
            ok, detail = unit.get(name, (False, ["did not run (the test binary crashed?)"]))
            label = name
        else:
            ok, log = booted_passes(kind, name, build)
            detail = [] if ok else [f"see {log}"]
            label = BOOTED[kind](name)[0]
        got += points if ok else 0
        total += points
        print(f"{label} {'.' * max(3, 62 - len(label))} {points if ok else 0}/{points}")
        for d in detail[:6]:
            print("      " + d)
    print(f"lab {lab} total: {got}/{total}")
    return got == total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start", help="create lab N's starting tree in DIR")
    s.add_argument("lab", type=int, choices=sorted(LABS))
    s.add_argument("dir")
    g = sub.add_parser("grade", help="grade lab N in this tree")
    g.add_argument("lab", type=int, choices=sorted(LABS))
    g.add_argument("--build", default="build", help="the build directory (default build)")
    sub.add_parser("list", help="print the labs' numbers")
    args = ap.parse_args()
    if args.cmd == "list":
        print(*sorted(LABS))
    elif args.cmd == "start":
        start(args.lab, args.dir)
    else:
        sys.exit(0 if grade(args.lab, args.build) else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Run one fault-injection scenario (docs/scenarios.md) and judge it.

Usage: scripts/scenario.py [--build DIR] [--timeout S] [--qemu QEMU] [--bios FW]
                           [--log CONSOLE] [--pictures DIR] FILE.scn

1. The whole file is parsed and checked (scn/parse.py): every directive,
   step and expectation, and every name used must have been declared on an
   earlier line. Each problem is printed as "FILE:LINE:COLUMN: message"
   and the script exits with status 2 before anything is booted.
2. The file is compiled to the boot form (scn/compile.py) and QEMU boots
   BUILD/kernel.elf with it as initrd (scn/boot.py), for at most --timeout
   seconds of host time. The compiled file and the console are saved in
   BUILD/scenario-logs/NAME.boot and NAME.console. With --log CONSOLE
   nothing is booted: a console saved earlier is checked instead (for
   debugging the checker, or re-reading a run).
3. The console is turned into events (scn/console.py) and printed as a
   readable trace (one line per "@trace" event, indented by call depth),
   the "@call" results of the actors, how each domain ended, and one line
   per expectation, "ok" or "FAILED" with what was seen (scn/report.py);
   the last line is "scenario NAME: PASS" or "scenario NAME: FAIL".
4. With --pictures DIR (make scenario TRACE=1), the run is also drawn into
   DIR as scripts/trace_pictures.py draws it (docs/pictures.md); not for a
   batch.

Exit status: 0 exactly when every expectation holds and the kernel printed
"[hinge] verdict: PASS"; 1 otherwise; 2 for a bad file or bad arguments.

A batch (a file with several `scenario NAME` lines, docs/scenarios.md,
"Batches") is checked section by section (line numbers are the file's),
booted once, and each scenario is judged on its own slice of the console
(from its "@scenario begin" line to the next): its report and verdict come
one after the other, then a summary line "batch FILE: N scenarios, P
passed, F failed". Exit status 0 exactly when every scenario passed.

Python 3 standard library only.
"""
import argparse
import os
import sys

from pictures.write import write_pictures
from scn.boot import batch_runs, boot, boot_options, read_log, read_scenarios
from scn.console import Run
from scn.report import judge


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    boot_options(ap)
    ap.add_argument("--log", metavar="CONSOLE", help="check this saved console instead of booting")
    ap.add_argument("--pictures", metavar="DIR", help="also draw the run into DIR (docs/pictures.md)")
    ap.add_argument("file", metavar="FILE.scn")
    args = ap.parse_args()

    scns = read_scenarios(args.file)
    if scns is None:
        return 2

    def out(s=""):
        print(s, flush=True)

    if len(scns) > 1:
        if args.pictures:
            out("%s: a batch of %d scenarios; pictures are of one scenario (not drawn)" % (args.file, len(scns)))
        return main_batch(args, scns, out)
    scn = scns[0]

    out("scenario %s (%s): %d domains, %d doors, %d injections, %d expectations, timeout %d ticks" % (
        scn.name, args.file, len(scn.domains), len(scn.doors), len(scn.injects), len(scn.expects), scn.timeout))
    note, saved = None, None
    if args.log:
        text = read_log(args.log)
        if text is None:
            return 2
        out("console: %s (saved, nothing booted)" % args.log)
    else:
        r = boot(args, scns, scn.name)
        if r[0] is None:
            out("cannot boot: %s" % r[1])
            out("scenario %s: FAIL" % scn.name)
            return 1
        text, note, saved = r

    run = Run(scn, text)
    passed = judge(run, note, out)
    if args.pictures:
        for path in write_pictures(run, args.pictures):
            out("pictures: wrote %s" % path)
    if saved:
        out("console saved in %s (check it again: scripts/scenario.py --log %s %s)" % (saved, saved, args.file))
    out("scenario %s: %s" % (scn.name, "PASS" if passed else "FAIL"))
    return 0 if passed else 1


def main_batch(args, scns, out):
    """Boot a batch once, judge each scenario on its slice of the console."""
    name = os.path.splitext(os.path.basename(args.file))[0]
    out("batch %s: %d scenarios in one boot" % (args.file, len(scns)))
    if args.log:
        text = read_log(args.log)
        if text is None:
            return 2
        note, saved = None, args.log
    else:
        text, note, saved = boot(args, scns, name, timeout=args.timeout * len(scns))
        if text is None:
            out("cannot boot: %s" % note)
            out("batch %s: FAIL" % args.file)
            return 1
    failed = []
    for k, (scn, (run, why)) in enumerate(zip(scns, batch_runs(scns, text, note))):
        out()
        out("==== scenario %d of the batch: %s (from line %d)" % (k, scn.name, scn.line0))
        passed = False
        if run is None:
            out(why)
        else:
            passed = judge(run, why, out) and why is None
        out("scenario %s: %s" % (scn.name, "PASS" if passed else "FAIL"))
        if not passed:
            failed.append(scn.name)
    out()
    if saved:
        out("console saved in %s" % saved)
    out("batch %s: %d scenarios, %d passed, %d failed%s" % (
        args.file, len(scns), len(scns) - len(failed), len(failed),
        (": " + " ".join(failed)) if failed else ""))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())

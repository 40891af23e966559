#!/usr/bin/env python3
"""Pictures of a scenario run, or of any boot manifest's (docs/pictures.md).

Usage: scripts/trace_pictures.py [--build DIR] [--timeout S] [--qemu QEMU]
                                 [--bios FW] [--log CONSOLE] [--out DIR]
                                 [--run] FILE.scn | FILE.manifest

Boots the scenario as scripts/scenario.py does, or a plain boot manifest
with a `trace` line put first (the kernel then traces its door events as a
scenario's; doors are named by their kernel ids), or, with --log, reads a
console saved earlier; and writes into --out (default BUILD/trace/NAME):
  trace.json    Chrome/Perfetto trace events (open in ui.perfetto.dev);
  sequence.svg  the door calls between domains, time going down;
  schedule.svg  when each thread ran, in which domain, at which priority.
Exit status 0 when the three were written (whatever the scenario's
verdict, which is printed); 2 for a bad file, a batch or bad arguments; 1
when nothing could be booted. With --run (make qemu TRACE=1, make run
TRACE=1) it acts as the boot it stands for: the console is printed from
the kernel's first line, and the exit status is QEMU's (the verdict's).
Python 3 standard library only."""
import argparse
import os
import sys

from pictures.write import dropped_note, write_pictures
from scn.boot import boot, boot_options, boot_text, read_log, read_scenarios
from scn.console import Run


class Manifest:
    """A plain boot manifest, seen as the scenario model the console reader
    and the pictures take (scn/console.py): its name, its domains' names,
    and no door names (the trace's door=ID names them)."""

    def __init__(self, path, text):
        self.name = os.path.splitext(os.path.basename(path))[0]
        lines = [l.split() for l in text.splitlines()]
        self.domains = [w[1] for w in lines if len(w) > 1 and w[0] == "domain"]
        self.doors = {}


def read_manifest(path):
    """(Manifest, its text with a `trace` line first), or None after saying why."""
    text = read_log(path)
    if text is None:
        return None
    return Manifest(path, text), "trace\n" + text


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    boot_options(ap)
    ap.add_argument("--log", metavar="CONSOLE", help="draw this saved console instead of booting")
    ap.add_argument("--out", metavar="DIR", help="where to write (default BUILD/trace/NAME)")
    ap.add_argument("--run", action="store_true",
                    help="print the console and exit with the boot's status (make qemu/run TRACE=1)")
    ap.add_argument("file", metavar="FILE.scn | FILE.manifest")
    args = ap.parse_args()
    if args.file.endswith(".manifest"):
        got = read_manifest(args.file)
        if got is None:
            return 2
        model, text = got
        return draw(args, "manifest", model, lambda: boot_text(args, text, model.name))
    scns = read_scenarios(args.file)
    if scns is None:
        return 2
    if len(scns) != 1:
        print("%s: a batch of %d scenarios; pictures are of one scenario" % (args.file, len(scns)),
              file=sys.stderr)
        return 2
    return draw(args, "scenario", scns[0], lambda: boot(args, scns, scns[0].name))


def draw(args, kind, model, boot_it):
    """Boot with boot_it() (or read --log), then draw the run of model (a
    scenario, or a Manifest) into --out. main()'s exit status."""
    note = saved = None
    if args.log:
        text = read_log(args.log)
        if text is None:
            return 2
    else:
        text, note, saved = boot_it()
        if text is None:
            print("cannot boot: %s" % note, file=sys.stderr)
            return 1
    run = Run(model, text)
    if args.run:
        # The console from the kernel's first line, as make qemu shows it,
        # without the trace lines (they are in the saved console, drawn below).
        shown = next((k for k, l in enumerate(run.lines) if l.startswith("[hinge]")), 0)
        print("\n".join(l for l in run.lines[shown:] if not l.startswith("@trace")).rstrip())
        print("(%d trace lines, in %s)" % (sum(l.startswith("@trace") for l in run.lines), saved or args.log))
    out = args.out or os.path.join(args.build, "trace", model.name)
    for path in write_pictures(run, out):
        print("wrote %s" % path)
    if dropped_note(run):
        print(dropped_note(run))
    verdict = run.verdict or next((l.split("verdict:", 1)[1].strip() for l in run.lines
                                   if "[hinge] verdict:" in l), None)
    print("%s %s: kernel verdict %s" % (kind, model.name, verdict or "none (the run did not end)"))
    if args.run:
        print("Pictures of this run (docs/pictures.md): %s/{trace.json,sequence.svg,schedule.svg}" % out)
        return 1 if note or not (verdict or "").startswith("PASS") else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

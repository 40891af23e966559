#!/usr/bin/env python3
"""Pictures of a scenario run (docs/pictures.md).

Usage: scripts/trace_pictures.py [--build DIR] [--timeout S] [--qemu QEMU]
                                 [--bios FW] [--log CONSOLE] [--out DIR]
                                 FILE.scn | FILE.manifest

Boots the scenario as scripts/scenario.py does, or a plain boot manifest
with a `trace` line put first (the kernel then traces its door events as a
scenario's; doors are named by their kernel ids), or, with --log, reads a
console saved earlier; and writes into --out (default BUILD/trace/NAME):
  trace.json    Chrome/Perfetto trace events (open in ui.perfetto.dev);
  sequence.svg  the door calls between domains, time going down;
  schedule.svg  when each thread ran, in which domain, at which priority.
Exit status 0 when the three were written (whatever the scenario's
verdict, which is printed); 2 for a bad file, a batch or bad arguments; 1
when nothing could be booted. Python 3 standard library only."""
import argparse
import json
import os
import sys

from pictures import perfetto, schedule, sequence
from pictures.model import Model
from scn.boot import boot, boot_options, boot_text, read_log, read_scenarios
from scn.console import Run


def write_pictures(run, out):
    """The three pictures of run into directory out; their paths."""
    m = Model(run)
    os.makedirs(out, exist_ok=True)
    paths = [os.path.join(out, n) for n in ("trace.json", "sequence.svg", "schedule.svg")]
    with open(paths[0], "w") as f:
        json.dump(perfetto.trace_json(m), f, indent=0)
    for path, draw in zip(paths[1:], (sequence.draw, schedule.draw)):
        with open(path, "w") as f:
            f.write(draw(m))
    return paths


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
    if args.log:
        text = read_log(args.log)
        if text is None:
            return 2
    else:
        text, note, _ = boot_it()
        if text is None:
            print("cannot boot: %s" % note, file=sys.stderr)
            return 1
    run = Run(model, text)
    for path in write_pictures(run, args.out or os.path.join(args.build, "trace", model.name)):
        print("wrote %s" % path)
    verdict = run.verdict or next((l.split("verdict:", 1)[1].strip() for l in run.lines
                                   if "[hinge] verdict:" in l), None)
    print("%s %s: kernel verdict %s" % (kind, model.name, verdict or "none (the run did not end)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

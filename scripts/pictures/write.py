"""The three files of a run's pictures (docs/pictures.md), for
scripts/trace_pictures.py and scripts/scenario.py --pictures."""
import json
import os

from . import perfetto, schedule, sequence
from .model import Model


def write_pictures(run, out):
    """The pictures of run (scn/console.py's Run) into directory out:
    trace.json, sequence.svg, schedule.svg. Returns their paths."""
    m = Model(run)
    os.makedirs(out, exist_ok=True)
    paths = [os.path.join(out, n) for n in ("trace.json", "sequence.svg", "schedule.svg")]
    with open(paths[0], "w") as f:
        json.dump(perfetto.trace_json(m), f, indent=0)
    for path, draw in zip(paths[1:], (sequence.draw, schedule.draw)):
        with open(path, "w") as f:
            f.write(draw(m))
    return paths


def dropped_note(run):
    """What to tell when the kernel's trace ring was full, or None."""
    if not run.dropped:
        return None
    return ("the kernel's trace ring was full: %d trace line(s) not recorded; the pictures show the run up to "
            "there" % run.dropped)

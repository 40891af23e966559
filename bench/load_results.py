"""Read bench/results/*.json (the format of bench/README.md, "Results
format") into one dict, benchmark name -> entry: shared by bench/plot.py and
the paper's generator (scripts/paper_numbers.py). Standard library only."""
import glob
import json
import os


KMEM_FILE = "kmem.json"  # bench/run.py's kernel memory per object, not benchmark entries


def load(results_dir):
    entries = {}
    for path in sorted(glob.glob(os.path.join(results_dir, "*.json"))):
        if os.path.basename(path) == KMEM_FILE:
            continue
        with open(path) as f:
            for e in json.load(f):
                entries[e["name"]] = e
    return entries

#!/usr/bin/env python3
"""Generate every number and table of the paper from the tree's own data
(`make paper`, paper/README.md).

    scripts/paper_numbers.py [--results bench/results] [--data paper/data] [--root .] --out DIR

Reads the benchmark results (bench/results/*.json, bench/README.md) and the
floors and goals they are measured against (bench/run.py's GOALS), the
recorded robustness runs (paper/data/robustness.json, written by
`make paper-data`), the peer figures (paper/data/peers.json: facts quoted
with their method and source), the line counts (scripts/loc.py) and the
test files of the tree, and writes into DIR:

  numbers.tex   one line \\hndef{KEY}{VALUE} per number: the paper quotes a
                number only as \\hn{KEY}, and an unknown KEY stops LaTeX
  tab-*.tex     the tables (tabular bodies and whole tables)

Comparisons the prose makes (ratios, differences, "more"/"fewer") are
computed here, never typed, so the text stays true when a result changes. A
key the paper uses that the data no longer provides stops the build: that is
meant (a renamed benchmark must be renamed in the paper too).
"""
import argparse
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
from load_results import load  # noqa: E402

MODELS = [("migrate", "migrate"), ("handoff", "handoff"), ("handoff+pi", "handoff+PI"), ("async", "async")]
# L's budget runs out while it holds the server, with and without bandwidth
# inheritance (bench/README.md, pi.migrate.budget*).
BUDGET_BWI, BUDGET_NOBWI = "pi.migrate.budget.h_response", "pi.migrate.budget_nobwi.h_response"


def load_results(results_dir):
    entries = load(results_dir)
    if not entries:
        raise SystemExit("paper_numbers: no results in %s (make bench writes them)" % results_dir)
    return entries


def whole(v):
    """Instructions as LaTeX text: whole, thousands separated (the fractions
    are the rdinstret pair spread over a sample, bench/README.md)."""
    return "{:,}".format(int(round(v)))


def ratio(a, b):
    return "%.1f" % (a / b)


def tex_escape(s):
    return (s.replace("\\", r"\textbackslash{}").replace("&", r"\&").replace("%", r"\%").replace("_", r"\_")
            .replace("#", r"\#").replace("$", r"\$").replace("~", r"\textasciitilde{}").replace("^", r"\^{}")
            .replace("{", r"\{").replace("}", r"\}").replace(r"\textbackslash\{\}", r"\textbackslash{}"))


def listing(items):
    """'1', '1 and 2', '1, 2 and 3'."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def tt(s):
    return r"\texttt{%s}" % tex_escape(s)


class Numbers:
    """KEY -> LaTeX text, each key defined once."""

    def __init__(self):
        self.d = {}

    def __setitem__(self, key, value):
        if key in self.d:
            raise SystemExit("paper_numbers: %s defined twice" % key)
        self.d[key] = value

    def tex(self):
        return "".join("\\hndef{%s}{%s}\n" % (k, v) for k, v in sorted(self.d.items()))


def bench_numbers(n, e):
    """Every benchmark's median (and min, max, p99 of a distribution)."""
    for name, r in e.items():
        n[name] = whole(r["median"])
        n[name + "/min"] = whole(r["min"])
        n[name + "/max"] = whole(r["max"])
        if "p99" in r:
            n[name + "/p99"] = whole(r["p99"])
    n["bench.count"] = str(len(e))
    n["bench.samples"] = whole(e["door.null.roundtrip"]["samples"])
    depths = [int(k[len("door.chain.depth"):]) for k in e if re.match(r"^door\.chain\.depth\d+$", k)]
    n["bench.chain.depths"] = "%d to %d" % (min(depths), max(depths)) if depths else "--"
    n["bench.flags"] = tex_escape(e["door.null.roundtrip"]["qemu_flags"])
    sources = sorted({r.get("source", "?") for r in e.values()})
    n["bench.sources"] = ", ".join(tt(s) for s in sources)


def dist(e, name):
    if name not in e:
        raise SystemExit("paper_numbers: benchmark %s is not in the results" % name)
    return e[name]


def med(e, name):
    return dist(e, name)["median"]


def inversion_cases(e):
    """The H/M/L inversion set's cases (pi.MODEL.CASE.h_response), without
    the budget ones: those measure a budget running out, not M's load."""
    return [k for k in e if re.match(r"^pi\.[^.]+\.[^.]+\.h_response$", k) and ".budget" not in k]


def comparisons(n, e, peers):
    """The derived figures the prose states."""
    null = med(e, "door.null.roundtrip")
    p = {k: v["value"] for k, v in peers.items()}
    for m, _ in MODELS[1:]:
        n["cmp.%s.over.migrate" % m] = ratio(med(e, "ipc.%s.roundtrip.0" % m), med(e, "ipc.migrate.roundtrip.0"))
    n["cmp.handoffpi.minus.handoff"] = whole(med(e, "ipc.handoff+pi.roundtrip.0") - med(e, "ipc.handoff.roundtrip.0"))
    # The spread of the per-hop steps of the three door models' chains: a
    # constant cost per hop shows as a spread near zero.
    spreads = []
    for m in ("migrate", "handoff", "handoff+pi"):
        st = e["ipc.%s.chain.per_hop" % m].get("steps") or [0]
        spreads.append(max(st) - min(st))
    n["cmp.step.spread"] = whole(max(spreads))
    # Against the peers measured the same way (paper/data/peers.json).
    for key, peer in (("sel4", "sel4.loop"), ("mcs", "sel4.mcs_passive"), ("sel4slow", "sel4.nofastpath")):
        diff = null - p[peer]
        n["cmp.null.%s.ratio" % key] = ratio(null, p[peer])
        n["cmp.null.%s.diff" % key] = whole(abs(diff))
        n["cmp.null.%s.word" % key] = "more" if diff > 0 else "fewer"
    n["cmp.sel4.cycles.per.insn"] = "%.1f" % (p["hw.sel4.call"] / p["sel4.call"])
    n["cmp.solaris.pipes.over.doors"] = ratio(p["hw.solaris.pipes"], p["hw.solaris.doors"])
    n["cmp.getpid.over.self"] = ratio(p["xv6.getpid"], med(e, "syscall.self"))
    n["cmp.pipe.over.null"] = whole(p["xv6.pipe"] / null)
    n["cmp.hop.minus.null"] = whole(med(e, "door.chain.per_hop") - null)
    n["cmp.hop.word"] = "more" if med(e, "door.chain.per_hop") > null else "fewer"
    d = med(e, "door.null.roundtrip.deadline") - null
    n["cmp.deadline.diff"] = whole(abs(d))
    n["cmp.deadline.word"] = "the same number of" if round(d) == 0 else ("more" if d > 0 else "fewer")
    n["cmp.bulk.per.byte"] = "%.2f" % ((med(e, "door.bulk.4096") - med(e, "door.bulk.0")) / (2 * 4096))
    n["cmp.bulk0.over.null"] = ratio(med(e, "door.bulk.0"), null)
    n["cmp.handoff.door.over.null"] = ratio(med(e, "door.null.roundtrip.handoff"), null)
    # Notify & pull against a door call per item, smallest and largest item.
    for size in (8, 4096):
        a, b = med(e, "ipc.async.notify_pull.%d" % size), med(e, "ipc.migrate.door_per_item.%d" % size)
        n["cmp.items.%d.word" % size] = "fewer" if a < b else "more"
    # Priority inversion: with inheritance H's worst response stays within
    # one critical section; without, it grows by M's added load.
    pi_cases = inversion_cases(e)
    with_pi = [k for k in pi_cases if inherits(k)]
    without = [k for k in pi_cases if not inherits(k)]
    n["pi.with.maxmax"] = whole(max(max(e[k]["max"], e[k + "_m2"]["max"]) for k in with_pi))
    n["pi.without.minmax"] = whole(min(e[k]["max"] for k in without))
    growth = [e[k + "_m2"]["max"] - e[k]["max"] for k in without]
    n["pi.without.growth.min"] = whole(min(growth))
    n["pi.without.growth.max"] = whole(max(growth))
    n["pi.with.count"] = str(len(with_pi))
    n["pi.without.count"] = str(len(without))
    n["pi.worst.ratio"] = ratio(min(e[k + "_m2"]["max"] for k in without),
                                max(max(e[k]["max"], e[k + "_m2"]["max"]) for k in with_pi))
    # A budget that runs out while the server is held: with bandwidth
    # inheritance H's worst response is one critical section, without it L's
    # replenishment (doors/SEMANTICS.md section 21).
    worst_bwi = max(dist(e, name)["max"] for name in (BUDGET_BWI, BUDGET_BWI + "_m2"))
    worst_nobwi = min(dist(e, name)["max"] for name in (BUDGET_NOBWI, BUDGET_NOBWI + "_m2"))
    n["bwi.with.maxmax"] = whole(worst_bwi)
    n["bwi.without.minmax"] = whole(worst_nobwi)
    n["bwi.worst.ratio"] = "%.0f" % (worst_nobwi / worst_bwi)
    don = [k for k in e if ".donate-" in k]
    n["pi.donate.with.max"] = whole(max(e[k]["max"] for k in don if inherits(k)))
    n["pi.donate.without.min"] = whole(min(e[k]["max"] for k in don if not inherits(k)))
    n["pi.donate.count"] = str(len(don))


def inherits(name):
    """Whether a pi.* benchmark runs with priority inheritance: the migrate
    model and its mutex unless _nopi, handoff+pi; never handoff or async."""
    model = name.split(".")[1]
    return "nopi" not in name and model in ("migrate", "handoff+pi")


def peer_numbers(n, peers):
    for key, v in peers.items():
        val = v["value"]
        if isinstance(val, (int, float)) and float(val).is_integer():
            n["peer." + key] = whole(val)
        else:
            n["peer." + key] = str(val)
        n["peer." + key + "/unit"] = tex_escape(v["unit"])
        n["peer." + key + "/cite"] = v["cite"]


def module(root, path):
    """A script of the tree loaded as a module (its data: loc.py's table,
    bench/run.py's goals)."""
    spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], os.path.join(root, path))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def floor_numbers(n, e, goals):
    """Each goal of bench/run.py: its floor (the fewest instructions that keep
    every guarantee, bench/README.md), its goal, and result / floor."""
    for name, floor, goal in goals:
        n["floor." + name] = whole(floor)
        n["goal." + name] = whole(goal)
        n["cmp.floor." + name] = "%.2f" % (med(e, name) / floor)


def loc_numbers(n, root):
    loc = module(root, "scripts/loc.py")
    rows, support = loc.rows(root)
    keys = ["kern", "arch", "doors", "sbi", "kernel", "harness", "ulib"]
    for key, (label, nf, nl, _) in zip(keys, rows):
        n["loc.%s" % key] = whole(nl)
        n["loc.%s.files" % key] = str(nf)
    for key, (label, nf, nl, _) in zip(["tests", "scripts"], support):
        n["loc.%s" % key] = whole(nl)
    n["loc.goal"] = whole(loc.KERNEL_GOAL)
    return rows


def count(pattern, root, regex=None):
    files = sorted(glob.glob(os.path.join(root, pattern)))
    if regex is None:
        return len(files)
    rx = re.compile(regex, re.M)
    total = 0
    for p in files:
        with open(p, encoding="utf-8", errors="replace") as f:
            total += len(rx.findall(f.read()))
    return total


def tree_numbers(n, root):
    """What the tree holds: tests by kind, system calls, error codes."""
    n["tests.unit"] = whole(count("tests/unit/*.c", root, r"^Test\("))
    n["tests.qemu"] = whole(count("tests/qemu/*/*.manifest", root))
    n["tests.scenarios"] = whole(count("tests/scenarios/*.scn", root))
    n["tests.solaris"] = whole(len(glob.glob(os.path.join(root, "tests/qemu/sol_*/"))))
    n["tests.host"] = whole(count("tests/scripts/test_*.py", root, r"^\s+def test_"))
    n["tests.smp"] = whole(count("tests/smp/*.manifest", root))
    n["tests.unit.cancel"] = whole(count("tests/unit/test_cancel.c", root, r"^Test\("))
    n["tests.unit.bandwidth"] = whole(count("tests/unit/test_bandwidth.c", root, r"^Test\("))
    n["tests.scenarios.cancel"] = whole(count("tests/scenarios/cancel-*.scn", root))
    with open(os.path.join(root, "kern/config.h")) as f:
        config = f.read()
    cfg = {}
    for macro in ("MAX_HARTS", "NPRIO"):
        m = re.search(r"#define\s+%s\s+(\d+)" % macro, config)
        if not m:
            raise SystemExit("paper_numbers: kern/config.h defines no %s" % macro)
        cfg[macro] = int(m.group(1))
    n["cfg.harts.max"] = str(cfg["MAX_HARTS"])
    n["cfg.prio.levels"] = str(cfg["NPRIO"])
    n["cfg.prio.max"] = str(cfg["NPRIO"] - 1)
    with open(os.path.join(root, "kern/abi/hinge/syscall.h")) as f:
        m = re.search(r"#define\s+SYS_NSYSCALLS\s+(\d+)", f.read())
    n["abi.syscalls"] = m.group(1) if m else "?"
    n["abi.errors"] = str(count("kern/abi/hinge/errno.h", root, r"^#define\s+HE_\w+\s+-\d+"))


def robustness_numbers(n, rob):
    chaos = rob["chaos"]["runs"]
    fuzz = rob["fuzz"]["runs"]
    cov = rob["coverage"]
    n["rob.source"] = tt(rob["source"])
    n["chaos.runs"] = whole(sum(r["runs"] for r in chaos))
    n["chaos.failed"] = whole(sum(r["failed"] for r in chaos) + len(rob["chaos"]["failures"]))
    n["chaos.boots"] = whole(sum(r["boots"] for r in chaos))
    n["chaos.seeds"] = listing([str(r["seed"]) for r in chaos])
    n["chaos.per.seed"] = whole(chaos[0]["runs"]) if chaos else "0"
    n["fuzz.steps"] = whole(sum(r["steps"] for r in fuzz))
    n["fuzz.waves"] = whole(sum(r["waves"] for r in fuzz))
    n["fuzz.failed"] = whole(sum(r["failures"] for r in fuzz) + len(rob["fuzz"]["failures"]))
    n["fuzz.seeds"] = listing([str(r["seed"]) for r in fuzz])
    n["fuzz.per.seed"] = whole(fuzz[0]["steps"]) if fuzz else "0"
    if "lines" in cov:
        n["cov.lines"] = whole(cov["lines"])
        n["cov.covered"] = whole(cov["lines_covered"])
        n["cov.percent"] = "%d" % (100 * cov["lines_covered"] // cov["lines"])
        n["cov.boots"] = whole(cov["boots"])
        n["cov.scenarios"] = whole(cov["scenarios"])
    else:
        raise SystemExit("paper_numbers: the coverage run failed (paper/data/robustness.json): run make paper-data")


def env_numbers(n, root):
    """The emulator and the commit the paper is built with."""
    git = ["git", "-C", root]
    head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE).stdout.decode().strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE).stdout
    n["env.commit"] = tt((head or "unknown") + ("-dirty" if dirty.strip() else ""))
    try:
        v = subprocess.run(["qemu-system-riscv64", "--version"], stdout=subprocess.PIPE, check=True).stdout.decode()
        n["env.qemu"] = re.search(r"version (\d+\.\d+)", v).group(1)
    except (OSError, subprocess.CalledProcessError, AttributeError):
        n["env.qemu"] = "unknown"


# ---- tables


def row(*cells):
    return " & ".join(cells) + r" \\" + "\n"


def tab_door(e, goals):
    lines = [
        ("syscall.null", r"null system call (trap floor)"),
        ("syscall.self", r"leaf system call through C"),
        ("door.null.roundtrip", r"null door round trip"),
        ("door.null.roundtrip.deadline", r"\quad with a deadline"),
        ("door.chain.per_hop", r"per hop of a chain"),
        ("door.null.roundtrip.handoff", r"handoff door round trip"),
        ("door.null.roundtrip.handoff_pi", r"handoff+PI door round trip"),
        ("door.bulk.0", r"bulk path, 0 bytes"),
        ("door.bulk.64", r"bulk, 64 bytes each way"),
        ("door.bulk.512", r"bulk, 512 bytes each way"),
        ("door.bulk.4096", r"bulk, 4\,KiB each way"),
        ("door.handle.transfer", r"one handle passed"),
    ]
    floors = {name: floor for name, floor, _ in goals}
    out = ""
    for name, label in lines:
        if name in e:
            out += row(label, whole(e[name]["median"]), whole(floors[name]) if name in floors else "--")
    return out


def tab_models(e):
    out = ""
    for m, label in MODELS:
        cells = [label]
        for k in ("roundtrip.0", "roundtrip.64", "roundtrip.4096", "chain.per_hop"):
            name = "ipc.%s.%s" % (m, k)
            cells.append(whole(e[name]["median"]) if name in e else "--")
        out += row(*cells)
    return out


def pi_label(name):
    parts = name.split(".")
    case = parts[2].replace("_nopi", "")
    label = "%s, %s" % (dict(MODELS)[parts[1]], "door pool" if case == "inversion" else case)
    return label


def tab_pi(e):
    """The inversion set by model, then the budget case with and without
    bandwidth inheritance after a rule."""
    names = sorted(inversion_cases(e), key=lambda k: (not inherits(k), k))
    rows = [(pi_label(k), "yes" if inherits(k) else "no", k) for k in names]
    out = "".join(pi_row(e, *r) for r in rows) + "\\midrule\n"
    out += pi_row(e, "migrate, budget out", "+BW", BUDGET_BWI)
    out += pi_row(e, "\\quad without BW", "yes", BUDGET_NOBWI)
    return out


def pi_row(e, label, pi, name):
    """One row of tab_pi in thousands of instructions."""
    r, r2 = dist(e, name), e.get(name + "_m2")
    return row(label, pi, whole(r["median"] / 1e3), whole(r["p99"] / 1e3), whole(r["max"] / 1e3),
               whole(r2["max"] / 1e3) if r2 else "--")


def tab_peers(peers):
    out = ""
    for key, v in peers.items():
        if v.get("table") is False:
            continue
        val = whole(v["value"]) if isinstance(v["value"], (int, float)) else v["value"]
        out += row(v["label"] + r"~\cite{%s}" % v["cite"], val, tex_escape(v["unit"]))
    return out


def tab_loc(rows):
    names = ["kernel core \\texttt{kern/}", "machine \\texttt{kern/arch/riscv/}", "doors \\texttt{doors/}",
             "firmware calls \\texttt{sbi/}", "\\textbf{kernel proper}", "scenario harness", "user library"]
    out = ""
    for label, (_, nf, nl, total) in zip(names, rows):
        out += row(label, str(nf), (r"\textbf{%s}" if total else "%s") % whole(nl))
    return out


def tab_all(e):
    out = ""
    for name in sorted(e):
        r = e[name]
        out += row(r"\texttt{\detokenize{%s}}" % name, whole(r["median"]), whole(r["min"]), whole(r["max"]))
    return out


def tab_commands(rob):
    """The recorded robustness commands, as the items of a list."""
    cmds = [r["command"] for k in ("chaos", "fuzz") for r in rob[k]["runs"]] + [rob["coverage"]["command"]]
    return "".join(r"\item \texttt{%s}" % tex_escape(c) + "\n" for c in cmds)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root_default = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--root", default=root_default)
    ap.add_argument("--results", default=None, help="default ROOT/bench/results")
    ap.add_argument("--data", default=None, help="default ROOT/paper/data")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    results = args.results or os.path.join(root, "bench", "results")
    data = args.data or os.path.join(root, "paper", "data")
    e = load_results(results)
    with open(os.path.join(data, "peers.json")) as f:
        peers = json.load(f)["figures"]
    with open(os.path.join(data, "robustness.json")) as f:
        rob = json.load(f)
    n = Numbers()
    bench_numbers(n, e)
    comparisons(n, e, peers)
    peer_numbers(n, peers)
    goals = module(root, "bench/run.py").GOALS
    floor_numbers(n, e, goals)
    rows = loc_numbers(n, root)
    tree_numbers(n, root)
    robustness_numbers(n, rob)
    env_numbers(n, root)
    os.makedirs(args.out, exist_ok=True)
    files = {"numbers.tex": n.tex(), "tab-door.tex": tab_door(e, goals), "tab-models.tex": tab_models(e),
             "tab-pi.tex": tab_pi(e), "tab-peers.tex": tab_peers(peers), "tab-loc.tex": tab_loc(rows),
             "tab-all.tex": tab_all(e), "tab-commands.tex": tab_commands(rob)}
    for name, text in files.items():
        with open(os.path.join(args.out, name), "w") as f:
            f.write("% generated by scripts/paper_numbers.py: do not edit\n" + text)
    print("paper_numbers: %d numbers, %d tables in %s" % (len(n.d), len(files) - 1, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Draw the plots comparing IPC models from bench/results/*.json and write
bench/results/summary.md (the main figures as tables).

Usage: bench/plot.py [--results DIR] [--out OUT] [--format png|pdf]

Writes into OUT (default DIR, the results directory), each plot as a .png
(the default) or a .pdf (the paper's figures, `make paper`):
  inversion_cdf.png   H's response time, one panel per model: the CDF of
                      pi.<model>.inversion*.h_response* (and the mutex case)
  donate.png          H's wait in the Pintos-style cases, median and max
  time.png            the time rules: the null round trip without and with a
                      call deadline, and H's response when L's budget runs out
                      while it holds the server, with and without bandwidth
                      inheritance (pi.migrate.budget*, doors/SEMANTICS.md §21)
  ipc_depth.png       instructions per call vs call-chain depth, per model
  ipc_size.png        instructions per round trip vs bytes each way, per model
  ipc_items.png       instructions per item: notify & pull over a ring vs a
                      door call per item, vs item size
  summary.md          the tables behind them

A plot whose data is missing (a model not measured) is drawn without it and
says so in its legend area; the script fails only when there is no result at
all. Needs python3-matplotlib (Debian); runs headless (Agg).
"""
import argparse
import json
import os
import re
import sys

from load_results import KMEM_FILE, load
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)

MODELS = ["migrate", "handoff", "handoff+pi", "async"]
COLORS = {"migrate": "tab:blue", "handoff": "tab:red", "handoff+pi": "tab:green", "async": "tab:purple"}
# No version string or date: the same data gives the same file.
META = {"png": {"Software": None}, "pdf": {"Creator": None, "Producer": None, "CreationDate": None}}
FORMAT = "png"  # set by --format


def save(fig, out, stem):
    fig.savefig(os.path.join(out, "%s.%s" % (stem, FORMAT)), dpi=110, metadata=META[FORMAT])


def series(entries, pattern):
    """[(number, entry)] of the names matching pattern (one group: the number), sorted."""
    rx = re.compile(pattern)
    out = []
    for name, e in entries.items():
        m = rx.match(name)
        if m:
            out.append((int(m.group(1)), e))
    return sorted(out, key=lambda p: p[0])


def cdf(ax, values, label, **style):
    v = sorted(values)
    n = len(v)
    xs, ys = [], []
    for i, x in enumerate(v):
        xs += [x, x]
        ys += [i / n, (i + 1) / n]
    ax.plot([x / 1e6 for x in xs], ys, label=label, **style)


def inversion_label(name):
    """'pi.migrate.inversion_nopi.h_response_m2' -> 'inversion_nopi, M x2'."""
    parts = name.split(".")
    load = "M x2" if parts[-1].endswith("_m2") else "M x1"
    return "%s, %s" % (parts[2], load)


def plot_inversion(entries, out):
    fig, axes = plt.subplots(1, len(MODELS), figsize=(4.2 * len(MODELS), 3.8), sharey=True)
    for ax, model in zip(axes, MODELS):
        names = sorted(n for n, e in entries.items()
                       if n.startswith("pi.%s." % model) and ".h_response" in n and "raw" in e
                       and ".budget" not in n)
        for name in names:
            nopi = "nopi" in name or model == "handoff" or model == "async"
            style = {"linestyle": "--" if name.endswith("_m2") else "-",
                     "color": ("tab:red" if nopi else "tab:blue") if "mutex" not in name
                     else ("tab:orange" if nopi else "tab:cyan")}
            cdf(ax, entries[name]["raw"], inversion_label(name), **style)
        ax.set_title("%s%s" % (model, "" if names else " (not measured)"))
        ax.set_xlabel("H's response (10^6 instructions)")
        ax.grid(True, alpha=0.3)
        if names:
            ax.legend(fontsize=7, loc="lower right")
    axes[0].set_ylabel("fraction of releases")
    fig.suptitle("Priority inversion: H's response time per release (CDF; dashed: M's load doubled)")
    fig.tight_layout()
    save(fig, out, "inversion_cdf")
    plt.close(fig)


def plot_donate(entries, out):
    rows = sorted((n, e) for n, e in entries.items() if ".donate-" in n and "raw" in e)
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(rows)), 4))
    xs = range(len(rows))
    ax.bar([x - 0.2 for x in xs], [e["median"] / 1e6 for _, e in rows], 0.4, label="median")
    ax.bar([x + 0.2 for x in xs], [e["max"] / 1e6 for _, e in rows], 0.4, label="max")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([n[3:-len(".h_wait")] for n, _ in rows], rotation=40, ha="right", fontsize=8)
    ax.set_ylabel("H's wait (10^6 instructions)")
    ax.set_title("Pintos-style donation cases: H's wait")
    ax.legend()
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    save(fig, out, "donate")
    plt.close(fig)


def plot_time(entries, out):
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), gridspec_kw={"width_ratios": [1, 2]})
    bars = [(label, entries.get(name)) for label, name in
            (("no deadline", "door.null.roundtrip"), ("deadline", "door.null.roundtrip.deadline"))]
    left.bar(range(len(bars)), [e["median"] if e else 0 for _, e in bars], color=["tab:blue", "tab:orange"])
    left.set_xticks(range(len(bars)))
    left.set_xticklabels(["%s%s" % (label, "" if e else " (not measured)") for label, e in bars])
    for x, (_, e) in enumerate(bars):
        if e:
            left.annotate(fmt(e["median"]), (x, e["median"]), ha="center", va="bottom")
    left.set_ylabel("instructions per round trip")
    left.set_title("Null door round trip")
    for name, label, color in (("pi.migrate.budget.h_response", "bandwidth inheritance", "tab:blue"),
                               ("pi.migrate.budget_nobwi.h_response", "without (nobwi)", "tab:red")):
        for suffix, style in (("", "-"), ("_m2", "--")):
            e = entries.get(name + suffix)
            if e and "raw" in e:
                cdf(right, e["raw"], "%s%s" % (label, ", M x2" if suffix else ""), color=color, linestyle=style)
    right.set_xscale("log")
    right.set_xlabel("H's response (10^6 instructions, log)")
    right.set_ylabel("fraction of releases")
    right.set_title("L's budget runs out while it holds the server")
    right.grid(True, alpha=0.3)
    right.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    save(fig, out, "time")
    plt.close(fig)


def line_plot(entries, out, stem, pattern, title, xlabel, ylabel, logx=False, extra=None):
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    drawn = 0
    for model in MODELS:
        pts = series(entries, pattern % re.escape(model))
        if pts:
            ax.plot([x for x, _ in pts], [e["median"] for _, e in pts], "o-", color=COLORS[model],
                    label=model)
            drawn += 1
    for label, pat, style in extra or []:
        pts = series(entries, pat)
        if pts:
            ax.plot([x for x, _ in pts], [e["median"] for _, e in pts], style, label=label)
            drawn += 1
    if logx:  # symlog: size 0 (no bytes, the words only) stays on the axis
        ax.set_xscale("symlog", base=2, linthresh=8)
        ax.set_yscale("log")
    else:     # linear, so that a constant cost per step is a straight line
        ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    if drawn:
        ax.legend()
    fig.tight_layout()
    save(fig, out, stem)
    plt.close(fig)


def fmt(v):
    """Whole instructions: the fractions are the rdinstret pair spread over a
    sample's calls (bench/README.md), not a property of the path."""
    if v is None:
        return "-"
    return "{:,}".format(round(v))


def smp_summary(get):
    """The kernel for several harts (bench/README.md, "Several harts"): the
    null round trip next to the one-hart kernel's, and the scaling runs."""
    rows = [("null round trip, both parties on hart 0", "door.null.roundtrip", "smp1.door.null.roundtrip",
             "smp2.door.null.roundtrip", None),
            ("handoff, server thread on the caller's hart", "door.null.roundtrip.handoff", None,
             "smp2.door.null.roundtrip.handoff", None),
            ("handoff, server thread on the other hart", None, None,
             "smp2.door.null.roundtrip.handoff_cross", None),
            ("own door per hart, all harts' instructions per call", None, "smp1.door.null.own",
             "smp2.door.null.own", "smp4.door.null.own"),
            ("one door, an activation per hart, the same", None, "smp1.door.null.own",
             "smp2.door.null.shared", "smp4.door.null.shared"),
            ("kernel lock waits, own door per hart (whole boot)", None, "lock_waits.smp1-door-own",
             "lock_waits.smp2-door-own", "lock_waits.smp4-door-own"),
            ("kernel lock waits, one door (whole boot)", None, "lock_waits.smp1-door-own",
             "lock_waits.smp2-door-shared", "lock_waits.smp4-door-shared")]
    if not any(get(n) for r in rows for n in r[2:] if n):
        return []
    lines = ["", "Several harts: the one-hart kernel, and the kernel for several harts on 1, 2 and 4 harts "
             "(instructions per call; rdinstret counts every hart's):", "",
             "| what | one-hart kernel | SMP, 1 hart | SMP, 2 harts | SMP, 4 harts |", "|---|---|---|---|---|"]
    for label, *names in rows:
        lines.append("| %s | %s |" % (label, " | ".join(fmt(get(n)["median"]) if n and get(n) else "-"
                                                     for n in names)))
    pi = [n for n in ("smp2.pi.migrate.inversion_harts.h_response",
                      "smp2.pi.migrate.inversion_harts_nopi.h_response") if get(n)]
    if pi:
        lines += ["", "H's response in the H/M/L set with H on hart 1, L and M on hart 0 (every hart's "
                  "instructions):", "", "| benchmark | median | p99 | max | median, M x2 | max, M x2 |",
                  "|---|---|---|---|---|---|"]
        for name in pi:
            e, e2 = get(name), get(name + "_m2")
            lines.append("| `%s` | %s | %s | %s | %s | %s |" % (
                name, fmt(e["median"]), fmt(e["p99"]), fmt(e["max"]),
                fmt(e2["median"]) if e2 else "-", fmt(e2["max"]) if e2 else "-"))
    return lines


def summary(entries, out):
    get = entries.get
    lines = ["# Main figures (generated by bench/plot.py from bench/results/*.json)", "",
             "Instructions under `-icount shift=0`; per call, user loop and stub included.", "",
             "| model | null round trip | 64 B | 4 KiB | per chain hop |", "|---|---|---|---|---|"]
    for m in MODELS:
        rt = [get("ipc.%s.roundtrip.%d" % (m, n)) for n in (0, 64, 4096)]
        hop = get("ipc.%s.chain.per_hop" % m)
        lines.append("| %s | %s |" % (m, " | ".join(fmt(e["median"]) if e else "-" for e in rt + [hop])))
    lines += ["", "H's response time in the H/M/L set (100 releases each; M x2: M's load doubled):", "",
              "| benchmark | median | p99 | max | max, M x2 |", "|---|---|---|---|---|"]
    for name in sorted(n for n in entries if re.match(r"^pi\.[^.]+\.[^.]+\.h_response$", n)):
        e, e2 = get(name), get(name + "_m2")
        lines.append("| `%s` | %s | %s | %s | %s |" % (name, fmt(e["median"]), fmt(e["p99"]), fmt(e["max"]),
                                                     fmt(e2["max"]) if e2 else "-"))
    lines += ["", "Time: a call deadline's cost, and H's response when L's budget runs out holding the server:", "",
              "| benchmark | median | max |", "|---|---|---|"]
    for name in ("door.null.roundtrip", "door.null.roundtrip.deadline", "pi.migrate.budget.h_response",
                 "pi.migrate.budget_nobwi.h_response"):
        e = get(name)
        if e:
            lines.append("| `%s` | %s | %s |" % (name, fmt(e["median"]), fmt(e.get("max", e["median"]))))
    lines += ["", "Pintos-style cases, H's wait:", "", "| benchmark | median | max |", "|---|---|---|"]
    for name in sorted(n for n in entries if ".donate-" in n):
        e = get(name)
        lines.append("| `%s` | %s | %s |" % (name, fmt(e["median"]), fmt(e["max"])))
    lines += ["", "Per item, 8 / 64 / 512 / 4096 bytes:", "", "| way | 8 | 64 | 512 | 4096 |", "|---|---|---|---|---|"]
    for label, fmtname in [("notify & pull (async)", "ipc.async.notify_pull.%d")] + \
            [("door per item (%s)" % m, "ipc." + m + ".door_per_item.%d") for m in MODELS[:3]]:
        es = [get(fmtname % n) for n in (8, 64, 512, 4096)]
        if any(es):
            lines.append("| %s | %s |" % (label, " | ".join(fmt(e["median"]) if e else "-" for e in es)))
    lines += smp_summary(get)
    kmem_path = os.path.join(out, KMEM_FILE)
    if os.path.exists(kmem_path):
        with open(kmem_path) as f:
            kmem = json.load(f)
        lines += ["", "Kernel memory per object (sizeof, from kernel.elf):", "", "| object | bytes | |", "|---|--:|---|"]
        lines += ["| %s | %s | %s |" % (k["object"].strip(), "{:,}".format(k["bytes"]), k["note"]) for k in kmem]
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", default="bench/results")
    ap.add_argument("--out", default=None, help="where the plots go (default: the results directory)")
    ap.add_argument("--format", choices=sorted(META), default="png")
    args = ap.parse_args()
    global FORMAT
    FORMAT = args.format
    entries = load(args.results)
    if not entries:
        print("plot: no results in %s (run make bench first)" % args.results, file=sys.stderr)
        return 1
    out = args.out or args.results
    os.makedirs(out, exist_ok=True)
    plot_inversion(entries, out)
    plot_donate(entries, out)
    plot_time(entries, out)
    line_plot(entries, out, "ipc_depth", r"^ipc\.%s\.chain\.depth(\d+)$",
              "Cost of a call chain", "depth (doors crossed)", "instructions per call")
    line_plot(entries, out, "ipc_size", r"^ipc\.%s\.roundtrip\.(\d+)$",
              "Round trip vs bytes each way (0 = the five argument words only)", "bytes each way",
              "instructions per round trip", logx=True)
    line_plot(entries, out, "ipc_items", r"^ipc\.%s\.door_per_item\.(\d+)$",
              "Throughput: a door call per item vs notify & pull over a ring", "item size (bytes)",
              "instructions per item", logx=True,
              extra=[("async: notify & pull", r"^ipc\.async\.notify_pull\.(\d+)$", "s--k")])
    summary(entries, out)
    print("plot: wrote %s and summary.md in %s" % (" ".join(
        "%s.%s" % (s, FORMAT) for s in ("inversion_cdf", "donate", "time", "ipc_depth", "ipc_size", "ipc_items")), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

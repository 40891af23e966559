#!/usr/bin/env python3
"""Where the instructions of a benchmark go, function by function and per phase.

Usage: bench/profile.py [--build DIR] [--top N] MANIFEST...

Boots MANIFEST with its benchmark programs in profile mode (manifest arg +
100, bench/bench.h): each benchmark runs BENCH_PROFILE_CALLS times between
two SYS_CLOCK calls. QEMU runs one instruction per translation block and
logs every block it executes (-singlestep -d exec,nochain) into a pipe; the
instructions between the two executions of the kernel's sys_clock are
attributed to kernel functions (symbols of kernel.elf), "[user]" (any user
domain: they all link at the same addresses) or "[opensbi]", and printed
per call, then summed per phase: user, entry (trap_vector), save (the
register saves of trap.S), checks (the kernel's C: the call's checks and its
work), switch (address space, scheduler, thread switch), restore (trap.S's
register loads, clearing and sret), opensbi. The region also holds the return half of the first marker call
and the entry half of the second (about one syscall.null in total, spread
over the calls: about 2 instructions per call).

Slow (minutes; the trace is ~20 million lines, mostly OpenSBI's boot) and
not part of `make bench`. Python 3 standard library only.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile
import threading

TRACE_RE = re.compile(r"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
PROFILE_ARG = 100
PROGS = ("bench_client", "bench_syscall", "bench_ipc")


def profile_manifest(text):
    """The manifest with every benchmark program's arg raised by PROFILE_ARG."""
    out = []
    for line in text.splitlines():
        if line.startswith("domain") and any("prog=%s" % p in line.split() for p in PROGS):
            m = re.search(r"\barg=(\d+)", line)
            if m:
                line = line[:m.start()] + "arg=%d" % (int(m.group(1)) + PROFILE_ARG) + line[m.end():]
            else:
                line += " arg=%d" % PROFILE_ARG
        out.append(line)
    return "\n".join(out) + "\n"


# The phases of a trap, by where the instruction lies: trap.S's labels
# (each a symbol of its own) and the kernel's C functions.
PHASE_OF = {
    "trap_vector": "entry",
    "fast_call": "save", "syscall_entry": "save", "syscall_save_all": "save", "save_all": "save",
    "syscall_general_exit": "save", "fast_call_general": "save", "fast_return_general": "save",
    "fast_return_waiter": "save",
    "fast_call_checks": "checks", "fast_call_begin": "checks",
    "fast_return": "checks", "fast_return_begin": "checks",
    "fast_call_switch": "switch", "fast_return_switch": "switch",
    "fast_call_enter": "restore", "fast_return_resume": "restore",
    "zero_temps_sret_t0": "restore", "zero_temps_sret_t1": "restore", "syscall_leaf_return": "restore",
    "arch_user_enter": "restore",
    "arch_switch": "switch", "thread_switch_to": "switch", "thread_switch_out": "switch",
    "scheduler_run": "switch", "sched_pick": "switch", "sched_run_direct": "switch", "sched_block": "switch",
    "domain_activate": "switch", "thread_return_to_user": "switch", "thread_preempt_point": "switch",
    "sched_preempt_needed": "switch",
    # The run queue's bookkeeping when a thread blocks or wakes (a wait, a
    # signal), and the scheduler's loop, which LTO inlines into kmain.
    "sched_make_runnable": "switch", "thread_wake": "switch", "detach": "switch",
    "rq_remove": "switch", "rq_enqueue": "switch", "rq_highest": "switch",
    "kmain": "switch", "kmain_secondary": "switch",
    "[user]": "user", "[opensbi]": "opensbi",
}
PHASES = ("user", "entry", "save", "checks", "switch", "restore", "opensbi")


def phase(fn):
    """The phase of a function of the profile: every kernel C function not
    named in PHASE_OF is the system call's own work and its checks."""
    return PHASE_OF.get(fn, "checks")


def kernel_symbols(nm, kernel):
    syms = []
    for line in subprocess.run([nm, "-n", kernel], stdout=subprocess.PIPE, check=True,
                               universal_newlines=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT":
            # LTO and GCC rename a function they made local or split
            # (sys_clock.lto_priv.0, sched_make_runnable.part.0)
            syms.append((int(parts[0], 16),
                         re.sub(r"(\.(lto_priv|part|isra|constprop)\.\d+)+$", "", parts[2])))
    return syms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--bios", default="/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin")
    ap.add_argument("--nm", default="riscv64-unknown-elf-nm")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("manifests", nargs="+")
    args = ap.parse_args()

    kernel = os.path.join(args.build, "kernel.elf")
    syms = kernel_symbols(args.nm, kernel)
    addrs = [a for a, _ in syms]
    marker = dict((n, a) for a, n in syms).get("sys_clock")
    if marker is None:
        sys.exit("profile: no sys_clock in %s" % kernel)
    text_end = dict((n, a) for a, n in syms).get("__text_end", 1 << 64)

    def where(pc):
        if pc < 0x80000000:
            return "[user]"
        if pc < 0x80200000:
            return "[opensbi]"
        if pc >= text_end:
            return "[?]"
        i = bisect.bisect_right(addrs, pc) - 1
        return syms[i][1] if i >= 0 else "[?]"

    status = 0
    for manifest in args.manifests:
        with tempfile.TemporaryDirectory() as tmp:
            man = os.path.join(tmp, "profile.manifest")
            with open(manifest) as f, open(man, "w") as g:
                g.write(profile_manifest(f.read()))
            fifo = os.path.join(tmp, "trace")
            os.mkfifo(fifo)
            cmd = [args.qemu, "-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "128M",
                   "-nographic", "-bios", args.bios, "-icount", "shift=0,sleep=off",
                   "-singlestep", "-d", "exec,nochain", "-D", fifo,
                   "-kernel", kernel, "-initrd", man]
            q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
            console = []
            reader = threading.Thread(target=lambda: console.extend(q.stdout.read().decode(
                "utf-8", "replace").splitlines()))
            reader.start()
            timer = threading.Timer(args.timeout, q.kill)
            timer.start()
            regions = []           # one Counter per marker pair
            cur = None
            cache = {}
            with open(fifo) as log:
                for line in log:
                    m = TRACE_RE.match(line)
                    if not m:
                        continue
                    pc = int(m.group(1), 16)
                    if pc == marker:
                        if cur is None:
                            cur = collections.Counter()
                        else:
                            regions.append(cur)
                            cur = None
                        continue
                    if cur is not None:
                        w = cache.get(pc)
                        if w is None:
                            w = cache[pc] = where(pc)
                        cur[w] += 1
            q.wait()
            timer.cancel()
            reader.join()
        names = [dict(re.findall(r"(\w+)=(\S+)", l)) for l in console if l.startswith("@bench profile")]
        if len(names) != len(regions) or not names:
            print("%s: %d profiled benchmarks but %d marker pairs; console:" % (manifest, len(names),
                                                                             len(regions)))
            print("\n".join(console[-15:]))
            status = 1
            continue
        for info, counts in zip(names, regions):
            calls = int(info["calls"])
            total = sum(counts.values())
            print("== %s: %.1f instructions per call (%d calls, markers excluded)" %
                  (info["name"], total / calls, calls))
            for fn, n in counts.most_common(args.top):
                print("  %9.1f  %5.1f%%  %s" % (n / calls, 100.0 * n / total, fn))
            rest = counts.most_common()[args.top:]
            if rest:
                print("  %9.1f  %5.1f%%  (%d more)" % (sum(n for _, n in rest) / calls,
                                                        100.0 * sum(n for _, n in rest) / total, len(rest)))
            phases = collections.Counter()
            for fn, n in counts.items():
                phases[phase(fn)] += n
            print("  per phase: " + ", ".join("%s %.1f" % (p, phases[p] / calls) for p in PHASES if phases[p]))
    return status


if __name__ == "__main__":
    sys.exit(main())

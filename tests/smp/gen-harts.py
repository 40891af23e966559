#!/usr/bin/env python3
"""Write every scenario of tests/scenarios/ again with its domains dealt over
the harts in turn (`hart=`, docs/smp.md) into OUTDIR, for the kernel built for
several harts: the crash rules must give the same answers with the parties on
different harts. Left out, each for the reason given: scenarios whose answer
depends on which hart gets there first, as the rulebook allows
(doors/SEMANTICS.md §22).

usage: gen-harts.py OUTDIR [HARTS]"""
import os
import re
import sys

TIMING = {
    # A supervisor on the other hart may restart the dead domain before the
    # caller's next call: HE_STALE where one hart gives HE_DEAD (§12).
    "restart-stale": "restart before the next call",
    "pool-domains": "restart before the next call",
    # An inversion needs the three parties on one hart: on two, the medium
    # domain does not keep the low one from running.
    "inversion-nopi": "no inversion across harts",
    # The same for a handoff door: dealt over two harts, f's server thread
    # (hart 1) does not wait for M's work (hart 0), so whether H1 or M ends
    # first is a matter of a few instructions (both in the same tick).
    "handoff-modes": "no inversion across harts",
    # Its order expects the medium domain's work to end after H's call,
    # which holds when M competes with L and H for one hart; on two, M's work
    # runs beside them and may end first. The rule it tests (§21) still
    # holds: L goes on, on H's budget.
    "budget-chain": "the medium domain's work runs on the other hart",
}


def spread(text, harts):
    out, i = [], 0
    for line in text.splitlines(True):
        if line.startswith("domain "):
            code, sep, comment = line.partition("#")
            line = "%s hart=%d%s\n" % (code.rstrip(), i % harts, "  #" + comment.rstrip("\n") if sep else "")
            i += 1
        out.append(line)
    return "".join(out)


def main():
    outdir = sys.argv[1]
    harts = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")
    os.makedirs(outdir, exist_ok=True)
    for name in sorted(os.listdir(here)):
        base, ext = os.path.splitext(name)
        if ext != ".scn" or base in TIMING:
            continue
        with open(os.path.join(here, name)) as f:
            text = f.read()
        with open(os.path.join(outdir, name), "w") as f:
            f.write(spread(text, harts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

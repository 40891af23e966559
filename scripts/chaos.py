#!/usr/bin/env python3
"""Chaos runs: random fault-injection scenarios, each booted and checked
against invariants that must hold whatever the scenario does.

Usage: scripts/chaos.py [--seed N] [--runs K] [--first I] [--batch B] [--jobs J]
                        [--build DIR] [--timeout S] [--qemu QEMU] [--bios FW]
                        [--show M] [--generate-only]

Scenario I of seed N is generated from (N, I) alone, so the same seed gives
the same files (scripts/chaos.py --seed N --first I --runs 1 re-runs just
one of them). Each has 3..8 domains at random priorities, 1..10 doors
(1..4 activations) whose `on` lines call doors of a higher level only (an
acyclic graph of doors, at most 6 deep, in which domains may be re-entered),
with compute, sleep, return, revoke, every fault kind and exit steps, 1..3
client domains (some with threads=) making plain and `nowait` calls, and
0..3 injections (mostly kills, now and then a revoke of a door or a close
of a handle) on enter, return, a tick or a revocation, some of them a
random number of instructions after the event. Every wait is bounded
(no `loop`, short sleeps, no cycle of doors, so no cycle of activation
waits), so every scenario ends by itself; its timeout is three times a
bound on its serial running time.

Each scenario is checked with scripts/scenario.py (imported: its parser,
boot and expectations) and then against these invariants:
  - the kernel stays up and gives its verdict: no panic, no timeout, QEMU
    ends by itself, verdict PASS (every domain ended), no malformed line and
    no actor error;
  - `expect clean` (no door, busy activation or handle left; every domain
    ended), and `expect end D exit 0` for every domain that nothing can end
    otherwise (no injection, fault or exit step aims at it);
  - every `call` step of a client's `run` line prints exactly one @call
    line on each of its threads, in order (a prefix of them when the client
    died): every call returns exactly once, with a result or an error code;
  - every result is an HE_* code given as the status (with word 0), or a
    word the door can return (0, a `return V`, or what its last call gave);
  - per thread, the trace follows doors/SEMANTICS.md §8 (class Shuttles):
    a call goes one hop deeper from the domain the thread is in, a return
    one hop back to the caller, an unwind leaves a dead domain for the
    nearest live caller (every hop skipped is dead); a split happens at a
    dead hop below the current one, its caller side resumes at the nearest
    live hop below (HE_DEAD, same thread id) and the orphan (new id) goes on
    above and ends when it returns or is sent back into its dead base; no
    call enters or leaves a dead domain and no dead domain prints; a call
    that came back is reported by its caller (an @call line in that domain,
    status 0 after a return, HE_DEAD after an unwind or split) before the
    thread does anything else; a thread whose home did not die ends at
    depth 0, and every orphan ends.
That the run ends before its timeout is what shows that no caller waits on
a dead domain.

Scenarios run --batch at a time in one QEMU boot (default 40; a batch file,
docs/scenarios.md "Batches": the kernel runs them one after the other and
checks after each that every kernel object count is back to its baseline),
--jobs boots at once (default 2, one per core). Each scenario is judged on
its own slice of the console. A boot that ends early (timeout, panic) fails
the scenario it ended in; the scenarios after it go into a new boot.

Files: build/chaos/seed-N/chaos-I.scn (each scenario alone), batch-I.scn
(the batch file whose first scenario is I) and their .console (overwritten
by the next run of that seed); a failing scenario is also copied to
build/chaos/fail-N-I.scn, a standalone file ready to be kept as a
regression test. For the first --show failures (default 5) that file is
booted again alone (does it fail alone too, or only after the scenarios
before it in its batch?), and the file, the broken invariants and the
readable trace are printed; the others are listed with their broken
invariants. Exit status: 0 when every run passed, 1 otherwise, 2 for bad
arguments.

Python 3 standard library only.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario as S  # noqa: E402  (scripts/scenario.py: parser, boot, checks)

HE_DEAD = S.ERRNO["HE_DEAD"]
HE_CODES = set(S.ERRNAME)
DOMAIN_NAMES = "ABCDEFGH"
TICK_INSNS = 1000000          # -icount shift=0: 1 ns per instruction, 1 ms ticks
START_TICKS = 60              # domains start their steps around tick 32..48
NAMES_GIVEN_UP = "some door names never came"   # an actor line that is no error (a domain died early)


# ---------------------------------------------------------------- generating

class Gen:
    """One random scenario, from its own random.Random."""

    def __init__(self, seed, index):
        self.seed, self.index = seed, index
        self.r = random.Random("hinge-chaos-%d-%d" % (seed, index))

    def make(self):
        # A draw whose serial running time is too long is thrown away and
        # drawn again (from the same generator: still deterministic).
        while True:
            text, bound = self.draw()
            if bound <= 400:
                return text

    def draw(self):
        r = self.r
        nd = r.randint(3, 8)
        doms = list(DOMAIN_NAMES[:nd])
        prio = {d: r.randint(1, 30) for d in doms}
        clients = r.sample(doms, r.randint(1, min(3, nd - 1)))
        others = [d for d in doms if d not in clients]
        threads = {d: (r.randint(1, 4) if r.random() < 0.35 else 0) for d in clients}

        # Doors: a server each (a client now and then: re-entry into a
        # client), a level; an `on` line calls only doors of a higher level.
        # Every level has a door, so that chains can go nlevels deep.
        nlevels = r.randint(1, 6)
        doors, server, level, acts = [], {}, {}, {}
        count = {d: 0 for d in doms}
        for i in range(r.randint(nlevels, max(nlevels, min(10, 2 * nd)))):
            srv = r.choice(clients if r.random() < 0.2 else others)
            if count[srv] == S.ACTOR.get("MAX_OWN_DOORS", 8):
                srv = min(doms, key=lambda d: count[d])
            count[srv] += 1
            name = "%s%d" % (srv.lower(), count[srv])
            doors.append(name)
            server[name], level[name] = srv, (i + 1 if i < nlevels else r.randint(1, nlevels))
            acts[name] = r.randint(1, 4)
        r.shuffle(doors)
        served = {d: [x for x in doors if server[x] == d] for d in doms}

        on = {}
        for x in doors:
            if r.random() < 0.15:
                continue                      # no `on` line: returns 0 at once
            higher = [y for y in doors if level[y] > level[x]]
            nxt = [y for y in higher if level[y] == level[x] + 1]
            steps = ["call %s" % r.choice(nxt)] if nxt and r.random() < 0.6 else []
            for _ in range(r.randint(0, 3)):
                k = r.random()
                if higher and k < 0.45:
                    # mostly one level down: long chains
                    y = r.choice(nxt if nxt and r.random() < 0.6 else higher)
                    steps.append("call %s%s" % (y, " nowait" if r.random() < 0.15 else ""))
                elif k < 0.65:
                    steps.append("compute %d" % r.randint(100, 300000))
                elif k < 0.95:
                    steps.append("sleep %d" % r.randint(1, 8))
                else:
                    steps.append("revoke %s" % r.choice(served[server[x]]))
            k = r.random()
            if k < 0.45:
                steps.append("return %d" % r.randint(100, 999))
            elif k < 0.53:
                steps.append("fault %s" % r.choice(S.FAULT_KINDS))
            elif k < 0.57:
                steps.append("exit %d" % r.randint(1, 9))
            if steps:
                on[x] = steps

        run = {}
        for d in clients:
            steps = []
            for _ in range(r.randint(1, 5)):
                k = r.random()
                if k < 0.6:
                    top = [x for x in doors if level[x] == 1]
                    x = r.choice(top if r.random() < 0.5 else doors)
                    steps.append("call %s%s" % (x, " nowait" if r.random() < 0.15 else ""))
                elif k < 0.8:
                    steps.append("sleep %d" % r.randint(1, 10))
                elif k < 0.97:
                    steps.append("compute %d" % r.randint(100, 300000))
                else:
                    mine = [x for x in doors if server[x] != d]
                    if mine:
                        steps.append("close %s" % r.choice(mine))
            if not any(s.startswith("call") for s in steps):
                steps.insert(0, "call %s" % r.choice(doors))
            k = r.random()
            if k < 0.03:
                steps.append("fault %s" % r.choice(S.FAULT_KINDS))
            elif k < 0.05:
                steps.append("exit %d" % r.randint(1, 9))
            run[d] = steps
        for d in others:
            # A server that revokes one of its doors while calls may be in flight.
            if served[d] and r.random() < 0.12:
                run[d] = ["sleep %d" % r.randint(0, 30), "revoke %s" % r.choice(served[d])]

        # The serial bound: every thread's steps one after the other.
        memo = {}

        def cost(steps):
            c = 0.0
            for s in steps:
                w = s.split()
                if w[0] == "sleep":
                    c += int(w[1]) + 1
                elif w[0] == "compute":
                    c += int(w[1]) / TICK_INSNS
                elif w[0] == "call":
                    c += door_cost(w[1]) + 0.1
            return c

        def door_cost(x):
            if x not in memo:
                memo[x] = cost(on.get(x, []))
            return memo[x]

        bound = START_TICKS + sum((1 + threads.get(d, 0)) * cost(run[d]) for d in run)

        injects = []
        hosts = [d for d in doms if served[d]]
        revoked = [w.split()[1] for d in run for w in run[d] if w.startswith("revoke ")]
        for _ in range(r.choice((0, 0, 1, 1, 2, 3))):
            target = r.choice(doms)
            k = r.random()
            if k < 0.4 and hosts:
                event = "enter %s%s" % (r.choice(hosts), self.nth())
            elif k < 0.7 and hosts:
                event = "return %s%s" % (r.choice(hosts), self.nth())
            elif k < 0.8 and hosts:
                event = "unwind %s%s" % (r.choice(hosts), self.nth())
            else:
                event = "tick %d" % r.randint(20, int(bound) + 20)
            # Now and then: another action, another event, a delay in
            # instructions. A handle is closed only once calls have begun
            # (enter/return): before the start line, a missing handle would
            # keep the domains from starting.
            a = r.random()
            if a < 0.15:
                action = "revoke %s" % r.choice(doors)
            elif a < 0.25 and not event.startswith("tick"):
                x = r.choice(doors)
                action = "close %s %s" % (r.choice([d for d in doms if d != server[x]] or doms), x)
            else:
                action = "kill %s" % target
            if revoked and r.random() < 0.15:
                event = "revoke %s" % r.choice(revoked)
            if r.random() < 0.3:
                event += " +%d" % r.choice((0, r.randint(1, 3000000)))
            injects.append("%s when %s" % (action, event))

        timeout = int(3 * bound) + 500
        out = ["# chaos scenario %d of seed %d (scripts/chaos.py; the same seed gives the same file)." % (
            self.index, self.seed),
            "# Regenerate and run it alone: scripts/chaos.py --seed %d --first %d --runs 1" % (
            self.seed, self.index),
            "scenario chaos-%d" % self.index,
            "timeout %d" % timeout, ""]
        for d in doms:
            out.append("domain %s prio=%d%s" % (d, prio[d], " threads=%d" % threads[d] if threads.get(d) else ""))
        out.append("")
        for x in doors:
            out.append("door %s in %s acts=%d%s" % (x, server[x], acts[x], "   # level %d" % level[x]))
        out.append("")
        for x in doors:
            if x in on:
                out.append("on %s: %s" % (x, " ; ".join(on[x])))
        for d in doms:
            if d in run:
                out.append("run %s: %s" % (d, " ; ".join(run[d])))
        if injects:
            out.append("")
            out += ["inject " + i for i in injects]
        out.append("")
        # Domains nothing else can end must end by themselves, normally.
        doomed = {i.split()[1] for i in injects if i.startswith("kill ")}
        for x, steps in on.items():
            if any(s.split()[0] in ("fault", "exit") for s in steps):
                doomed.add(server[x])
        for d, steps in run.items():
            if any(s.split()[0] in ("fault", "exit") for s in steps):
                doomed.add(d)
        for d in doms:
            if d not in doomed:
                out.append("expect end %s exit 0" % d)
        out.append("expect clean")
        return "\n".join(out) + "\n", bound

    def nth(self):
        k = self.r.choice((1, 1, 1, 2, 3))
        return "" if k == 1 else " %d" % k


def generate(seed, index):
    return Gen(seed, index).make()


# ---------------------------------------------------------------- invariants

def door_words(scn):
    """For each door, the words a call through it can return with status 0:
    its `return V`; or, without one, what its last call gave (any word of
    that door, or any error code); or 0. None: it never returns normally."""
    memo = {}

    def words(x):
        if x in memo:
            return memo[x]
        memo[x] = set()                    # (doors form no cycle; guards a hand-edited file)
        steps = scn.on.get(x, [])
        got = {0}
        for st in steps:
            if st.kind == "return":
                got = {st.value}
                break
            if st.kind in ("fault", "exit"):
                got = None
                break
            if st.kind == "call":
                got = (words(st.door) or set()) | HE_CODES
        memo[x] = got
        return got

    return {x: words(x) for x in scn.doors}


def end_positions(run):
    """domain -> console position of the first sign that it ended."""
    dead = {}
    for t in run.trace:
        if t["ev"] in ("kill", "fault", "exit"):
            d = run.about(t["f"])
            if d is not None and d not in dead:
                dead[d] = t["pos"]
    for d, (_, _, pos) in run.ended.items():
        if d not in dead or pos < dead[d]:
            dead[d] = pos
    return dead


def died(run, d):
    """d ended otherwise than by the actor's normal `exit 0`."""
    e = run.end_of(d)
    return e is not None and e != ("exit", 0)


class Shuttles:
    """Every thread's chain of hops, followed through the console, checked
    against doors/SEMANTICS.md §8 as it reads the trace.

    A thread's state: hops[k] is the domain of its hop k (hops[0] its home);
    an orphan (the work above a dead hop, after a split) has base = the dead
    hop it was split from, and hops at or below base are not its own; pending
    is the call that came back to a live domain and has not been reported
    there yet (("return"|"unwind", domain, pos)); unwinding is the dead domain
    the thread was sent back into, which it must leave next. Threads are keyed
    by their user-visible id; n numbers the user-visible threads (a split's
    caller side keeps n, the orphan gets a new one)."""

    def __init__(self, scn, run, bad):
        self.scn, self.run, self.bad = scn, run, bad
        self.deadpos = end_positions(run)
        self.words = door_words(scn)
        self.th = {}
        self.gone = {}         # threads at home in a domain as it died
        self.home_calls = {}   # (domain, n) -> doors of its depth-0 @call lines
        self.renamed = {}      # (old id, domain) -> orphan id, for a report the split overtook
        self.serial = 0
        for it in sorted(run.trace + run.calls, key=lambda x: x["pos"]):
            self.where = "console line %d" % (it["pos"] + 1)
            if "ev" not in it:
                self.call_line(it)
            else:
                self.event(it)
        self.finish()

    def dead(self, d, pos):
        return d in self.deadpos and self.deadpos[d] < pos

    def problem(self, msg):
        self.bad.append("%s: %s" % (self.where, msg))

    def new(self, uid, hops, n=None, base=-1):
        if n is None:
            self.serial += 1
            n = self.serial
        st = {"hops": list(hops), "base": base, "pending": None, "unwinding": None, "n": n}
        self.th[uid] = st
        return st

    def get(self, uid, dom):
        """uid's state; a new thread if uid is unknown, or if it was last seen
        at home in another domain (an exited thread's id used again)."""
        st = self.th.get(uid)
        if st is None or (len(st["hops"]) == 1 and st["hops"][0] != dom and st["pending"] is None):
            st = self.new(uid, [dom])
        return st

    def call_line(self, c):
        """An actor's @call line: the result, and where the thread stands."""
        tid, dom, door, pos = c["thread"], c["domain"], c["door"], c["pos"]
        # The actor reads its id (SYS_SELF) before it prints: a split in
        # between gives the thread the orphan's new id, and the line still
        # carries the old one, which the caller side has kept.
        # When both are in dom (re-entry), the status tells them apart.
        # Only the orphan's first report can carry the old id: anything it
        # does after that ends the window (settled).
        moved = self.renamed.get((tid, dom))
        if moved is not None and self.fits(moved, dom, c["status"], door) and \
                not self.fits(tid, dom, c["status"], door):
            tid = moved
        self.settled(tid)
        st = self.get(tid, dom)
        if st["unwinding"] is not None:
            self.problem("thread %s, sent back into dead %s, goes on there" % (tid, st["unwinding"]))
            st["unwinding"] = None
        if dom != st["hops"][-1]:
            self.problem("thread %s reports a call in %s but is in %s" % (tid, dom, st["hops"][-1]))
        if self.dead(dom, pos):
            self.problem("%s prints after it died" % dom)
        s, w, res = c["status"], c["word"], c["result"]
        what = "%s's call of %s" % (dom, door)
        can = self.words.get(door)
        if s != 0 and s not in HE_CODES:
            self.problem("%s: status %s is no HE_* code" % (what, s))
        elif s != 0 and (w != 0 or res != s):
            self.problem("%s failed (%s) but gave word %s, result %s" % (what, S.code_text(s), w, res))
        elif s == 0 and res != w:
            self.problem("%s: result %s is not its word %s" % (what, res, w))
        elif s == 0 and can is None:
            self.problem("%s returned normally, but %s always dies first" % (what, door))
        elif s == 0 and w not in can:
            self.problem("%s returned word %s, which %s cannot return" % (what, w, door))
        p = st["pending"]
        if p is None and s == 0:
            self.problem("%s got status 0 without a return event" % what)
        elif p is not None and p[0] == "unwind" and s != HE_DEAD:
            self.problem("%s was sent back (dead callee) but got %s, not HE_DEAD" % (what, S.code_text(s)))
        elif p is not None and p[0] == "abandon" and s != S.ERRNO["HE_CANCELLED"]:
            self.problem("%s was abandoned (an orphan's call) but got %s, not HE_CANCELLED" % (what, S.code_text(s)))
        elif p is not None and p[0] == "return" and s != 0:
            self.problem("%s returned normally but got %s" % (what, S.code_text(s)))
        st["pending"] = None
        st.pop("callee", None)
        if len(st["hops"]) == 1:
            self.home_calls.setdefault((dom, st["n"]), []).append(door)

    def settled(self, tid):
        """Orphan tid has reported or done something under its own id."""
        self.renamed = {k: v for k, v in self.renamed.items() if v != tid}

    def fits(self, tid, dom, status, door):
        """Whether an @call line of dom (door, status) can be thread tid's
        report: tid is in dom, and either it came back from a call that
        ended so (through door's server, if the trace says where it went),
        or it has nothing pending and the call was refused at once (an error,
        no trace event)."""
        st = self.th.get(tid)
        if st is None or st["hops"][-1] != dom:
            return False
        if st["pending"] is None:
            return status != 0
        want = {"return": 0, "unwind": HE_DEAD, "abandon": S.ERRNO["HE_CANCELLED"]}
        callee = st.get("callee")
        return want.get(st["pending"][0]) == status and (callee is None or
                                                         self.scn.doors[door]["server"] == callee)

    def event(self, t):
        f, ev, pos = t["f"], t["ev"], t["pos"]
        if ev in ("kill", "fault", "exit"):
            # Threads at home in the dead domain die without an event --
            # unless one was just handed an activation (a frame above its
            # home that has no call event yet): a split event follows.
            gone = self.run.about(f)
            for uid in [u for u, st in self.th.items() if st["hops"] == [gone]]:
                self.gone[uid] = self.th.pop(uid)
            return
        if ev == "split":
            self.split(f, pos)
            return
        if ev == "abandon":
            # An orphan's call that had not begun is abandoned (§8): the
            # orphan ends there (its caller is its dead base), or its code
            # gets HE_CANCELLED and reports it next.
            tid = f.get("thread")
            st = self.th.get(tid)
            if st is None or st["base"] < 0:
                self.problem("thread %s abandons a call, but it is no orphan" % tid)
            elif f.get("end") == "1":
                del self.th[tid]
            else:
                st["entering"] = False
                st["pending"] = ("abandon", st["hops"][-1], pos)
            return
        if ev not in ("call", "return", "unwind") or (ev == "call" and S.num(f.get("result"))):
            return
        tid, depth = f.get("thread"), S.num(f.get("depth"))
        frm, to = f.get("from"), f.get("to")
        self.settled(tid)
        # A waiter handed an activation of a server that died before it
        # entered is sent back from that server (from=) at its own depth:
        # it stands where it waited (to=), where it is known.
        known = self.th.get(tid)
        handed = ev == "unwind" and depth == (len(known["hops"]) - 1 if known else 0)
        st = self.get(tid, to if handed else frm)
        self.went_on(tid, st, pos, ev == "unwind" and frm)
        hops, cur = st["hops"], len(st["hops"]) - 1
        if ev == "call":
            if depth != cur + 1:
                self.problem("thread %s calls at depth %s from depth %d" % (tid, depth, cur))
            if frm != hops[-1]:
                self.problem("thread %s calls from %s but is in %s" % (tid, frm, hops[-1]))
            if self.dead(to, pos):
                self.problem("thread %s enters %s, which is dead" % (tid, to))
            if self.dead(frm, pos) and not st.get("entering"):
                self.problem("thread %s calls from %s, which is dead" % (tid, frm))
            st["entering"] = False
            hops.append(to)
            return
        if ev == "unwind" and depth == cur and to == hops[cur]:
            # A waiter just handed an activation of a dead server gives it
            # back at once: the pop of a hop it never entered (no call event).
            if not self.dead(frm, pos):
                self.problem("thread %s is sent back out of %s, which is alive" % (tid, frm))
            self.came_back(tid, st, "unwind", to, depth, pos)
            return
        if depth is None or depth < 0 or depth >= cur:
            self.problem("thread %s %ss to depth %s from depth %d" % (tid, ev, depth, cur))
            return
        if ev == "return" and depth != cur - 1:
            self.problem("thread %s returns %d hops at once" % (tid, cur - depth))
        if frm != hops[cur]:
            self.problem("thread %s %ss from %s but is in %s" % (tid, ev, frm, hops[cur]))
        if to != hops[depth]:
            self.problem("thread %s %ss to %s, but its hop %d is %s" % (tid, ev, to, depth, hops[depth]))
        if ev == "return" and self.dead(frm, pos):
            self.problem("thread %s returns normally from %s, which is dead" % (tid, frm))
        if ev == "unwind":
            if not self.dead(frm, pos):
                self.problem("thread %s is sent back out of %s, which is alive" % (tid, frm))
            live = [hops[k] for k in range(depth + 1, cur) if not self.dead(hops[k], pos)]
            if live:
                self.problem("thread %s is sent back past live caller(s) %s" % (tid, ", ".join(live)))
        del hops[depth + 1:]
        self.came_back(tid, st, ev, to, depth, pos)

    def went_on(self, tid, st, pos, unwinding_from):
        """The thread does something new: what it had to do first is done."""
        if st["pending"] is not None:
            _, pd, ppos = st["pending"]
            if not self.dead(pd, pos):
                self.bad.append("console line %d: thread %s came back to %s, which printed no @call line "
                                "for it before the thread went on" % (ppos + 1, tid, pd))
            st["pending"] = None
        if st["unwinding"] is not None:
            if unwinding_from != st["unwinding"]:
                self.problem("thread %s, sent back into dead %s, does not leave it next" % (tid, st["unwinding"]))
            st["unwinding"] = None

    def came_back(self, tid, st, ev, to, depth, pos):
        """After a return or unwind to hop depth, in domain to."""
        if not self.dead(to, pos):
            st["pending"] = (ev, to, pos)
        elif depth == 0 or depth <= st["base"]:
            del self.th[tid]        # nowhere to go: the thread (or the orphan) ends here
        else:
            st["unwinding"] = to    # the next event must leave the dead caller

    def split(self, f, pos):
        """`split thread=ORPHAN from=DEAD to=WHERE base=J [caller_thread=N
        caller=C depth=I]`: the hops above J go on as an orphan; the caller
        side, if any, resumes at hop I with HE_DEAD under the old id."""
        orphan, caller = f.get("thread"), f.get("caller_thread")
        j, i = S.num(f.get("base")), S.num(f.get("depth"))
        frm, to = f.get("from"), f.get("to")
        key = caller if caller is not None else orphan
        src = self.th.pop(key, None) or self.gone.pop(key, None)
        if src is None and j == 0 and caller is None:
            # A thread not seen yet (it waited for an activation from its
            # first call on), handed one as its home died.
            self.serial += 1
            src = {"hops": [frm], "base": -1, "pending": None, "unwinding": None, "n": self.serial}
        if src is None or j is None:
            self.problem("split of thread %s, which is in no call" % (caller or orphan))
            return
        hops = src["hops"]
        cur = len(hops) - 1
        # j = cur: the thread was just handed an activation (a frame one hop
        # up, not entered yet, no call event): the orphan enters it next.
        if not src["base"] < j <= cur:
            self.problem("split at hop %s of thread %s, which is at depth %d (own hops above %d)" % (
                j, caller or orphan, cur, src["base"]))
            return
        if hops[j] != frm or not self.dead(frm, pos):
            self.problem("split at hop %d (%s) of thread %s: the trace says dead %s" % (j, hops[j], caller or orphan,
                                                                                    frm))
        if to != hops[-1]:
            self.problem("split: the orphan is in %s, but thread %s was in %s" % (to, caller or orphan, hops[-1]))
        lo = src["base"] + 1
        if caller is not None:
            if i is None or not lo <= i < j:
                self.problem("split: caller side resumes at hop %s, not below hop %d" % (i, j))
                return
            if f.get("caller") != hops[i] or self.dead(hops[i], pos):
                self.problem("split: caller side resumes in %s, but hop %d is %s%s" % (
                    f.get("caller"), i, hops[i], " (dead)" if self.dead(hops[i], pos) else ""))
            live = [hops[k] for k in range(i + 1, j) if not self.dead(hops[k], pos)]
        else:
            live = [hops[k] for k in range(lo, j) if not self.dead(hops[k], pos)]
        if live:
            self.problem("split at dead %s skips live caller(s) %s" % (frm, ", ".join(live)))
        o = self.new(orphan, hops, base=j)
        o["entering"] = j == cur
        if src["pending"] is not None and src["pending"][1] == hops[-1]:
            o["pending"] = src["pending"]   # the top hop's code, now the orphan's, reports it
        if caller is not None:
            self.renamed[(caller, hops[-1])] = orphan
        if caller is not None:
            back = self.new(caller, hops[:i + 1], n=src["n"], base=src["base"])
            back["pending"] = ("unwind", hops[i], pos)
            back["callee"] = hops[i + 1]    # the call it reports went there

    def finish(self):
        end = len(self.run.lines)
        for tid, st in self.th.items():
            if st["pending"] is not None and not self.dead(st["pending"][1], end):
                self.bad.append("console line %d: thread %s came back to %s, which never printed its @call "
                                "line" % (st["pending"][2] + 1, tid, st["pending"][1]))
            if st["unwinding"] is not None:
                self.bad.append("thread %s stays in dead %s" % (tid, st["unwinding"]))
            hops = st["hops"]
            if st["base"] >= 0:
                self.bad.append("orphan thread %s (split from dead %s) never ended: last in %s" % (
                    tid, hops[st["base"]], hops[-1]))
            elif len(hops) > 1 and not died(self.run, hops[0]):
                self.bad.append("thread %s (home %s) ends %d calls deep, its home alive" % (
                    tid, hops[0], len(hops) - 1))


def invariants(scn, run, note):
    """The broken invariants of one run, as sentences (empty: all hold)."""
    bad = []
    if note:
        bad.append(note)
    for l in run.lines:
        if "PANIC" in l:
            bad.append("kernel panic: " + l.strip())
        elif "[hinge] timeout" in l:
            bad.append("timeout: " + l.strip())
        elif l.startswith("actor:") and NAMES_GIVEN_UP not in l:
            bad.append("actor error: " + l.strip())
    if run.verdict != "PASS":
        bad.append("kernel verdict: %s" % (run.verdict or "none printed"))
    for m in run.malformed:
        bad.append("malformed console line: " + m)
    lines = []
    if S.check(run, lines.append):
        bad += ["expectation " + l for l in lines if l.startswith("FAILED")]

    home_calls = Shuttles(scn, run, bad).home_calls

    # Every call step of a run line, once per thread, in order.
    for d, steps in scn.run.items():
        want = [s.door for s in steps if s.kind == "call"]
        if not want:
            continue
        nthreads = 1 + scn.domains[d]["threads"]
        got = {n: doors for (dom, n), doors in home_calls.items() if dom == d}
        dead = died(run, d)
        for doors in got.values():
            if doors != want[:len(doors)] or (not dead and doors != want):
                bad.append("%s, one of its threads: its run line calls %s, it reported %s" % (
                    d, " ".join(want), " ".join(doors) or "nothing"))
        if not dead and len(got) != nthreads:
            bad.append("%s has %d thread(s) running its run line, %d reported calls" % (d, nthreads, len(got)))
        elif len(got) > nthreads:
            bad.append("%s has %d thread(s) running its run line, %d reported calls" % (d, nthreads, len(got)))
    return bad


# ---------------------------------------------------------------- running

def judge(scn, run, note, res):
    """Check one run against the invariants; on a failure, the readable
    report goes into res["report"]."""
    res["bad"] = invariants(scn, run, note)
    if res["bad"]:
        rep = res["report"].append
        S.print_trace(run, rep)
        rep("")
        S.print_calls(run, rep)
        rep("")
        S.print_ends(run, rep)
        rep("")
        S.check(run, rep)
        if run.baseline is not None:
            rep("baseline: %s" % run.baseline)
        rep("kernel verdict: %s" % (run.verdict or "none printed"))
        rep("last console lines:")
        for l in [l for l in run.lines if l.strip()][-8:]:
            rep("  | " + l)


def prepare(args, index, outdir):
    """Generate scenario index and write it; a result dict with its Scenario
    in res["scn"] (None if scripts/scenario.py refuses the file)."""
    text = generate(args.seed, index)
    path = os.path.join(outdir, "chaos-%d.scn" % index)
    with open(path, "w") as f:
        f.write(text)
    res = {"index": index, "path": path, "text": text, "bad": [], "report": [], "scn": None}
    try:
        res["scn"] = S.Parser(path).parse()
    except S.FileError as e:
        res["bad"] = ["the generated file is refused by scripts/scenario.py:\n" + str(e)]
    return res


def run_alone(args, res, outdir):
    """Boot one prepared scenario on its own and judge it."""
    console, note, _ = S.boot(args, res["scn"], outdir)
    if console is None:
        res["bad"] = ["cannot boot: %s" % note]
        return
    judge(res["scn"], S.Run(res["scn"], console), note, res)


def run_batch(args, batch, outdir):
    """Boot the prepared scenarios of batch in one boot file (as many boots
    as it takes: when a boot ends early, on a timeout or a panic, the
    scenario it ended in fails and the ones after it go into a new boot),
    judging each on its slice of the console. Returns the boots used."""
    todo = [r for r in batch if r["scn"] is not None]
    boots = 0
    while todo:
        boots += 1
        name = "batch-%d" % todo[0]["index"]
        path = os.path.join(outdir, name + ".scn")
        with open(path, "w") as f:
            f.write("".join(r["text"] for r in todo))
        console, note, _ = S.boot_file(args, path, name, outdir, timeout=args.timeout * len(todo))
        if console is None:
            for r in todo:
                r["bad"] = ["cannot boot: %s" % note]
            return boots
        runs = S.batch_runs([r["scn"] for r in todo], console, note)
        left = []
        for r, (run, why) in zip(todo, runs):
            if run is None:
                left.append(r)
            else:
                judge(r["scn"], run, why, r)
        if len(left) == len(todo):
            for r in todo:
                r["bad"] = ["the batch boot reached no scenario" + (" (%s)" % note if note else "")]
            return boots
        todo = left
    return boots


def reproduce_alone(args, res, outdir):
    """A failing run of a batch, booted again on its own from the saved file:
    does it fail alone too? Sets res["alone"] to a sentence."""
    again = {"index": res["index"], "scn": res["scn"], "bad": [], "report": []}
    run_alone(args, again, os.path.join(outdir, "alone"))
    if again["bad"]:
        same = set(again["bad"]) == set(res["bad"])
        res["alone"] = "it fails alone too%s" % ("" if same else " (broken invariants: %s)" % "; ".join(again["bad"]))
    else:
        first = res.get("first", res["index"])
        res["alone"] = ("it PASSES alone: the failure needs the scenarios before it in its batch (what they "
                        "left behind, or the timing they give it: a scenario in a batch starts at another phase "
                        "of the clock); it reproduces with: scripts/chaos.py --seed %d --first %d --runs %d "
                        "--batch %d (batch file %s)" % (args.seed, first, res["index"] - first + 1, args.batch,
                                                         res.get("batch", "?")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[2:]))
    ap.add_argument("--seed", type=int, default=1, help="the batch's seed (default %(default)s)")
    ap.add_argument("--runs", type=int, default=100, help="scenarios to run (default %(default)s)")
    ap.add_argument("--first", type=int, default=0, help="index of the first scenario (default 0)")
    ap.add_argument("--batch", type=int, default=40,
                    help="scenarios per QEMU boot (default %(default)s; 1: one boot per scenario)")
    ap.add_argument("--jobs", type=int, default=2, help="QEMU boots at once (default 2)")
    ap.add_argument("--build", default="build", help="build directory with kernel.elf (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=30,
                    help="host seconds per scenario before a QEMU is killed (default 30)")
    ap.add_argument("--qemu", default=os.environ.get("QEMU", S.QEMU_DEFAULT))
    ap.add_argument("--bios", default=os.environ.get("OPENSBI", S.BIOS_DEFAULT))
    ap.add_argument("--show", type=int, default=5, help="failures printed in full (default 5)")
    ap.add_argument("--generate-only", action="store_true", help="write and parse the files, boot nothing")
    args = ap.parse_args()
    if args.seed < 0 or args.runs < 1 or args.first < 0 or args.jobs < 1 or args.batch < 1:
        ap.error("--seed and --first must be >= 0, --runs, --jobs and --batch >= 1")

    chaos = os.path.join(args.build, "chaos")
    outdir = os.path.join(chaos, "seed-%d" % args.seed)
    os.makedirs(outdir, exist_ok=True)
    indices = range(args.first, args.first + args.runs)
    print("chaos: seed %d, scenarios %d..%d, %d per boot, %d boots at a time (files in %s)" % (
        args.seed, indices[0], indices[-1], args.batch, args.jobs, outdir), flush=True)
    t0 = time.time()
    results = [prepare(args, i, outdir) for i in indices]
    batches = [results[k:k + args.batch] for k in range(0, len(results), args.batch)]
    boots = 0
    if not args.generate_only:
        def one(batch):
            if len(batch) == 1 and batch[0]["scn"] is not None:
                run_alone(args, batch[0], outdir)
                return 1
            return run_batch(args, batch, outdir)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            done = 0
            for b, n in zip(batches, pool.map(one, batches)):
                boots += n
                done += len(b)
                if done < args.runs and (done // args.batch) % 5 == 0:
                    print("chaos: %d/%d run, %d failed, %.0f s" % (
                        done, args.runs, sum(1 for r in results[:done] if r["bad"]), time.time() - t0), flush=True)
        for b in batches:
            for r in b:
                r["batch"] = os.path.join(outdir, "batch-%d.scn" % b[0]["index"])
                r["first"] = b[0]["index"]
    took = time.time() - t0
    failed = [r for r in results if r["bad"]]
    for k, res in enumerate(failed):
        keep = os.path.join(chaos, "fail-%d-%d.scn" % (args.seed, res["index"]))
        shutil.copyfile(res["path"], keep)
        if args.batch > 1 and res["scn"] is not None and k < args.show:
            reproduce_alone(args, res, outdir)
        if k < args.show:
            print("\n==== FAIL: seed %d scenario %d (saved as %s)" % (args.seed, res["index"], keep))
            if res.get("alone"):
                print("---- booted again alone from that file: %s" % res["alone"])
            print("---- the file")
            print(res["text"], end="")
            print("---- broken invariants")
            for b in res["bad"]:
                print("  " + b)
            if res["report"]:
                print("---- what happened")
                for l in res["report"]:
                    print("  " + l)
            print("====\n", flush=True)
        else:
            print("FAIL: seed %d scenario %d (saved as %s): %s" % (
                args.seed, res["index"], keep, res["bad"][0]), flush=True)
    print("chaos: seed %d: %d run, %d passed, %d failed in %.1f s (%.2f s per run, %d QEMU boots)" % (
        args.seed, args.runs, args.runs - len(failed), len(failed), took, took / args.runs, boots))
    if failed:
        print("chaos: failing scenarios: %s" % " ".join(
            "fail-%d-%d.scn" % (args.seed, r["index"]) for r in failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

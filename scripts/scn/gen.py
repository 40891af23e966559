"""Chaos generation: random scenarios, each from (seed, index) alone, built so
that every one ends by itself (docs/scenarios.md, "Chaos runs"; the
invariants they are checked against are in scripts/chaos.py and
scn/model.py)."""
import random

from .parse import FAULT_KINDS
from .tree import ACTOR

DOMAIN_NAMES = "ABCDEFGH"
TICK_INSNS = 1000000          # -icount shift=0: 1 ns per instruction, 1 ms ticks
START_TICKS = 60              # domains start their steps around tick 32..48


class Gen:
    """One random scenario, from its own random.Random."""

    def __init__(self, seed, index, harts=1):
        self.seed, self.index, self.harts = seed, index, harts
        self.r = random.Random("hinge-chaos-%d-%d" % (seed, index))
        # Placement draws from a generator of its own, so that a seed gives
        # the same scenario on any number of harts, only spread differently.
        self.place = random.Random("hinge-chaos-harts-%d-%d-%d" % (seed, index, harts))

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
        # Budgets (doors/SEMANTICS.md §18, §21): now and then a domain's cap,
        # at least a quarter of the CPU, so that the serial bound below only
        # stretches by its inverse.
        budget = {}
        for d in doms:
            if r.random() < 0.2:
                b = r.randint(1, 5)
                budget[d] = (b, r.randint(b, 4 * b))
        stretch = max([p / b for b, p in budget.values()] + [1])

        def deadline():
            return " deadline=%d" % r.randint(1, 20) if r.random() < 0.15 else ""

        # Doors: a server each (a client now and then: re-entry into a
        # client), a level; an `on` line calls only doors of a higher level.
        # Every level has a door, so that chains can go nlevels deep.
        nlevels = r.randint(1, 6)
        doors, server, level, acts = [], {}, {}, {}
        count = {d: 0 for d in doms}
        for i in range(r.randint(nlevels, max(nlevels, min(10, 2 * nd)))):
            srv = r.choice(clients if r.random() < 0.2 else others)
            if count[srv] == ACTOR["MAX_OWN_DOORS"]:
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
                    steps.append("call %s%s%s" % (y, " nowait" if r.random() < 0.15 else "", deadline()))
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
                steps.append("fault %s" % r.choice(FAULT_KINDS))
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
                    steps.append("call %s%s%s" % (x, " nowait" if r.random() < 0.15 else "", deadline()))
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
                steps.append("fault %s" % r.choice(FAULT_KINDS))
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

        bound = START_TICKS + stretch * sum((1 + threads.get(d, 0)) * cost(run[d]) for d in run)

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
            elif k < 0.85 and budget and hosts:
                event = "exhausted %s%s" % (r.choice(hosts + list(budget)), self.nth())
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
            elif a < 0.4:
                action = "cancel %s" % r.choice(clients)   # §20: its threads' calls, if any
            else:
                action = "kill %s" % target
            if revoked and r.random() < 0.15:
                event = "revoke %s" % r.choice(revoked)
            if r.random() < 0.3:
                event += " +%d" % r.choice((0, r.randint(1, 3000000)))
            injects.append("%s when %s" % (action, event))

        # On several harts (docs/smp.md): each domain on a hart drawn at
        # random, its threads with it.
        hart = {d: self.place.randrange(self.harts) for d in doms}
        timeout = int(3 * bound) + 500
        out = ["# chaos scenario %d of seed %d (scripts/chaos.py; the same seed gives the same file)." % (
            self.index, self.seed),
            "# Regenerate and run it alone: scripts/chaos.py --seed %d --first %d --runs 1%s" % (
            self.seed, self.index, " --harts %d" % self.harts if self.harts > 1 else ""),
            "scenario chaos-%d" % self.index,
            "timeout %d" % timeout, ""]
        for d in doms:
            out.append("domain %s prio=%d%s%s%s" % (d, prio[d], " threads=%d" % threads[d] if threads.get(d) else "",
                                                  " budget=%d period=%d" % budget[d] if d in budget else "",
                                                  " hart=%d" % hart[d] if self.harts > 1 else ""))
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


def generate(seed, index, harts=1):
    return Gen(seed, index, harts).make()



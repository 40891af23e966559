"""One scenario run (scn/console.py's Run) as what the pictures draw.

Every kernel trace line carries ts= (instructions retired; under -icount
shift=0 one instruction is one nanosecond of virtual time). Walking the
events in console order, each thread keeps a stack of frames, one per hop
(hop 0 its home domain): a call pushes the server's frame, a return or an
unwind pops back to depth=, a split hands the frames above the dead base to
the orphan (docs/scenarios.md, "The kernel trace"). The walk records:
  steps   what the sequence diagram and the instants show, in order;
  slices  frame opened/closed on a thread (the trace.json slices);
  flows   a call's start and where its answer came back; a thing passed
          from one thread to another (an activation or a mutex handed
          over, a notification's bits, a lent priority);
  marks   the events of activations, mutexes and notifications (instants);
  prios   each thread's effective priority, its base and the cause of an
          inherited one, from the boost lines (they name the lender);
  runs    the intervals each thread ran, from the "switch" events;
  places  each thread's current domain over time (the top of its stack)."""
from scn.console import num
from scn.tree import ERRNO

NAME_OF_CODE = {v: k for k, v in ERRNO.items()}
NS_PER_TICK = 1000000  # a tick is 1 ms: the time of a line that has no ts=


def code_text(v):
    return NAME_OF_CODE.get(v, str(v)) if v is not None else "?"


def boost_cause(ev):
    """The inheriting edge a boost line names: "boosted by tN via door X"
    (a wait for an activation of X), "via mutex#M" or "via reply"."""
    f = ev["f"]
    if "by" not in f:
        return None
    via = f.get("via")
    door = ev.get("door") or "?"
    what = (door if door.startswith("door#") else "door %s" % door) if via == "door" else (
        "mutex#%s" % f.get("mutex") if via == "mutex" else via)
    return "boosted by t%s via %s" % (f["by"], what)


class Model:
    def __init__(self, run):
        self.name = run.scn.name
        self.domains = list(run.scn.domains)
        self.steps = []    # dict(ts, tick, kind, thread, frm, to, label)
        self.slices = []   # ("B", ts, thread, name, args) or ("E", ts, thread)
        self.flows = []    # ("s" | "f", ts, thread, id, name)
        self.marks = []    # dict(ts, tick, kind, thread, label): acquire, release, mutex_*, notify_*
        self.prios = {}    # thread -> [[ts, prio, base or None, why inherited or None]]
        self.runs = {}     # thread -> [[start, end]]
        self.places = {}   # thread -> [(ts, domain)]
        self.stacks = {}   # thread -> [dict(dom, door, flow)], from its lowest hop
        self.hop0 = {}     # thread -> its lowest hop: an orphan's base, else 0
        self.last_seen = {}
        self.orphan_of = {}  # orphan thread -> the thread whose chain split
        self.dead = set()    # domains ended (until restarted)
        self.next_flow = 1
        self.running = None
        self.end = None
        self.dropped = run.dropped  # trace lines the kernel's full ring did not take
        self.signals = {}    # notification id -> the thread of its last signal
        self.walk(run)

    # --- helpers
    def ts_of(self, ev):
        ts = num(ev["f"].get("ts"))
        return ts if ts is not None else ev["tick"] * NS_PER_TICK

    def seen(self, tid, ts):
        if tid is not None and tid >= 0:
            self.last_seen[tid] = ts

    def place(self, tid, ts):
        st = self.stacks.get(tid)
        dom = st[-1]["dom"] if st else None
        pl = self.places.setdefault(tid, [])
        if not pl or pl[-1][1] != dom:
            pl.append((ts, dom))

    def ensure(self, tid, dom, ts):
        """Thread tid first seen, in dom: its hop 0 frame opens."""
        if tid is None or tid < 0 or tid in self.stacks or dom is None:
            return
        self.stacks[tid] = []
        self.push(tid, ts, dom, None, "home")

    def push(self, tid, ts, dom, door, why, flow=None):
        self.stacks[tid].append({"dom": dom, "door": door, "flow": flow})
        name = dom if door is None else "%s (door %s)" % (dom, door)
        hop = self.hop0.get(tid, 0) + len(self.stacks[tid]) - 1
        self.slices.append(("B", ts, tid, name, {"domain": dom, "door": door, "hop": hop, "opened by": why}))
        self.place(tid, ts)

    def pop_to(self, tid, ts, depth):
        """Pop tid's frames above hop depth; returns them, the deepest first."""
        st, popped = self.stacks.get(tid, []), []
        while len(st) > depth - self.hop0.get(tid, 0) + 1:
            popped.append(st.pop())
            self.slices.append(("E", ts, tid))
        self.place(tid, ts)
        return popped

    def finish(self, tid, ts, frame):
        if frame and frame["flow"] is not None:
            self.flows.append(("f", ts, tid, frame["flow"], "door call"))

    def step(self, ev, ts, kind, tid, frm, to, label):
        self.steps.append({"ts": ts, "tick": ev["tick"], "kind": kind, "thread": tid, "frm": frm, "to": to,
                           "label": label})

    def prio(self, tid, ts, prio, base=None, why=None):
        if tid is None or tid < 0 or prio is None or prio < 0:
            return
        pl = self.prios.setdefault(tid, [])
        if base is None and pl:  # an inherited priority lasts until a boost event says otherwise
            base, why = pl[-1][2], pl[-1][3]
        if not pl or pl[-1][1:3] != [prio, base]:
            pl.append([ts, prio, base, why])

    # --- the walk
    def walk(self, run):
        # The kernel prints the switches when the scenario ends: ts= merges them.
        # A call the kernel did not trace (refused, or given up while waiting)
        # is known by its caller's @call line only, placed after the last
        # door event before it (scn/report.py shows these too).
        traced = set(id(c) for c in run.paired.values())
        prev = {}
        for ev in sorted(run.trace, key=lambda e: e["pos"]):
            prev[ev["pos"]] = self.ts_of(ev)
        lone = []
        for c in run.calls:
            if id(c) not in traced:
                before = [ts for pos, ts in prev.items() if pos < c["pos"]]
                lone.append(dict(c, ev="lone", f={"ts": str(max(before) if before else 0)},
                                 tick=run.last_tick.get(c["pos"]) or 0))
        for ev in sorted(run.trace + run.switches + lone, key=lambda e: (self.ts_of(e), e["pos"])):
            f, kind, ts = ev["f"], ev["ev"], self.ts_of(ev)
            self.end = ts
            tid = num(f.get("thread"))
            self.seen(tid, ts)
            if kind not in ("switch", "boost"):
                self.prio(tid, ts, num(f.get("prio")))
            handler = getattr(self, "on_" + kind, None)
            if handler:
                handler(ev, f, ts, tid, run)
        for tid in self.stacks:
            # A thread that ended inside a call (killed, or an orphan sent
            # back into its dead base) closes there: its calls end with it.
            last = self.last_seen.get(tid, self.end)
            for fr in self.pop_to(tid, last, self.hop0.get(tid, 0) - 1):
                self.finish(tid, last, fr)
        if self.running is not None:
            self.runs[self.running][-1][1] = self.end

    def on_switch(self, ev, f, ts, tid, run):
        self.seen(num(f.get("from_thread")), ts)
        if self.running is not None:
            self.runs[self.running][-1][1] = ts
        self.running = tid if tid is not None and tid >= 0 else None
        if self.running is not None:
            self.ensure(tid, f.get("to"), ts)
            self.runs.setdefault(tid, []).append([ts, ts])
            self.prio(tid, ts, num(f.get("prio")))

    def on_call(self, ev, f, ts, tid, run):
        if num(f.get("result")):
            return
        self.ensure(tid, f.get("from"), ts)
        flow = self.next_flow
        self.next_flow += 1
        self.flows.append(("s", ts, tid, flow, "door call"))
        self.push(tid, ts, f.get("to"), ev.get("door"), "call", flow)
        self.step(ev, ts, "call", tid, f.get("from"), f.get("to"), "call %s" % (ev.get("door") or "?"))

    def on_wait(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("from"), ts)
        self.step(ev, ts, "wait", tid, f.get("from"), f.get("to"),
                  "waits for %s (every activation busy)" % (ev.get("door") or "?"))

    def answered(self, ev, run, default):
        """What the caller got, from the actor's @call line about this call."""
        c = run.paired.get(ev["pos"])
        return code_text(c["result"]) if c else default

    def on_lone(self, ev, f, ts, tid, run):
        door = run.scn.doors.get(ev["door"], {})
        self.step(ev, ts, "lone", num(ev["thread"]), door.get("server"), ev["domain"],
                  "call %s not entered: %s" % (ev["door"], code_text(ev["result"])))

    def on_return(self, ev, f, ts, tid, run):
        depth = num(f.get("depth")) or 0
        popped = self.pop_to(tid, ts, depth)
        self.finish(tid, ts, popped[-1] if popped else None)
        for fr in popped[:-1]:
            self.finish(tid, ts, fr)
        to = f.get("to")
        label = "returns, but %s is dead" % to if to in self.dead else "returns %s" % self.answered(ev, run, "")
        self.step(ev, ts, "return", tid, f.get("from"), to, label.strip())

    def on_unwind(self, ev, f, ts, tid, run):
        for fr in self.pop_to(tid, ts, num(f.get("depth")) or 0):
            self.finish(tid, ts, fr)
        self.step(ev, ts, "unwind", tid, f.get("from"), f.get("to"), "HE_DEAD: sent back")

    def on_split(self, ev, f, ts, tid, run):
        base = num(f.get("base")) or 0
        caller = num(f.get("caller_thread"))
        owner = caller if caller is not None else tid
        h0 = self.hop0.get(owner, 0)  # frames[k] is hop h0 + k
        frames = [dict(fr) for fr in self.stacks.get(owner, [])]
        if caller is not None:
            # The caller resumes at hop depth= with HE_DEAD: the calls it made
            # up to the dead base are answered; those above go on in the orphan.
            i = num(f.get("depth")) or 0
            self.pop_to(caller, ts, i)
            for fr in frames[i + 1 - h0:base + 1 - h0]:
                self.finish(caller, ts, fr)
            self.step(ev, ts, "split", caller, f.get("from"), f.get("caller"), "HE_DEAD: chain split")
            self.orphan_of[tid] = caller
            if self.running == caller:
                # The running thread goes on as the orphan, under its new id.
                self.runs[caller][-1][1] = ts
                self.runs.setdefault(tid, []).append([ts, ts])
                self.running = tid
        else:
            # The origin is dead too: the thread keeps its id as the orphan,
            # and its calls up to the dead base end here.
            self.pop_to(tid, ts, h0 - 1)
            for fr in frames[:base + 1 - h0]:
                self.finish(tid, ts, fr)
        self.stacks[tid] = []
        self.hop0[tid] = base
        for k, fr in enumerate(frames[base - h0:]):
            dom = fr["dom"] + (" (dead base)" if k == 0 else "")
            self.push(tid, ts, dom, fr["door"] if k else None, "split", None if k == 0 else fr["flow"])
        self.step(ev, ts, "orphan", tid, f.get("to"), f.get("to"),
                  "orphan t%s goes on above dead %s" % (tid, f.get("from")))

    def on_end(self, ev, f, ts, tid, run):
        how, dom = ev["ev"], f.get("to")
        self.dead.add(dom)
        text = "exit %s" % f.get("result") if how == "exit" else (
            "killed" if how == "kill" else "fault %s" % f.get("result"))
        self.step(ev, ts, how, tid, dom, dom, "%s %s" % (dom, text))

    on_kill = on_fault = on_exit = on_end

    def on_boost(self, ev, f, ts, tid, run):
        prio, base = num(f.get("prio")), num(f.get("base"))
        if base is None or prio > base:
            why = boost_cause(ev)
            self.prio(tid, ts, prio, base, why)
            self.step(ev, ts, "boost", tid, f.get("to"), f.get("to"), "t%s inherits %s%s, base %s" % (
                tid, prio, " " + why if why else "", base))
            self.hand(ts, num(f.get("by")), tid, "lends priority")
        else:
            self.prio(tid, ts, prio, base)
            self.step(ev, ts, "boost", tid, f.get("to"), f.get("to"), "t%s back to %s" % (tid, prio))

    # --- activations, mutexes, notifications: instants, and flows where a
    # thing passes from one thread to another
    def hand(self, ts, frm, to, name):
        """A flow from thread frm to thread to at ts, when both tracks have a
        slice open then (a flow binds to the enclosing slice)."""
        if frm is None or to is None or frm < 0 or not self.stacks.get(frm) or not self.stacks.get(to):
            return
        self.flows += [("s", ts, frm, self.next_flow, name), ("f", ts, to, self.next_flow, name)]
        self.next_flow += 1

    def mark(self, ev, ts, tid, label):
        self.marks.append({"ts": ts, "tick": ev["tick"], "kind": ev["ev"], "thread": tid, "label": label})

    def on_acquire(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("from"), ts)
        self.mark(ev, ts, tid, "takes activation %s of %s" % (f.get("act"), ev.get("door") or "?"))
        self.hand(ts, num(f.get("from_thread")), tid, "activation handed over")

    def on_release(self, ev, f, ts, tid, run):
        self.mark(ev, ts, tid, "releases activation %s of %s" % (f.get("act"), ev.get("door") or "?"))

    def on_mutex_lock(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("in"), ts)
        owner = " (MUTEX_OWNERDEAD)" if num(f.get("result")) == 1 else ""
        self.mark(ev, ts, tid, "locks mutex#%s%s" % (f.get("mutex"), owner))
        self.hand(ts, num(f.get("from_thread")), tid, "mutex handed over")

    def on_mutex_wait(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("in"), ts)
        self.mark(ev, ts, tid, "waits for mutex#%s (held by t%s)" % (f.get("mutex"), f.get("holder")))

    def on_mutex_unlock(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("in"), ts)
        self.mark(ev, ts, tid, "%s mutex#%s" % ("dies holding" if f.get("died") else "unlocks", f.get("mutex")))

    def on_notify_signal(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("in"), ts)
        self.signals[f.get("notify")] = tid
        self.mark(ev, ts, tid, "signals notification#%s bits %s" % (f.get("notify"), f.get("bits")))

    def on_notify_wait(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("in"), ts)
        self.mark(ev, ts, tid, "waits on notification#%s for %s" % (f.get("notify"), f.get("mask")))

    def on_notify_wake(self, ev, f, ts, tid, run):
        self.ensure(tid, f.get("in"), ts)
        self.mark(ev, ts, tid, "woken by notification#%s: bits %s" % (f.get("notify"), f.get("bits")))
        self.hand(ts, self.signals.get(f.get("notify")), tid, "notification")

    def on_revoke(self, ev, f, ts, tid, run):
        self.step(ev, ts, "revoke", tid, f.get("to"), f.get("to"), "%s revokes %s (in flight %s, waiting %s)" % (
            f.get("from"), ev.get("door") or "?", f.get("inflight"), f.get("waiters")))

    def on_inject(self, ev, f, ts, tid, run):
        what = "%s %s" % (f.get("action"), f.get("dname") or f.get("to") or "")
        text = "inject %s when %s %s" % (what.strip(), f.get("when"), f.get("from") or "")
        res = num(f.get("result"))
        self.step(ev, ts, "inject", tid, f.get("to"), f.get("to"),
                  text.strip() + ("" if not res else " (%s)" % code_text(res)))

    def on_abandon(self, ev, f, ts, tid, run):
        self.step(ev, ts, "abandon", tid, f.get("from"), f.get("from"), "t%s's call of %s abandoned%s" % (
            tid, ev.get("door") or "?", ", the orphan ends" if f.get("end") == "1" else ""))

    def on_restart(self, ev, f, ts, tid, run):
        self.dead.discard(f.get("to"))
        self.step(ev, ts, "restart", tid, f.get("to"), f.get("to"), "%s restarted (generation %s)" % (
            f.get("to"), f.get("gen")))

    def on_unsupervised(self, ev, f, ts, tid, run):
        self.step(ev, ts, "unsupervised", tid, f.get("to"), f.get("to"), "supervisor %s dead (%s dropped)" % (
            f.get("to"), f.get("dropped")))

    def threads(self):
        return sorted(set(self.stacks) | set(self.runs))

    def who(self, t):
        """How the legends name thread t: its home domain, or whose orphan."""
        if t in self.orphan_of:
            return "t%d (orphan of t%d)" % (t, self.orphan_of[t])
        return "t%d (%s)" % (t, self.places.get(t, [(0, "?")])[0][1])

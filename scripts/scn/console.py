"""A run's console -> events: the kernel's trace, the actors' reports, how
each domain ended, the counts and the verdict (formats in docs/scenarios.md,
"The kernel trace").

How the console maps to the events of `expect order` (first occurrence,
in console order; docs/scenarios.md leaves the fields open, this is the
reading used here, matching kern/scenario/trace.c):
  call D X    a "call" or "wait" event from=D whose door is X (a call
              that finds every activation busy has a "wait" event first),
              or else the "@call" line of D's call of X (refused calls have
              no trace event);
  enter D     a "call" event to=D (without a non-zero result=);
  return D X  a "return" or "unwind" event to=D for a call of X (a call a
              thread is sent back from also returns to its caller), or
              else the "@call" line;
  unwind D    an "unwind" event from=D (it comes before that line's return);
  kill/fault/exit D  such an event about D (domain=, in=, to= or from=, in
              that order), or the "[hinge] domain ... ended:" line;
  boost D     a "boost" event about D that raises the thread above base=.
A "switch" event (the scheduler runs another thread) is no door event: it
goes to self.switches, for scripts/pictures, not into the trace. The kernel
records them and prints them with the next door event or at the end, so
only their ts= (instructions retired, on every trace line) places them
among the other events. "@trace-dropped N" (the kernel's trace ring was
full: N lines were not recorded) goes to self.dropped.
Return and unwind events carry no door: it is the door of the call event
that pushed the hop they pop (depth= is the new hop on a call, the depth left
after the pop on a return or unwind). Events about a door give its number in
the compiled form (num=, scn/compile.py), hence its name."""
import re

from .tree import ERRNO, HOW

TRACE_RE = re.compile(r"@trace\s+(\d+)\s+(\w+)(.*)$")
KV_RE = re.compile(r"(\w+)=(\S+)")
ENDED_RE = re.compile(r"\[hinge\] domain (\d+) '([^']*)' ended: (\w+) (-?\d+)")
STARTED_RE = re.compile(r"\[hinge\] domain (\d+) '([^']*)' started")
RESTARTED_RE = re.compile(r"\[hinge\] domain (\d+) '([^']*)' restarted as domain (\d+) \(generation (\d+)\)")
VERDICT_RE = re.compile(r"\[hinge\] verdict: (\S+.*)$")
BEGIN_RE = re.compile(r"@scenario begin index=(\d+)")
SECTION_END_RE = re.compile(r"@scenario end index=(\d+) name=(\S+) verdict=(\S+)")


def slice_console(text):
    """A batch's console cut at its "@scenario begin index=K" lines: {K: the
    lines from that one to the next begin (or the end of the console)}. The
    kernel's verdict of scenario K is on its "@scenario end" line; the slice
    of the scenario a boot died in ends with why (timeout, panic)."""
    slices, cur = {}, None
    for line in text.split("\n"):
        m = BEGIN_RE.search(line)
        if m:
            cur = int(m.group(1))
            slices[cur] = []
        if cur is not None:
            slices[cur].append(line)
    return {k: "\n".join(v) for k, v in slices.items()}


def num(v):
    """A field value as an int (decimal, 0x-hex or HE_* name), else None."""
    if v is None:
        return None
    if v in ERRNO:
        return ERRNO[v]
    try:
        return int(v, 0)
    except ValueError:
        return None


class Run:
    """What one console says: trace events, actor results, ends, counts, verdict."""

    def __init__(self, scn, text):
        self.scn = scn
        self.lines = [l.rstrip("\r") for l in text.split("\n")]
        self.trace = []     # dict(pos, tick, ev, f=fields, door=its name, level=call depth)
        self.switches = []  # dict(pos, tick, ev, f): "switch" events, kept apart (for scripts/pictures)
        self.dropped = 0    # trace lines the kernel had no room to record (@trace-dropped)
        self.calls = []     # dict(pos, domain, thread, door, status, word, result)
        self.lookups = []   # dict(pos, domain, thread, door, result): the actors' @lookup lines
        self.deaths = []    # dict(pos, domain, how, code, gen): the supervisor's @death lines
        self.restart_reports = []  # dict(pos, domain, gen, error): the supervisor's @restart lines
        self.actor_says = []  # dict(pos, text): the actors' own "actor: ..." lines (problems they met)
        self.ended = {}     # domain -> (kind, code, pos), of its first incarnation
        self.ends = {}      # (domain, generation) -> (kind, code, pos)
        self.gen_of = {}    # kernel domain id (text) -> generation
        self.name_of = {}   # kernel domain id (text) -> domain name
        self.restarts = {}  # domain -> [(old id, new id, generation, pos)], from the kernel's lines
        self.counts = None
        self.baseline = None  # the kernel's "@baseline" line after the run: "ok" or what leaked
        self.verdict = None
        self.malformed = []
        self.last_tick = {}  # console line -> tick of the latest trace event up to it
        self.paired = {}    # pos of a return/unwind event -> the @call line about that call
        self.cancel_orphans = set()  # threads a cancel made orphans (their return into hop 0 is for nobody)
        self.parse()
        self.walk()
        self.pair()

    def parse(self):
        tick = None
        for pos, line in enumerate(self.lines):
            if "@trace-dropped " in line:
                self.dropped += num(line.split("@trace-dropped", 1)[1].strip()) or 0
            elif "@trace" in line:
                m = TRACE_RE.search(line)
                if not m:
                    self.malformed.append(line)
                else:
                    ev = {"pos": pos, "tick": int(m.group(1)), "ev": m.group(2),
                          "f": dict(KV_RE.findall(m.group(3)))}
                    if ev["ev"] == "switch":
                        self.switches.append(ev)
                    else:
                        tick = ev["tick"]
                        self.trace.append(ev)
            elif "@call " in line:
                f = dict(KV_RE.findall(line[line.index("@call "):]))
                if "domain" not in f or "door" not in f or num(f.get("result")) is None:
                    self.malformed.append(line)
                else:
                    if num(f.get("tick")) is not None:
                        tick = num(f["tick"])
                    self.calls.append({"pos": pos, "domain": f["domain"], "thread": f.get("thread"),
                                       "door": f["door"], "status": num(f.get("status")),
                                       "word": num(f.get("word")), "result": num(f["result"]),
                                       "dead": self.name_of.get(f["dead"], "domain#%s" % f["dead"])
                                       if "dead" in f else None,
                                       "how": HOW.get(num(f.get("how"))), "dead_gen": num(f.get("gen"))})
            elif "@lookup " in line:
                f = dict(KV_RE.findall(line[line.index("@lookup "):]))
                if "domain" not in f or "door" not in f or num(f.get("result")) is None:
                    self.malformed.append(line)
                else:
                    self.lookups.append({"pos": pos, "domain": f["domain"], "thread": f.get("thread"),
                                         "door": f["door"], "result": num(f["result"])})
            elif "@death " in line:
                f = dict(KV_RE.findall(line[line.index("@death "):]))
                if "domain" not in f or f.get("how") not in HOW.values() or num(f.get("gen")) is None:
                    self.malformed.append(line)
                else:
                    self.deaths.append({"pos": pos, "domain": f["domain"], "how": f["how"],
                                        "code": num(f.get("code")), "gen": num(f["gen"])})
            elif "@restart " in line:
                f = dict(KV_RE.findall(line[line.index("@restart "):]))
                if "domain" not in f or (num(f.get("gen")) is None and num(f.get("error")) is None):
                    self.malformed.append(line)
                else:
                    self.restart_reports.append({"pos": pos, "domain": f["domain"], "gen": num(f.get("gen")),
                                                 "error": num(f.get("error"))})
            elif line.startswith("actor: "):
                self.actor_says.append({"pos": pos, "text": line[len("actor: "):].strip()})
            elif "@baseline" in line:
                self.baseline = line[line.index("@baseline") + len("@baseline"):].strip()
            elif "@scenario end" in line:
                m = SECTION_END_RE.search(line)
                if m:
                    self.verdict = m.group(3)
                else:
                    self.malformed.append(line)
            elif "@counts" in line:
                self.counts = {k: num(v) for k, v in KV_RE.findall(line[line.index("@counts"):])}
            else:
                m = STARTED_RE.search(line)
                if m:
                    self.gen_of.setdefault(m.group(1), 0)
                    self.name_of[m.group(1)] = m.group(2)
                m = RESTARTED_RE.search(line)
                if m:
                    self.gen_of[m.group(3)] = int(m.group(4))
                    self.name_of[m.group(3)] = m.group(2)
                    self.restarts.setdefault(m.group(2), []).append(
                        (m.group(1), m.group(3), int(m.group(4)), pos))
                m = ENDED_RE.search(line)
                if m:
                    end = (m.group(3), int(m.group(4)), pos)
                    gen = self.gen_of.get(m.group(1), 0)
                    self.ends.setdefault((m.group(2), gen), end)
                    if gen == 0 and m.group(2) not in self.ended:
                        self.ended[m.group(2)] = end
                m = VERDICT_RE.search(line)
                if m:
                    self.verdict = m.group(1).strip()
            self.last_tick[pos] = tick

    def walk(self):
        """Follow each thread's calls: the door and the call depth of every event.

        A call event's depth= is the new hop, a return's or unwind's the depth
        after the hop is popped; returns carry no door, so it is the one the
        matching call pushed."""
        state = {}
        for t in sorted(self.trace + self.calls + self.lookups, key=lambda x: x["pos"]):
            if "ev" not in t:   # an @call line: where its thread stands
                t["level"] = state.get(t["thread"], {"depth": 0})["depth"]
                continue
            f, ev = t["f"], t["ev"]
            st = state.setdefault(f.get("thread"), {"depth": 0, "frames": {}})
            d = num(f.get("depth"))
            t["door"] = self.door_named(f)
            if ev == "call" and not num(f.get("result")):
                hop = d if d is not None else st["depth"] + 1
                st["frames"][hop] = t["door"]
                t["level"] = max(hop - 1, 0)
                st["depth"] = hop
            elif ev in ("return", "unwind"):
                k = d if d is not None else max(st["depth"] - 1, 0)
                popped = st["frames"].pop(k + 1, None)
                if t["door"] is None:
                    t["door"] = popped
                t["level"] = max(k, 0)
                st["depth"] = k
            elif ev == "cancel":
                # thread= keeps its id and resumes at home (hop 0); orphan=
                # (a call that had begun) takes every hop above.
                frames = st["frames"]
                if "orphan" in f:
                    self.cancel_orphans.add(f["orphan"])
                    o = state.setdefault(f["orphan"], {"depth": 0, "frames": {}})
                    o["frames"] = {h: x for h, x in frames.items() if h > 0}
                    o["depth"] = max([0] + list(o["frames"]))
                t["door"] = frames.get(1) or t["door"]
                st["frames"], st["depth"], t["level"] = {}, 0, 0
            elif ev == "split":
                # thread= is the orphan (a new id unless the origin died);
                # caller_thread= keeps the old id and resumes at depth=.
                base = num(f.get("base")) or 0
                caller = f.get("caller_thread")
                old = state.setdefault(caller, {"depth": 0, "frames": {}}) if caller else st
                frames = dict(old["frames"])
                st["frames"] = {h: x for h, x in frames.items() if h > base}
                st["depth"] = max([base] + list(st["frames"]))
                if caller:
                    i = num(f.get("depth")) or 0
                    t["door"] = frames.get(i + 1)
                    old["frames"] = {h: x for h, x in frames.items() if h <= i}
                    old["depth"] = i
                    t["level"] = i
                else:
                    t["level"] = base
            else:
                t["level"] = st["depth"]

    # --- doors
    def door_named(self, f):
        """The name of the door an event is about (its num=), None if it
        names none, door#ID if num= is no door of the scenario."""
        k = num(f.get("num"))
        names = list(self.scn.doors)
        if k is not None and 0 <= k < len(names):
            return names[k]
        return "door#%s" % f["door"] if "door" in f else None

    def door(self, v):
        """v if it names a door of the scenario, else None."""
        return v if v in self.scn.doors else None

    @staticmethod
    def door_text(v):
        return v or "a door"

    def pair(self):
        """A call that comes back to domain D on thread T is followed by the
        @call line T prints in D about it, before T makes another call:
        self.paired maps the return, unwind or split event to that line."""
        items = sorted([(t["pos"], "t", t) for t in self.trace] + [(c["pos"], "c", c) for c in self.calls],
                       key=lambda i: i[0])
        pending = {}
        for _, kind, it in items:
            if kind == "t":
                if it["ev"] in ("return", "unwind") and "thread" in it["f"]:
                    pending[it["f"]["thread"]] = (it["f"].get("to"), it)
                elif it["ev"] == "cancel" and "thread" in it["f"]:
                    pending[it["f"]["thread"]] = (it["f"].get("to"), it)
                elif it["ev"] == "split" and "caller_thread" in it["f"]:
                    pending[it["f"]["caller_thread"]] = (it["f"].get("caller"), it)
            elif it["thread"] in pending:
                dom, t = pending.pop(it["thread"])
                if dom == it["domain"]:
                    self.paired[t["pos"]] = it

    # --- events for `expect order`
    @staticmethod
    def about(f, keys=("domain", "in", "to", "from")):
        for k in keys:
            if k in f:
                return f[k]
        return None

    @staticmethod
    def raised(f):
        """A boost event that raises the thread above its base priority."""
        prio, base = num(f.get("prio")), num(f.get("base"))
        return prio is None or base is None or prio > base

    def order_events(self):
        """(pos, event tuple) in console order; the first occurrence counts."""
        out = []
        for t in self.trace:
            f, ev, pos = t["f"], t["ev"], t["pos"]
            if ev == "call":
                if "from" in f:
                    out.append((pos, ("call", f["from"], self.door(t["door"]))))
                if not num(f.get("result")):
                    to = f.get("to")
                    if to is None and self.door(t["door"]):
                        to = self.scn.doors[self.door(t["door"])]["server"]
                    if to:
                        out.append((pos, ("enter", to)))
            elif ev in ("return", "unwind"):
                # One unwind line is two events: the thread leaves the dead
                # domain, then the call returns to the caller.
                if ev == "unwind" and "from" in f:
                    out.append((pos, ("unwind", f["from"])))
                if "to" in f:
                    out.append((pos, ("return", f["to"], self.door(t["door"]))))
            elif ev == "split":
                # The caller's side is sent back out of the dead domain at
                # once, while the work above it goes on (an orphan).
                out.append((pos, ("unwind", f.get("from"))))
                if "caller" in f:
                    out.append((pos, ("return", f["caller"], self.door(t["door"]))))
            elif ev == "exhausted" and "to" in f:
                out.append((pos, ("exhausted", f["to"])))
            elif ev == "cancel" and "to" in f:
                out.append((pos, ("cancel", f["to"])))
                out.append((pos, ("return", f["to"], self.door(t["door"]))))
            elif ev in ("kill", "fault", "exit"):
                d = self.about(f)
                if d:
                    out.append((pos, (ev, d)))
            elif ev == "boost" and self.raised(f):
                d = self.about(f)
                if d:
                    out.append((pos, ("boost", d)))
            elif ev == "restart" and "to" in f:
                out.append((pos, ("restart", f["to"])))
            elif ev == "unsupervised" and "to" in f:
                out.append((pos, ("unsupervised", f["to"])))
            elif ev == "abandon" and "from" in f:
                out.append((pos, ("abandon", f["from"])))
            elif ev == "revoke" and self.door(t["door"]):
                out.append((pos, ("revoke", self.door(t["door"]))))
            elif ev == "wait" and "from" in f:
                out.append((pos, ("call", f["from"], self.door(t["door"]))))
        for c in self.calls:
            out.append((c["pos"], ("call", c["domain"], c["door"])))
            out.append((c["pos"], ("return", c["domain"], c["door"])))
        for c in self.lookups:
            out.append((c["pos"], ("lookup", c["domain"], c["door"])))
        for dom, (kind, _, pos) in self.ended.items():
            out.append((pos, (kind, dom)))
        out.sort(key=lambda e: e[0])
        return out

    def incarnations(self, dom):
        """The generations of dom the kernel started: 0, then one per restart."""
        return [0] + [r[2] for r in self.restarts.get(dom, [])]

    def when(self, pos):
        """When the console line pos came, for a student: the tick of a trace
        line; other lines (an actor's @call) only follow a tick."""
        tick = self.last_tick.get(pos)
        if tick is None:
            return "before the first trace event"
        return ("at tick %d" if "@trace" in self.lines[pos] else "after tick %d") % tick

    def end_of(self, dom, gen=0):
        """How dom's incarnation gen ended: (kind, code) from the kernel's
        ended line, else (the first incarnation) from the trace."""
        if gen > 0:
            e = self.ends.get((dom, gen))
            return e[:2] if e else None
        if dom in self.ended:
            return self.ended[dom][:2]
        for t in self.trace:
            if t["ev"] in ("kill", "fault", "exit") and self.about(t["f"]) == dom:
                return t["ev"], num(self.about(t["f"], ("code", "cause", "status", "result"))) or 0
        return None



"""The executable model of the crash rules (doors/SEMANTICS.md §11), of
caller cancellation (§20) and of call deadlines (§19): every thread's chain
of hops followed through a run's console (scn/console.py), each event
checked against the rules as it comes. Chaos runs (scripts/chaos.py) check
every run with it; it holds for any scenario."""
from .console import num
from .report import code_text
from .tree import ERRNAME, ERRNO

HE_DEAD = ERRNO["HE_DEAD"]
HE_CANCELLED = ERRNO["HE_CANCELLED"]
HE_TIMEDOUT = ERRNO["HE_TIMEDOUT"]
HE_CODES = set(ERRNAME)


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


def timed_doors(scn):
    """domain -> the doors its steps (its `run` line, the `on` lines of the
    doors it serves) call with a deadline: the only calls that may time out."""
    out = {}
    lines = [(d, st) for d, steps in scn.run.items() for st in steps] + \
            [(scn.doors[x]["server"], st) for x, steps in scn.on.items() for st in steps]
    for d, st in lines:
        if st.kind == "call" and st.value:
            out.setdefault(d, set()).add(st.door)
    return out


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
    against doors/SEMANTICS.md §11 as it reads the trace.

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
        self.timed = timed_doors(scn)
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
            self.problem("%s failed (%s) but gave word %s, result %s" % (what, code_text(s), w, res))
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
            self.problem("%s was sent back (dead callee) but got %s, not HE_DEAD" % (what, code_text(s)))
        elif p is not None and p[0] == "abandon" and s != HE_CANCELLED:
            self.problem("%s was abandoned (an orphan's call) but got %s, not HE_CANCELLED" % (what, code_text(s)))
        elif p is not None and p[0] == "cancel" and s != HE_CANCELLED:
            self.problem("%s was cancelled (§20) but got %s, not HE_CANCELLED" % (what, code_text(s)))
        elif p is None and s == HE_CANCELLED:
            self.problem("%s got HE_CANCELLED, but no cancel or abandon event came for it" % what)
        elif s == HE_TIMEDOUT and (p is not None or door not in self.timed.get(dom, ())):
            self.problem("%s timed out, but %s" % (what, "it had begun (§19: a begun call is not timed out)"
                                                   if p is not None else "no step of %s calls it with a deadline" % dom))
        elif p is not None and p[0] == "return" and s != 0:
            self.problem("%s returned normally but got %s" % (what, code_text(s)))
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
        want = {"return": 0, "unwind": HE_DEAD, "abandon": HE_CANCELLED, "cancel": HE_CANCELLED}
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
        if ev == "cancel":
            self.cancel(f, pos)
            return
        if ev == "abandon":
            # An orphan's call that had not begun is abandoned (§11): the
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
        if ev not in ("call", "return", "unwind") or (ev == "call" and num(f.get("result"))):
            return
        tid, depth = f.get("thread"), num(f.get("depth"))
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
        if depth <= st["base"]:
            del self.th[tid]        # an orphan's return into its base is for nobody: it ends (§11, §20)
        elif not self.dead(to, pos):
            st["pending"] = (ev, to, pos)
        elif depth == 0:
            del self.th[tid]        # nowhere to go: the thread (or the orphan) ends here
        else:
            st["unwinding"] = to    # the next event must leave the dead caller

    def split(self, f, pos):
        """`split thread=ORPHAN from=DEAD to=WHERE base=J [caller_thread=N
        caller=C depth=I]`: the hops above J go on as an orphan; the caller
        side, if any, resumes at hop I with HE_DEAD under the old id."""
        orphan, caller = f.get("thread"), f.get("caller_thread")
        j, i = num(f.get("base")), num(f.get("depth"))
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

    def cancel(self, f, pos):
        """`cancel thread=T to=HOME depth=0 result=-16 [orphan=O from=WHERE
        base=0]` (§20): T resumes at home at once with HE_CANCELLED under its
        own id; a call that had begun goes on above as orphan O."""
        tid, home, orphan = f.get("thread"), f.get("to"), f.get("orphan")
        src = self.th.pop(tid, None)
        if src is None:
            src = {"hops": [home], "base": -1, "pending": None, "unwinding": None, "n": None}
        hops = src["hops"]
        if src["base"] >= 0:
            self.problem("thread %s, an orphan, has its call cancelled" % tid)
        if hops[0] != home:
            self.problem("thread %s's call is cancelled for %s, but its home is %s" % (tid, home, hops[0]))
        if self.dead(home, pos):
            self.problem("thread %s's call is cancelled in dead %s" % (tid, home))
        if orphan is not None:
            if len(hops) < 2:
                self.problem("thread %s's call goes on as orphan %s, but it had not begun" % (tid, orphan))
            elif f.get("from") != hops[-1]:
                self.problem("cancel: the orphan is in %s, but thread %s was in %s" % (f.get("from"), tid, hops[-1]))
            o = self.new(orphan, hops, base=0)
            if src["pending"] is not None and src["pending"][1] == hops[-1] and len(hops) > 1:
                o["pending"] = src["pending"]   # the top hop's code, now the orphan's, reports it
            self.renamed[(tid, hops[-1])] = orphan
        elif len(hops) > 1:
            self.problem("thread %s's call, begun (%d hops deep), is cancelled without an orphan" % (
                tid, len(hops) - 1))
        back = self.new(tid, [home], n=src["n"])
        back["pending"] = ("cancel", home, pos)

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

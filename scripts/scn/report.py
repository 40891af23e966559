"""Printing a run for a reader (the readable trace, the calls, how domains
ended) and checking the scenario's expectations against it."""
from .console import num
from .parse import Result
from .tree import ERRNAME, SCAUSE


def code_text(v):
    """A result as a student reads it: 'HE_DEAD (-12)' or '7'."""
    if v is None:
        return "?"
    return "%s (%d)" % (ERRNAME[v], v) if v in ERRNAME else str(v)


def call_text(c):
    """A reported result, with the dead domain its status names."""
    if c.get("dead") and c["status"] == c["result"]:
        return "%s(%s, %s)" % (ERRNAME.get(c["result"], c["result"]), c["dead"], c.get("how") or "?")
    return code_text(c["result"])


def end_text(kind, code):
    if kind == "fault":
        return "fault %d (%s)" % (code, SCAUSE.get(code, "unknown cause"))
    if kind == "kill":
        return "kill"
    return "%s %d" % (kind, code)



def describe(run, t, dead):
    """The words of one trace event; dead is the set of domains ended so far."""
    f, ev = t["f"], t["ev"]
    frm, to = f.get("from"), f.get("to")
    door = run.door_text(t["door"])
    res = num(f.get("result"))
    if ev == "call":
        if res:
            return "%s calls %s: refused, %s" % (frm or "?", door, code_text(res))
        return "%s calls %s -> enters %s" % (frm or "?", door, to or "?")
    if ev == "wait":
        return "%s calls %s: every activation is busy, it waits" % (frm or "?", door)
    if ev in ("return", "unwind"):
        got = run.paired.get(t["pos"])
        gets = "; %s's call gets %s" % (to, code_text(got["result"])) if got else ""
        if to in dead:
            gets = " -- but %s is dead: the thread keeps going back" % to
        elif f.get("thread") in run.cancel_orphans and num(f.get("depth")) == 0:
            gets = " -- for nobody: %s's call was cancelled, the orphan ends" % to
        if ev == "return":
            st = ", status %s" % code_text(res) if res else ""
            return "%s <- %s: %s returns%s%s" % (to, door, frm or "?", st, gets)
        return "%s <- %s: sent back out of dead %s, status %s%s" % (
            to, door, frm or "?", code_text(res) if res is not None else "?", gets)
    if ev == "exhausted":
        goes = "it goes on, on the budget of a thread that waits on it" if f.get("lent") == "1" \
            else "it is throttled until its replenishment"
        return "%sthe budget this thread runs on is used up in %s: %s" % ("", f.get("to", "?"), goes)
    if ev == "cancel":
        above = ("; the work in %s goes on as orphan t%s" % (f.get("from", "?"), f["orphan"])) if "orphan" in f \
            else "; the handoff door's server thread finishes it for nobody" if f.get("served") == "1" \
            else ", before it began: nothing of it runs"
        return "%s's call is cancelled: it resumes at once with %s%s" % (f.get("to", "?"), code_text(res), above)
    if ev == "split":
        side = ("the caller's side (t%s) resumes in %s at once with %s" % (
            f["caller_thread"], f.get("caller", "?"), code_text(res))) if "caller_thread" in f \
            else "no live caller is left"
        return "%s died below: the chain splits; %s; the work in %s goes on as orphan t%s" % (
            f.get("from", "?"), side, f.get("to", "?"), f.get("thread", "?"))
    dom = run.about(f)
    code = num(run.about(f, ("code", "cause", "status", "result")))
    if ev == "fault":
        dead.add(dom)
        why = "%s (scause %d)" % (SCAUSE.get(code, "unknown cause"), code) if code is not None else "?"
        return "%s faults: %s -- domain %s dies" % (dom, why, dom)
    if ev == "kill":
        dead.add(dom)
        return "%s is killed -- domain %s dies" % (dom, dom)
    if ev == "exit":
        dead.add(dom)
        return "%s exits with status %s" % (dom, code if code is not None else "?")
    if ev == "boost":
        if run.raised(f):
            return "priority raised to %s by inheritance (base %s): %s" % (
                f.get("prio", "?"), f.get("base", "?"), lender_text(run, t))
        return "priority back to %s (nobody waits on it any more)" % f.get("prio", "?")
    if ev in ("acquire", "release"):
        act = "activation %s of %s" % (f.get("act", "?"), door)
        if ev == "acquire":
            return "takes %s%s" % (act, ", handed over by t%s" % f["from_thread"] if "from_thread" in f else "")
        return "releases %s%s" % (act, ", handed to t%s" % f["to_thread"] if "to_thread" in f else "")
    if ev.startswith("mutex_"):
        m = "mutex#%s" % f.get("mutex", "?")
        if ev == "mutex_wait":
            return "%s waits for %s (held by t%s)%s" % (f.get("in", "?"), m, f.get("holder", "?"),
                                                       "" if f.get("pi") == "1" else ", no inheritance")
        if ev == "mutex_unlock":
            return "%s %s%s" % ("dies holding" if f.get("died") else "unlocks", m,
                                ", passed to t%s" % f["to_thread"] if "to_thread" in f else "")
        return "%s locks %s%s%s" % (f.get("in", "?"), m, ", passed by t%s" % f["from_thread"]
                                    if "from_thread" in f else "", ": MUTEX_OWNERDEAD" if res == 1 else "")
    if ev.startswith("notify_"):
        n = "notification#%s" % f.get("notify", "?")
        if ev == "notify_signal":
            return "signals %s bits %s" % (n, f.get("bits", "?"))
        if ev == "notify_wait":
            return "waits on %s for bits %s" % (n, f.get("mask", "?"))
        return "woken by %s with bits %s" % (n, f.get("bits", "?"))
    if ev == "revoke":
        busy = ""
        if num(f.get("inflight")) or num(f.get("waiters")):
            busy = " (%s call(s) in flight, %s waiting)" % (f.get("inflight", "?"), f.get("waiters", "?"))
        return "%s revokes %s%s" % (frm or dom or "?", door, busy)

    if ev == "restart":
        dead.discard(to)
        return "the supervisor restarts %s: generation %s, a new domain with new doors" % (
            to or "?", f.get("gen", "?"))
    if ev == "inject":
        line = num(f.get("line"))
        cands = [i for i in run.scn.injects if i["line"] == line]
        if not cands:
            cands = [i for i in run.scn.injects if to is None or i["target"] == to]
            if f.get("when"):
                cands = [i for i in cands if i["event"] == f["when"]]
        what = cands[0]["text"] if len(cands) == 1 else "%s %s when %s %s" % (
            f.get("action", "kill"), f.get("dname") or to or "?", f.get("when", "?"), frm or "")
        text = "injection fires: %s" % what
        if "after" in f:
            text += " (%s instructions after the event, fired %s ns late; timebase granule %s ns)" % (
                f["after"], f.get("late", "?"), f.get("granule", "?"))
        if res:
            text += " -- not done: %s" % code_text(res)
        return text
    if ev == "unsupervised":
        dropped = num(f.get("dropped"))
        if dropped == 0:
            return "the supervisor %s has ended: deaths from now on are reported to nobody" % (to or "?")
        return ("the supervisor %s has ended: %s death record(s) it had not taken are dropped; deaths from now on "
                "are reported to nobody" % (to or "?", f.get("dropped", "?")))
    if ev == "abandon":
        return "%s's call of %s is abandoned before it began (nobody waits for it any more): %s%s" % (
            frm or "?", door, code_text(res), "; the orphan ends" if f.get("end") == "1" else "")
    extra = " ".join("%s=%s" % kv for kv in sorted(f.items()) if kv[0] not in ("thread", "prio"))
    return "%s %s" % (ev, extra)


def lender_text(run, t):
    """Who lends a boost and through what, from its line's by= and via=."""
    f = t["f"]
    if "by" not in f:
        return "a waiter needs what this thread holds"
    via = f.get("via")
    what = {"door": "waits for an activation of %s" % run.door_text(t["door"]),
            "mutex": "waits for mutex#%s, held by this thread" % f.get("mutex", "?"),
            "reply": "waits for this server thread's reply"}.get(via, "waits on it")
    return "t%s %s" % (f["by"], what)


def indent(level):
    """Call depth as '|' guides; very deep chains show the number instead."""
    if level <= 12:
        return "|  " * level
    return "|  " * 11 + "|%d " % level


def print_trace(run, out):
    """One line per @trace event. A call that came back without any kernel
    event (refused, or given up while waiting for an activation) would be
    invisible there, so its actor's @call line is shown too, marked '~'."""
    out("trace (tick = 1 ms of virtual time; each '|' is one door call deeper;")
    out("       '~': a call the kernel did not trace, as its caller reported it, after that tick):")
    if not run.trace:
        out("  (no @trace lines)")
    else:
        out("  %6s  %-6s  %4s  %s" % ("tick", "thread", "prio", "event"))
    traced = set(id(c) for c in run.paired.values())
    lone = [c for c in run.calls if id(c) not in traced] if run.trace else []
    notes = []
    for c in run.lookups:
        notes.append((c, "%s%s looks %s up: %s" % (
            indent(c.get("level", 0)), c["domain"], c["door"],
            "a handle to the door its name names now" if c["result"] == 0 else code_text(c["result"]))))
    for c in run.deaths:
        why = "exit %s" % c["code"] if c["how"] == "exit" else end_text(c["how"], c["code"] or 0)
        notes.append((c, "the supervisor is told: %s (generation %s) ended by %s" % (c["domain"], c["gen"], why)))
    for c in run.restart_reports:
        if c["gen"] is None:  # a restart that happened is the kernel's `restart` event
            notes.append((c, "the supervisor's restart of %s is refused: %s" % (c["domain"], code_text(c["error"]))))
    for c in run.actor_says:
        notes.append((c, "an actor says: " + c["text"]))
    note_text = {id(c): text for c, text in notes}
    dead = set()
    for t in sorted(run.trace + lone + [c for c, _ in notes], key=lambda x: x["pos"]):
        if id(t) in note_text:
            tick = run.last_tick.get(t["pos"])
            out("  %6s  %-6s  %4s  %s" % ("~%s" % tick if tick is not None else "~",
                                         "t" + t["thread"] if t.get("thread") else "-", "", note_text[id(t)]))
            continue
        if "ev" not in t:
            tick = run.last_tick.get(t["pos"])
            door = run.scn.doors.get(t["door"])
            # The kernel's trace does not follow handoff calls (a server
            # thread runs them, doors/SEMANTICS.md §16): only the caller's
            # report is seen.
            how = ("went through handoff door %s of %s (untraced)" % (t["door"], door["server"])
                   if door and door["handoff"] else
                   "of %s did not enter %s" % (t["door"], door["server"] if door else "?"))
            out("  %6s  %-6s  %4s  %s%s's call %s: %s" % (
                "~%s" % tick if tick is not None else "~", "t" + t["thread"] if t["thread"] else "-", "",
                indent(t["level"]), t["domain"], how, code_text(t["result"])))
            continue
        f = t["f"]
        thr = f.get("thread")
        out("  %6d  %-6s  %4s  %s%s" % (t["tick"], "t" + thr if thr and thr != "-1" else "-",
                                      f.get("prio", "-") if f.get("prio") != "-1" else "-",
                                      indent(t["level"]), describe(run, t, dead)))


def print_calls(run, out):
    out("calls (one @call line per `call` step, as the actors report them):")
    if not run.calls:
        out("  (no @call lines)")
    for c in run.calls:
        out("  %-15s %-7s call %-15s = %-20s status %s, word %s" % (
            c["domain"], "t" + c["thread"] if c["thread"] else "-", c["door"], code_text(c["result"]),
            call_text(c) if c.get("dead") else code_text(c["status"]), c["word"] if c["word"] is not None else "?"))
    for c in run.lookups:
        out("  %-15s %-7s lookup %-13s = %s" % (c["domain"], "t" + c["thread"] if c["thread"] else "-",
                                               c["door"], code_text(c["result"])))


def print_ends(run, out):
    out("domains:")
    for name in run.scn.domains:
        for gen in run.incarnations(name):
            e = run.end_of(name, gen)
            label = name if gen == 0 else "  gen %d" % gen
            out("  %-15s %s" % (label, "ended: " + end_text(*e) if e else "did not end"))


def check(run, out):
    """One line per expectation; returns how many failed."""
    scn = run.scn
    failed = 0
    order = None
    for e in scn.expects:
        ok, seen = False, ""
        if e.kind in ("call", "lookup"):
            src = run.calls if e.kind == "call" else run.lookups
            got = [c for c in src if c["domain"] == e.domain and c["door"] == e.door]
            rs = [c["result"] for c in got]
            values = getattr(e, "values", [e.value])
            results = getattr(e, "results", None) or [Result(v) for v in values]
            if len(values) == 1:
                ok = bool(rs) and all(results[0].matches(c) for c in got)
            else:
                ok = len(got) == len(results) and all(x.matches(c) for x, c in zip(results, got))
            if not rs:
                seen = "no %s of %s by %s was reported" % (e.kind, e.door, e.domain)
            elif len(values) > 1:
                seen = "got, in order: " + " ".join(call_text(c) for c in got)
            else:
                tally = {}
                for c in got:
                    tally[call_text(c)] = tally.get(call_text(c), 0) + 1
                seen = "got " + ", ".join("%s x%d" % (r, k) for r, k in tally.items())
        elif e.kind == "restart":
            rs = [c["gen"] if c["gen"] is not None else c["error"] for c in run.restart_reports
                  if c["domain"] == e.door]
            ok = rs == [e.value]
            seen = ("the supervisor never restarted %s" % e.door if not rs else
                    "got " + ", ".join(code_text(r) if r < 0 else "generation %d" % r for r in rs))
        elif e.kind == "restarted":
            got = len(run.restarts.get(e.domain, []))
            ok = got == e.times
            seen = "restarted %d time%s" % (got, "" if got == 1 else "s")
        elif e.kind == "end":
            got = run.end_of(e.domain, e.gen)
            if got is None:
                seen = "%s did not end" % (e.domain if not e.gen else "generation %d of %s" % (e.gen, e.domain))
                if e.gen and e.gen not in run.incarnations(e.domain):
                    seen = "%s has no generation %d (not restarted)" % (e.domain, e.gen)
            else:
                ok = got[0] == e.how and (e.code is None or got[1] == e.code)
                seen = "ended: " + end_text(*got)
        elif e.kind == "told":
            told = [d for d in run.deaths if d["domain"] == e.domain and d["gen"] == e.gen]
            if not told:
                seen = "the supervisor was not told of the end of %s" % (
                    e.domain if not e.gen else "generation %d of %s" % (e.gen, e.domain))
            else:
                d = told[0]
                ok = len(told) == 1 and d["how"] == e.how and (e.code is None or d["code"] == e.code)
                seen = "told: %s" % end_text(d["how"], d["code"] or 0) + (
                    " (told %d times)" % len(told) if len(told) > 1 else "")
        elif e.kind == "order":
            if order is None:
                order = run.order_events()
            firsts = []
            for ev in e.events:
                hit = next(((p, i) for i, (p, x) in enumerate(order) if x == ev), None)
                firsts.append(hit)
            missing = [" ".join(ev) for ev, h in zip(e.events, firsts) if h is None]
            if missing:
                seen = "never happened: " + ", ".join(missing)
            else:
                ok = all(firsts[i][1] < firsts[i + 1][1] for i in range(len(firsts) - 1))
                seen = " ; ".join("%s %s" % (" ".join(ev), run.when(h[0])) for ev, h in zip(e.events, firsts))
                if not ok:
                    actual = [ev for _, ev in sorted(zip([h[1] for h in firsts], e.events))]
                    seen = "came as: " + " < ".join(" ".join(ev) for ev in actual) + " (" + seen + ")"
        elif e.kind == "clean":
            c = run.counts
            not_ended = ["%s%s" % (d, " gen %d" % g if g else "") for d in scn.domains
                         for g in run.incarnations(d) if run.end_of(d, g) is None]
            if c is None:
                seen = "no @counts line"
            else:
                left = [k for k in ("domains", "doors", "busy", "handles") if c.get(k) != 0]
                ok = not left and not not_ended
                seen = " ".join("%s=%s" % (k, c.get(k, "?")) for k in ("domains", "threads", "doors", "busy",
                                                                     "handles"))
            if not_ended:
                seen += "; not ended: " + ", ".join(not_ended)
        out("%-6s  line %d: %s  (%s)" % ("ok" if ok else "FAILED", e.line, e.text, seen))
        failed += not ok
    return failed



def judge(run, note, out):
    """Print the readable trace, results, ends and expectations of one run;
    True when every expectation holds and the kernel's verdict is PASS."""
    out()
    print_trace(run, out)
    out()
    print_calls(run, out)
    out()
    print_ends(run, out)
    out()
    verdict_ok = run.verdict == "PASS"
    if not verdict_ok or note:
        out("last console lines:")
        for l in [l for l in run.lines if l.strip()][-12:]:
            out("  | " + l)
        out()
    failed = check(run, out)
    out()
    for m in run.malformed:
        out("malformed line in the console: %s" % m)
    if run.dropped:
        out("the kernel's trace ring was full: %d trace line(s) not recorded, the trace is incomplete" % run.dropped)
    if note:
        out(note)
    if run.baseline is not None:
        out("kernel object counts after the run: %s" % (
            "back to the baseline" if run.baseline == "ok" else "NOT back to the baseline: " + run.baseline))
    out("kernel verdict: %s" % (run.verdict or "none printed"))
    return failed == 0 and verdict_ok

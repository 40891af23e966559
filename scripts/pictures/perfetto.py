"""The run as Chrome/Perfetto trace-event JSON (open it in ui.perfetto.dev).

One process (pid 1, the system), one track per thread (tid = thread id + 1:
viewers treat tid 0 as the idle task). Slices (B/E) are the time a thread
spends in each domain, nested by hop; flow arrows (s/f, bound to the
enclosing slice) go from a call to where its answer came back; instants (i)
mark deaths, splits, unwinds, abandons, revokes, injections and boosts, and
on the thread's track each activation taken or released, mutex locked,
waited for or unlocked, notification signalled, waited for or delivered;
flows also go from the thread that hands something over (an activation, a
mutex, a notification's bits, a lent priority) to the one that gets it; a
counter (C) per thread follows its effective priority. "ts" is in
microseconds: instructions retired / 1000, since one instruction is one
nanosecond of virtual time under -icount shift=0."""
PID = 1
INSTANT_KINDS = ("kill", "fault", "exit", "split", "orphan", "unwind", "abandon", "revoke", "inject", "boost",
                 "restart", "unsupervised", "wait")
GLOBAL_KINDS = ("kill", "fault", "exit", "restart", "unsupervised", "inject")


def us(ts):
    return ts / 1000.0


def tid_of(thread):
    return thread + 1 if thread is not None and thread >= 0 else 0


def trace_events(m):
    ev = [{"ph": "M", "name": "process_name", "pid": PID, "tid": 0, "ts": 0,
           "args": {"name": "Hinge scenario %s" % m.name}}]
    for t in m.threads():
        ev.append({"ph": "M", "name": "thread_name", "pid": PID, "tid": tid_of(t), "ts": 0,
                   "args": {"name": "t%d" % t}})
        ev.append({"ph": "M", "name": "thread_sort_index", "pid": PID, "tid": tid_of(t), "ts": 0,
                   "args": {"sort_index": t}})
    for s in m.slices:
        e = {"ph": s[0], "ts": us(s[1]), "pid": PID, "tid": tid_of(s[2]), "cat": "domain"}
        if s[0] == "B":
            e.update(name=s[3], args=s[4])
        ev.append(e)
    for ph, ts, thread, fid, name in m.flows:
        e = {"ph": ph, "ts": us(ts), "pid": PID, "tid": tid_of(thread), "name": name,
             "cat": "call" if name == "door call" else "handover", "id": fid}
        if ph == "f":
            e["bp"] = "e"
        ev.append(e)
    for st in m.steps:
        if st["kind"] in INSTANT_KINDS:
            g = st["kind"] in GLOBAL_KINDS
            ev.append({"ph": "i", "ts": us(st["ts"]), "pid": PID, "tid": tid_of(st["thread"]),
                       "name": st["label"], "cat": st["kind"], "s": "g" if g else "t",
                       "args": {"tick": st["tick"], "instructions": st["ts"]}})
    for mk in m.marks:
        ev.append({"ph": "i", "ts": us(mk["ts"]), "pid": PID, "tid": tid_of(mk["thread"]), "name": mk["label"],
                   "cat": mk["kind"], "s": "t", "args": {"tick": mk["tick"], "instructions": mk["ts"]}})
    for t, pl in sorted(m.prios.items()):
        for ts, prio, base, _ in pl:
            args = {"prio": prio}
            if base is not None:
                args["inherited"] = max(prio - base, 0)
            ev.append({"ph": "C", "ts": us(ts), "pid": PID, "tid": tid_of(t), "name": "prio t%d" % t,
                       "args": args})
    return ev


def trace_json(m):
    return {"traceEvents": trace_events(m), "displayTimeUnit": "ns",
            "otherData": {"scenario": m.name, "trace lines dropped": m.dropped,
                          "time": "ts = instructions retired / 1000 (microseconds): under -icount shift=0 "
                                  "one instruction is one nanosecond of virtual time; a tick is 1000 us"}}

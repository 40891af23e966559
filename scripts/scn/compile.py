"""A checked scenario model (scn/parse.py) -> the compiled boot form that
the kernel and the actor read (kern/abi/hinge/scn.h, docs/scenarios.md "The
compiled form"): numbered tables in which domains, doors and scripts refer
to each other by index, so neither of them parses the scenario language.

Numbering: domains and doors in file order (a door's number is also the
cookie the actor creates it with, which the kernel's trace prints as num=);
scripts in the order of their `on` and `run` lines in the file."""
from .parse import FAULT_KINDS, FileError
from .tree import ACTOR, BOOTFILE_MAX, SCN

STEP_KIND = {k: SCN["SCN_STEP_" + k.upper()] for k in
             ("call", "compute", "sleep", "return", "revoke", "close", "fault", "exit", "loop", "lookup", "lock",
              "unlock")}
DOOR_MODE = {"handoff": SCN["SCN_DOOR_HANDOFF"], "handoff_pi": SCN["SCN_DOOR_HANDOFF_PI"], None: 0}
FAULT = {k: SCN["SCN_FAULT_" + k.upper()] for k in FAULT_KINDS}
ACTION = {"kill": SCN["SCN_INJ_KILL"], "revoke": SCN["SCN_INJ_REVOKE"], "close": SCN["SCN_INJ_CLOSE"],
          "cancel": SCN["SCN_INJ_CANCEL"]}
EVENT = {"enter": SCN["SCN_EV_ENTER"], "return": SCN["SCN_EV_RETURN"], "tick": SCN["SCN_EV_TICK"],
         "start": SCN["SCN_EV_START"], "revoke": SCN["SCN_EV_REVOKED"], "unwind": SCN["SCN_EV_UNWIND"],
         "exhausted": SCN["SCN_EV_EXHAUSTED"]}


def scripts(scn):
    """[(line, domain running it, [Step])] of the `on` and `run` lines, and
    the script numbers {("on", door) or ("run", domain): index}."""
    lines = [(scn.on_line[d], ("on", d), steps) for d, steps in scn.on.items()] + \
            [(scn.run_line[d], ("run", d), steps) for d, steps in scn.run.items()]
    lines.sort(key=lambda x: x[0])
    return [steps for _, _, steps in lines], {key: i for i, (_, key, _) in enumerate(lines)}


def records(index, scn):
    """The records of scenario number index, after its scn line."""
    doms = {name: k for k, name in enumerate(scn.domains)}
    doors = {name: k for k, name in enumerate(scn.doors)}
    mutexes = {name: k for k, name in enumerate(scn.mutexes)}
    steps_of, number = scripts(scn)
    looked_up = {st.door for steps in steps_of for st in steps if st.kind == "lookup"}
    out = []
    for name, d in scn.domains.items():
        flags = ((SCN["SCN_DOM_SUPERVISOR"] if d["supervisor"] else 0) |
                 (SCN["SCN_DOM_RESTART"] if d["restart"] else 0))
        out.append("dom %d %d %d %d %d %d %s" % (doms[name], d["prio"], d["prio"] if d["maxprio"] is None else d["maxprio"], d["threads"],
                                                 number.get(("run", name), -1), flags, name))
        if d["budget"]:
            out.append("budget %d %d %d" % (doms[name], d["budget"], d["period"]))
        if d["hart"] is not None:
            out.append("hart %d %d" % (doms[name], d["hart"]))
    for name, d in scn.doors.items():
        flags = (SCN["SCN_DOOR_NOPI"] if d["nopi"] else 0) | DOOR_MODE[d["handoff"]]
        out.append("door %d %d %d %d %d %d %d %s" % (doors[name], doms[d["server"]], d["acts"],
                                                     number.get(("on", name), -1), name in looked_up, flags,
                                                     d["prio"] if d["prio"] is not None else 0, name))
    for name, m in scn.mutexes.items():
        out.append("mutex %d %d %d %s" % (mutexes[name], doms[m["domain"]], SCN["SCN_MUTEX_PI"] if m["pi"] else 0,
                                          name))
    for k, steps in enumerate(steps_of):
        out.append("script %d %d" % (k, len(steps)))
        for st in steps:
            value = (FAULT[st.value] if st.kind == "fault" else mutexes[st.mutex] if st.mutex else
                     st.value or 0)
            out.append("step %d %d %d %d" % (STEP_KIND[st.kind], doors.get(st.door, -1), st.nowait, value))
    for i in scn.injects:
        subject = doms[i["where"]] if i["where"] else doors[i["rdoor"]] if i["rdoor"] else -1
        count = i["tick"] if i["event"] == "tick" else i["k"] if i["where"] else 0
        out.append("inj %d %d %d %d %d %d %d %d" % (
            i["line"], ACTION[i["action"]], doms[i["target"]] if i["target"] else -1,
            doors[i["door"]] if i["door"] else -1, EVENT[i["event"]], subject, count,
            -1 if i["after"] is None else i["after"]))
    return "".join(r + "\n" for r in out)


def compile_scenarios(scns):
    """The boot file of one scenario or a batch (a list of models). Raises
    FileError when a scenario or the whole file is too large for the actor
    or the kernel."""
    sections, errors = [], []
    for k, scn in enumerate(scns):
        body = records(k, scn)
        text = "scn %d %d %d %d %s\n" % (k, scn.line0, scn.timeout, len(body.encode()), scn.name) + body
        if len(text.encode()) > ACTOR["FILE_MAX"]:
            errors.append("%s:%d:1: scenario %s compiles to %d bytes, more than the actor's FILE_MAX (%d): "
                          "expected fewer domains, doors or steps" % (
                              scn.path, scn.line0, scn.name, len(text.encode()), ACTOR["FILE_MAX"]))
        sections.append(text)
    boot = "hinge-scn %d %d\n" % (SCN["SCN_FORM_VERSION"], len(scns)) + "".join(sections)
    if len(boot.encode()) > BOOTFILE_MAX:
        errors.append("%s:1:1: the batch compiles to %d bytes, more than the kernel's BOOTFILE_MAX (%d): "
                      "expected fewer scenarios" % (scns[0].path, len(boot.encode()), BOOTFILE_MAX))
    if errors:
        raise FileError("\n".join(errors))
    return boot

# gdb commands for Hinge (loaded by scripts/gdbinit; docs/gdb.md).
#
# They read the kernel's own tables (threads[], domains[], doors[], names[],
# harts[]) and print names rather than pointers. They rely on the fields that
# make a thread, domain or door (state, home, cur, shuttle, wait, name,
# server, pool...); the others (uid, wake_tick, the scheduler's lists) are
# looked up by name and left out when absent.
import contextlib
import os
import gdb

# kern/thread.h: the status of a wait nobody has ended yet (INT_MIN).
WAIT_PENDING = -2 ** 31


@contextlib.contextmanager
def kernel_memory():
    """Make kernel data readable while the hart is in user mode.

    QEMU translates gdb's reads with the hart's current privilege, and the
    kernel's pages are supervisor-only, so from user code they cannot be
    read. The kernel maps RAM at its physical addresses (kern/vm.c), so
    reading physical memory (QEMU's PhyMemMode) reads the same bytes."""
    try:
        user = int(val("$priv")) == 0
    except gdb.error:
        user = False  # no target yet
    if user:
        gdb.execute("maint packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        yield
    finally:
        if user:
            gdb.execute("maint packet Qqemu.PhyMemMode:0", to_string=True)


class HingeCommand(gdb.Command):
    """A Hinge command: its body (run) reads kernel memory."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        with kernel_memory():
            self.run(arg)


def val(expr):
    return gdb.parse_and_eval(expr)


def field(v, name):
    """v[name], or None when the struct has no such field."""
    try:
        if name not in [f.name for f in v.type.strip_typedefs().fields()]:
            return None
        return v[name]
    except gdb.error:
        return None


def text(arr):
    """A char array as a Python string, up to its first NUL."""
    raw = bytes(gdb.selected_inferior().read_memory(arr.address, arr.type.sizeof))
    return raw.split(b"\0")[0].decode(errors="replace")


def enum_name(v, prefix):
    s = str(v)
    return s[len(prefix):].lower() if s.startswith(prefix) else s


def pool(name):
    """A kernel pool array (static in its file) by name, wherever gdb stands:
    an LTO build also describes it, without an address, in other units."""
    syms = gdb.lookup_static_symbols(name) + [gdb.lookup_global_symbol(name)]
    for sym in syms:
        if sym is not None and sym.value().address is not None:
            return sym.value()
    raise gdb.GdbError("no kernel array %s" % name)


def table(name):
    """The elements of a kernel pool array, with their indices."""
    arr = pool(name)
    lo, hi = arr.type.range()
    return [(i, arr[i]) for i in range(lo, hi + 1)]


def index_in(name, ptr):
    """Index of the element ptr points to in pool array `name`."""
    arr = pool(name)
    return int((int(ptr) - int(arr.address)) // arr[0].type.sizeof)


def current():
    """The thread running on hart 0, or None (idle, or not booted yet)."""
    t = pool("harts")[0]["sched"]["current"]
    return None if int(t) == 0 else t.dereference()


def dom_name(d):
    return "-" if int(d) == 0 else text(d.dereference()["name"])


def door_label(door):
    """'door N' plus the name it is published under, if any."""
    if int(door) == 0:
        return "-"
    label = "door %d" % index_in("doors", door)
    try:
        names = table("names")
    except gdb.GdbError:
        names = []  # no name registry: doors go by number
    for _, e in names:
        if int(e["door"]) == int(door) and int(e["gen"]) == int(door["gen"]):
            label += ' "%s"' % text(e["name"])
    return label


def live_threads():
    return [t for _, t in table("threads") if str(t["state"]) != "THREAD_FREE"]


# ---- user symbols ----------------------------------------------------------
# Every program is linked at the same address (usr/lib/user.ld), so only one
# program's symbols can be loaded at a time: the one of the domain the
# current thread runs in.

loaded_prog = None


def prog_dir():
    """build*/prog/ beside the kernel ELF gdb was given."""
    return os.path.join(os.path.dirname(gdb.objfiles()[0].filename), "prog")


def load_user(prog):
    global loaded_prog
    path = os.path.join(prog_dir(), prog + ".elf")
    if not os.path.exists(path):
        raise gdb.GdbError("no program %s" % path)
    for o in gdb.objfiles():
        if os.path.dirname(o.filename) == prog_dir():
            gdb.execute("remove-symbol-file %s" % o.filename, to_string=True)
    gdb.execute("add-symbol-file %s" % path, to_string=True)
    loaded_prog = prog
    return path


def current_prog():
    t = current()
    if t is None or int(t["cur"]) == 0:
        return None
    return text(t["cur"].dereference()["prog"])


class User(HingeCommand):
    """Load a user program's symbols: user [NAME]
Without NAME, the program of the domain the current thread runs in (its
domain's prog); with NAME, NAME.elf of the prog/ folder beside the kernel
ELF (build/prog/, or build-debug/prog/ with DEBUG=1). Either replaces the user
symbols loaded before (every program is linked at the same address).
With `set hinge-auto-user on` (the default) this happens at every stop."""

    def __init__(self):
        super().__init__("user")

    def run(self, arg):
        prog = arg.strip() or current_prog()
        if not prog:
            raise gdb.GdbError("no current thread: name a program")
        print("user symbols: %s" % load_user(prog))


class AutoUser(gdb.Parameter):
    """Whether each stop loads the symbols of the current domain's program."""
    set_doc = "Set whether each stop loads the current domain's user symbols."
    show_doc = "Show whether each stop loads the current domain's user symbols."

    def __init__(self):
        super().__init__("hinge-auto-user", gdb.COMMAND_FILES, gdb.PARAM_BOOLEAN)
        self.value = True


auto_user = AutoUser()


def on_stop():
    """Run by scripts/gdbinit's hook-stop, before gdb prints where it stopped,
    so that the location is shown with the right program's symbols."""
    if not auto_user.value:
        return
    with kernel_memory():
        try:
            prog = current_prog()
        except gdb.error:
            return  # not booted yet: nothing mapped
        if prog and prog != loaded_prog:
            print("[hinge-gdb] user symbols: %s (domain %s)" % (load_user(prog), dom_name(current()["cur"])))


# ---- listings --------------------------------------------------------------

class Threads(HingeCommand):
    """List every thread: threads
Columns: id (uid, the id user space sees, when it differs), state, home
domain, current domain, priority base/effective, shuttle depth, and what
the thread waits for when it is blocked (if the kernel records one).
The current thread is marked with *."""

    def __init__(self):
        super().__init__("threads")

    def run(self, arg):
        cur = current()
        print("   id  state     home         in           prio    depth  wait")
        for t in live_threads():
            mark = "*" if cur is not None and int(cur.address) == int(t.address) else " "
            tid = str(int(t["id"]))
            uid = field(t, "uid")
            if uid is not None and int(uid) != int(t["id"]):
                tid += "(%d)" % int(uid)
            sc = t["sc"]
            base = str(int(sc["prio"])) if int(sc) != 0 else "-"
            print(("%s %4s  %-8s  %-11s  %-11s  %-6s  %5d  %s" % (
                mark, tid, enum_name(t["state"], "THREAD_"), dom_name(t["home"]), dom_name(t["cur"]),
                "%s/%d" % (base, int(t["prio"])), int(t["shuttle"]["depth"]), wait_of(t))).rstrip())


def wait_of(t):
    """What a thread waits for (its struct wait, kern/thread.h): the kind,
    and the door of an activation pool, the thread of a reply, or the
    supervisor of a death wait."""
    w = t["wait"]
    kind = int(w["kind"])
    if kind == 0 or int(w["status"]) != WAIT_PENDING:
        return ""
    what = enum_name(w["kind"], "WAIT_")
    obj = w["obj"]
    if what == "activation":
        what += " of " + door_label(obj.cast(gdb.lookup_type("struct actpool").pointer())["door"])
    elif what == "unref":
        what += " of " + door_label(obj.cast(gdb.lookup_type("struct door").pointer()))
    elif what == "death":
        what += " from " + dom_name(obj.cast(gdb.lookup_type("struct domain").pointer()))
    return what


class Domains(HingeCommand):
    """List every domain: domains
Columns: id, name, state, program, threads whose home it is, and the ids of
the threads running in it now (a door call brings other domains' threads)."""

    def __init__(self):
        super().__init__("domains")

    def run(self, arg):
        here = {}
        for t in live_threads():
            if int(t["cur"]) != 0:
                here.setdefault(int(t["cur"]), []).append(str(int(t["id"])))
        print("  id  name         state  program       threads  running here")
        for _, d in table("domains"):
            if str(d["state"]) == "DOM_FREE":
                continue
            print(("%4d  %-11s  %-5s  %-12s  %7d  %s" % (
                int(d["id"]), text(d["name"]), enum_name(d["state"], "DOM_"), text(d["prog"]),
                int(d["nthreads"]), " ".join(here.get(int(d.address), [])))).rstrip())


class Doors(HingeCommand):
    """List every door: doors
Columns: id (index in doors[]) and published name, server domain, state,
mode and DOOR_F_* flags, activations busy/total, callers waiting for an
activation, calls in flight, handles naming it."""

    FLAGS = (("unref", 1), ("handoff", 2), ("handoff_pi", 4), ("nopi", 8))

    def __init__(self):
        super().__init__("doors")

    def run(self, arg):
        print("door                server       state    mode     flags   acts  waiters  inflight  handles")
        for _, d in table("doors"):
            if str(d["state"]) == "DOOR_FREE":
                continue
            pool = d["pool"]
            n = int(pool["n"])
            busy = sum(1 for i in range(n) if str(pool["act"][i]["state"]) == "ACT_BUSY")
            flags = int(d["flags"])
            names = [s for s, bit in self.FLAGS if flags & bit]
            print("%-18s  %-11s  %-7s  %-7s  %-6s  %d/%d  %7d  %8d  %7d" % (
                door_label(d.address), dom_name(d["server"]), enum_name(d["state"], "DOOR_"),
                enum_name(d["mode"], "DOOR_"), ",".join(names) or "-", busy, n,
                int(pool["nwaiters"]), int(d["inflight"]), int(d["nhandles"])))


def user_pc(pc, prog):
    """pc, with its symbol when prog's symbols are the ones loaded."""
    s = "%#x" % pc
    if prog == loaded_prog:
        sym = gdb.execute("info symbol %#x" % pc, to_string=True)
        if not sym.startswith("No symbol"):
            s += " <%s>" % sym.split(" in section")[0].replace(" + ", "+")
    return s


class Shuttle(HingeCommand):
    """Show a thread's door calls: shuttle [ID]
ID is a thread id (threads[] index); the default is the current thread.
One line per frame, outermost first: the domain the call came from (and
resumes on return), the door it went through, the activation it runs on
(index in the door's pool), and the pc the caller resumes at (the saved pc
of that hop's frame). Frames below the shuttle's base belong to the dead
caller of an orphan and are marked so."""

    def __init__(self):
        super().__init__("shuttle")

    def run(self, arg):
        if arg.strip():
            t = pool("threads")[int(arg, 0)]
        else:
            t = current()
            if t is None:
                raise gdb.GdbError("no current thread (the hart is idle): give a thread id")
        s = t["shuttle"]
        depth, base = int(s["depth"]), int(s["base"])
        print("thread %d: home %s, in %s, depth %d%s" % (
            int(t["id"]), dom_name(t["home"]), dom_name(t["cur"]), depth,
            ", base %d" % base if base else ""))
        if depth == 0:
            print("  in no door call")
            return
        print("  hop  caller       door                server       act  caller resumes at")
        for i in range(depth):
            f = s["frame"][i]
            door = f["door"]
            server = dom_name(door["server"]) if int(door) else "-"
            act = str(int(f["act"]["idx"])) if int(f["act"]) else "-"
            caller_prog = text(f["caller"]["prog"]) if int(f["caller"]) else None
            print("  %3d  %-11s  %-18s  %-11s  %3s  %s%s" % (
                i + 1, dom_name(f["caller"]), door_label(door), server, act,
                user_pc(int(t["frames"][i]["pc"]), caller_prog),
                "  (not this thread's: below base)" if i < base else ""))


class Runq(HingeCommand):
    """Show hart 0's scheduler queues: runq
The running thread, then the run queue from the highest priority down (each
level in the order its threads will run), then the sleeping and the
budget-throttled threads."""

    def __init__(self):
        super().__init__("runq")

    def run(self, arg):
        sched = pool("harts")[0]["sched"]
        cur = current()
        print("running: %s" % ("idle" if cur is None else describe(cur)))
        rq = sched["rq"]
        lo, hi = rq["head"].type.range()
        # The run queue keeps no count: the threads of every level, counted.
        levels = [(p, list(chain(rq["head"][p]))) for p in range(hi, lo - 1, -1)]
        print("run queue (%d):" % sum(len(ts) for _, ts in levels))
        for p, ts in levels:
            if ts:
                print("  prio %2d: %s" % (p, ", ".join(describe(t) for t in ts)))
        for name in ("sleepers", "throttled"):
            lst = field(sched, name)
            if lst is not None and int(lst) != 0:
                print("%s: %s" % (name, ", ".join(describe(t) for t in chain(lst))))


def chain(t):
    seen = 0
    while int(t) != 0 and seen < 1000:
        yield t.dereference()
        t = t["rq_next"]
        seen += 1


def describe(t):
    s = "%d %s" % (int(t["id"]), dom_name(t["cur"]))
    if int(t["cur"]) != int(t["home"]):
        s += " (home %s)" % dom_name(t["home"])
    wake = field(t, "wake_tick")
    if str(t["state"]) == "THREAD_SLEEPING" and wake is not None:
        s += " until tick %d" % int(wake)
    return s


class KPrint(HingeCommand):
    """Print a kernel expression, also while stopped in user code: kprint EXPR
As `print EXPR`, with kernel memory readable in user mode (where a plain
print of kernel data fails: the kernel's pages are supervisor-only)."""

    def __init__(self):
        super().__init__("kprint")

    def run(self, arg):
        gdb.execute("print " + arg)


User()
KPrint()
Threads()
Domains()
Doors()
Shuttle()
Runq()

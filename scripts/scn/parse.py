"""The scenario language (docs/scenarios.md) -> a checked model: the one
parser of .scn files. Every problem is a FileError naming the file, the line
and the column, and saying what was expected; a line gives at most one
error, and a declaration that fails still declares its name, so the lines
that use it do not add misleading errors of their own."""
import re

from .tree import ACTOR, COUNT_MAX, ERRNO, HOW, INJECT_AFTER_MAX, LIMITS, MAX_INJECTS

NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,15}$")
FAULT_KINDS = ("load", "store", "exec", "illegal", "misaligned", "ebreak")
ORDER_KINDS_2 = ("call", "return", "lookup")             # KIND DOMAIN DOOR
ORDER_KINDS_1 = ("enter", "kill", "fault", "exit", "unwind", "boost", "restart", "abandon", "unsupervised",
                 "cancel", "exhausted")  # KIND DOMAIN
ORDER_KINDS_DOOR = ("revoke",)                          # KIND DOOR
STEP_NAMES = "call, compute, sleep, return, revoke, close, lookup, lock, unlock, fault, exit, loop"
DIRECTIVES = "scenario, timeout, domain, door, mutex, on, run, inject, expect"
DOOR_MODES = ("nopi", "handoff", "handoff_pi")
INT64_MAX = (1 << 63) - 1


# ---------------------------------------------------------------- the file

class FileError(Exception):
    pass


class Step:
    def __init__(self, kind, line, door=None, value=None, nowait=False, mutex=None):
        self.kind, self.line, self.door, self.value, self.nowait = kind, line, door, value, nowait
        self.mutex = mutex

    def __str__(self):
        if self.kind == "call":
            return "call %s%s%s" % (self.door, " nowait" if self.nowait else "",
                                    " deadline=%d" % self.value if self.value else "")
        if self.kind in ("revoke", "close", "lookup"):
            return "%s %s" % (self.kind, self.door)
        if self.kind in ("lock", "unlock"):
            return "%s %s" % (self.kind, self.mutex)
        if self.kind == "loop":
            return "loop"
        return "%s %s" % (self.kind, self.value)


class Expect:
    def __init__(self, kind, line, text, **kw):
        self.kind, self.line, self.text = kind, line, text
        self.__dict__.update(kw)


class Scenario:
    def __init__(self, path):
        self.path = path
        self.name = None
        self.timeout = 5000
        self.domains = {}    # name -> dict(line, index, prio, maxprio, threads, supervisor, restart)
        self.supervisor = None  # name of the supervisor domain
        self.doors = {}      # name -> dict(line, server, acts, nopi, handoff (None or the word), prio)
        self.mutexes = {}    # name -> dict(line, domain, pi)
        self.on = {}         # door name -> [Step]
        self.run = {}        # domain name -> [Step]
        self.on_line = {}
        self.run_line = {}
        self.injects = []    # dict(line, target, event, where, k, tick, text)
        self.expects = []

    def served_by(self, dom):
        return [d for d, v in self.doors.items() if v["server"] == dom]

    def steps_of(self, dom):
        """Every step a thread can run in dom: its run line and its doors' on lines."""
        steps = list(self.run.get(dom, []))
        for door in self.served_by(dom):
            steps += self.on.get(door, [])
        return steps

    def calls(self, dom, door, kind="call"):
        return any(s.kind == kind and s.door == door for s in self.steps_of(dom))


def parse_uint(w):
    """Decimal number >= 0, at most INT64_MAX; None if not one."""
    if not re.match(r"^[0-9]+$", w):
        return None
    v = int(w, 10)
    return v if v <= INT64_MAX else None


def parse_int(w):
    if w.startswith("-"):
        v = parse_uint(w[1:])
        return -v if v is not None else None
    return parse_uint(w)


def parse_result(w):
    """An expected call result: a number or an HE_* name."""
    if w.startswith("HE_"):
        return ERRNO.get(w)
    return parse_int(w)


# HE_DEAD(B, fault): the call's own status names the dead domain and how it
# ended (kern/abi/hinge/door.h); the words may be split by spaces.
NAMED_RE = re.compile(r"^(HE_\w+)\(\s*([^,\s)]+)\s*(?:,\s*(\w+)\s*)?\)$")
NAMED_CODES = ("HE_DEAD", "HE_STALE")


def result_words(words):
    """The results of an expectation: HE_X(D, how) counts as one word."""
    return re.findall(r"HE_\w+\([^)]*\)|[^\s]+", " ".join(words))


class Result:
    """An expected call result: value, and for HE_DEAD(D, how) the domain
    the status must name and how it ended (None: any)."""

    def __init__(self, value, dead=None, how=None):
        self.value, self.dead, self.how = value, dead, how

    def matches(self, c):
        if c["result"] != self.value:
            return False
        if self.dead is None:
            return True
        return c["status"] == self.value and c.get("dead") == self.dead and (
            self.how is None or c.get("how") == self.how)


def split_batch(text):
    """The sections of a scenario file: [(first line, text)]. In a file whose
    first directive is `scenario`, every later line whose first word is
    `scenario` starts a new section (comments above it stay with the section
    before). Only the host splits a batch: the compiled form gives the kernel
    each section's length (scn/compile.py)."""
    lines = text.split("\n")
    first = lambda l: re.split(r"[\s#]", l.lstrip(" \t\r"), 1)[0]
    starts, seen = [0], False
    scenario_file = next((first(l) == "scenario" for l in lines if first(l)), False)
    for i, l in enumerate(lines):
        w = first(l)
        if scenario_file and w == "scenario" and seen:
            starts.append(i)
        seen = seen or bool(w)
    starts.append(len(lines))
    return [(starts[k] + 1, "\n".join(lines[starts[k]:starts[k + 1]]) +
             ("\n" if starts[k + 1] < len(lines) else "")) for k in range(len(starts) - 1)]


def parse_text(path, text):
    """Every scenario of text, the contents of the file at path (one
    scenario, or a batch): [Scenario]. Raises FileError with the problems
    of every section."""
    scns, errors = [], []
    for line0, sect in split_batch(text):
        try:
            scns.append(Parser(path, sect, line0).parse())
        except FileError as e:
            errors.append(str(e))
    if errors:
        raise FileError("\n".join(errors))
    return scns


def parse_file(path):
    """parse_text of the file at path."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise FileError("%s: cannot read: %s" % (path, e))
    return parse_text(path, text)


class Tok(str):
    """A word of the file, with where it starts (1-based line and column)."""

    def __new__(cls, text, line, col):
        t = str.__new__(cls, text)
        t.line, t.col = line, col
        return t


def tokens(body, line, cut_steps):
    """The words of a line (comment removed), as Toks; with cut_steps (an
    `on` or `run` line) ':' and ';' are words of their own."""
    pattern = r"[:;]|[^\s:;]+" if cut_steps else r"\S+"
    return [Tok(m.group(0), line, m.start() + 1) for m in re.finditer(pattern, body)]


class Parser:
    def __init__(self, path, text, line0=1):
        """A scenario: text, whose first line is line line0 of the file at
        path (a batch holds several)."""
        self.path = path
        self.text = text
        self.line0 = line0
        self.s = Scenario(path)
        self.s.line0 = line0
        self.errors = {}      # line -> (column, message): the first error of each line
        self.broken = set()   # names whose declaration failed: their uses say nothing more
        self.seen_directive = False
        self.at = None        # the first word of the line being read

    def err(self, line, msg, at=None):
        """An error on line, at word at (a Tok; default: the line's first
        word). A line keeps its first error only: the next ones would follow
        from it."""
        where = at if isinstance(at, Tok) else self.at
        col = where.col if where is not None and where.line == line else 1
        self.errors.setdefault(line, (col, msg))

    # --- names
    def new_name(self, line, what, name):
        if not NAME_RE.match(name):
            self.err(line, "expected a %s name of 1-15 letters, digits, '_' or '-', not '%s'" % (what, name),
                     name)
            return False
        return True

    def domain(self, line, name):
        if name in self.broken:
            return False
        if name not in self.s.domains:
            self.err(line, "domain '%s' is not declared (a `domain %s prio=P` line must come first)"
                     % (name, name), name)
            return False
        return True

    def door(self, line, name):
        if name in self.broken:
            return False
        if name not in self.s.doors:
            self.err(line, "door '%s' is not declared (a `door %s in DOMAIN` line must come first)"
                     % (name, name), name)
            return False
        return True

    def number(self, line, w, what, lo=0, hi=INT64_MAX, signed=False):
        """w as a decimal number in lo..hi ('-' only if signed)."""
        v = parse_int(w) if signed else parse_uint(w)
        if v is None or v < lo or v > hi:
            rng = ("%d..%d" % (lo, hi) if hi != INT64_MAX else
                   "a number" if signed else "a number >= %d" % lo)
            self.err(line, "expected %s as %s, not '%s'" % (what, rng, w), w)
            return None
        return v

    # --- the file
    def parse(self):
        for n, raw in enumerate(self.text.split("\n"), self.line0):
            body = raw.split("#", 1)[0]
            first = body.split(None, 1)[0] if body.strip() else None
            if first is None:
                continue
            words = tokens(body, n, first in ("on", "run"))
            d = words[0]
            self.at = d
            if not self.seen_directive and d != "scenario":
                # Nothing after it is read: it would all be misplaced.
                self.err(n, "expected `scenario NAME` as the first directive, not `%s`" % d)
                break
            self.seen_directive = True
            handler = getattr(self, "d_" + d, None)
            if handler is None and d in ("lock", "unlock"):
                self.err(n, "`%s` is a step: it belongs in an `on` or `run` line, after the ':'" % d)
            elif handler is None:
                self.err(n, "unknown directive '%s': expected one of %s" % (d, DIRECTIVES))
            else:
                handler(n, words)
        if not self.seen_directive and not self.errors:
            self.err(self.line0, "empty scenario: expected `scenario NAME` first")
        if not self.errors:
            # Whole-file checks only when every line is right: they would
            # otherwise report what a bad line left out.
            self.whole_file_checks()
        if self.errors:
            raise FileError("\n".join("%s:%d:%d: %s" % (self.path, ln, col, m)
                                       for ln, (col, m) in sorted(self.errors.items())))
        return self.s

    def d_scenario(self, n, w):
        # Always the section's first directive: split_batch starts a section
        # at every other `scenario` line.
        if len(w) != 2:
            self.err(n, "expected: scenario NAME")
            return
        if self.new_name(n, "scenario", w[1]):
            self.s.name = w[1]

    def d_timeout(self, n, w):
        if hasattr(self, "timeout_line"):
            self.err(n, "second `timeout` (the first is on line %d)" % self.timeout_line)
            return
        self.timeout_line = n
        if len(w) != 2:
            self.err(n, "expected: timeout TICKS")
            return
        v = self.number(n, w[1], "the timeout (ticks)", lo=1)
        if v is not None:
            self.s.timeout = v

    def options(self, n, words, allowed, what):
        opts = {}
        for w in words:
            k, eq, v = w.partition("=")
            if not eq or k not in allowed:
                self.err(n, "unknown %s option '%s': expected %s" % (what, w, ", ".join(
                    "%s=N" % a for a in allowed)), w)
                continue
            if k in opts:
                self.err(n, "option '%s' given twice" % k, w)
                continue
            opts[k] = Tok(v, w.line, w.col + len(k) + 1)
        return opts

    def d_domain(self, n, w):
        usage = ("expected: domain NAME prio=P [maxprio=M] [threads=N] [budget=B period=P] [hart=H] [supervisor] "
                 "[restart]")
        if len(w) < 2:
            self.err(n, usage)
            return
        name = w[1]
        if not self.new_name(n, "domain", name):
            self.broken.add(name)
            return
        if name in self.s.domains:
            self.err(n, "domain '%s' declared twice (first on line %d)" % (name, self.s.domains[name]["line"]),
                     name)
            return
        if len(self.s.domains) >= LIMITS["MAX_DOMAINS"]:
            self.err(n, "more than %d domains (MAX_DOMAINS)" % LIMITS["MAX_DOMAINS"], name)
            self.broken.add(name)
            return
        flags = [x for x in w[2:] if x in ("supervisor", "restart")]
        for f in flags:
            if flags.count(f) > 1:
                self.err(n, "`%s` given twice" % f, f)
        o = self.options(n, [x for x in w[2:] if x not in flags],
                         ("prio", "maxprio", "threads", "budget", "period", "hart"), "domain")
        dom = {"line": n, "index": len(self.s.domains), "prio": None, "maxprio": None, "threads": 0,
               "budget": 0, "period": 0, "hart": None,
               "supervisor": "supervisor" in flags, "restart": "restart" in flags}
        if dom["supervisor"]:
            if self.s.supervisor is not None:
                self.err(n, "a second supervisor: %s is one (line %d)" % (
                    self.s.supervisor, self.s.domains[self.s.supervisor]["line"]), flags[0])
            elif dom["restart"]:
                self.err(n, "the supervisor cannot be `restart`: nobody would restart it", flags[0])
            else:
                self.s.supervisor = name
        if "prio" not in o:
            self.err(n, "domain '%s' needs prio=P (0..63)" % name, name)
        else:
            dom["prio"] = self.number(n, o["prio"], "prio", 0, 63)
        if "maxprio" in o:
            dom["maxprio"] = self.number(n, o["maxprio"], "maxprio", 0, 63)
            if None not in (dom["maxprio"], dom["prio"]) and dom["maxprio"] < dom["prio"]:
                self.err(n, "maxprio=%d is below prio=%d" % (dom["maxprio"], dom["prio"]), o["maxprio"])
        if "threads" in o:
            t = self.number(n, o["threads"], "threads", 0, ACTOR["MAX_THREADS_EXTRA"])
            dom["threads"] = t or 0
        # The hart its threads run on (docs/smp.md): a kernel built for several.
        if "hart" in o:
            dom["hart"] = self.number(n, o["hart"], "hart", 0, LIMITS.get("MAX_HARTS", 8) - 1)
        # The budget cap (doors/SEMANTICS.md §18), ticks: both or neither.
        if ("budget" in o) != ("period" in o):
            self.err(n, "budget= and period= go together", o.get("budget") or o.get("period"))
        elif "budget" in o:
            dom["period"] = self.number(n, o["period"], "period", 1, 1 << 32) or 0
            dom["budget"] = self.number(n, o["budget"], "budget", 1, dom["period"] or 1 << 32) or 0
        self.s.domains[name] = dom

    def d_door(self, n, w):
        if len(w) > 1:
            # Whatever is wrong below, the lines that use this door say
            # nothing more about it.
            self.broken.add(w[1])
        if len(w) < 4 or w[2] != "in":
            self.err(n, "expected: door NAME in DOMAIN [acts=N] [nopi] [handoff | handoff_pi] [prio=P]",
                     w[2] if len(w) > 2 and w[2] != "in" else None)
            return
        name, server = w[1], w[3]
        if not self.new_name(n, "door", name):
            return
        if name in self.s.doors:
            self.err(n, "door '%s' declared twice (first on line %d)" % (name, self.s.doors[name]["line"]), name)
            return
        if not self.domain(n, server):
            return
        if server == self.s.supervisor:
            self.err(n, "%s is the supervisor: it serves no door (its thread waits for deaths)" % server, server)
            return
        if len(self.s.doors) >= ACTOR["SCN_DOORS"]:
            self.err(n, "more than %d doors (the actor's SCN_DOORS: every domain gets a handle to each)"
                     % ACTOR["SCN_DOORS"], name)
            return
        modes = [x for x in w[4:] if x in DOOR_MODES]
        for m in modes:
            if modes.count(m) > 1:
                self.err(n, "`%s` given twice" % m, m)
                return
        handoff = [m for m in modes if m != "nopi"]
        if len(handoff) > 1:
            self.err(n, "`handoff` and `handoff_pi` together: a door has one of them at most", handoff[1])
            return
        opts = [x for x in w[4:] if x not in modes]
        words = [x for x in opts if "=" not in x]
        if words:
            self.err(n, "expected: door NAME in DOMAIN [acts=N] [nopi] [handoff | handoff_pi] [prio=P], not '%s'"
                     % words[0], words[0])
            return
        o = self.options(n, opts, ("acts", "prio"), "door")
        if len(o) != len(opts):
            return
        acts = 2
        if "acts" in o:
            acts = self.number(n, o["acts"], "acts", 1, LIMITS["MAX_ACTS_PER_DOOR"])
            if acts is None:
                return
        # A handoff door's server threads run at one fixed base priority,
        # which the kernel takes in 0..the server's maxprio (door_prio_range,
        # doors/door.c); a migrating call runs at its caller's priority.
        prio = None
        if "prio" in o and not handoff:
            self.err(n, "prio= is the priority of a handoff door's server threads: it needs `handoff` or "
                     "`handoff_pi`", o["prio"])
            return
        if handoff:
            d = self.s.domains[server]
            prio = d["prio"]
            if "prio" in o:
                top = next((p for p in (d["maxprio"], d["prio"]) if p is not None), 63)
                prio = self.number(n, o["prio"], "prio (at most %s's maxprio)" % server, 0, top)
            if prio is None:  # a bad prio=, here or on the domain's line
                return
        self.broken.discard(name)
        self.s.doors[name] = {"line": n, "server": server, "acts": acts, "nopi": "nopi" in modes,
                              "handoff": handoff[0] if handoff else None, "prio": prio}

    def d_mutex(self, n, w):
        if len(w) > 1:
            self.broken.add(w[1])
        usage = "expected: mutex NAME in DOMAIN [pi]"
        if len(w) < 4 or w[2] != "in":
            self.err(n, usage, w[2] if len(w) > 2 and w[2] != "in" else None)
            return
        name, dom = w[1], w[3]
        if not self.new_name(n, "mutex", name):
            return
        if name in self.s.mutexes:
            self.err(n, "mutex '%s' declared twice (first on line %d)" % (name, self.s.mutexes[name]["line"]),
                     name)
            return
        if not self.domain(n, dom):
            return
        if len(w) > 5 or (len(w) == 5 and w[4] != "pi"):
            self.err(n, usage, w[4] if w[4] != "pi" else w[5])
            return
        if len(self.s.mutexes) >= ACTOR["MAX_MUTEXES"]:
            self.err(n, "more than %d mutexes (the actor's MAX_MUTEXES)" % ACTOR["MAX_MUTEXES"], name)
            return
        self.broken.discard(name)
        self.s.mutexes[name] = {"line": n, "domain": dom, "pi": len(w) == 5}

    def steps(self, n, words, dom, in_on, door=None):
        """The words of STEP ; STEP ... (after the ':'), run in domain dom;
        None after an error."""
        parts, cur = [], []
        for w in words + [None]:
            if w is None or w == ";":
                parts.append((cur, w))
                cur = []
            else:
                cur.append(w)
        out = []
        ender = None
        for part, sep in parts:
            if not part:
                what = ("after ':'" if len(parts) == 1 else "between two ';'" if sep is not None else
                        "after the last ';'")
                self.err(n, "expected a step %s" % what, sep)
                return None
            if ender is not None:
                self.err(n, "step `%s` never runs: `%s` before it %s" % (
                    " ".join(part), ender, "ends the call" if ender.startswith("return") else
                    "ends the domain" if not ender.startswith("loop") else "never ends"), part[0])
                return None
            st = self.step(n, part, dom, in_on, door)
            if st is None:
                return None
            out.append(st)
            if len(out) > ACTOR["MAX_STEPS"]:
                self.err(n, "more than %d steps on one line (the actor's MAX_STEPS)" % ACTOR["MAX_STEPS"],
                         part[0])
                return None
            if st.kind in ("return", "exit", "fault", "loop"):
                ender = str(st)
        return out

    def step(self, n, w, dom, in_on, door):
        k = w[0]
        where = "the `on %s:` line" % door

        def arity(m, usage):
            if len(w) != m:
                self.err(n, "expected: %s" % usage, w[min(m, len(w)) - 1] if len(w) > m else k)
                return False
            return True

        if k == "call":
            usage = "expected: call DOOR [nowait] [deadline=T]"
            extra = w[2:]
            nowait = "nowait" in extra[:1]
            rest = extra[1:] if nowait else extra
            if len(w) < 2 or len(rest) > 1 or (rest and not rest[0].startswith("deadline=")):
                self.err(n, usage, w[2] if len(w) > 2 else k)
                return None
            deadline = None
            if rest:
                # doors/SEMANTICS.md §19: ticks, the high half of a6.
                deadline = parse_uint(rest[0][len("deadline="):])
                if deadline is None or not 1 <= deadline < 1 << 32:
                    self.err(n, "expected deadline as 1..%d ticks, not '%s'" % ((1 << 32) - 1, rest[0]), rest[0])
                    return None
            if not self.door(n, w[1]):
                return None
            return Step("call", n, door=w[1], nowait=nowait, value=deadline)
        if k in ("compute", "sleep"):
            if not arity(2, "%s %s" % (k, "N" if k == "compute" else "TICKS")):
                return None
            v = self.number(n, w[1], "the %s count" % k, 0, COUNT_MAX)
            return None if v is None else Step(k, n, value=v)
        if k == "return":
            if not in_on:
                self.err(n, "`return` only ends a door call, so it belongs in an `on` line, not in `run`", k)
                return None
            if not arity(2, "return VALUE"):
                return None
            v = self.number(n, w[1], "the returned word", lo=-INT64_MAX, signed=True)
            return None if v is None else Step("return", n, value=v)
        if k in ("revoke", "close", "lookup"):
            if not arity(2, "%s DOOR" % k) or not self.door(n, w[1]):
                return None
            srv = self.s.doors[w[1]]["server"]
            if k == "lookup" and srv == dom:
                self.err(n, "`lookup %s` runs in %s, its server: a server keeps its own handle" % (w[1], dom), k)
                return None
            if k == "revoke" and srv != dom:
                self.err(n, "`revoke %s` runs in %s (%s), but only %s, the server of %s, may revoke it"
                         % (w[1], dom, where, srv, w[1]) if in_on else
                         "`revoke %s` runs in %s, but only %s, the server of %s, may revoke it"
                         % (w[1], dom, srv, w[1]), k)
                return None
            return Step(k, n, door=w[1])
        if k == "fault":
            if len(w) != 2 or w[1] not in FAULT_KINDS:
                self.err(n, "expected: fault KIND, KIND one of %s" % ", ".join(FAULT_KINDS),
                         w[1] if len(w) > 1 else k)
                return None
            return Step("fault", n, value=w[1])
        if k == "exit":
            if not arity(2, "exit STATUS"):
                return None
            v = self.number(n, w[1], "the exit status", lo=-INT64_MAX, signed=True)
            return None if v is None else Step("exit", n, value=v)
        if k == "loop":
            return Step("loop", n) if arity(1, "loop") else None
        if k in ("lock", "unlock"):
            if not arity(2, "%s MUTEX" % k):
                return None
            m = w[1]
            if m in self.broken:
                return None
            if m not in self.s.mutexes:
                self.err(n, "mutex '%s' is not declared (a `mutex %s in DOMAIN` line must come first)" % (m, m), m)
                return None
            # A mutex handle never leaves its domain (doors/SEMANTICS.md §8).
            owner = self.s.mutexes[m]["domain"]
            if owner != dom:
                self.err(n, "`%s %s` runs in %s%s, but mutex %s is %s's: only threads running in %s (its `run` "
                         "line, the `on` lines of its doors) can use it" % (
                             k, m, dom, " (%s)" % where if in_on else "", m, owner, owner), m)
                return None
            return Step(k, n, mutex=m)
        self.err(n, "unknown step '%s': expected one of %s" % (k, STEP_NAMES), k)
        return None

    def colon_line(self, n, w, what):
        """on NAME: ... / run NAME: ...: (NAME, the words after ':'), or
        (None, None) after an error."""
        usage = "expected: %s %s: STEP ; STEP ..." % (what, "DOOR" if what == "on" else "DOMAIN")
        if len(w) < 3 or w[1] in (":", ";") or w[2] != ":":
            self.err(n, usage, w[2] if len(w) > 2 and w[1] not in (":", ";") else w[1] if len(w) > 1 else None)
            return None, None
        return w[1], w[3:]

    def d_on(self, n, w):
        door, words = self.colon_line(n, w, "on")
        if door is None or not self.door(n, door):
            return
        if door in self.s.on:
            self.err(n, "second `on %s:` line (the first is on line %d)" % (door, self.s.on_line[door]), door)
            return
        st = self.steps(n, words, self.s.doors[door]["server"], True, door)
        if st is not None:
            self.s.on[door] = st
            self.s.on_line[door] = n

    def d_run(self, n, w):
        dom, words = self.colon_line(n, w, "run")
        if dom is None or not self.domain(n, dom):
            return
        if dom in self.s.run:
            self.err(n, "second `run %s:` line (the first is on line %d)" % (dom, self.s.run_line[dom]), dom)
            return
        st = self.steps(n, words, dom, False)
        if st is not None:
            self.s.run[dom] = st
            self.s.run_line[dom] = n

    def d_inject(self, n, w):
        usage = ("expected: inject kill DOMAIN | cancel DOMAIN | revoke DOOR | close DOMAIN DOOR  when  enter DOMAIN [K] | "
                 "return DOMAIN [K] | unwind DOMAIN [K] | exhausted DOMAIN [K] | tick T | start | revoke DOOR  [+N]")
        if "when" not in w:
            self.err(n, usage)
            return
        k = w.index("when")
        act, ev = w[1:k], w[k + 1:]
        if len(self.s.injects) == MAX_INJECTS:
            self.err(n, "more than %d injections (the kernel's MAX_INJECTS)" % MAX_INJECTS)
            return
        inj = {"line": n, "action": act[0] if act else None, "target": None, "door": None, "event": None,
               "where": None, "k": 1, "tick": None, "after": None, "rdoor": None, "text": " ".join(w[1:])}
        if len(act) == 2 and act[0] in ("kill", "cancel"):
            if not self.domain(n, act[1]):
                return
            inj["target"] = act[1]
        elif len(act) == 2 and act[0] == "revoke":
            if not self.door(n, act[1]):
                return
            inj["door"] = act[1]
        elif len(act) == 3 and act[0] == "close":
            if not (self.domain(n, act[1]) and self.door(n, act[2])):
                return
            inj["target"], inj["door"] = act[1], act[2]
        else:
            self.err(n, usage)
            return
        if ev and ev[-1].startswith("+"):
            a = self.number(n, Tok(ev[-1][1:], n, ev[-1].col + 1), "+N (instructions after the event)", 0,
                            INJECT_AFTER_MAX)
            if a is None:
                return
            inj["after"] = a
            ev = ev[:-1]
        if not ev:
            self.err(n, usage)
            return
        inj["event"] = ev[0]
        if ev[0] in ("enter", "return", "unwind", "exhausted"):
            if len(ev) not in (2, 3):
                self.err(n, usage)
                return
            if not self.domain(n, ev[1]):
                return
            inj["where"] = ev[1]
            if len(ev) == 3:
                k = self.number(n, ev[2], "K (which occurrence)", lo=1)
                if k is None:
                    return
                inj["k"] = k
        elif ev[0] == "tick":
            if len(ev) != 2:
                self.err(n, usage)
                return
            t = self.number(n, ev[1], "the tick", lo=0)
            if t is None:
                return
            inj["tick"] = t
        elif ev[0] == "start":
            if len(ev) != 1:
                self.err(n, usage)
                return
        elif ev[0] == "revoke":
            if len(ev) != 2:
                self.err(n, usage)
                return
            if not self.door(n, ev[1]):
                return
            inj["rdoor"] = ev[1]
        else:
            self.err(n, "unknown event '%s' for an injection (enter, return, unwind, exhausted, tick, start or revoke)" % ev[0])
            return
        self.s.injects.append(inj)

    def expect_results(self, n, text, a):
        """expect DOMAIN call|lookup DOOR = R [R ...]  /  expect SUPERVISOR restart DOMAIN = R"""
        dom, what, obj, res = a[0], a[1], a[2], a[4:]
        if not self.domain(n, dom):
            return
        if what == "restart":
            if not self.domain(n, obj):
                return
            if self.s.supervisor != dom:
                self.err(n, "only the supervisor restarts domains, and %s is not the supervisor" % dom)
                return
            if not self.s.domains[obj]["restart"]:
                self.err(n, "%s is never restarted: its `domain` line has no `restart`" % obj)
                return
        elif not self.door(n, obj):
            return
        vals, named = [], []
        for r in result_words(res):
            m = NAMED_RE.match(r)
            if m:
                if m.group(1) not in NAMED_CODES:
                    self.err(n, "bad result '%s': only %s name a dead domain" % (r, " and ".join(NAMED_CODES)))
                    return
                if not self.domain(n, m.group(2)):
                    return
                if m.group(3) is not None and m.group(3) not in HOW.values():
                    self.err(n, "bad result '%s': how the domain ended is exit, fault or kill" % r)
                    return
                if what != "call":
                    self.err(n, "bad result '%s': only a call names a dead domain" % r)
                    return
                vals.append(ERRNO[m.group(1)])
                named.append(Result(ERRNO[m.group(1)], m.group(2), m.group(3)))
                continue
            v = parse_result(r)
            if v is None:
                self.err(n, "bad result '%s': 0, a number, an HE_* name, HE_DEAD(DOMAIN, exit|fault|kill) or "
                         "HE_STALE(DOMAIN, exit|fault|kill) (%s)" % (
                    r, ", ".join(sorted(k for k in ERRNO if k != "HE_OK"))))
                return
            vals.append(v)
            named.append(Result(v))
        if what == "restart" and len(vals) != 1:
            self.err(n, "expected: expect %s restart %s = GENERATION or HE_* (one result: it is restarted once)"
                     % (dom, obj))
            return
        kind = "call" if what == "call" else what
        self.s.expects.append(Expect(kind, n, text, domain=dom, door=obj, value=vals[0], values=vals,
                                     results=named))

    def expect_end(self, n, text, a):
        """expect end|told DOMAIN [gen G] exit N | fault CAUSE | kill"""
        usage = "expected: expect %s DOMAIN [gen G] exit N | fault CAUSE | kill" % a[0]
        if len(a) < 3:
            self.err(n, usage)
            return
        if not self.domain(n, a[1]):
            return
        rest, gen = a[2:], 0
        if rest[0] == "gen":
            if len(rest) < 2:
                self.err(n, usage)
                return
            gen = self.number(n, rest[1], "the generation", 0, 1)
            if gen is None:
                return
            if gen > 0 and not self.s.domains[a[1]]["restart"]:
                self.err(n, "%s has no generation %d: its `domain` line has no `restart`" % (a[1], gen))
                return
            rest = rest[2:]
        if a[0] == "told" and self.s.supervisor is None:
            self.err(n, "nobody is told of deaths: no domain is the `supervisor`")
            return
        if a[0] == "told" and a[1] == self.s.supervisor:
            self.err(n, "the supervisor is not told of its own death")
            return
        if rest and rest[0] == "kill" and len(rest) == 1:
            how, v = "kill", None
        elif len(rest) == 2 and rest[0] in ("exit", "fault"):
            how = rest[0]
            if how == "exit":
                v = self.number(n, rest[1], "the exit status", lo=-INT64_MAX, signed=True)
            else:
                v = self.number(n, rest[1], "the fault cause (scause)")
            if v is None:
                return
        else:
            self.err(n, usage)
            return
        self.s.expects.append(Expect(a[0], n, text, domain=a[1], how=how, code=v, gen=gen))

    def d_expect(self, n, w):
        text = " ".join(w)
        a = w[1:]
        if len(a) >= 5 and a[1] in ("call", "lookup", "restart") and a[3] == "=":
            self.expect_results(n, text, a)
            return
        if not a:
            self.err(n, "expected: expect DOMAIN call DOOR = RESULT | end ... | told ... | restarted ... | "
                     "order ... | clean")
            return
        if a[0] in ("end", "told"):
            self.expect_end(n, text, a)
            return
        if a[0] == "restarted":
            usage = "expected: expect restarted DOMAIN [N times]"
            if len(a) not in (2, 4) or (len(a) == 4 and a[3] not in ("time", "times")):
                self.err(n, usage)
                return
            if not self.domain(n, a[1]):
                return
            times = 1
            if len(a) == 4:
                times = self.number(n, a[2], "the number of restarts")
                if times is None:
                    return
            if times and not self.s.domains[a[1]]["restart"]:
                self.err(n, "%s is never restarted: its `domain` line has no `restart`" % a[1])
                return
            if times > 1:
                self.err(n, "a domain is restarted at most once (docs/scenarios.md), not %d times" % times)
                return
            self.s.expects.append(Expect("restarted", n, text, domain=a[1], times=times))
            return
        if a[0] == "order":
            groups = " ".join(a[1:]).split("<")
            evs = []
            for g in groups:
                e = g.split()
                if not e:
                    self.err(n, "expected: expect order EVENT < EVENT [< EVENT ...] (an empty event)")
                    return
                if e[0] in ORDER_KINDS_2 and len(e) == 3:
                    if not (self.domain(n, e[1]) and self.door(n, e[2])):
                        return
                elif e[0] in ORDER_KINDS_1 and len(e) == 2:
                    if not self.domain(n, e[1]):
                        return
                elif e[0] in ORDER_KINDS_DOOR and len(e) == 2:
                    if not self.door(n, e[1]):
                        return
                else:
                    self.err(n, "bad event `%s`: call D X, return D X, lookup D X, enter D, kill D, fault D, "
                             "exit D, unwind D, boost D, restart D, abandon D, unsupervised D, cancel D, exhausted D or revoke X" % " ".join(e))
                    return
                evs.append(tuple(e))
            if len(evs) < 2:
                self.err(n, "`expect order` needs at least two events separated by '<'")
                return
            self.s.expects.append(Expect("order", n, text, events=evs))
            return
        if a[0] == "clean" and len(a) == 1:
            self.s.expects.append(Expect("clean", n, text))
            return
        self.err(n, "unknown expectation `%s` (expect DOMAIN call DOOR = RESULT, expect DOMAIN lookup DOOR = "
                 "RESULT, expect SUPERVISOR restart DOMAIN = RESULT, expect end ..., expect told ..., "
                 "expect restarted ..., expect order ..., expect clean)" % text)

    # --- checks that need the whole file
    def whole_file_checks(self):
        s = self.s
        nthreads = sum(1 + d["threads"] for d in s.domains.values()) + \
            sum(d["acts"] for d in s.doors.values() if d["handoff"])
        # The kernel has no idle thread (its scheduler loop idles the hart):
        # every one of MAX_THREADS is for the domains and the server threads
        # of handoff doors (one per activation).
        if nthreads > LIMITS["MAX_THREADS"]:
            self.err(self.line0, "%d threads in all, the kernel has %d (MAX_THREADS)" % (nthreads, LIMITS["MAX_THREADS"]))
        if len(s.on) + len(s.run) > ACTOR["MAX_SCRIPTS"]:
            self.err(max(list(s.on_line.values()) + list(s.run_line.values())),
                     "more than %d `on` and `run` lines (the actor's MAX_SCRIPTS)" % ACTOR["MAX_SCRIPTS"])
        for name, d in s.domains.items():
            own = [m for m, v in s.mutexes.items() if v["domain"] == name]
            if own and len(s.doors) + len(own) > LIMITS["MAX_HANDLES"]:
                self.err(s.mutexes[own[-1]]["line"], "%s holds %d door handles and %d mutex handles, more than "
                         "its handle table's MAX_HANDLES = %d slots" % (
                             name, len(s.doors), len(own), LIMITS["MAX_HANDLES"]))
            if len(s.served_by(name)) > ACTOR["MAX_OWN_DOORS"]:
                self.err(d["line"], "%s serves more than %d doors (the actor's MAX_OWN_DOORS)"
                         % (name, ACTOR["MAX_OWN_DOORS"]))
            if d["threads"] and name not in s.run:
                self.err(d["line"], "domain %s has threads=%d but no `run %s:` line for them to run"
                         % (name, d["threads"], name))
            if d["restart"] and s.supervisor is None:
                self.err(d["line"], "domain %s is `restart`, but no domain is the `supervisor` to restart it"
                         % name)
        for inj in s.injects:
            # (A budget runs out in a domain's own code too: `exhausted` needs no door.)
            if inj["where"] and inj["event"] != "exhausted" and not s.served_by(inj["where"]):
                self.err(inj["line"], "no thread can %s %s: it serves no door" % (inj["event"], inj["where"]))
            if inj["tick"] is not None and inj["tick"] >= s.timeout:
                self.err(inj["line"], "tick %d is not before the timeout (%d ticks)" % (inj["tick"], s.timeout))
        for inj in s.injects:
            if inj["rdoor"] and not (any(i["action"] == "revoke" and i["door"] == inj["rdoor"] for i in s.injects)
                                     or s.calls(s.doors[inj["rdoor"]]["server"], inj["rdoor"], "revoke")):
                self.err(inj["line"], "nothing revokes %s: no `revoke %s` step in %s and no `inject revoke %s`"
                         % (inj["rdoor"], inj["rdoor"], s.doors[inj["rdoor"]]["server"], inj["rdoor"]))
        killed = {i["target"] for i in s.injects if i["action"] == "kill"}
        for e in s.expects:
            if e.kind in ("call", "lookup") and not s.calls(e.domain, e.door, e.kind):
                self.err(e.line, "%s never %s %s (no `%s %s` step in its run line or its doors' on lines)"
                         % (e.domain, "calls" if e.kind == "call" else "looks up", e.door, e.kind, e.door))
            elif e.kind in ("end", "told"):
                self.end_possible(e.line, e.domain, e.how, killed, e.gen)
            elif e.kind == "order":
                for ev in e.events:
                    if ev[0] in ORDER_KINDS_2 and not s.calls(ev[1], ev[2], "lookup" if ev[0] == "lookup" else "call"):
                        self.err(e.line, "`%s` cannot happen: %s never %s %s" % (
                            " ".join(ev), ev[1], "looks up" if ev[0] == "lookup" else "calls", ev[2]))
                    elif ev[0] in ("enter", "unwind") and not s.served_by(ev[1]):
                        self.err(e.line, "`%s` cannot happen: %s serves no door" % (" ".join(ev), ev[1]))
                    elif ev[0] in ("fault", "kill"):
                        self.end_possible(e.line, ev[1], ev[0], killed)
                    elif ev[0] == "restart" and not s.domains[ev[1]]["restart"]:
                        self.err(e.line, "`%s` cannot happen: %s has no `restart`" % (" ".join(ev), ev[1]))

    def end_possible(self, line, dom, how, killed, gen=0):
        if how == "kill" and gen > 0:
            self.err(line, "nothing kills generation %d of %s: injections are about generation 0" % (gen, dom))
        elif how == "kill" and dom not in killed:
            self.err(line, "nothing kills %s: only `inject kill %s when ...` does" % (dom, dom))
        if how == "fault" and not any(st.kind == "fault" for st in self.s.steps_of(dom)):
            self.err(line, "%s cannot fault: no `fault` step in its run line or its doors' on lines" % dom)



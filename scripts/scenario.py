#!/usr/bin/env python3
"""Run one fault-injection scenario (docs/scenarios.md) and judge it.

Usage: scripts/scenario.py [--build DIR] [--timeout S] [--qemu QEMU] [--bios FW]
                           [--log CONSOLE] FILE.scn

1. The whole file is parsed and checked: every directive, step and
   expectation, and every name used must have been declared on an earlier
   line. Any problem is printed as "FILE:LINE: message" and the script exits
   with status 2 before anything is booted.
2. QEMU boots BUILD/kernel.elf with the file as initrd, under -icount
   shift=0,sleep=off (idle time jumps to the next timer deadline, never
   follows the host clock), for at most --timeout seconds of host time.
   The console is saved in
   BUILD/scenario-logs/NAME.console. With --log CONSOLE nothing is booted: a
   console saved earlier is checked instead (for debugging the checker, or
   re-reading a run).
3. The console is turned into a readable trace (one line per "@trace" event,
   indented by call depth), the "@call" results of the actors, how each
   domain ended, and one line per expectation, "ok" or "FAILED" with what was
   seen; the last line is "scenario NAME: PASS" or "scenario NAME: FAIL".

Exit status: 0 exactly when every expectation holds and the kernel printed
"[hinge] verdict: PASS"; 1 otherwise; 2 for a bad file or bad arguments.

A batch (a file with several `scenario NAME` lines, docs/scenarios.md,
"Batches") is checked section by section (line numbers are the file's),
booted once, and each scenario is judged on its own slice of the console
(from its "@scenario begin" line to the next): its report and verdict come
one after the other, then a summary line "batch FILE: N scenarios, P
passed, F failed". Exit status 0 exactly when every scenario passed.

How the console maps to the events of `expect order` (first occurrence,
in console order; docs/scenarios.md leaves the fields open, this is the
reading used here, matching kern/trace.c):
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
Return and unwind events carry no door: it is the door of the call event
that pushed the hop they pop (depth= is the new hop on a call, the depth left
after the pop on a return or unwind). The kernel names doors by id; an id is
matched to its name by an "@door name=X id=N" line or a cookie= field (the
actor's cookie is the door's index in the file) if there is one, else when
the domain entered serves only that door, else by pairing a return with the
"@call" line the same thread prints right after it. An id left unmatched is
shown as "door#N".

Python 3 standard library only.
"""
import argparse
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QEMU_DEFAULT = "qemu-system-riscv64"
BIOS_DEFAULT = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,15}$")
FAULT_KINDS = ("load", "store", "exec", "illegal", "misaligned", "ebreak")
ORDER_KINDS_2 = ("call", "return", "lookup")             # KIND DOMAIN DOOR
ORDER_KINDS_1 = ("enter", "kill", "fault", "exit", "unwind", "boost", "restart", "abandon", "unsupervised")  # KIND DOMAIN
ORDER_KINDS_DOOR = ("revoke",)                          # KIND DOOR
STEP_NAMES = "call, compute, sleep, return, revoke, close, lookup, fault, exit, loop"
HOW = {1: "exit", 2: "fault", 3: "kill"}                # struct hinge_death.how
DIRECTIVES = "scenario, timeout, domain, door, on, run, inject, expect"
INT64_MAX = (1 << 63) - 1

# RISC-V scause values a user fault can end a domain with.
SCAUSE = {0: "instruction address misaligned", 1: "instruction access fault",
          2: "illegal instruction", 3: "breakpoint", 4: "load address misaligned",
          5: "load access fault", 6: "store address misaligned", 7: "store access fault",
          8: "environment call", 12: "instruction page fault", 13: "load page fault",
          15: "store page fault"}


def read_defines(relpath, prefix, fallback):
    """#define PREFIX... NUMBER lines of a header of the tree, as a dict."""
    found = {}
    try:
        with open(os.path.join(REPO, relpath)) as f:
            for line in f:
                m = re.match(r"^\s*#define\s+(%s\w*)\s+(-?\d+)\b" % prefix, line)
                if m:
                    found[m.group(1)] = int(m.group(2))
    except OSError:
        pass
    return found or dict(fallback)


# Error codes and pool limits come from the headers, so they cannot drift.
ERRNO = read_defines("kern/abi/hinge/errno.h", "HE_",
                     {"HE_OK": 0, "HE_FAULT": -2, "HE_INVAL": -3, "HE_NOMEM": -4, "HE_PERM": -5,
                      "HE_NOENT": -6, "HE_BADHANDLE": -7, "HE_NOSPACE": -8, "HE_REVOKED": -9,
                      "HE_AGAIN": -10, "HE_DEPTH": -11, "HE_DEAD": -12, "HE_NOCALL": -13,
                      "HE_STALE": -14})
ERRNAME = {v: k for k, v in ERRNO.items() if k != "HE_OK"}
LIMITS = read_defines("kern/config.h", "MAX_",
                      {"MAX_DOMAINS": 32, "MAX_THREADS": 64, "MAX_HANDLES": 32,
                       "MAX_DOORS": 64, "MAX_ACTS_PER_DOOR": 8})
# The actor's own table sizes (usr/actor.c), checked when its source is there,
# so that a file the actor would refuse is refused here, before booting.
ACTOR = read_defines("usr/actor.c", "", {})
MAX_INJECTS = read_defines("kern/manifest.h", "MAX_INJECTS", {"MAX_INJECTS": 16})["MAX_INJECTS"]
INJECT_AFTER_MAX = 10 ** 12   # +N instructions (kern/manifest.h INJECT_AFTER_MAX)
BOOTFILE_MAX = read_defines("kern/config.h", "BOOTFILE_MAX", {"BOOTFILE_MAX": 131072})["BOOTFILE_MAX"]
COUNT_MAX = 1000000000   # compute and sleep counts the actor accepts


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


# ---------------------------------------------------------------- the file

class FileError(Exception):
    pass


class Step:
    def __init__(self, kind, line, door=None, value=None, nowait=False):
        self.kind, self.line, self.door, self.value, self.nowait = kind, line, door, value, nowait

    def __str__(self):
        if self.kind == "call":
            return "call %s%s" % (self.door, " nowait" if self.nowait else "")
        if self.kind in ("revoke", "close", "lookup"):
            return "%s %s" % (self.kind, self.door)
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
        self.doors = {}      # name -> dict(line, server, acts)
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
    """The sections of a boot file, as kern/batch.c cuts them: [(first line,
    text)]. In a file whose first directive is `scenario`, every later line
    whose first word is `scenario` starts a new section."""
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


def parse_batch(path):
    """Every scenario of the file (one, or a batch): [Scenario]. Raises
    FileError with every problem of every section."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise FileError("%s: cannot read: %s" % (path, e))
    sections = split_batch(text)
    scns, errors = [], []
    if len(sections) > 1 and len(text.encode()) > BOOTFILE_MAX:
        errors.append("%s:1: the batch is longer than %d bytes (the kernel's BOOTFILE_MAX)" % (path, BOOTFILE_MAX))
    for line0, sect in sections:
        try:
            scns.append(Parser(path, sect, line0).parse())
        except FileError as e:
            errors.append(str(e))
    if errors:
        raise FileError("\n".join(errors))
    return scns


class Parser:
    def __init__(self, path, text=None, line0=1):
        """The file at path, or (a section of a batch) text, whose first
        line is line line0 of the file."""
        self.path = path
        self.text = text
        self.line0 = line0
        self.s = Scenario(path)
        self.s.line0 = line0
        self.errors = []      # (line, message)
        self.seen_directive = False

    def err(self, line, msg):
        self.errors.append((line, msg))

    # --- names
    def new_name(self, line, what, name):
        if not NAME_RE.match(name):
            self.err(line, "bad %s name '%s': 1-15 letters, digits, '_' or '-'" % (what, name))
            return False
        return True

    def domain(self, line, name):
        if name not in self.s.domains:
            self.err(line, "domain '%s' is not declared (a `domain %s prio=P` line must come first)"
                     % (name, name))
            return False
        return True

    def door(self, line, name):
        if name not in self.s.doors:
            self.err(line, "door '%s' is not declared (a `door %s in DOMAIN` line must come first)"
                     % (name, name))
            return False
        return True

    def number(self, line, w, what, lo=0, hi=INT64_MAX, signed=False):
        """w as a decimal number in lo..hi ('-' only if signed)."""
        v = parse_int(w) if signed else parse_uint(w)
        if v is None or v < lo or v > hi:
            rng = ("%d..%d" % (lo, hi) if hi != INT64_MAX else
                   "a number" if signed else "a number >= %d" % lo)
            self.err(line, "%s must be %s, not '%s'" % (what, rng, w))
            return None
        return v

    # --- the file
    def parse(self):
        text = self.text
        if text is None:
            try:
                with open(self.path, encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError) as e:
                raise FileError("%s: cannot read: %s" % (self.path, e))
        if len(text.encode()) > ACTOR.get("FILE_MAX", len(text.encode())):
            self.err(self.line0, "the scenario is longer than %d bytes (the actor's FILE_MAX)" % ACTOR["FILE_MAX"])
        for n, raw in enumerate(text.split("\n"), self.line0):
            if len(raw) > ACTOR.get("LINE_MAX_LEN", len(raw)):
                self.err(n, "line longer than %d characters (the actor's LINE_MAX_LEN)" % ACTOR["LINE_MAX_LEN"])
            body = raw.split("#", 1)[0].strip()
            if not body:
                continue
            nwords = len(re.findall(r"[:;]|[^\s:;]+", body))
            if nwords > ACTOR.get("MAX_WORDS", nwords):
                self.err(n, "more than %d words (':' and ';' count) on one line (the actor's MAX_WORDS)"
                         % ACTOR["MAX_WORDS"])
            words = body.split()
            d = words[0]
            if not self.seen_directive and d != "scenario":
                self.err(n, "the first directive must be `scenario NAME`, not `%s`" % d)
            first = not self.seen_directive
            self.seen_directive = True
            handler = getattr(self, "d_" + d, None)
            if handler is None:
                self.err(n, "unknown directive '%s' (one of: %s)" % (d, DIRECTIVES))
                continue
            if d == "scenario":
                handler(n, words, first)
            elif d in ("on", "run"):
                handler(n, body[len(d):])
            else:
                handler(n, words)
        if not self.seen_directive:
            self.err(self.line0, "empty scenario: the first directive must be `scenario NAME`")
        self.whole_file_checks()
        if self.errors:
            self.errors.sort(key=lambda e: e[0])
            raise FileError("\n".join("%s:%d: %s" % (self.path, ln, m) for ln, m in self.errors))
        return self.s

    def d_scenario(self, n, w, first):
        if not first:
            self.err(n, "`scenario` must be the first directive of a scenario (a batch file starts each of its "
                        "scenarios with one)")
            return
        if len(w) != 2:
            self.err(n, "usage: scenario NAME")
            return
        if self.new_name(n, "scenario", w[1]):
            self.s.name = w[1]

    def d_timeout(self, n, w):
        if hasattr(self, "timeout_line"):
            self.err(n, "second `timeout` (the first is on line %d)" % self.timeout_line)
            return
        self.timeout_line = n
        if len(w) != 2:
            self.err(n, "usage: timeout TICKS")
            return
        v = self.number(n, w[1], "the timeout (ticks)", lo=1)
        if v is not None:
            self.s.timeout = v

    def options(self, n, words, allowed, what):
        opts = {}
        for w in words:
            k, eq, v = w.partition("=")
            if not eq or k not in allowed:
                self.err(n, "unknown %s option '%s' (options: %s)" % (what, w, ", ".join(
                    "%s=N" % a for a in allowed)))
                continue
            if k in opts:
                self.err(n, "option '%s' given twice" % k)
                continue
            opts[k] = v
        return opts

    def d_domain(self, n, w):
        if len(w) < 2:
            self.err(n, "usage: domain NAME prio=P [maxprio=M] [threads=N] [supervisor] [restart]")
            return
        name = w[1]
        if not self.new_name(n, "domain", name):
            return
        if name in self.s.domains:
            self.err(n, "domain '%s' declared twice (first on line %d)" % (name, self.s.domains[name]["line"]))
            return
        if len(self.s.domains) >= LIMITS["MAX_DOMAINS"]:
            self.err(n, "more than %d domains (MAX_DOMAINS)" % LIMITS["MAX_DOMAINS"])
            return
        flags = [x for x in w[2:] if x in ("supervisor", "restart")]
        for f in set(flags):
            if flags.count(f) > 1:
                self.err(n, "`%s` given twice" % f)
        o = self.options(n, [x for x in w[2:] if x not in flags], ("prio", "maxprio", "threads"), "domain")
        dom = {"line": n, "index": len(self.s.domains), "prio": None, "maxprio": None, "threads": 0,
               "supervisor": "supervisor" in flags, "restart": "restart" in flags}
        if dom["supervisor"]:
            if self.s.supervisor is not None:
                self.err(n, "a second supervisor: %s is one (line %d)" % (
                    self.s.supervisor, self.s.domains[self.s.supervisor]["line"]))
            elif dom["restart"]:
                self.err(n, "the supervisor cannot be `restart`: nobody would restart it")
            else:
                self.s.supervisor = name
        if "prio" not in o:
            self.err(n, "domain '%s' needs prio=P (1..63)" % name)
        else:
            dom["prio"] = self.number(n, o["prio"], "prio", 1, 63)
        if "maxprio" in o:
            dom["maxprio"] = self.number(n, o["maxprio"], "maxprio", 1, 63)
            if None not in (dom["maxprio"], dom["prio"]) and dom["maxprio"] < dom["prio"]:
                self.err(n, "maxprio=%d is below prio=%d" % (dom["maxprio"], dom["prio"]))
        if "threads" in o:
            t = self.number(n, o["threads"], "threads", 0,
                            ACTOR.get("MAX_THREADS_EXTRA", LIMITS["MAX_THREADS"] - 2))
            dom["threads"] = t or 0
        self.s.domains[name] = dom

    def d_door(self, n, w):
        if len(w) not in (4, 5) or w[2] != "in":
            self.err(n, "usage: door NAME in DOMAIN [acts=N]")
            return
        name, server = w[1], w[3]
        if not self.new_name(n, "door", name):
            return
        if name in self.s.doors:
            self.err(n, "door '%s' declared twice (first on line %d)" % (name, self.s.doors[name]["line"]))
            return
        if not self.domain(n, server):
            return
        if server == self.s.supervisor:
            self.err(n, "%s is the supervisor: it serves no door (its thread waits for deaths)" % server)
            return
        if len(self.s.doors) >= LIMITS["MAX_HANDLES"]:
            self.err(n, "more than %d doors: every domain gets a handle to each, and a handle table "
                     "has MAX_HANDLES = %d slots" % (LIMITS["MAX_HANDLES"], LIMITS["MAX_HANDLES"]))
            return
        acts = 2
        o = self.options(n, w[4:], ("acts",), "door")
        if "acts" in o:
            acts = self.number(n, o["acts"], "acts", 1, LIMITS["MAX_ACTS_PER_DOOR"]) or 2
        self.s.doors[name] = {"line": n, "server": server, "acts": acts}

    def steps(self, n, text, dom, in_on, door=None):
        """STEP ; STEP ... run in domain dom; None after an error."""
        out = []
        ender = None
        ok = True
        parts = text.split(";")
        for i, part in enumerate(parts):
            w = part.split()
            if not w:
                self.err(n, "empty step (%s)" % ("nothing after ':'" if len(parts) == 1 else
                                                 "two ';' in a row, or a ';' at the end"))
                ok = False
                continue
            if ender is not None:
                self.err(n, "step `%s` never runs: `%s` before it %s" % (
                    part.strip(), ender, "ends the call" if ender.startswith("return") else
                    "ends the domain" if not ender.startswith("loop") else "never ends"))
                ok = False
                break
            st = self.step(n, w, dom, in_on, door)
            if st is None:
                ok = False
                continue
            out.append(st)
            if len(out) == ACTOR.get("MAX_STEPS", -1) + 1:
                self.err(n, "more than %d steps on one line (the actor's MAX_STEPS)" % ACTOR["MAX_STEPS"])
                ok = False
            if st.kind in ("return", "exit", "fault", "loop"):
                ender = str(st)
        return out if ok else None

    def step(self, n, w, dom, in_on, door):
        k = w[0]
        where = "the `on %s:` line" % door

        def arity(m, usage):
            if len(w) != m:
                self.err(n, "usage: %s" % usage)
                return False
            return True

        if k == "call":
            if len(w) not in (2, 3) or (len(w) == 3 and w[2] != "nowait"):
                self.err(n, "usage: call DOOR [nowait]")
                return None
            if not self.door(n, w[1]):
                return None
            return Step("call", n, door=w[1], nowait=len(w) == 3)
        if k in ("compute", "sleep"):
            if not arity(2, "%s %s" % (k, "N" if k == "compute" else "TICKS")):
                return None
            v = self.number(n, w[1], "the %s count" % k, 0, COUNT_MAX)
            return None if v is None else Step(k, n, value=v)
        if k == "return":
            if not in_on:
                self.err(n, "`return` only ends a door call, so it belongs in an `on` line, not in `run`")
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
                self.err(n, "`lookup %s` runs in %s, its server: a server keeps its own handle" % (w[1], dom))
                return None
            if k == "revoke" and srv != dom:
                self.err(n, "`revoke %s` runs in %s (%s), but only %s, the server of %s, may revoke it"
                         % (w[1], dom, where, srv, w[1]) if in_on else
                         "`revoke %s` runs in %s, but only %s, the server of %s, may revoke it"
                         % (w[1], dom, srv, w[1]))
                return None
            return Step(k, n, door=w[1])
        if k == "fault":
            if len(w) != 2 or w[1] not in FAULT_KINDS:
                self.err(n, "usage: fault KIND, KIND one of %s" % ", ".join(FAULT_KINDS))
                return None
            return Step("fault", n, value=w[1])
        if k == "exit":
            if not arity(2, "exit STATUS"):
                return None
            v = self.number(n, w[1], "the exit status", lo=-INT64_MAX, signed=True)
            return None if v is None else Step("exit", n, value=v)
        if k == "loop":
            return Step("loop", n) if arity(1, "loop") else None
        self.err(n, "unknown step '%s' (steps: %s)" % (k, STEP_NAMES))
        return None

    def colon_line(self, n, rest, what):
        name, colon, steps = rest.partition(":")
        name = name.strip()
        if not colon:
            self.err(n, "usage: %s %s: STEP ; STEP ... (missing ':')" % (what, "DOOR" if what == "on" else "DOMAIN"))
            return None, None
        if not name or len(name.split()) != 1:
            self.err(n, "usage: %s %s: STEP ; STEP ..." % (what, "DOOR" if what == "on" else "DOMAIN"))
            return None, None
        return name, steps

    def d_on(self, n, rest):
        door, text = self.colon_line(n, rest, "on")
        if door is None or not self.door(n, door):
            return
        if door in self.s.on:
            self.err(n, "second `on %s:` line (the first is on line %d)" % (door, self.s.on_line[door]))
            return
        st = self.steps(n, text, self.s.doors[door]["server"], True, door)
        if st is not None:
            self.s.on[door] = st
            self.s.on_line[door] = n

    def d_run(self, n, rest):
        dom, text = self.colon_line(n, rest, "run")
        if dom is None or not self.domain(n, dom):
            return
        if dom in self.s.run:
            self.err(n, "second `run %s:` line (the first is on line %d)" % (dom, self.s.run_line[dom]))
            return
        st = self.steps(n, text, dom, False)
        if st is not None:
            self.s.run[dom] = st
            self.s.run_line[dom] = n

    def d_inject(self, n, w):
        usage = ("usage: inject kill DOMAIN | revoke DOOR | close DOMAIN DOOR  when  enter DOMAIN [K] | "
                 "return DOMAIN [K] | unwind DOMAIN [K] | tick T | start | revoke DOOR  [+N]")
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
        if len(act) == 2 and act[0] == "kill":
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
            a = self.number(n, ev[-1][1:], "+N (instructions after the event)", 0, INJECT_AFTER_MAX)
            if a is None:
                return
            inj["after"] = a
            ev = ev[:-1]
        if not ev:
            self.err(n, usage)
            return
        inj["event"] = ev[0]
        if ev[0] in ("enter", "return", "unwind"):
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
            self.err(n, "unknown event '%s' for an injection (enter, return, unwind, tick, start or revoke)" % ev[0])
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
            self.err(n, "usage: expect %s restart %s = GENERATION or HE_* (one result: it is restarted once)"
                     % (dom, obj))
            return
        kind = "call" if what == "call" else what
        self.s.expects.append(Expect(kind, n, text, domain=dom, door=obj, value=vals[0], values=vals,
                                     results=named))

    def expect_end(self, n, text, a):
        """expect end|told DOMAIN [gen G] exit N | fault CAUSE | kill"""
        usage = "usage: expect %s DOMAIN [gen G] exit N | fault CAUSE | kill" % a[0]
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
            self.err(n, "usage: expect DOMAIN call DOOR = RESULT | end ... | told ... | restarted ... | "
                     "order ... | clean")
            return
        if a[0] in ("end", "told"):
            self.expect_end(n, text, a)
            return
        if a[0] == "restarted":
            usage = "usage: expect restarted DOMAIN [N times]"
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
                    self.err(n, "usage: expect order EVENT < EVENT [< EVENT ...] (an empty event)")
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
                             "exit D, unwind D, boost D, restart D, abandon D, unsupervised D or revoke X" % " ".join(e))
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
        nthreads = sum(1 + d["threads"] for d in s.domains.values())
        # The kernel has no idle thread (its scheduler loop idles the hart):
        # every one of MAX_THREADS is for the domains.
        if nthreads > LIMITS["MAX_THREADS"]:
            self.err(self.line0, "%d threads in all, the kernel has %d (MAX_THREADS)" % (nthreads, LIMITS["MAX_THREADS"]))
        if len(s.on) + len(s.run) > ACTOR.get("MAX_SCRIPTS", len(s.on) + len(s.run)):
            self.err(max(list(s.on_line.values()) + list(s.run_line.values())),
                     "more than %d `on` and `run` lines (the actor's MAX_SCRIPTS)" % ACTOR["MAX_SCRIPTS"])
        for name, d in s.domains.items():
            if len(s.served_by(name)) > ACTOR.get("MAX_OWN_DOORS", len(s.doors)):
                self.err(d["line"], "%s serves more than %d doors (the actor's MAX_OWN_DOORS)"
                         % (name, ACTOR["MAX_OWN_DOORS"]))
            if d["threads"] and name not in s.run:
                self.err(d["line"], "domain %s has threads=%d but no `run %s:` line for them to run"
                         % (name, d["threads"], name))
            if d["restart"] and s.supervisor is None:
                self.err(d["line"], "domain %s is `restart`, but no domain is the `supervisor` to restart it"
                         % name)
        for inj in s.injects:
            if inj["where"] and not s.served_by(inj["where"]):
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


# ---------------------------------------------------------------- the console

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
        self.trace = []     # dict(pos, tick, ev, f=fields, door=kernel door id, level=call depth)
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
        self.doormap = {}   # kernel door id (text) -> (name or None, strength of the evidence)
        self.last_tick = {}  # console line -> tick of the latest trace event up to it
        self.paired = {}    # pos of a return/unwind event -> the @call line about that call
        self.parse()
        self.walk()
        self.resolve_doors()

    def parse(self):
        tick = None
        for pos, line in enumerate(self.lines):
            if "@trace" in line:
                m = TRACE_RE.search(line)
                if not m:
                    self.malformed.append(line)
                else:
                    tick = int(m.group(1))
                    self.trace.append({"pos": pos, "tick": tick, "ev": m.group(2),
                                       "f": dict(KV_RE.findall(m.group(3)))})
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
            elif "@door " in line:
                f = dict(KV_RE.findall(line[line.index("@door "):]))
                if "name" in f and "id" in f:
                    self.learn(f["id"], f["name"], 3)
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
            t["door"] = f.get("door")
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

    # --- door ids
    def learn(self, ident, name, strength):
        if ident is None or name not in self.scn.doors:
            return
        old = self.doormap.get(ident)
        if old is None or old[1] < strength:
            self.doormap[ident] = (name, strength)
        elif old[1] == strength and old[0] != name:
            self.doormap[ident] = (None, strength)   # contradictory evidence: leave it unnamed

    def door(self, v):
        if v is None:
            return None
        if v in self.scn.doors:
            return v
        return self.doormap.get(v, (None, 0))[0]

    def door_text(self, v):
        return self.door(v) or ("door#%s" % v if v is not None else "a door")

    def resolve_doors(self):
        names = list(self.scn.doors)
        for t in self.trace:
            f = t["f"]
            # The actor's cookie is the door's index in the file.
            c = num(f.get("cookie"))
            if c is not None and 0 <= c < len(names):
                self.learn(t["door"], names[c], 3)
            if t["ev"] == "inject" and f.get("dname") and f.get("door") not in (None, "-1"):
                self.learn(f["door"], f["dname"], 3)
            # The domain entered serves that door only.
            if t["ev"] == "call" and "to" in f and not num(f.get("result")):
                served = self.scn.served_by(f["to"])
                if len(served) == 1:
                    self.learn(t["door"], served[0], 2)
        # A call that comes back to domain D on thread T is followed by the
        # @call line T prints in D about it, before T makes another call.
        items = sorted([(t["pos"], "t", t) for t in self.trace] + [(c["pos"], "c", c) for c in self.calls],
                       key=lambda i: i[0])
        pending = {}
        for _, kind, it in items:
            if kind == "t":
                if it["ev"] in ("return", "unwind") and "thread" in it["f"]:
                    pending[it["f"]["thread"]] = (it["f"].get("to"), it)
                elif it["ev"] == "split" and "caller_thread" in it["f"]:
                    pending[it["f"]["caller_thread"]] = (it["f"].get("caller"), it)
            elif it["thread"] in pending:
                dom, t = pending.pop(it["thread"])
                if dom == it["domain"]:
                    self.paired[t["pos"]] = it
                    self.learn(t["door"], it["door"], 1 if t["ev"] == "return" else 0)

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


# ---------------------------------------------------------------- printing

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
        if ev == "return":
            st = ", status %s" % code_text(res) if res else ""
            return "%s <- %s: %s returns%s%s" % (to, door, frm or "?", st, gets)
        return "%s <- %s: sent back out of dead %s, status %s%s" % (
            to, door, frm or "?", code_text(res) if res is not None else "?", gets)
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
            return "priority raised to %s by inheritance (base %s): a waiter needs what this thread holds" % (
                f.get("prio", "?"), f.get("base", "?"))
        return "priority back to %s (nobody waits on it any more)" % f.get("prio", "?")
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
            server = run.scn.doors[t["door"]]["server"] if t["door"] in run.scn.doors else "?"
            out("  %6s  %-6s  %4s  %s%s's call of %s did not enter %s: %s" % (
                "~%s" % tick if tick is not None else "~", "t" + t["thread"] if t["thread"] else "-", "",
                indent(t["level"]), t["domain"], t["door"], server, code_text(t["result"])))
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


# ---------------------------------------------------------------- main

def boot(args, scn, logdir=None):
    """Boot scn; returns (console text, note or None, saved console path),
    or (None, why, None). The console is saved in logdir (default
    BUILD/scenario-logs) as NAME.console."""
    return boot_file(args, scn.path, scn.name, logdir)


def boot_file(args, path, name, logdir=None, timeout=None):
    """Boot the file at path (a scenario or a batch) for at most timeout
    (default args.timeout) seconds of host time; as boot(), the console
    saved as NAME.console."""
    timeout = timeout or args.timeout
    kernel = os.path.join(args.build, "kernel.elf")
    if not os.path.exists(kernel):
        return None, "%s not found (build it: make kernel)" % kernel, None
    cmd = [args.qemu, "-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "128M", "-nographic",
           "-icount", "shift=0,sleep=off", "-bios", args.bios, "-kernel", kernel, "-initrd", path]
    note = None
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        text = p.stdout.decode("utf-8", "replace")
        if p.returncode != 0:
            note = "QEMU exited with status %d" % p.returncode
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode("utf-8", "replace")
        note = "QEMU timed out after %d s of host time (killed)" % timeout
    except OSError as e:
        return None, "cannot run %s: %s" % (args.qemu, e), None
    logdir = logdir or os.path.join(args.build, "scenario-logs")
    os.makedirs(logdir, exist_ok=True)
    saved = os.path.join(logdir, name + ".console")
    with open(saved, "w") as f:
        f.write(text)
    return text, note, saved


def batch_runs(scns, text, note):
    """One Run per scenario of a batch, on its slice of the console, with the
    note that applies to it: the boot's note for the scenario the boot ended
    in; (None, why) for one the boot never reached."""
    slices = slice_console(text)
    runs = []
    for k, scn in enumerate(scns):
        if k not in slices:
            runs.append((None, "not run: the boot ended before it" + (" (%s)" % note if note else "")))
            continue
        run = Run(scn, slices[k])
        ended = any(SECTION_END_RE.search(l) for l in run.lines)
        runs.append((run, None if ended else (note or "the boot ended during this scenario")))
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build", help="build directory with kernel.elf (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=60, help="host seconds before QEMU is killed (default 60)")
    ap.add_argument("--qemu", default=os.environ.get("QEMU", QEMU_DEFAULT))
    ap.add_argument("--bios", default=os.environ.get("OPENSBI", BIOS_DEFAULT))
    ap.add_argument("--log", metavar="CONSOLE", help="check this saved console instead of booting")
    ap.add_argument("file", metavar="FILE.scn")
    args = ap.parse_args()

    try:
        scns = parse_batch(args.file)
    except FileError as e:
        print(e, file=sys.stderr)
        print("%s: not run (fix the file first)" % args.file, file=sys.stderr)
        return 2

    def out(s=""):
        print(s, flush=True)

    if len(scns) > 1:
        return main_batch(args, scns, out)
    scn = scns[0]

    out("scenario %s (%s): %d domains, %d doors, %d injections, %d expectations, timeout %d ticks" % (
        scn.name, args.file, len(scn.domains), len(scn.doors), len(scn.injects), len(scn.expects), scn.timeout))
    note, saved = None, None
    if args.log:
        text = read_log(args.log)
        if text is None:
            return 2
        out("console: %s (saved, nothing booted)" % args.log)
    else:
        r = boot(args, scn)
        if r[0] is None:
            out("cannot boot: %s" % r[1])
            out("scenario %s: FAIL" % scn.name)
            return 1
        text, note, saved = r

    run = Run(scn, text)
    passed = judge(run, note, out)
    if saved:
        out("console saved in %s (check it again: scripts/scenario.py --log %s %s)" % (saved, saved, args.file))
    out("scenario %s: %s" % (scn.name, "PASS" if passed else "FAIL"))
    return 0 if passed else 1


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
    if note:
        out(note)
    if run.baseline is not None:
        out("kernel object counts after the run: %s" % (
            "back to the baseline" if run.baseline == "ok" else "NOT back to the baseline: " + run.baseline))
    out("kernel verdict: %s" % (run.verdict or "none printed"))
    return failed == 0 and verdict_ok


def read_log(path):
    """A saved console (--log), or None after saying why it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        print("%s: cannot read: %s" % (path, e), file=sys.stderr)
        return None


def main_batch(args, scns, out):
    """Boot a batch once, judge each scenario on its slice of the console."""
    name = os.path.splitext(os.path.basename(args.file))[0]
    out("batch %s: %d scenarios in one boot" % (args.file, len(scns)))
    if args.log:
        text = read_log(args.log)
        if text is None:
            return 2
        note, saved = None, args.log
    else:
        text, note, saved = boot_file(args, args.file, name, timeout=args.timeout * len(scns))
        if text is None:
            out("cannot boot: %s" % note)
            out("batch %s: FAIL" % args.file)
            return 1
    failed = []
    for k, (scn, (run, why)) in enumerate(zip(scns, batch_runs(scns, text, note))):
        out()
        out("==== scenario %d of the batch: %s (from line %d)" % (k, scn.name, scn.line0))
        passed = False
        if run is None:
            out(why)
        else:
            passed = judge(run, why, out) and why is None
        out("scenario %s: %s" % (scn.name, "PASS" if passed else "FAIL"))
        if not passed:
            failed.append(scn.name)
    out()
    if saved:
        out("console saved in %s" % saved)
    out("batch %s: %d scenarios, %d passed, %d failed%s" % (
        args.file, len(scns), len(scns) - len(failed), len(failed),
        (": " + " ".join(failed)) if failed else ""))
    return 0 if not failed else 1



if __name__ == "__main__":
    sys.exit(main())

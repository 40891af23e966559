"""Host tests of the scenario tools (scripts/scn): the parser on good and bad
files, the compiled boot form, and the reading of a console. Run by
scripts/run-tests.sh (python3 -m unittest), each test counted."""
import os
import re
import sys
import unittest
from unittest import mock

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))

from scn.compile import compile_scenarios  # noqa: E402
from scn.console import Run  # noqa: E402
from scn.parse import FileError, parse_text  # noqa: E402
from scn.report import describe  # noqa: E402
from scn.tree import ACTOR, LIMITS, SCN  # noqa: E402

LEAF = """scenario leaf-fault
timeout 3000
domain A prio=10
domain B prio=5
domain C prio=5
door b in B
door c in C acts=3
on b: call c
on c: fault load
run A: call b
expect A call b = HE_DEAD
expect clean
"""


def errors(text):
    """The error lines parse_text gives for text (none: [])."""
    try:
        parse_text("t.scn", text)
    except FileError as e:
        return str(e).split("\n")
    return []


class GoodFiles(unittest.TestCase):
    def test_a_scenario_becomes_a_model(self):
        s = parse_text("t.scn", LEAF)[0]
        self.assertEqual(s.name, "leaf-fault")
        self.assertEqual(s.timeout, 3000)
        self.assertEqual(list(s.domains), ["A", "B", "C"])
        self.assertEqual(s.doors["c"], {"line": 7, "server": "C", "acts": 3, "nopi": False, "handoff": None,
                                        "prio": None})
        self.assertEqual([str(st) for st in s.on["b"]], ["call c"])
        self.assertEqual([str(st) for st in s.run["A"]], ["call b"])
        self.assertEqual(len(s.expects), 2)

    def test_steps_may_touch_the_colon_and_semicolons(self):
        s = parse_text("t.scn", LEAF.replace("on b: call c", "on b:call c;compute 5 ;return 3"))[0]
        self.assertEqual([str(st) for st in s.on["b"]], ["call c", "compute 5", "return 3"])

    def test_every_scenario_line_of_a_batch_starts_a_section(self):
        scns = parse_text("t.scn", LEAF + "# about the next\n" + LEAF.replace("leaf-fault", "second"))
        self.assertEqual([s.name for s in scns], ["leaf-fault", "second"])
        self.assertEqual([s.line0 for s in scns], [1, 14])

    def test_door_modes(self):
        s = parse_text("t.scn", LEAF.replace("domain B prio=5", "domain B prio=5 maxprio=9")
                       .replace("door b in B", "door b in B handoff_pi nopi prio=9")
                       .replace("door c in C acts=3", "door c in C nopi acts=3") + "door d in B handoff\n")[0]
        self.assertEqual(s.doors["b"], {"line": 6, "server": "B", "acts": 2, "nopi": True, "handoff": "handoff_pi",
                                        "prio": 9})
        self.assertEqual((s.doors["c"]["nopi"], s.doors["c"]["handoff"], s.doors["c"]["prio"]), (True, None, None))
        self.assertEqual((s.doors["d"]["handoff"], s.doors["d"]["prio"]), ("handoff", 5),
                         "a handoff door's threads default to the server's prio")

    def test_mutexes_and_their_steps(self):
        s = parse_text("t.scn", LEAF.replace("door c in C acts=3", "door c in C acts=3\nmutex m in C pi\n"
                                             "mutex n in A")
                       .replace("on c: fault load", "on c: lock m ; unlock m")
                       .replace("run A: call b", "run A: lock n ; call b ; unlock n"))[0]
        self.assertEqual(s.mutexes, {"m": {"line": 8, "domain": "C", "pi": True},
                                     "n": {"line": 9, "domain": "A", "pi": False}})
        self.assertEqual([str(st) for st in s.on["c"]], ["lock m", "unlock m"])
        self.assertEqual([str(st) for st in s.run["A"]], ["lock n", "call b", "unlock n"])

    def test_every_file_of_tests_scenarios_parses(self):
        d = os.path.join(REPO, "tests", "scenarios")
        for f in sorted(os.listdir(d)):
            if f.endswith(".scn"):
                with open(os.path.join(d, f)) as fh:
                    compile_scenarios(parse_text(f, fh.read()))


class BadFiles(unittest.TestCase):
    def one_error(self, text, line, col, *words):
        """text gives exactly one error, at line:col, saying words."""
        got = errors(text)
        self.assertEqual(len(got), 1, "\n".join(got))
        m = re.match(r"^t\.scn:(\d+):(\d+): (.*)$", got[0])
        self.assertIsNotNone(m, got[0])
        self.assertEqual((int(m.group(1)), int(m.group(2))), (line, col), got[0])
        for w in words:
            self.assertIn(w, m.group(3))

    def test_a_bad_word_on_a_door_line_is_one_error(self):
        text = LEAF.replace("door b in B", "door b in B acts=2 extra")
        self.one_error(text, 6, 20, "expected", "door NAME in DOMAIN")

    def test_door_mode_errors(self):
        self.one_error(LEAF.replace("door b in B", "door b in B handoff handoff_pi"), 6, 21,
                       "`handoff` and `handoff_pi` together")
        self.one_error(LEAF.replace("door b in B", "door b in B nopi nopi"), 6, 13, "`nopi` given twice")
        self.one_error(LEAF.replace("door b in B", "door b in B prio=3"), 6, 18, "prio=", "needs `handoff`")
        self.one_error(LEAF.replace("door b in B", "door b in B handoff prio=6"), 6, 26,
                       "expected prio (at most B's maxprio) as 0..5, not '6'")
        self.one_error(LEAF.replace("door b in B", "door b in B handoff_pi prio=-1"), 6, 29, "as 0..5, not '-1'")
        self.one_error(LEAF.replace("door b in B", "door b in B pi"), 6, 13, "[nopi] [handoff | handoff_pi]",
                       "not 'pi'")

    def test_mutex_errors(self):
        m = LEAF.replace("door c in C acts=3", "door c in C acts=3\nmutex m in C")
        self.one_error(m.replace("on c: fault load", "on c: lock zz"), 10, 12, "mutex 'zz' is not declared")
        self.one_error(m.replace("on b: call c", "on b: call c ; lock m"), 9, 21,
                       "`lock m` runs in B (the `on b:` line), but mutex m is C's")
        self.one_error(m.replace("run A: call b", "run A: call b ; unlock m"), 11, 24,
                       "`unlock m` runs in A, but mutex m is C's")
        self.one_error(m + "lock m\n", 14, 1, "`lock` is a step", "`on` or `run` line")
        self.one_error(m.replace("mutex m in C", "mutex m in C pi pi"), 8, 17, "expected: mutex NAME in DOMAIN [pi]")
        self.one_error(m.replace("mutex m in C", "mutex m in Q"), 8, 12, "domain 'Q' is not declared")
        self.one_error(m + "mutex m in A\n", 14, 7, "mutex 'm' declared twice (first on line 8)")
        self.one_error(m.replace("on c: fault load", "on c: lock m m"), 10, 12, "expected: lock MUTEX")

    def test_a_broken_mutex_line_does_not_spread(self):
        m = LEAF.replace("door c in C acts=3", "door c in C acts=3\nmutex m in C xx")
        self.one_error(m.replace("on c: fault load", "on c: lock m"), 8, 14, "expected: mutex NAME")

    def test_mutex_handles_count_in_the_handle_table(self):
        # With the kernel's 96 slots, the actor's 32 doors and 16 mutexes never
        # fill a table: the check is tested with a table of 32.
        servers = "".join("domain S%d prio=1\n" % k for k in range(4))
        doors = "".join("door d%d in S%d\n" % (i, i // 8) for i in range(29))
        text = LEAF.replace("door b in B", servers + "door b in B").replace(
            "door c in C acts=3", "door c in C acts=3\n" + doors + "mutex m0 in C\nmutex m1 in C")
        with mock.patch.dict(LIMITS, {"MAX_HANDLES": 32}):
            self.one_error(text, text.split("\n").index("mutex m1 in C") + 1, 1,
                           "C holds 31 door handles and 2 mutex handles", "MAX_HANDLES = 32")

    def test_handoff_server_threads_count_as_threads(self):
        doors = "".join("door d%d in %s acts=8 handoff\n" % (i, "AC"[i % 2]) for i in range(8))
        self.one_error(LEAF.replace("door c in C acts=3", "door c in C acts=3\n" + doors), 1, 1,
                       "67 threads in all", "MAX_THREADS")

    def test_an_undeclared_server_is_one_error(self):
        self.one_error(LEAF.replace("door b in B", "door b in Bx"), 6, 11, "domain 'Bx' is not declared")

    def test_a_bad_domain_line_does_not_spread(self):
        self.one_error(LEAF.replace("domain B prio=5", "domain B prio=99"), 4, 15, "prio", "0..63")

    def test_an_unknown_step_names_its_column(self):
        self.one_error(LEAF.replace("on c: fault load", "on c: compute 3 ; jump"), 9, 19,
                       "unknown step 'jump'", "expected one of")

    def test_a_missing_colon(self):
        self.one_error(LEAF.replace("run A: call b", "run A call b"), 10, 7, "expected: run DOMAIN:")

    def test_an_empty_step(self):
        self.one_error(LEAF.replace("on b: call c", "on b: call c ;; compute 1"), 8, 15, "expected a step")

    def test_two_problems_on_one_line_give_one_error(self):
        self.one_error(LEAF.replace("domain C prio=5", "domain C prio=64 threads=99"), 5, 15, "prio")

    def test_a_budget_cap_is_compiled_to_a_budget_record(self):
        s = parse_text("t.scn", LEAF.replace("domain B prio=5", "domain B prio=5 budget=2 period=7"))[0]
        self.assertEqual((s.domains["B"]["budget"], s.domains["B"]["period"]), (2, 7))
        self.assertEqual((s.domains["A"]["budget"], s.domains["A"]["period"]), (0, 0), "unlimited")
        records = compile_scenarios([s]).split("\n")
        self.assertIn("budget 1 2 7", records)
        self.assertEqual([r for r in records if r.startswith("budget")], ["budget 1 2 7"])

    def test_a_call_deadline_is_the_call_steps_value(self):
        s = parse_text("t.scn", LEAF.replace("run A: call b", "run A: call b deadline=9 ; call b nowait deadline=3"))[0]
        self.assertEqual([str(st) for st in s.run["A"]], ["call b deadline=9", "call b nowait deadline=3"])
        records = compile_scenarios([s]).split("\n")
        self.assertIn("step 0 0 0 9", records)
        self.assertIn("step 0 0 1 3", records)
        self.one_error(LEAF.replace("run A: call b", "run A: call b deadline=0"), 10, 15, "expected deadline as 1..")
        self.one_error(LEAF.replace("run A: call b", "run A: call b soon"), 10, 15, "call DOOR [nowait] [deadline=T]")

    def test_a_bad_budget(self):
        self.one_error(LEAF.replace("domain B prio=5", "domain B prio=5 budget=2"), 4, 24, "go together")
        self.one_error(LEAF.replace("domain B prio=5", "domain B prio=5 budget=8 period=7"), 4, 24,
                       "expected budget as 1..7")
        self.one_error(LEAF.replace("domain B prio=5", "domain B prio=5 budget=1 period=0"), 4, 33,
                       "expected period as 1..")

    def test_the_first_directive_is_scenario(self):
        self.one_error("# a comment\n  timeout 5\n" + LEAF, 2, 3, "expected `scenario NAME`")

    def test_an_undeclared_door_in_a_step(self):
        self.one_error(LEAF.replace("run A: call b", "run A: compute 1 ; call zz"), 10, 25, "door 'zz'")

    def test_a_bad_injection_delay_points_at_the_number(self):
        self.one_error(LEAF + "inject kill C when enter C +x\n", 13, 29, "+N")

    def test_an_empty_file(self):
        self.one_error("# nothing\n", 1, 1, "empty scenario")

    def test_a_cancel_injection_names_one_domain(self):
        self.one_error(LEAF + "inject cancel b when enter C\n", 13, 15, "is not declared")
        self.one_error(LEAF + "inject cancel A B when enter C\n", 13, 1, "cancel DOMAIN")

    def test_independent_lines_each_give_their_error(self):
        got = errors(LEAF.replace("domain B prio=5", "domain B prio=x")
                     .replace("on c: fault load", "on c: fault x"))
        self.assertEqual([g.split(":")[1] for g in got], ["4", "9"])


class Compiled(unittest.TestCase):
    def test_the_records_of_a_scenario(self):
        boot = compile_scenarios(parse_text("t.scn", LEAF + "inject kill C when enter C 2 +500\n"
                                            "inject close A c when revoke b\ninject revoke b when tick 9\n"))
        call, fault = SCN["SCN_STEP_CALL"], SCN["SCN_STEP_FAULT"]
        records = boot.split("\n")
        self.assertEqual(records[0], "hinge-scn %d 1" % SCN["SCN_FORM_VERSION"])
        self.assertTrue(records[1].startswith("scn 0 1 3000 "))
        self.assertTrue(records[1].endswith(" leaf-fault"))
        self.assertEqual(records[2:14], [
            "dom 0 10 10 0 2 0 A",
            "dom 1 5 5 0 -1 0 B",
            "dom 2 5 5 0 -1 0 C",
            "door 0 1 2 0 0 0 0 b",
            "door 1 2 3 1 0 0 0 c",
            "script 0 1",
            "step %d 1 0 0" % call,
            "script 1 1",
            "step %d -1 0 %d" % (fault, SCN["SCN_FAULT_LOAD"]),
            "script 2 1",
            "step %d 0 0 0" % call,
            "inj 13 %d 2 -1 %d 2 2 500" % (SCN["SCN_INJ_KILL"], SCN["SCN_EV_ENTER"]),
        ])
        self.assertEqual(records[14], "inj 14 %d 0 1 %d 0 0 -1" % (SCN["SCN_INJ_CLOSE"], SCN["SCN_EV_REVOKED"]))
        self.assertEqual(records[15], "inj 15 %d -1 0 %d -1 9 -1" % (SCN["SCN_INJ_REVOKE"], SCN["SCN_EV_TICK"]))

    def test_a_cancel_injection_names_its_domain(self):
        records = compile_scenarios(parse_text("t.scn", LEAF + "inject cancel A when enter C\n")).split("\n")
        self.assertEqual(records[13], "inj 13 %d 0 -1 %d 2 1 -1" % (SCN["SCN_INJ_CANCEL"], SCN["SCN_EV_ENTER"]))

    def test_door_modes_and_mutexes(self):
        text = (LEAF.replace("domain B prio=5", "domain B prio=5 maxprio=9")
                .replace("door b in B", "door b in B handoff_pi nopi prio=9")
                .replace("door c in C acts=3", "door c in C acts=3 handoff\nmutex m in C pi\nmutex n in A")
                .replace("on c: fault load", "on c: lock m ; unlock m")
                .replace("run A: call b", "run A: lock n ; call b ; unlock n"))
        records = compile_scenarios(parse_text("t.scn", text)).split("\n")
        lock, unlock = SCN["SCN_STEP_LOCK"], SCN["SCN_STEP_UNLOCK"]
        self.assertEqual(records[5:18], [
            "door 0 1 2 0 0 %d 9 b" % (SCN["SCN_DOOR_HANDOFF_PI"] | SCN["SCN_DOOR_NOPI"]),
            "door 1 2 3 1 0 %d 5 c" % SCN["SCN_DOOR_HANDOFF"],
            "mutex 0 2 %d m" % SCN["SCN_MUTEX_PI"],
            "mutex 1 0 0 n",
            "script 0 1",
            "step %d 1 0 0" % SCN["SCN_STEP_CALL"],
            "script 1 2",
            "step %d -1 0 0" % lock,
            "step %d -1 0 0" % unlock,
            "script 2 3",
            "step %d -1 0 1" % lock,
            "step %d 0 0 0" % SCN["SCN_STEP_CALL"],
            "step %d -1 0 1" % unlock,
        ])

    def test_each_section_gives_its_length(self):
        boot = compile_scenarios(parse_text("t.scn", LEAF + LEAF.replace("leaf-fault", "two")))
        self.assertTrue(boot.startswith("hinge-scn %d 2\n" % SCN["SCN_FORM_VERSION"]))
        rest = boot[boot.index("\n") + 1:]
        names = []
        while rest:
            head, _, after = rest.partition("\n")
            f = head.split()
            self.assertEqual(f[0], "scn")
            names.append(f[5])
            rest = after[int(f[4]):]
        self.assertEqual(names, ["leaf-fault", "two"])

    def test_a_scenario_the_actor_cannot_hold_is_refused(self):
        # Within the other limits a section stays below the actor's
        # FILE_MAX; a smaller one shows the check.
        scns = parse_text("t.scn", LEAF)
        with mock.patch.dict(ACTOR, {"FILE_MAX": 100}):
            with self.assertRaises(FileError) as e:
                compile_scenarios(scns)
        self.assertRegex(str(e.exception), r"^t\.scn:1:1: scenario leaf-fault compiles to \d+ bytes, more than "
                                           r"the actor's FILE_MAX \(100\)")


class Console(unittest.TestCase):
    KILLED = """[hinge] domain 0 'A' started: program actor, priority 10
[hinge] domain 1 'B' started: program actor, priority 5
@scenario begin index=0 line=1
@trace 40 call thread=0 prio=10 from=A to=B door=3 num=1 depth=1
@trace 40 inject thread=0 prio=10 line=9 action=kill to=A when=enter from=B result=0
@trace 40 kill thread=0 prio=10 to=A result=0
[hinge] domain 0 'A' ended: kill 0
"""

    def test_a_killed_callers_call_is_named_from_the_trace(self):
        scn = parse_text("t.scn", "scenario k\ndomain A prio=10\ndomain B prio=5\ndoor a in B\ndoor b in B\n"
                         "run A: call b\ninject kill A when enter B\n")[0]
        run = Run(scn, self.KILLED)
        call = run.trace[0]
        self.assertEqual(call["door"], "b")
        self.assertIn("A calls b -> enters B", describe(run, call, set()))
        self.assertIn((3, ("call", "A", "b")), run.order_events())


if __name__ == "__main__":
    unittest.main()

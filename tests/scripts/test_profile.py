"""Host tests of bench/profile.py: which domains of a manifest it boots in
profile mode and the phase it counts a function in. Run by
scripts/run-tests.sh (python3 -m unittest), each test counted."""
import glob
import importlib.util
import os
import re
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# bench/profile.py by its path: the standard library has a module "profile".
_spec = importlib.util.spec_from_file_location("bench_profile", os.path.join(REPO, "bench", "profile.py"))
bench_profile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_profile)


def read(path):
    with open(os.path.join(REPO, path)) as f:
        return f.read()


class ProfileManifest(unittest.TestCase):
    def test_programs_are_those_with_a_profile_mode(self):
        """profile.py raises the arg of exactly the programs whose main reads it with bench_mode."""
        with_mode = set(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(REPO, "bench", "*.c"))
                        if "bench_mode(" in read(p))
        self.assertEqual(set(bench_profile.PROGS), with_mode)

    def test_async_server_and_client_raised(self):
        """Both bench_ipc domains of the async group run in profile mode; nothing else changes."""
        text = read("bench/ipc-async.manifest")
        out = bench_profile.profile_manifest(text)
        self.assertIn("domain server prog=bench_ipc arg=104 prio=10", out)
        self.assertIn("domain client prog=bench_ipc arg=149 prio=10", out)
        strip = lambda t: [l for l in t.splitlines() if not l.startswith("domain")]
        self.assertEqual(strip(out), strip(text))

    def test_handoff_server_left_alone(self):
        """bench_server has no profile mode: only the client's arg is raised."""
        out = bench_profile.profile_manifest(read("bench/door-null-handoff.manifest"))
        self.assertIn("prog=bench_server arg=10 ", out)
        self.assertIn("prog=bench_client arg=105 ", out)


class Phases(unittest.TestCase):
    def test_syscall_and_scheduler_functions(self):
        """The syscall entry saves, the scheduler's loop (inlined into kmain) and run queue switch."""
        for fn, ph in (("syscall_entry", "save"), ("syscall_save_all", "save"), ("kmain", "switch"),
                       ("sched_make_runnable", "switch"), ("rq_remove", "switch"),
                       ("syscall_leaf_return", "restore"), ("sys_notify_wait", "checks")):
            self.assertEqual(bench_profile.phase(fn), ph, fn)

    def test_every_trap_label_has_a_phase(self):
        """Every label of trap.S that profile.py sees as a symbol is counted in a phase of its own."""
        labels = re.findall(r"^([a-z_][a-z_0-9]*):", read("kern/arch/riscv/trap.S"), re.M)
        missing = [l for l in labels if l not in bench_profile.PHASE_OF and l != "kernel_trap"]
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()

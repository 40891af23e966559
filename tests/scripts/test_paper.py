"""Host tests of the paper's generator and check (scripts/paper_numbers.py,
scripts/paper_check.py, paper/README.md), without LaTeX: a changed benchmark
result changes the paper's numbers and tables, a result the paper needs and
the data lacks stops the build, a number typed into the prose is caught, a
blank page is caught. Run by scripts/run-tests.sh (python3 -m unittest),
each test counted."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))

import paper_check  # noqa: E402

GENERATOR = os.path.join(REPO, "scripts", "paper_numbers.py")


def generate(results, out):
    """Run the generator on a results directory; (exit status, stderr)."""
    p = subprocess.run([sys.executable, GENERATOR, "--results", results, "--out", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode()


def read(path):
    with open(path) as f:
        return f.read()


class Generator(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.results = os.path.join(self.tmp, "results")
        shutil.copytree(os.path.join(REPO, "bench", "results"), self.results)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, group, name, **fields):
        path = os.path.join(self.results, group + ".json")
        with open(path) as f:
            entries = json.load(f)
        for e in entries:
            if e["name"] == name:
                e.update(fields)
        with open(path, "w") as f:
            json.dump(entries, f)

    def test_a_changed_result_changes_the_numbers_tables_and_comparisons(self):
        before, after = os.path.join(self.tmp, "before"), os.path.join(self.tmp, "after")
        self.assertEqual(generate(self.results, before)[0], 0)
        # A null round trip 20 times dearer than it is: more than seL4's loop,
        # whatever the recorded result.
        sel4 = json.loads(read(os.path.join(REPO, "paper", "data", "peers.json")))["figures"]["sel4.loop"]["value"]
        self.edit("door-null", "door.null.roundtrip", median=20.0 * sel4, min=20.0 * sel4, max=20.0 * sel4)
        self.assertEqual(generate(self.results, after)[0], 0)
        new = "{:,}".format(20 * sel4)
        numbers = read(os.path.join(after, "numbers.tex"))
        self.assertIn("\\hndef{door.null.roundtrip}{%s}\n" % new, numbers)
        self.assertNotEqual(read(os.path.join(before, "numbers.tex")), numbers)
        self.assertIn("\\hndef{cmp.null.sel4.word}{more}\n", numbers)
        self.assertIn("\\hndef{cmp.null.sel4.ratio}{20.0}\n", numbers)
        self.assertIn(new, read(os.path.join(after, "tab-door.tex")))
        self.assertIn(new, read(os.path.join(after, "tab-all.tex")))

    def test_a_budget_result_changes_the_bandwidth_comparison_and_stays_out_of_the_inversion_set(self):
        out = os.path.join(self.tmp, "out")
        self.edit("pi-budget", "pi.migrate.budget.h_response", max=100000.0)
        self.edit("pi-budget", "pi.migrate.budget.h_response_m2", max=200000.0)
        self.edit("pi-budget-nobwi", "pi.migrate.budget_nobwi.h_response", max=9000000.0)
        self.edit("pi-budget-nobwi", "pi.migrate.budget_nobwi.h_response_m2", max=8000000.0)
        self.assertEqual(generate(self.results, out)[0], 0)
        numbers = read(os.path.join(out, "numbers.tex"))
        # The worst with lending over both loads, the best worst without: 40 times.
        self.assertIn("\\hndef{bwi.with.maxmax}{200,000}\n", numbers)
        self.assertIn("\\hndef{bwi.without.minmax}{8,000,000}\n", numbers)
        self.assertIn("\\hndef{bwi.worst.ratio}{40}\n", numbers)
        # The inversion set's worst case with inheritance is one of its own cases.
        entries = {}
        for group in ("pi-migrate", "pi-mutex", "pi-handoffpi"):
            for e in json.loads(read(os.path.join(self.results, group + ".json"))):
                entries[e["name"]] = e["max"]
        self.assertIn("\\hndef{pi.with.maxmax}{%s}\n" % "{:,}".format(int(round(max(entries.values())))), numbers)
        self.assertIn("\\quad without BW & yes & ", read(os.path.join(out, "tab-pi.tex")))
        self.assertIn(" & 9,000 & 8,000 \\\\", read(os.path.join(out, "tab-pi.tex")))

    def test_a_floor_of_bench_run_py_lands_in_the_door_table_and_its_ratio(self):
        out = os.path.join(self.tmp, "out")
        sys.path.insert(0, os.path.join(REPO, "bench"))
        import run  # noqa: E402
        floor = dict((name, f) for name, f, _ in run.GOALS)["door.null.roundtrip"]
        self.edit("door-null", "door.null.roundtrip", median=3.0 * floor, min=3.0 * floor, max=3.0 * floor)
        self.assertEqual(generate(self.results, out)[0], 0)
        self.assertIn("\\hndef{cmp.floor.door.null.roundtrip}{3.00}\n", read(os.path.join(out, "numbers.tex")))
        self.assertIn("null door round trip & {:,} & {:,} \\\\".format(3 * floor, floor),
                      read(os.path.join(out, "tab-door.tex")))

    def test_a_missing_budget_result_stops_the_build(self):
        os.remove(os.path.join(self.results, "pi-budget-nobwi.json"))
        rc, err = generate(self.results, os.path.join(self.tmp, "out"))
        self.assertNotEqual(rc, 0)
        self.assertIn("pi.migrate.budget_nobwi.h_response", err)

    def test_a_result_the_paper_needs_and_the_data_lacks_stops_the_build(self):
        os.remove(os.path.join(self.results, "door-deadline.json"))
        rc, err = generate(self.results, os.path.join(self.tmp, "out"))
        self.assertNotEqual(rc, 0)
        self.assertIn("door.null.roundtrip.deadline", err)

    def test_no_results_stop_the_build(self):
        empty = os.path.join(self.tmp, "empty")
        os.mkdir(empty)
        rc, err = generate(empty, os.path.join(self.tmp, "out"))
        self.assertNotEqual(rc, 0)
        self.assertIn("no results", err)


class Check(unittest.TestCase):
    def test_typed_numbers_are_caught_and_generated_ones_are_not(self):
        tex = "\\begin{document}\nA call costs 326 instructions, \\hn{door.null.roundtrip} here,\n" \
              "ratio 1.5 or 1,234; see Table~\\ref{tab:x} of \\code{door.bulk.4096}; rv64gc, 64 levels.\n" \
              "% 999 in a comment\n\\begin{tabular}{@{}p{0.30\\columnwidth}@{}}\n"
        found = [n for _, n in paper_check.typed_numbers(tex)]
        self.assertEqual(found, ["326", "1.5", "1,234"])

    def test_the_paper_types_no_number(self):
        self.assertEqual(paper_check.typed_numbers(read(os.path.join(REPO, "paper", "hinge.tex"))), [])

    def test_a_blank_page_has_no_ink_and_a_dark_one_has(self):
        with tempfile.TemporaryDirectory() as tmp:
            blank, dark = os.path.join(tmp, "blank.pgm"), os.path.join(tmp, "dark.pgm")
            with open(blank, "wb") as f:
                f.write(b"P5\n4 4\n255\n" + bytes([255] * 16))
            with open(dark, "wb") as f:
                f.write(b"P5\n4 4\n255\n" + bytes([0] * 4 + [255] * 12))
            self.assertEqual(paper_check.pgm_ink(blank), 0.0)
            self.assertEqual(paper_check.pgm_ink(dark), 0.25)


if __name__ == "__main__":
    unittest.main()

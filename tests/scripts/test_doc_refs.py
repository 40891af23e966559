"""Host tests of the documentation checks: scripts/check-doc-refs.py (the
code docs/tour.md cites exists) and scripts/loc.py (`make loc`, README's
"Size" table). Each check is run on a small repository made in a temporary
folder, with a good and a bad reference, and must fail on the bad one,
naming its line. Run by scripts/run-tests.sh (python3 -m unittest), each
test counted."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(REPO, "scripts", "check-doc-refs.py")
LOC = os.path.join(REPO, "scripts", "loc.py")


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(textwrap.dedent(text))


def run(*args):
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


class DocRefs(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        write(self.root, "kern/a.c", """\
            /* door_gone() is only named in this comment */
            static inline __attribute__((noinline)) long door_call(int h)
            {
            \treturn h;
            }
            struct door {
            \tint n;
            };
            """)
        write(self.root, "kern/a.h", "#define DOOR_MAX 8\nint door_count;\n")
        write(self.root, "kern/t.S", "\t.globl\tentry\nentry:\n\tret\n")

    def tearDown(self):
        self.tmp.cleanup()

    def check(self, doc):
        write(self.root, "docs/t.md", doc)
        return run(CHECK, "--root", self.root, "docs/t.md")

    def test_good_references_pass(self):
        rc, out = self.check("""\
            # T

            Open `kern/a.c:door_call`, `kern/a.c:door`, `kern/a.h:DOOR_MAX`, `kern/t.S:entry`,
            `kern/a.[ch]` and `kern/`; `door_count` is a variable.

                make gdb M=kern/a.c
            """)
        self.assertEqual(rc, 0, out)

    def test_function_not_defined_in_file_fails(self):
        rc, out = self.check("# T\n\nfine `kern/a.c:door_call`\n\nbad `kern/a.c:door_gone`\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("docs/t.md:5: door_gone is not defined in kern/a.c", out)
        self.assertNotIn(":3:", out)

    def test_missing_file_fails(self):
        rc, out = self.check("# T\n\nOpen `kern/b.c:door_call` and `kern/nothing/`.\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("docs/t.md:3: no such file: kern/b.c", out)
        self.assertIn("docs/t.md:3: no such file: kern/nothing", out)

    def test_missing_manifest_in_command_fails(self):
        rc, out = self.check("# T\n\n    make gdb M=kern/none.manifest\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("docs/t.md:3: no such file: kern/none.manifest", out)

    def test_symbol_defined_nowhere_fails(self):
        rc, out = self.check("# T\n\nThen `door_vanished()` runs.\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("docs/t.md:3: door_vanished is defined nowhere", out)

    def test_section_only(self):
        write(self.root, "docs/s.md", "# S\n\n`kern/x.c`\n\n## Checked\n\n`kern/a.c:door_call`\n\n## Next\n\n`kern/y.c`\n")
        rc, out = run(CHECK, "--root", self.root, "docs/s.md#Checked")
        self.assertEqual(rc, 0, out)
        rc, out = run(CHECK, "--root", self.root, "docs/s.md#Next")
        self.assertEqual(rc, 1, out)
        self.assertIn("docs/s.md:11: no such file: kern/y.c", out)

    def test_the_tour_passes(self):
        rc, out = run(CHECK)
        self.assertEqual(rc, 0, out)


class Loc(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        write(self.root, "kern/a.c", """\
            /* a comment
               of two lines */
            int a; // trailing comment

            const char *s = "/* not a comment */";
            char c = '"';
            int b;
            """)
        write(self.root, "kern/t.S", "# a comment line\n#include \"x.h\"\n\tli a0, 1 /* c */\n/* only */\n")
        write(self.root, "scripts/x.py", '"""Docstring\nof two lines."""\n# comment\nx = 1\n\n\ndef f():\n    """Doc."""\n    return """not a docstring"""\n')

    def tearDown(self):
        self.tmp.cleanup()

    def table(self):
        rc, out = run(LOC, "--root", self.root)
        self.assertEqual(rc, 0, out)
        return out

    def test_counts(self):
        out = self.table()
        # a.c: int a; s; c; int b  -> 4; t.S: #include, li -> 2
        self.assertIn("| kernel core `kern/` (with `kern/abi/`) | 2 | 6 |", out)
        self.assertIn("| **kernel proper** | 2 | **6** |", out)
        # x.py: x = 1, def f():, return -> 3
        self.assertIn("| helpers `scripts/` | 1 | 3 |", out)

    def test_readme_must_hold_the_table(self):
        write(self.root, "README.md", "# R\n\n## Size\n\n" + self.table())
        rc, out = run(LOC, "--root", self.root, "--check", "README.md")
        self.assertEqual(rc, 0, out)
        write(self.root, "kern/b.c", "int more;\n")
        rc, out = run(LOC, "--root", self.root, "--check", "README.md")
        self.assertEqual(rc, 1, out)
        self.assertIn("README.md does not hold this table", out)

    def test_kernel_over_its_ceiling_fails(self):
        sys.path.insert(0, os.path.join(REPO, "scripts"))
        try:
            import loc
        finally:
            sys.path.pop(0)
        write(self.root, "doors/big.c", "int x;\n" * (loc.KERNEL_CEILING + 1))
        write(self.root, "README.md", self.table())
        rc, out = run(LOC, "--root", self.root, "--check", "README.md")
        self.assertEqual(rc, 1, out)
        self.assertIn("more than its ceiling", out)


if __name__ == "__main__":
    unittest.main()

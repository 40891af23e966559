#!/usr/bin/env python3
"""Count Hinge's lines of code and print them as a Markdown table (`make loc`).

    scripts/loc.py [--root DIR] [--check README]

A line counts when something but a comment is on it: blank lines do not, nor
do comments. In C and assembly (.c, .h, .S) `/* ... */` and `//` comments
are removed (string and character literals kept whole), and in .S a line
whose first character is `#` is a comment unless it is a preprocessor
directive (#include, #define, #if...). In Python and shell (.py, .sh, .gdb)
`#` comments are removed, and so are Python docstrings.

Rows: the kernel proper (the kernel core kern/ with its ABI headers
kern/abi/ but the scenario form's scn.h, which counts with the harness, the machine kern/arch/riscv/, doors/ and sbi/: C and assembly),
then the scenario harness kern/scenario/ (C), the user library usr/lib/
(C and assembly), the tests tests/ (C, assembly, Python, shell, gdb) and the
helpers scripts/ (Python, shell, gdb).

--check README: exit 1 (saying why) if the kernel proper has more than
KERNEL_CEILING lines, or if README does not contain exactly the table's
rows down to the user library (the tests and helpers change too often for
README to follow them).
The goal is a kernel proper under KERNEL_GOAL lines. KERNEL_CEILING is the
most it may have now: its size when the check was written, above the goal,
so the kernel may shrink but not grow. Lower the ceiling as it shrinks; once
the kernel is under the goal, the ceiling is the goal.
"""
import argparse
import io
import os
import re
import sys
import tokenize

KERNEL_GOAL = 6000
KERNEL_CEILING = 7893
C_EXT = (".c", ".h", ".S")
# The codes of the compiled scenario form: ABI between the host, the harness
# and the scenario actor, no part of the kernel proper.
HARNESS_ABI = os.path.join("kern", "abi", "hinge", "scn.h")
SCRIPT_EXT = (".py", ".sh", ".gdb")
DIRECTIVE = re.compile(r"^\s*#\s*(include|define|undef|if|ifdef|ifndef|elif|else|endif|error|warning|pragma|line)\b")


def strip_c(text):
    """text with every C comment replaced by a space (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " + "\n" * text.count("\n", i, j))
            i = j
        elif c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def count_c(path, text):
    lines = strip_c(text).split("\n")
    if path.endswith(".S"):
        lines = [l for l in lines if not (l.lstrip().startswith("#") and not DIRECTIVE.match(l))]
    return sum(1 for l in lines if l.strip())


def count_python(text):
    """Lines holding a token that is neither a comment nor part of a docstring."""
    code = set()
    prev = tokenize.NEWLINE
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return count_hash(text)
    skip = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER)
    for k, tok in enumerate(toks):
        if tok.type in skip:
            if tok.type not in (tokenize.COMMENT, tokenize.NL):
                prev = tok.type
            continue
        nxt = toks[k + 1].type if k + 1 < len(toks) else tokenize.ENDMARKER
        docstring = (tok.type == tokenize.STRING and prev in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
                     and nxt in (tokenize.NEWLINE, tokenize.ENDMARKER))
        prev = tok.type
        if not docstring:
            code.update(range(tok.start[0], tok.end[0] + 1))
    return len(code)


def count_hash(text):
    return sum(1 for l in text.split("\n") if l.strip() and not l.lstrip().startswith("#"))


def count_file(root, path):
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        text = f.read()
    if path.endswith(C_EXT):
        return count_c(path, text)
    if path.endswith(".py"):
        return count_python(text)
    return count_hash(text)


def files(root, top, exts, exclude=()):
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(d for d in dirnames if os.path.join(rel, d) not in exclude)
        found += [os.path.join(rel, f) for f in sorted(filenames)
                  if f.endswith(exts) and os.path.join(rel, f) not in exclude]
    return found


def rows(root):
    """The rows README holds, and those of tests and helpers: two lists of
    (label, files, lines, is_total)."""
    kernel = [
        ("kernel core `kern/` (with `kern/abi/`)", files(root, "kern", C_EXT, ("kern/scenario", "kern/arch", HARNESS_ABI))),
        ("machine `kern/arch/riscv/`", files(root, "kern/arch/riscv", C_EXT)),
        ("doors `doors/`", files(root, "doors", C_EXT)),
        ("firmware calls `sbi/`", files(root, "sbi", C_EXT)),
    ]
    other = [
        ("scenario harness `kern/scenario/` (with `kern/abi/hinge/scn.h`)",
         files(root, "kern/scenario", C_EXT)
         + ([HARNESS_ABI] if os.path.exists(os.path.join(root, HARNESS_ABI)) else [])),
        ("user library `usr/lib/`", files(root, "usr/lib", C_EXT)),
    ]
    support = [
        ("tests `tests/`", files(root, "tests", C_EXT + SCRIPT_EXT)),
        ("helpers `scripts/`", files(root, "scripts", SCRIPT_EXT)),
    ]
    out = []
    total_files = total_lines = 0
    for label, fs in kernel:
        n = sum(count_file(root, f) for f in fs)
        out.append((label, len(fs), n, False))
        total_files += len(fs)
        total_lines += n
    out.append(("**kernel proper**", total_files, total_lines, True))
    for label, fs in other:
        out.append((label, len(fs), sum(count_file(root, f) for f in fs), False))
    return out, [(label, len(fs), sum(count_file(root, f) for f in fs), False) for label, fs in support]


def table(rs):
    lines = ["| part | files | lines |", "|---|--:|--:|"]
    for label, nf, nl, total in rs:
        fmt = "**{:,}**" if total else "{:,}"
        lines.append(f"| {label} | {nf} | {fmt.format(nl)} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--check", metavar="README", help="fail if over the limit or README's table differs")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    rs, support = rows(root)
    t = table(rs)
    print(table(rs + support))
    if not args.check:
        return 0
    bad = False
    kernel = next(nl for _, _, nl, total in rs if total)
    if kernel > KERNEL_CEILING:
        print(f"the kernel proper has {kernel:,} lines, more than its ceiling of {KERNEL_CEILING:,}"
              f" (scripts/loc.py; the goal is under {KERNEL_GOAL:,})")
        bad = True
    with open(os.path.join(root, args.check), encoding="utf-8") as f:
        if t not in f.read():
            print(f"{args.check} does not hold this table: copy it there (make loc prints it)")
            bad = True
    if not bad:
        over = f", {kernel - KERNEL_GOAL:,} over the goal" if kernel >= KERNEL_GOAL else ""
        print(f"kernel proper: {kernel:,} lines (ceiling {KERNEL_CEILING:,}, goal under {KERNEL_GOAL:,}{over});"
              f" {args.check}'s table matches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

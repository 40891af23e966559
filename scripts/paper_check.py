#!/usr/bin/env python3
"""Check the built paper (`make paper-check`, after `make paper`).

    scripts/paper_check.py [--build build/paper] [--min-pages 6]

Fails (exit 1, saying why) unless:
  - the PDF has at least --min-pages pages (pdfinfo) and every page renders
    (pdftoppm) to an image that is not blank; the pages are left as PNG
    files in BUILD/pages/ for a look;
  - LaTeX resolved every reference and citation (hinge.log) and the text
    shows no "??" (pdftotext);
  - every \\hn{KEY} of paper/hinge.tex is defined in the generated
    gen/numbers.tex, and the generated files are exactly what
    scripts/paper_numbers.py makes from the data now: no number of the paper
    is older than its data, none is edited by hand;
  - paper/hinge.tex types no measured number: outside \\hn{...}, commands,
    labels and comments it has no number of three digits or more and no number
    with a decimal point or a thousands separator (one- and two-digit figures
    are design constants: 64 priority levels, a 1 ms tick).
Needs pdfinfo, pdftoppm and pdftotext (poppler-utils, `setup.sh paper`).
"""
import argparse
import filecmp
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HN = re.compile(r"\\hn\{([^}]*)\}")
DEF = re.compile(r"^\\hndef\{([^}]*)\}", re.M)
# Where a number is an argument, not text: labels, references, files.
ARG_COMMANDS = r"\\(?:hn|ref|label|cite|input|tablebody|includegraphics|code|texttt|url|path)(?:\[[^]]*\])?\{[^}]*\}"
TYPED_NUMBER = re.compile(r"(?<![\w\\])(?:\d{3,}|\d+[.,]\d+)(?!\w)")
INK = 0.002  # the least fraction of non-white pixels on a page with text


def pgm_ink(path):
    """Fraction of pixels darker than near-white in a binary PGM (P5)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(fields.group(1)), int(fields.group(2))
    pixels = data[fields.end():fields.end() + w * h]
    return sum(1 for p in pixels if p < 200) / float(w * h)


def check_pages(pdf, pages_dir, min_pages):
    bad = []
    info = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, check=True).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if pages < min_pages:
        bad.append("%d pages, fewer than %d" % (pages, min_pages))
    os.makedirs(pages_dir, exist_ok=True)
    for f in os.listdir(pages_dir):
        os.remove(os.path.join(pages_dir, f))
    subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, os.path.join(pages_dir, "page")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "30", pdf, os.path.join(tmp, "p")], check=True)
        rendered = sorted(f for f in os.listdir(tmp) if f.endswith(".pgm"))
        if len(rendered) != pages:
            bad.append("%d pages rendered of %d" % (len(rendered), pages))
        for f in rendered:
            ink = pgm_ink(os.path.join(tmp, f))
            if ink < INK:
                bad.append("page %s renders blank (%.4f of its pixels dark)" % (f, ink))
    return pages, bad


def check_references(build, pdf):
    bad = []
    with open(os.path.join(build, "hinge.log"), encoding="latin-1") as f:
        log = f.read()
    for m in re.finditer(r"^(?:LaTeX|Package \w+) Warning: (.*(?:undefined|multiply defined).*)$", log, re.M):
        bad.append("hinge.log: " + m.group(1))
    text = subprocess.run(["pdftotext", pdf, "-"], stdout=subprocess.PIPE, check=True).stdout.decode()
    if "??" in text:
        bad.append("the PDF's text shows ?? (an unresolved reference)")
    return bad


def check_numbers(build, tex):
    bad = []
    with open(os.path.join(build, "gen", "numbers.tex")) as f:
        defined = set(DEF.findall(f.read()))
    used = set(HN.findall(uncommented(tex)))
    for key in sorted(used - defined):
        bad.append("\\hn{%s} is used but not generated" % key)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "paper_numbers.py"), "--out", tmp],
                       check=True, stdout=subprocess.DEVNULL)
        for name in sorted(os.listdir(tmp)):
            built = os.path.join(build, "gen", name)
            if not os.path.exists(built) or not filecmp.cmp(built, os.path.join(tmp, name), shallow=False):
                bad.append("gen/%s differs from what the data gives now (run make paper)" % name)
    return len(used), bad


def uncommented(tex):
    return "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in tex.split("\n"))


def typed_numbers(tex):
    """(line number, text) of each number typed in the prose."""
    out = []
    body = tex[tex.index(r"\begin{document}"):]
    first = tex[:tex.index(r"\begin{document}")].count("\n") + 1
    for i, line in enumerate(body.split("\n")):
        line = re.sub(r"(?<!\\)%.*", "", line)
        line = re.sub(r"\\begin\{tabular\}.*", "", line)  # column widths
        line = re.sub(r"\\(?:renewcommand|setlength)\\\w+\{[^}]*\}", "", line)  # layout lengths
        line = re.sub(ARG_COMMANDS, "", line)
        for m in TYPED_NUMBER.finditer(line):
            out.append((first + i, m.group(0)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "paper"))
    ap.add_argument("--min-pages", type=int, default=6)
    args = ap.parse_args()
    pdf = os.path.join(args.build, "hinge.pdf")
    with open(os.path.join(ROOT, "paper", "hinge.tex")) as f:
        tex = f.read()
    pages, bad = check_pages(pdf, os.path.join(args.build, "pages"), args.min_pages)
    bad += check_references(args.build, pdf)
    used, b = check_numbers(args.build, tex)
    bad += b
    bad += ["paper/hinge.tex:%d: %s is typed, not generated (use \\hn{KEY})" % t for t in typed_numbers(tex)]
    for b in bad:
        print("paper-check: " + b)
    if bad:
        print("paper-check: FAIL (%d problems)" % len(bad))
        return 1
    print("paper-check: PASS: %d pages rendered into %s, references resolved, %d numbers all generated from "
          "the data" % (pages, os.path.relpath(os.path.join(args.build, "pages"), ROOT), used))
    return 0


if __name__ == "__main__":
    sys.exit(main())

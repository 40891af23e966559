#!/usr/bin/env python3
"""Check that the code a document cites exists (docs/tour.md says how to cite).

    scripts/check-doc-refs.py [--root DIR] [FILE[#HEADING]...]

Without FILE: docs/tour.md, the section "Follow one door call" of
doors/README.md, and the chapters of docs/chapters/. FILE#HEADING checks only the section under that Markdown
heading (up to the next heading of the same or a higher level).

In a checked text, each inline code span (`...`) is read as:
  `path:name`    a reference: the file must exist and define (or declare) name;
  `path`         a file or folder of the repository (its first component is a
                 top-level entry of the root); it must exist. `dir/name.[ch]`
                 stands for both files. Paths under build/ are not checked;
  `name` or `name()` with an underscore in it (a C symbol: hinge_door_call,
                 SYS_DOOR_CALL): it must be defined in a file named in the same
                 paragraph, or else somewhere in the sources;
  M=path, S=path inside a command (`make gdb M=usr/demo.manifest`): the file
                 must exist.
A definition is found by grep: a function or variable defined or declared at
the start of a line (`type name(`, `type *name[`, `type name =`), a label
`name:` in assembly, `#define name`, `struct|union|enum name {`, an enum
constant `NAME =` or `NAME,` on its own line, a typedef, or a Python `def`.

Prints one line per bad reference, FILE:LINE: what is wrong, and exits 1 if
there is any (0 otherwise, 2 on a usage error).
"""
import argparse
import os
import re
import sys

DEFAULT = ["docs/tour.md", "doors/README.md#Follow one door call", "docs/chapters/shuttle.md",
           "docs/chapters/activations.md", "docs/chapters/inheritance.md", "docs/chapters/split.md",
           "docs/chapters/trapframes.md", "docs/chapters/sv39.md"]
SOURCE_DIRS = ["kern", "doors", "sbi", "usr", "tests", "bench", "scripts"]
SOURCE_EXT = (".c", ".h", ".S", ".py", ".ld")
SPAN = re.compile(r"`([^`\n]+)`")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PATHLIKE = re.compile(r"^[A-Za-z0-9_.\-/\[\]]+$")
ARGPATH = re.compile(r"\b[MS]=(\S+)")


def definition_patterns(name):
    n = re.escape(name)
    return [
        re.compile(r"^(?![\s#/*])[^;=]*?[\s*]" + n + r"\s*\(", re.M),            # type name(  (function)
        re.compile(r"^" + n + r"\s*\(", re.M),                                  # name( on its own line
        re.compile(r"^(?![\s#/*])[^;=()]*?[\s*]" + n + r"\s*(\[|=|;)", re.M),   # type name[ / = / ;  (variable)
        re.compile(r"^\s*" + n + r"\s*:", re.M),                                # label (assembly)
        re.compile(r"^\s*#\s*define\s+" + n + r"\b", re.M),                     # macro
        re.compile(r"\b(struct|union|enum)\s+" + n + r"\s*\{", re.M),           # struct name {
        re.compile(r"^(struct|union|enum)\s+" + n + r"\s*$", re.M),             # struct name (brace below)
        re.compile(r"^\s+" + n + r"\s*(=[^=]|,|$)", re.M),                       # enum constant
        re.compile(r"^\s*typedef\b[^;]*\b" + n + r"\s*;", re.M),                 # typedef
        re.compile(r"^\s*def\s+" + n + r"\s*\(", re.M),                          # Python
        re.compile(r"^\s*\.(globl|global|set|equ)\s+" + n + r"\b", re.M),       # assembler symbol
    ]


class Repo:
    def __init__(self, root):
        self.root = root
        self.top = set(os.listdir(root))
        self._text = {}
        self._sources = None

    def exists(self, path):
        return os.path.exists(os.path.join(self.root, path))

    def text(self, path):
        if path not in self._text:
            try:
                with open(os.path.join(self.root, path), encoding="utf-8", errors="replace") as f:
                    self._text[path] = f.read()
            except OSError:
                self._text[path] = None
        return self._text[path]

    def defines(self, path, name):
        text = self.text(path)
        if text is None:
            return False
        if path.endswith(".S"):
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return any(p.search(text) for p in definition_patterns(name))

    def sources(self):
        if self._sources is None:
            self._sources = []
            for d in SOURCE_DIRS:
                for dirpath, dirnames, filenames in os.walk(os.path.join(self.root, d)):
                    dirnames.sort()
                    for fn in sorted(filenames):
                        if fn.endswith(SOURCE_EXT):
                            self._sources.append(os.path.relpath(os.path.join(dirpath, fn), self.root))
        return self._sources

    def defined_anywhere(self, name):
        return any(self.defines(p, name) for p in self.sources())


def expand(path):
    """dir/name.[ch] -> [dir/name.c, dir/name.h]."""
    m = re.match(r"^(.*)\[([a-zA-Z]+)\]$", path)
    if m:
        return [m.group(1) + c for c in m.group(2)]
    return [path]


def is_repo_path(repo, token):
    if "/" not in token or not PATHLIKE.match(token) or "://" in token:
        return False
    first = token.split("/", 1)[0]
    return first in repo.top and first not in ("build", "build-debug")


def section(lines, heading):
    """(first line number, lines) of the section under heading."""
    for i, line in enumerate(lines):
        m = re.match(r"^(#+)\s+(.*?)\s*$", line)
        if m and m.group(2) == heading:
            level = len(m.group(1))
            end = len(lines)
            for j in range(i + 1, len(lines)):
                m2 = re.match(r"^(#+)\s", lines[j])
                if m2 and len(m2.group(1)) <= level:
                    end = j
                    break
            return i, lines[i:end]
    return None, None


def paragraphs(numbered):
    """Group (lineno, text) pairs into paragraphs (blank lines and list items
    start a new one)."""
    para = []
    for n, line in numbered:
        starts_item = re.match(r"^\s*([-*]|\d+\.)\s", line)
        if not line.strip() or line.startswith("#") or (starts_item and para):
            if para:
                yield para
            para = [] if not line.strip() else [(n, line)]
            continue
        para.append((n, line))
    if para:
        yield para


def check_lines(repo, doc, numbered):
    errors = []
    in_block = False
    body = []
    for n, line in numbered:
        if line.lstrip().startswith("```"):
            in_block = not in_block
            continue
        if in_block or line.startswith("    "):
            # A command block: only M= and S= paths are checked.
            for p in ARGPATH.findall(line):
                if is_repo_path(repo, p) and not repo.exists(p):
                    errors.append(f"{doc}:{n}: no such file: {p}")
            continue
        body.append((n, line))
    for para in paragraphs(body):
        spans = [(n, s) for n, line in para for s in SPAN.findall(line)]
        files = []
        for _, s in spans:
            tok = s.split(":", 1)[0]
            if is_repo_path(repo, tok):
                files += expand(tok)
        for n, s in spans:
            if " " in s:
                for p in ARGPATH.findall(s):
                    if is_repo_path(repo, p) and not repo.exists(p):
                        errors.append(f"{doc}:{n}: no such file: {p}")
                continue
            if ":" in s:
                path, name = s.split(":", 1)
                if not is_repo_path(repo, path):
                    continue
                if not IDENT.match(name):
                    errors.append(f"{doc}:{n}: `{s}`: '{name}' is not a symbol name")
                    continue
                paths = expand(path)
                missing = [p for p in paths if not repo.exists(p)]
                if missing:
                    errors.append(f"{doc}:{n}: no such file: {', '.join(missing)}")
                elif not any(repo.defines(p, name) for p in paths):
                    errors.append(f"{doc}:{n}: {name} is not defined in {path}")
                continue
            if is_repo_path(repo, s):
                for p in expand(s.rstrip("/")):
                    if not repo.exists(p):
                        errors.append(f"{doc}:{n}: no such file: {p}")
                continue
            name = s[:-2] if s.endswith("()") else s
            if IDENT.match(name) and "_" in name.strip("_"):
                if not any(repo.defines(p, name) for p in files if repo.exists(p)) \
                        and not repo.defined_anywhere(name):
                    errors.append(f"{doc}:{n}: {name} is defined nowhere in the sources")
    return errors


def check(repo, spec):
    doc, _, heading = spec.partition("#")
    text = repo.text(doc)
    if text is None:
        return [f"{doc}: no such file"]
    lines = text.split("\n")
    if heading:
        start, sec = section(lines, heading)
        if sec is None:
            return [f"{doc}: no section '{heading}'"]
        numbered = [(start + 1 + i, l) for i, l in enumerate(sec)]
    else:
        numbered = [(1 + i, l) for i, l in enumerate(lines)]
    return check_lines(repo, doc, numbered)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("files", nargs="*", help="FILE or FILE#HEADING (relative to the root)")
    args = ap.parse_args()
    repo = Repo(os.path.abspath(args.root))
    errors = []
    specs = args.files or DEFAULT
    for spec in specs:
        errors += check(repo, spec)
    for e in errors:
        print(e)
    if errors:
        print(f"{len(errors)} bad reference(s)")
        return 1
    print(f"references checked: {', '.join(specs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

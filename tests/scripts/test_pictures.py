"""Host tests of the pictures of a run (scripts/pictures, docs/pictures.md),
made from consoles of real runs saved in tests/scripts/samples/ (leaf-fault,
middle-kill, revoke-waiter, inversion-mutex): trace.json follows the
trace-event format (fields per phase, B/E nesting per track, every flow
finished, numeric counters), both SVGs parse as XML and render with
rsvg-convert (Debian's librsvg2-bin) to a picture that is not blank, each
picture shows what its run did, and a console whose kernel trace ring
overflowed (@trace-dropped) is drawn with the loss reported. Run by
scripts/run-tests.sh (python3 -m unittest), each test counted;
`python3 tests/scripts/test_pictures.py --check DIR` checks the three files
of a fresh run the same way (run-tests.sh, tests "pictures*"),
`--check-trace FILE` a trace.json alone."""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))

from pictures.model import Model  # noqa: E402
from scn.console import Run  # noqa: E402
from scn.parse import parse_file  # noqa: E402
from scn.report import judge  # noqa: E402
from pictures.write import write_pictures  # noqa: E402

SAMPLES = os.path.join(REPO, "tests", "scripts", "samples")
SAMPLE_NAMES = ("leaf-fault", "middle-kill", "revoke-waiter", "inversion-mutex")
SVG_NS = "{http://www.w3.org/2000/svg}"
# Fields every event of a phase must have (Trace Event Format; E may omit name).
REQUIRED = {"B": ("name",), "E": (), "X": ("name", "dur"), "i": ("name",), "C": ("name", "args"),
            "s": ("name", "id"), "f": ("name", "id"), "M": ("name", "args")}
MIN_INK = 2000  # non-white pixels a picture of a run has at least (a title alone has fewer)


def sample_run(name):
    scn = parse_file(os.path.join(REPO, "tests", "scenarios", name + ".scn"))[0]
    with open(os.path.join(SAMPLES, name + ".console")) as f:
        return Run(scn, f.read())


def check_trace(path):
    """Problems of trace.json against the trace-event format ([]: none)."""
    with open(path) as f:
        doc = json.load(f)
    bad = []
    if not isinstance(doc.get("traceEvents"), list) or not doc["traceEvents"]:
        return ["no traceEvents list"]
    if "displayTimeUnit" not in doc:
        bad.append("no displayTimeUnit")
    stacks, starts, ends = {}, {}, {}
    for k, e in enumerate(doc["traceEvents"]):
        ph = e.get("ph")
        if ph not in REQUIRED:
            bad.append("event %d: phase %r" % (k, ph))
            continue
        missing = [x for x in ("ts", "pid", "tid") + REQUIRED[ph] if x not in e]
        if missing:
            bad.append("event %d (%s): no %s" % (k, ph, ", ".join(missing)))
            continue
        if not isinstance(e["ts"], (int, float)):
            bad.append("event %d: ts %r" % (k, e["ts"]))
        track = (e["pid"], e["tid"])
        if ph == "B":
            stacks.setdefault(track, []).append(e["ts"])
        elif ph == "E":
            st = stacks.get(track)
            if not st:
                bad.append("event %d: E without a B on track %s" % (k, track))
            elif e["ts"] < st.pop():
                bad.append("event %d: E before its B" % k)
        elif ph == "s":
            starts[e["id"]] = e["ts"]
        elif ph == "f":
            ends[e["id"]] = e["ts"]
            if e.get("bp") != "e":
                bad.append("event %d: flow end without bp=e" % k)
        elif ph == "C" and not all(isinstance(v, (int, float)) for v in e["args"].values()):
            bad.append("event %d: counter values %r" % (k, e["args"]))
    bad += ["track %s: %d slices never closed" % (t, len(s)) for t, s in stacks.items() if s]
    bad += ["flow %s starts but never finishes" % i for i in starts if i not in ends]
    bad += ["flow %s finishes before it starts" % i for i in starts if i in ends and ends[i] < starts[i]]
    bad += ["flow %s finishes but never starts" % i for i in ends if i not in starts]
    return bad


def png_ink(data):
    """The number of pixels of a PNG (8-bit RGB or RGBA) that are not white."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("PNG of depth %d, colour type %d, interlace %d" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, ink = bytearray(stride), 0
    for y in range(h):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the row's filter (PNG spec, 9.2)
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for i in range(0, stride, bpp):
            px = line[i:i + bpp]
            if min(px[:3]) < 235 and (bpp == 3 or px[3] > 20):
                ink += 1
        prev = line
    return ink


def check_svg(path, name):
    """Problems of an SVG picture of scenario name ([]: none): it must parse,
    be titled with the name, and render with rsvg-convert to some ink."""
    root = ET.parse(path).getroot()
    bad = []
    if root.tag != SVG_NS + "svg":
        bad.append("root element %s" % root.tag)
    title = root.find(SVG_NS + "title")
    if title is None or name not in (title.text or ""):
        bad.append("title does not name %s" % name)
    exe = shutil.which("rsvg-convert")
    if not exe:
        return bad + ["rsvg-convert not found: install Debian's librsvg2-bin (scripts/setup.sh)"]
    p = subprocess.run([exe, "--zoom", "0.5", "--format", "png", path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        return bad + ["rsvg-convert failed: %s" % p.stderr.decode(errors="replace").strip()]
    ink = png_ink(p.stdout)
    if ink < MIN_INK:
        bad.append("rendered almost blank: %d pixels not white" % ink)
    return bad


class Pictures(unittest.TestCase):
    pictures = {}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hinge-pictures-")
        for name in SAMPLE_NAMES:
            run = sample_run(name)
            paths = write_pictures(run, os.path.join(cls.tmp, name))
            cls.pictures[name] = (run, Model(run), paths)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def events(self, name):
        with open(self.pictures[name][2][0]) as f:
            return json.load(f)["traceEvents"]

    def test_trace_json_format(self):
        for name, (_, _, paths) in self.pictures.items():
            self.assertEqual(check_trace(paths[0]), [], name)

    def test_svgs_render(self):
        for name, (_, _, paths) in self.pictures.items():
            for path in paths[1:]:
                self.assertEqual(check_svg(path, name), [], path)

    def test_switch_events_kept_out_of_the_trace(self):
        run = self.pictures["middle-kill"][0]
        self.assertTrue(run.switches)
        self.assertNotIn("switch", [t["ev"] for t in run.trace])
        self.assertTrue(all("ts" in t["f"] for t in run.trace + run.switches))

    def test_middle_kill_slices_split_and_orphan(self):
        ev = self.events("middle-kill")
        names = {e["name"] for e in ev if e["ph"] == "B"}
        self.assertTrue({"A", "B (door b)", "C (door c)", "D (door d)", "B (dead base)"} <= names, names)
        instants = {e["name"] for e in ev if e["ph"] == "i"}
        self.assertIn("B killed", instants)
        self.assertIn("orphan t4 goes on above dead B", instants)
        self.assertEqual(len([e for e in ev if e["ph"] == "s" and e["name"] == "door call"]), 3)  # b, c, d
        # Each answer comes back at a return or at the split (the orphan's
        # hops count from its base: a slip there ends flows at its end instead).
        answers = {int(t["f"]["ts"]) / 1000.0 for t in self.pictures["middle-kill"][0].trace
                   if t["ev"] in ("return", "split")}
        self.assertTrue({e["ts"] for e in ev if e["ph"] == "f" and e["name"] == "door call"} <= answers)
        kinds = [st["kind"] for st in self.pictures["middle-kill"][1].steps]
        self.assertLess(kinds.index("kill"), kinds.index("split"))

    def test_leaf_fault_unwinds_drawn_red(self):
        m = self.pictures["leaf-fault"][1]
        self.assertIn("fault", [st["kind"] for st in m.steps])
        self.assertEqual([(st["frm"], st["to"]) for st in m.steps if st["kind"] == "unwind"], [("C", "B")])
        with open(self.pictures["leaf-fault"][2][1]) as f:
            svg = f.read()
        self.assertIn("HE_DEAD: sent back", svg)
        self.assertIn("C fault 13", svg)

    def test_revoke_waiter_inheritance_named(self):
        run, m, paths = self.pictures["revoke-waiter"]
        boosted = [p for pl in m.prios.values() for p in pl if p[2] is not None and p[1] > p[2]]
        self.assertTrue(boosted)
        self.assertRegex(boosted[0][3], r"^boosted by t2 via door b$")
        with open(paths[2]) as f:
            svg = f.read()
        self.assertGreater(svg.count('fill="url(#hatch)"'), 1)  # a bar and the legend
        counters = [e["args"]["prio"] for e in self.events("revoke-waiter") if e["ph"] == "C"]
        self.assertIn(20, counters)

    def test_mutex_inversion_names_the_mutex_edge(self):
        run, m, paths = self.pictures["inversion-mutex"]
        # L (t0) inherits H's (t2) 20 through the mutex H waits for, and
        # the schedule says so beside the hatched band.
        self.assertIn([20, 5, "boosted by t2 via mutex#0"], [p[1:] for p in m.prios[0]])
        with open(paths[2]) as f:
            svg = f.read()
        self.assertIn("t0 inherits 20 boosted by t2 via mutex#0 (base 5)", svg)
        ev = self.events("inversion-mutex")
        cats = {e["cat"] for e in ev if e["ph"] == "i"}
        self.assertTrue({"mutex_lock", "mutex_wait", "mutex_unlock", "acquire", "release", "boost"} <= cats, cats)
        # The unlock hands the mutex from L's track to H's, and the lent
        # priority goes from H's track to L's: flows, each finished.
        flows = {(e["name"], e["ph"], e["tid"]) for e in ev if e["ph"] in "sf"}
        self.assertTrue({("mutex handed over", "s", 1), ("mutex handed over", "f", 3),
                         ("lends priority", "s", 3), ("lends priority", "f", 1)} <= flows, flows)
        counters = [e["args"]["prio"] for e in ev if e["ph"] == "C" and e["name"] == "prio t0"]
        self.assertEqual(counters[-3:], [5, 20, 5])

    def test_overflow_is_reported_never_silent(self):
        run = sample_run("leaf-fault")
        lost = Run(run.scn, "\n".join(run.lines + ["@trace-dropped 1234"]))
        self.assertEqual((run.dropped, lost.dropped), (0, 1234))
        self.assertEqual(lost.malformed, [])
        out = os.path.join(self.tmp, "lost")
        paths = write_pictures(lost, out)
        with open(paths[0]) as f:
            self.assertEqual(json.load(f)["otherData"]["trace lines dropped"], 1234)
        with open(paths[2]) as f:
            self.assertIn("1234 later trace lines not recorded", f.read())
        said = []
        judge(lost, None, lambda s="": said.append(s))
        self.assertTrue(any("1234 trace line(s) not recorded" in s for s in said), said)

    def test_checks_catch_broken_files(self):
        broken = os.path.join(self.tmp, "broken.json")
        with open(broken, "w") as f:
            json.dump({"traceEvents": [{"ph": "B", "ts": 1, "pid": 1, "tid": 1, "name": "x"},
                                       {"ph": "s", "ts": 1, "pid": 1, "tid": 1, "name": "c", "id": 9},
                                       {"ph": "C", "ts": 1, "pid": 1, "tid": 1, "name": "p",
                                        "args": {"prio": "high"}}]}, f)
        bad = check_trace(broken)
        self.assertEqual(len(bad), 4, bad)  # no displayTimeUnit, counter, open slice, flow
        blank = os.path.join(self.tmp, "blank.svg")
        with open(blank, "w") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
                    '<title>leaf-fault</title></svg>')
        self.assertEqual(len(check_svg(blank, "leaf-fault")), 1)


def check_dir(out):
    """The checks above on the three files of one run in out; exit status."""
    with open(os.path.join(out, "trace.json")) as f:
        name = json.load(f)["otherData"]["scenario"]
    bad = check_trace(os.path.join(out, "trace.json"))
    for svg in ("sequence.svg", "schedule.svg"):
        bad += ["%s: %s" % (svg, b) for b in check_svg(os.path.join(out, svg), name)]
    for b in bad:
        print(b)
    print("%s: %s" % (out, "ok" if not bad else "%d problems" % len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check_dir(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "--check-trace":  # trace.json alone (a long run's SVGs are slow)
        problems = check_trace(sys.argv[2])
        print("\n".join(problems + ["%s: %s" % (sys.argv[2], "%d problems" % len(problems) if problems else "ok")]))
        sys.exit(1 if problems else 0)
    unittest.main()

"""sequence.svg: the door calls between domains, time going down.

A lifeline per domain; one row per event in console order (rows are the
order of events, not to scale: the left column gives each one's tick and
time). Arrows are coloured by thread: a call (solid, labelled with the
door), a return (dashed, labelled with what the caller got), HE_DEAD sent
back by an unwind or a split (red). Marks on a lifeline: a cross where the
domain died (dotted lifeline after), a box for an orphan going on, a
diamond for a revoke, a star for an injection, a small cross for an
abandoned call, a triangle for a boost. At most MAX_ROWS rows: a note
says how many events are left out."""
import math

from .svg import DEAD_COLOUR, DOMAIN_COLOURS, THREAD_COLOURS, Svg, colour, marker, text_width

ROW = 30
MAX_ROWS = 400  # a long run (a traced benchmark) is drawn up to here: trace.json has it all
TOP = 96
GUTTER = 150
ARROW_KINDS = ("call", "return", "unwind", "split", "wait", "lone")
LEGEND = ("arrows: call solid, labelled with the door \u2022 return dashed, with what the caller got \u2022 "
          "waiting for an activation dotted \u2022 a call refused or given up: dashed, its result \u2022 red: HE_DEAD sent back (unwind, split)",
          "marks: \u2716 death (lifeline dotted after) \u2022 \u25a1 orphan goes on \u2022 \u25c6 revoke \u2022 "
          "\u2605 injection \u2022 small \u2716 abandoned call \u2022 \u25b2 boost \u2022 \u25cf restart")


def draw(m):
    steps = m.steps[:MAX_ROWS]
    threads = m.threads()
    tcol = {t: colour(THREAD_COLOURS, i) for i, t in enumerate(threads)}
    doms = list(m.domains)
    for st in steps:  # a domain the file does not name (should not happen): still drawn
        for d in (st["frm"], st["to"]):
            if d and d not in doms:
                doms.append(d)
    widest = max([text_width(st["label"], 11) + 40 for st in steps if st["kind"] in ARROW_KINDS] + [150])
    colw = min(widest, 260)
    x_of = {d: GUTTER + colw / 2 + i * colw for i, d in enumerate(doms)}
    marks_w = max([text_width(st["label"], 11) + 30 for st in steps if st["kind"] not in ARROW_KINDS] + [0])
    width = int(max(GUTTER + colw * len(doms) + max(marks_w - colw / 2, 20),
                    max(text_width(line, 11) for line in LEGEND) + 32))
    bottom = TOP + ROW * (len(steps) + 1)
    height = bottom + 30 + 22 * ((len(threads) + 3) // 4) + 8 + 18 * len(LEGEND)
    s = Svg()
    s.text(16, 28, "Hinge scenario %s: door calls between domains" % m.name, 18, weight="bold")
    s.text(16, 48, "time goes down, one row per event (not to scale); arrows coloured by thread", 12, fill="#444")
    s.text(16, TOP - 20, "tick  (ms of virtual time)", 11, fill="#444")

    for k in range(1, len(steps), 2):
        s.rect(0, TOP + ROW * k, width, ROW, "#f4f6f8")
    # Lifelines: solid while the domain lives, dotted after its death.
    alive_since = {d: TOP - 8 for d in doms}
    segments = []
    for k, st in enumerate(steps):
        y = TOP + ROW * k + ROW / 2
        if st["kind"] in ("kill", "fault", "exit") and alive_since.get(st["to"]) is not None:
            segments.append((st["to"], alive_since[st["to"]], y, True))
            alive_since[st["to"]] = None
            segments.append((st["to"], y, None, False))
        elif st["kind"] == "restart" and st["to"] in alive_since and alive_since[st["to"]] is None:
            segments = [sg if not (sg[0] == st["to"] and sg[2] is None) else (sg[0], sg[1], y, False)
                        for sg in segments]
            alive_since[st["to"]] = y
    for d, y0 in alive_since.items():
        if y0 is not None:
            segments.append((d, y0, bottom, True))
    for d, y0, y1, live in segments:
        s.line(x_of[d], y0, x_of[d], bottom if y1 is None else y1, "#555" if live else "#aaa", 2 if live else 1.5,
               None if live else "3,4")
    for i, d in enumerate(doms):
        w = max(text_width(d, 14) + 20, 60)
        s.rect(x_of[d] - w / 2, TOP - 44, w, 28, colour(DOMAIN_COLOURS, i), "#555", rx=4)
        s.text(x_of[d], TOP - 25, d, 14, "middle", weight="bold")

    for k, st in enumerate(steps):
        y = TOP + ROW * k + ROW / 2
        s.text(16, y + 4, "%5d  (%.3f)" % (st["tick"], st["ts"] / 1e6), 11, fill="#333")
        c = tcol.get(st["thread"], "#000")
        who = "t%s " % st["thread"] if st["thread"] is not None and st["thread"] >= 0 else ""
        x1, x2 = x_of.get(st["frm"]), x_of.get(st["to"])
        if st["kind"] in ARROW_KINDS and x1 is not None and x2 is not None and x1 != x2:
            dead = st["kind"] in ("unwind", "split")
            col = DEAD_COLOUR if dead else c
            dash = "6,4" if st["kind"] in ("return", "lone") else "2,3" if st["kind"] == "wait" else None
            ident = "a%d" % k
            s.raw('<defs>%s</defs>' % marker(ident, col))
            s.line(x1, y, x2 + (-3 if x2 > x1 else 3), y, col, 2.2 if dead else 1.8, dash, ident)
            s.label((x1 + x2) / 2, y - 5, who + st["label"], 11, "middle", col)
        else:
            mark(s, st, x_of.get(st["to"]) or x_of.get(st["frm"]) or GUTTER + 10, y, c)

    if len(m.steps) > len(steps):
        s.text(16, bottom + 4, "... and %d later events, not drawn (trace.json has them all)" % (
            len(m.steps) - len(steps)), 12, fill=DEAD_COLOUR)
    # Legend: a swatch per thread (its home domain), then the arrows and marks.
    y = bottom + 30
    s.text(16, y, "threads:", 12, weight="bold")
    for i, t in enumerate(threads):
        x = 90 + (i % 4) * 190
        yy = y + 22 * (i // 4)
        s.line(x, yy - 4, x + 26, yy - 4, tcol[t], 3)
        s.text(x + 32, yy, m.who(t), 12)
    y += 22 * ((len(threads) + 3) // 4) + 8
    for line in LEGEND:
        s.text(16, y, line, 11, fill="#333")
        y += 18
    return s.document(width, height, "Hinge scenario %s: sequence of door calls" % m.name)


def mark(s, st, x, y, c):
    k = st["kind"]
    if k in ("kill", "fault"):
        for dx in (-8, 8):
            s.line(x - dx, y - 8, x + dx, y + 8, DEAD_COLOUR, 3.5)
        s.label(x + 14, y + 4, st["label"], 11, fill=DEAD_COLOUR, weight="bold")
        return
    if k == "exit":
        s.line(x - 9, y, x + 9, y, "#222", 3)
    elif k == "orphan":
        s.rect(x - 7, y - 7, 14, 14, "#fff", c, stroke_width=2.5)
    elif k == "revoke":
        s.add("polygon", points="%g,%g %g,%g %g,%g %g,%g" % (x, y - 8, x + 8, y, x, y + 8, x - 8, y),
              fill="#6a1b9a")
    elif k == "inject":
        s.add("polygon", points=star(x, y), fill="#ef6c00")
    elif k == "abandon":
        for dx in (-5, 5):
            s.line(x - dx, y - 5, x + dx, y + 5, "#555", 2.5)
    elif k == "boost":
        s.add("polygon", points="%g,%g %g,%g %g,%g" % (x, y - 8, x + 7, y + 5, x - 7, y + 5), fill=c)
    else:
        s.add("circle", cx=x, cy=y, r=6, fill="#2e7d32")
    s.label(x + 14, y + 4, st["label"], 11, fill=c if k in ("orphan", "boost") else "#222")


def star(x, y):
    pts = []
    for i in range(10):
        rad = 9 if i % 2 == 0 else 4
        a = math.pi / 2 + i * math.pi / 5
        pts.append("%.1f,%.1f" % (x + rad * math.cos(a), y - rad * math.sin(a)))
    return " ".join(pts)

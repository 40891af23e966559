"""schedule.svg: when each thread ran, in which domain, at which priority.

One row per thread; a bar for each interval it ran (from one "switch" event
to the next), cut where it entered or left a domain (coloured by domain) or
its priority changed (written in the bar when it fits). An inherited
priority is hatched, its cause named beside the bar when the trace shows it.
Deaths are red vertical lines. The time axis is in ticks and milliseconds
of virtual time (instructions / 10^6); stretches where no thread runs
(idle, waiting for the next tick) are cut out and drawn as a zigzag, since
a scenario idles far longer than it runs."""
from .svg import DEAD_COLOUR, DOMAIN_COLOURS, Svg, colour, text_width

LEFT = 150
ROW = 44
BAR = 20
BAND = 5  # the inherited-priority band under a row's bars
TOP = 80
WIDTH = 1200
GAP_PX = 26
GAP_MIN = 100000  # instructions: idle stretches longer than this are cut out


class Axis:
    """Piecewise-linear time -> x: runs of activity to scale, long idle gaps
    a fixed GAP_PX each."""

    def __init__(self, intervals, x0, x1):
        spans = []
        for a, b in sorted(intervals):
            if spans and a - spans[-1][1] <= GAP_MIN:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        self.spans = spans or [[0, 1]]
        busy = sum(b - a for a, b in self.spans) or 1
        # Gaps take at most a third of the width (a run of many short bursts).
        self.gap = min(GAP_PX, (x1 - x0) / 3 / max(len(self.spans) - 1, 1))
        self.scale = (x1 - x0 - self.gap * (len(self.spans) - 1)) / busy
        self.starts, x = [], x0
        for a, b in self.spans:
            self.starts.append(x)
            x += (b - a) * self.scale + self.gap

    def x(self, ts):
        for (a, b), x in zip(self.spans, self.starts):
            if ts <= b:
                return x + max(ts - a, 0) * self.scale
        a, b = self.spans[-1]
        return self.starts[-1] + (b - a) * self.scale


def pieces(m, t, a, b):
    """Thread t's run [a, b] cut at its domain and priority changes:
    (start, end, domain, prio, base, why)."""
    cuts = sorted({a, b} | {ts for ts, _ in m.places.get(t, []) if a < ts < b}
                  | {p[0] for p in m.prios.get(t, []) if a < p[0] < b})
    out = []
    for s, e in zip(cuts, cuts[1:]):
        dom = last_before(m.places.get(t, []), s, (None, None))[1]
        p = last_before(m.prios.get(t, []), s, (None, None, None, None))
        out.append((s, e, dom, p[1], p[2], p[3]))
    return out


def last_before(seq, ts, default):
    found = default
    for item in seq:
        if item[0] > ts:
            break
        found = item
    return found


def inherited_bands(s, m, t, axis, y):
    """While t holds an inherited priority, running or not (a boost often
    comes while it sleeps or waits), a hatched band under its bars, named
    with the priority and, when the trace shows it, who lends it."""
    pl = m.prios.get(t, [])
    free = 0  # where the row's last note ended: notes of boosts close in time go one after the other
    for k, (ts, prio, base, why) in enumerate(pl):
        if base is None or prio <= base:
            continue
        end = pl[k + 1][0] if k + 1 < len(pl) else m.end
        x0, x1 = axis.x(ts), axis.x(end)
        s.rect(x0, y, max(x1 - x0, 2), BAND, "#fff", "#6a1b9a", stroke_width=0.6)
        s.rect(x0, y, max(x1 - x0, 2), BAND, "url(#hatch)")
        note = "t%d inherits %d%s (base %d)" % (t, prio, " " + why if why else "", base)
        if free + text_width(note, 10) > WIDTH - 10:
            continue  # no room left on the row: the band alone
        nx = min(max(x0, free), WIDTH - text_width(note, 10) - 10)
        s.label(nx, y + BAND + 10, note, 10, fill="#6a1b9a")
        free = nx + text_width(note, 10) + 12


def draw(m):
    threads = [t for t in m.threads() if m.runs.get(t)]
    doms = list(m.domains)
    dcol = {d: colour(DOMAIN_COLOURS, i) for i, d in enumerate(doms)}
    axis = Axis([tuple(r) for t in threads for r in m.runs[t]], LEFT, WIDTH - 30)
    bottom = TOP + ROW * len(threads)
    s = Svg()
    s.text(16, 28, "Hinge scenario %s: schedule of the threads" % m.name, 18, weight="bold")
    s.text(16, 48, "a bar where a thread runs, coloured by the domain it runs in, its effective priority in it; "
                   "hatched: inherited", 12, fill="#444")
    for row, t in enumerate(threads):
        y = TOP + ROW * row
        if row % 2:
            s.rect(0, y, WIDTH, ROW, "#f4f6f8")
        s.text(12, y + BAR - 1, m.who(t), 11, weight="bold")
        for a, b in m.runs[t]:
            for ps, pe, dom, prio, base, why in pieces(m, t, a, b):
                x0, x1 = axis.x(ps), axis.x(pe)
                w = max(x1 - x0, 1.5)
                by = y + 4
                s.rect(x0, by, w, BAR, dcol.get((dom or "").split(" ")[0], "#ddd"), "#333", stroke_width=0.5)
                inherited = base is not None and prio is not None and prio > base
                if inherited:
                    s.rect(x0, by, w, BAR, "url(#hatch)")
                if prio is not None and w > text_width(str(prio), 11) + 4:
                    s.text(x0 + w / 2, by + BAR - 5, str(prio), 11, "middle")
        inherited_bands(s, m, t, axis, y + BAR + 7)
    # Gaps cut out of the axis: a zigzag over every row (a thin line when
    # there are too many for zigzags to fit).
    for (a, b), x in list(zip(axis.spans, axis.starts))[1:]:
        gx = x - axis.gap / 2
        if axis.gap < GAP_PX / 2:
            s.line(gx, TOP, gx, bottom, "#ccc", 0.6)
            continue
        pts = " ".join("%g,%g" % (gx + (4 if i % 2 else -4), TOP + i * 8) for i in range((bottom - TOP) // 8 + 1))
        s.add("polyline", points=pts, fill="none", stroke="#999", stroke_width=1.5)
    deaths = [st for st in m.steps if st["kind"] in ("kill", "fault")]
    for i, st in enumerate(deaths):
        x = axis.x(st["ts"])
        s.line(x, TOP - 6, x, bottom, DEAD_COLOUR, 1.5, "4,3")
        s.label(x + 3, TOP - 8 - 13 * (i % 2), st["label"], 11, fill=DEAD_COLOUR, weight="bold")
    # Axis: each run of activity starts with its tick; labels kept apart.
    s.line(LEFT, bottom + 4, WIDTH - 30, bottom + 4, "#333")
    last = -1e9
    step = next(st for st in (10 ** e * k for e in range(3, 13) for k in (1, 2, 5)) if st * axis.scale >= 110)
    for (a, b), x in zip(axis.spans, axis.starts):
        for ts in [a] + list(range((a // step + 1) * step, b, step)) + [b]:
            xx = axis.x(ts)
            if xx - last < 70:
                continue
            s.line(xx, bottom + 1, xx, bottom + 8, "#333")
            s.text(xx, bottom + 22, "%.3f ms" % (ts / 1e6), 10, "middle", "#333")
            last = xx
    s.text(LEFT, bottom + 40, "virtual time in ms (1 ms = 1 tick = 10^6 instructions); zigzag: idle time cut out",
           11, fill="#444")
    if m.dropped:
        s.text(LEFT, bottom + 55, "%d later trace lines not recorded (the kernel's trace ring was full): the "
               "run is drawn up to there" % m.dropped, 11, fill=DEAD_COLOUR)
    # Legend: the domains' colours.
    y = bottom + 66
    s.text(16, y, "domains:", 12, weight="bold")
    for i, d in enumerate(doms):
        x = 90 + (i % 8) * 130
        yy = y + 20 * (i // 8)
        s.rect(x, yy - 11, 22, 14, dcol[d], "#333", stroke_width=0.5)
        s.text(x + 28, yy, d, 12)
    hy = y + 20 * ((len(doms) + 7) // 8) + 8
    s.rect(90, hy - 11, 22, 14, "#fff", "#333", stroke_width=0.5)
    s.rect(90, hy - 11, 22, 14, "url(#hatch)")
    s.text(118, hy, "priority inherited (above the thread's base): on a bar, and as a band while it lasts", 12)
    defs = ('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#6a1b9a" '
            'stroke-width="2"/></pattern>')
    return s.document(WIDTH, hy + 20, "Hinge scenario %s: schedule" % m.name, defs)

"""Plain SVG by hand: an element list, escaped text, the palettes."""
from xml.sax.saxutils import escape, quoteattr

DEAD_COLOUR = "#c62828"  # deaths and HE_DEAD
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
# Strong colours for threads (arrows), light ones for domains (fills).
THREAD_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#3b8b2f",
                  "#a0522d", "#1f4e79"]
DOMAIN_COLOURS = ["#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#fb9a99", "#ffff99", "#8dd3c7", "#bebada",
                  "#80b1d3", "#fccde5", "#d9d9d9", "#ccebc5"]


def colour(palette, i):
    return palette[i % len(palette)]


def text_width(s, size):
    """A generous estimate of a label's width (no font metrics here)."""
    return len(s) * size * 0.6


class Svg:
    def __init__(self):
        self.items = []

    def add(self, tag, text=None, **attrs):
        a = "".join(" %s=%s" % (k.rstrip("_").replace("_", "-"), quoteattr(str(v))) for k, v in attrs.items())
        self.items.append("<%s%s/>" % (tag, a) if text is None else "<%s%s>%s</%s>" % (tag, a, escape(text), tag))

    def raw(self, s):
        self.items.append(s)

    def line(self, x1, y1, x2, y2, stroke="#000", width=1, dash=None, marker=None):
        kw = {"stroke_dasharray": dash} if dash else {}
        if marker:
            kw["marker_end"] = "url(#%s)" % marker
        self.add("line", x1=r(x1), y1=r(y1), x2=r(x2), y2=r(y2), stroke=stroke, stroke_width=width, **kw)

    def text(self, x, y, s, size=12, anchor="start", fill="#000", weight="normal"):
        self.add("text", s, x=r(x), y=r(y), font_size=size, text_anchor=anchor, fill=fill, font_weight=weight)

    def rect(self, x, y, w, h, fill, stroke="none", **kw):
        self.add("rect", x=r(x), y=r(y), width=r(max(w, 0)), height=r(h), fill=fill, stroke=stroke, **kw)

    def label(self, x, y, s, size=12, anchor="start", fill="#000", weight="normal"):
        """Text on a white ground, readable across the lines it crosses."""
        w = text_width(s, size)
        x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
        self.rect(x0 - 2, y - size + 1, w + 4, size + 3, "#fff", opacity="0.85")
        self.text(x, y, s, size, anchor, fill, weight)

    def document(self, width, height, title, defs=""):
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
                'font-family="%s">\n<title>%s</title>\n<defs>%s</defs>\n'
                '<rect x="0" y="0" width="%d" height="%d" fill="#fff"/>\n%s\n</svg>\n' % (
                    width, height, width, height, FONT, escape(title), defs, width, height, "\n".join(self.items)))


def marker(ident, fill):
    """An arrowhead for marker-end, coloured fill (SVG 1.1 markers take no
    colour from the line)."""
    return ('<marker id="%s" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>' % (ident, fill))


def r(v):
    return round(v, 1)

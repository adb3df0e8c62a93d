"""Chart cards: an indicator's chart as a file to publish or share (1200 × 630).

The card wraps the static chart SVG (drawn once by vl-convert, no words) in an SVG written
here: the title, the unit, the legend keys, a source line, the site address and the licence,
like the embed page. Laying text out this way costs nothing; vl-convert would spend about a
millisecond per label. The same SVG is rasterised to PNG with resvg (`vl_convert.svg_to_png`)
in the drawing processes (`svg.Drawing`); the PNG doubles as the page's share image
(og:image, 1200 × 630 as Facebook and Zalo recommend).

Text is wrapped by an estimate of its width: DejaVu Sans advance widths per letter class
(the font the PNG is drawn with; a reader's SVG viewer may substitute a narrower one).
This module imports no Altair: the drawing processes import it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from xml.sax.saxutils import escape

FOLDER = "charts/publication"  # where the cards are published: <id>.<lang>.svg and .png
WIDTH, HEIGHT = 1200, 630
MARGIN = 56
FONT = "'DejaVu Sans', Verdana, Arial, sans-serif"
INK, MUTED, ACCENT = "#1a1a1a", "#4d4d4d", "#00332b"
TITLE_SIZES = ((40, 2), (34, 3))  # font size, most lines: long titles get smaller type
CHART_W, CHART_H = 520, 260  # the static chart's own size (charts.STATIC_WIDTH/HEIGHT)

# DejaVu Sans advance widths in em (regular), by letter; bold is about 10 % wider.
_ADVANCE = {**dict.fromkeys("ijl|!.,:;'", 0.28), **dict.fromkeys("ftI()[]/-–", 0.36), " ": 0.32, "r": 0.41,
            **dict.fromkeys("sczJ", 0.53), **dict.fromkeys("mM", 0.97), **dict.fromkeys("wW", 0.9),
            **dict.fromkeys("0123456789", 0.64), "“": 0.41, "”": 0.41, "—": 1.0, "%": 0.95}


@lru_cache(maxsize=4096)
def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))[0]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of `text` set in DejaVu Sans at `size` px."""
    em = 0.0
    for ch in text:
        b = _base(ch)
        em += _ADVANCE.get(b, 0.74 if b.isupper() else 0.63)
    return em * size * (1.1 if bold else 1.0)


def wrap(text: str, size: float, width: float, bold: bool = False, lines: int = 2) -> list[str]:
    """Greedy word wrap into at most `lines` lines; the last one ends with "…" if text is left."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size, bold) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        last = out[-1]
        while last and text_width(last + " …", size, bold) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        out[-1] = last + " …"
    return out


def title_lines(title: str, width: float) -> tuple[int, list[str]]:
    for size, most in TITLE_SIZES:
        lines = wrap(title, size, width * 0.97, bold=True, lines=most)
        if not lines[-1].endswith("…") or size == TITLE_SIZES[-1][0]:
            return size, lines
    raise AssertionError("unreachable")


def _text(x: float, y: float, lines: list[str], size: float, fill: str, bold: bool = False,
          leading: float = 1.2) -> str:
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(f'<tspan x="{x:g}" y="{y + i * size * leading:g}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text font-family="{FONT}" font-size="{size:g}" fill="{fill}"{weight}>{spans}</text>'


_ROOT = re.compile(r"^\s*(<\?xml[^>]*>\s*)?<svg\b[^>]*>(.*)</svg>\s*$", re.S)


def _place(svg: str, x: float, y: float, w: float, view_w: float) -> str:
    """The content of an SVG document drawn at (x, y), scaled from its width `view_w` to `w`.
    A group, not a nested <svg>: resvg clips a nested <svg> through a layer the size of the
    card, which made each card twice as slow to draw."""
    return f'<g transform="translate({x:g},{y:g}) scale({w / view_w:g})">{_ROOT.match(svg).group(2)}</g>'


def _footer(card: dict, y: float, width: float) -> str:
    """'<site name> · <licence> · <page address>' on one line: smaller type for a long
    address, down to 14 px; past that, the site's host stands for the page."""
    rest = f" · {card['licence']} · "
    for address in (card["address"], card["host"]):
        for size in range(19, 13, -1):
            if text_width(card["site"], size, bold=True) + text_width(rest + address, size) <= width:
                return (f'<text x="{MARGIN}" y="{y:g}" font-family="{FONT}" font-size="{size}" fill="{ACCENT}">'
                        f'<tspan font-weight="bold">{escape(card["site"])}</tspan>'
                        f'<tspan>{escape(rest + address)}</tspan></text>')
    raise ValueError(f"the footer does not fit on a card: {card['site']}{rest}{card['host']}")


def compose(chart_svg: str, card: dict) -> str:
    """The card's SVG: `chart_svg` (the static chart of the card's language) with the words of
    `card` around it: title, unit, legend [[icon svg, label]…], source, site, licence,
    address (of the page), host (of the site) and description (the image's text alternative)."""
    inner = WIDTH - 2 * MARGIN
    size, title = title_lines(card["title"], inner)
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
             _text(MARGIN, MARGIN + size * 0.8, title, size, ACCENT, bold=True)]
    y = MARGIN + size * 0.8 + (len(title) - 1) * size * 1.2 + 38
    parts.append(_text(MARGIN, y, [card["unit"]], 22, MUTED))
    source = wrap(card["source"], 19, inner * 0.97, lines=2)
    footer = HEIGHT - 24  # baseline of the site line; the source lines stand above it
    source_top = footer - 34 - (len(source) - 1) * 25
    rule = source_top - 30
    top, bottom = y + 14, rule - 14
    w = min(CHART_W / CHART_H * (bottom - top), inner - 250)  # the legend stands to the right
    parts.append(_place(chart_svg, MARGIN, top, w, CHART_W))
    lx, ly = MARGIN + w + 36, top + 24
    for icon, label in card["legend"]:
        parts.append(_place(icon, lx, ly, 50, 28))
        parts.append(_text(lx + 62, ly + 19, [label], 22, INK))
        ly += 44
    parts.append(f'<line x1="{MARGIN}" y1="{rule:g}" x2="{WIDTH - MARGIN}" y2="{rule:g}" '
                 f'stroke="#cccccc" stroke-width="1"/>')
    parts.append(_text(MARGIN, source_top, source, 19, MUTED, leading=25 / 19))
    parts.append(_footer(card, footer, inner))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="card-title">'
            f'<title id="card-title">{escape(card["description"])}</title>{"".join(parts)}</svg>\n')

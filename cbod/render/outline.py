"""The text of a chart card as glyph outlines, for drawing its PNG.

resvg (`vl_convert.svg_to_png`) shapes every run of text anew, about 2 ms each, and a card
has about twenty (title, unit, legend, source, footer and the chart's axis labels): two
thirds of the time a card took to draw. The PNG is therefore drawn from a copy of the card's
SVG in which each <text> is a group of glyph outlines of DejaVu Sans (the font the charts
and cards are set in); each glyph's outline is read from the font once per process. Glyphs are
advanced by the font's own widths (hmtx) and kerning pairs (kern). The published SVG keeps
its text (selectable, read aloud, found by search); only the PNG is drawn from outlines.

Only the text this project writes is converted: a <text> with plain content or with <tspan>
children, positioned by x/y or a transform, anchored start/middle/end, regular or bold, in
DejaVu Sans. Anything else (another font, a letter the font lacks, attributes such as dy or
rotate) is left as text for resvg to draw, so the PNG is never wrong, only slower.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

FONT_FILES = {False: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
              True: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")}

_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
_TSPAN = re.compile(r"<tspan\b([^>]*)>([^<]*)</tspan>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
# What a <text> or <tspan> may carry to be converted; anything else leaves it as text.
_TEXT_ATTRS = {"x", "y", "transform", "text-anchor", "font-family", "font-size", "font-weight", "fill", "opacity"}
_TSPAN_ATTRS = {"x", "y", "font-weight"}


def fonts_digest() -> str:
    """What outlines depend on besides the text: the font files (part of the PNG cache key)."""
    digest = hashlib.sha256()
    for bold in (False, True):
        if not FONT_FILES[bold].is_file():
            raise RuntimeError(f"chart font {FONT_FILES[bold]} is missing: install Debian's fonts-dejavu-core "
                               "(`make site` does)")
        digest.update(FONT_FILES[bold].read_bytes())
    return digest.hexdigest()


class _Font:
    def __init__(self, bold: bool):
        from fontTools.ttLib import TTFont

        self.bold = bold
        self.font = TTFont(str(FONT_FILES[bold]), lazy=True)
        self.cmap = self.font.getBestCmap()
        self.units = self.font["head"].unitsPerEm
        self.hmtx = self.font["hmtx"]
        self.glyphs = self.font.getGlyphSet()
        self.kern = {}
        if "kern" in self.font:
            for table in self.font["kern"].kernTables:
                if getattr(table, "coverage", 1) & 1:  # horizontal kerning
                    self.kern.update(table.kernTable)
        self.paths: dict[str, str] = {}

    def outline(self, name: str) -> str:
        """The glyph's outline as SVG path data, in font units (y up)."""
        if name not in self.paths:
            from fontTools.pens.svgPathPen import SVGPathPen

            pen = SVGPathPen(self.glyphs, ntos=lambda n: f"{n:g}")
            self.glyphs[name].draw(pen)
            self.paths[name] = pen.getCommands()
        return self.paths[name]


@lru_cache(maxsize=None)
def _font(bold: bool) -> _Font:
    return _Font(bold)


def _number(value: str | None, default: float = 0.0) -> float:
    if value is None:
        return default
    return float(value.strip().removesuffix("px"))


def _chunks(attrs: dict, content: str) -> list[dict] | None:
    """The text's runs: [{x, y (None: continue), bold, text}], whitespace collapsed as SVG does."""
    bold = attrs.get("font-weight") in ("bold", "700")
    if "<" not in content:
        runs = [{"x": attrs.get("x"), "y": attrs.get("y"), "bold": bold, "text": content}]
    else:
        runs, rest = [], content
        for match in _TSPAN.finditer(content):
            span = dict(_ATTR.findall(match.group(1)))
            if set(span) - _TSPAN_ATTRS:
                return None
            runs.append({"x": span.get("x"), "y": span.get("y"),
                         "bold": span.get("font-weight", "bold" if bold else "normal") in ("bold", "700"),
                         "text": match.group(2)})
            rest = rest.replace(match.group(0), "", 1)
        if rest.strip():
            return None  # markup other than tspans, or text between them
        if runs and runs[0]["x"] is None:
            runs[0]["x"] = attrs.get("x")
        if runs and runs[0]["y"] is None:
            runs[0]["y"] = attrs.get("y")
    for run in runs:
        run["text"] = re.sub(r"\s+", " ", unicodedata.normalize("NFC", html.unescape(run["text"])))
    if runs:
        runs[0]["text"] = runs[0]["text"].lstrip()
        runs[-1]["text"] = runs[-1]["text"].rstrip()
    return runs


def _convert(attrs: dict, content: str) -> str | None:
    if set(attrs) - _TEXT_ATTRS or "DejaVu Sans" not in attrs.get("font-family", ""):
        return None
    runs = _chunks(attrs, content)
    if runs is None:
        return None
    size = _number(attrs.get("font-size"), 16.0)
    anchor = attrs.get("text-anchor", "start")
    # lines: runs that start at a new position, with the runs that continue them
    lines: list[list[dict]] = []
    for run in runs:
        if not lines or run["x"] is not None or run["y"] is not None:
            lines.append([])
        lines[-1].append(run)
    parts, x, y = [], 0.0, 0.0
    for line in lines:
        x = _number(line[0]["x"], x)
        y = _number(line[0]["y"], y)
        placed, pen, previous = [], 0.0, None  # pen in font units (both faces have 2048 units)
        for run in line:
            font = _font(run["bold"])
            scale = size / font.units
            for ch in run["text"]:
                name = font.cmap.get(ord(ch))
                if name is None:
                    return None
                if previous is not None and previous[0] is font:
                    pen += font.kern.get((previous[1], name), 0)
                if font.outline(name):  # (a space has none)
                    placed.append(f'<path transform="translate({pen:g},0)" d="{font.outline(name)}"/>')
                pen += font.hmtx[name][0]
                previous = (font, name)
        width = pen * scale
        shift = {"middle": width / 2, "end": width}.get(anchor, 0.0)
        parts.append(f'<g transform="translate({x - shift:g},{y:g}) scale({scale:g},{-scale:g})">'
                     + "".join(placed) + "</g>")
        x += width  # a run after this line continues from its end
    style = "".join(f' {name}="{attrs[name]}"' for name in ("transform", "fill", "opacity") if name in attrs)
    return f"<g{style}>" + "".join(parts) + "</g>"


def text_to_paths(svg: str) -> str:
    """`svg` with its text drawn as glyph outlines (see the module's text)."""
    def replace(match: re.Match) -> str:
        converted = _convert(dict(_ATTR.findall(match.group(1))), match.group(2))
        return match.group(0) if converted is None else converted

    return _TEXT.sub(replace, svg)

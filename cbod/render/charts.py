"""Charts: Altair builds the Vega-Lite designs; vl-convert draws the static SVGs.

Two specs per indicator with at least two chartable values:

- the interactive spec, one per language (title, legend, axis titles, tooltips), which
  the browser draws with the vendored Vega runtime when a reader asks for it, and
  which the "download chart" buttons export;
- the static spec, without any words (the page around it carries the title, unit and
  legend as HTML). It is drawn once for both languages, with Vietnamese number format;
  the English SVG differs only in the axis labels' separators (`localise_svg`).
  Text layout is vl-convert's main cost (~1 ms per label), so this halves the work and
  keeps words out of images. Its size is fixed (autosize "fit"), so pages can be written
  while the SVGs are still being drawn in other processes.

Actual, estimate, target and plan differ by shape and by dash as well as colour
(Okabe–Ito palette, safe for colour-blind readers). Periods are drawn as segments
spanning their years; ranges as vertical bars.
"""
from __future__ import annotations

import functools
import json

import altair as alt
from altair.utils.schemapi import debug_mode

from ..fmt import period_text, value_text

KINDS = ["actual", "estimate", "target", "plan"]
COLORS = ["#0072B2", "#56B4E9", "#D55E00", "#009E73"]
SHAPES = ["circle", "diamond", "triangle-up", "square"]
DASHES = [[1, 0], [4, 2], [6, 3], [2, 2]]
BREAK_DASH, BREAK_COLOR = [6, 4], "#555555"  # a series break: dashed vertical rule
CHARTED = ("year", "annual_average")
_ICON_SHAPES = {"circle": '<circle cx="14" cy="7" r="4.5"/>', "diamond": '<path d="M14 1.5 19.5 7 14 12.5 8.5 7Z"/>',
                "triangle-up": '<path d="M14 2 19.5 11.5H8.5Z"/>', "square": '<rect x="10" y="3" width="8" height="8"/>'}


def _legend_icon(color: str, shape: str, dash: list[int]) -> str:
    """A legend key drawn in HTML next to the static chart: the kind's line dash, shape and colour."""
    dasharray = "" if dash == [1, 0] else f' stroke-dasharray="{" ".join(map(str, dash))}"'
    return (f'<svg class="cb-key" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true" focusable="false">'
            f'<line x1="1" y1="7" x2="27" y2="7" stroke="{color}" stroke-width="2.5"{dasharray}/>'
            f'<g fill="{color}">{_ICON_SHAPES[shape]}</g></svg>')


LEGEND_ICONS = {kind: _legend_icon(color, shape, dash) for kind, color, shape, dash in zip(KINDS, COLORS, SHAPES, DASHES)}
BREAK_ICON = ('<svg class="cb-key" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">'
              f'<line x1="7" y1="0" x2="7" y2="14" stroke="{BREAK_COLOR}" stroke-width="1.5" '
              f'stroke-dasharray="{" ".join(map(str, BREAK_DASH))}"/></svg>')


MIN_POINTS = 2  # one value alone is shown as a figure, not drawn as a chart
STATIC_WIDTH, STATIC_HEIGHT = 440, 240  # the static SVG's exact size (autosize "fit")
# Text of the drawn charts, in px of the drawing. A chart is drawn at a fixed width and shown
# scaled to the width of the page: on a 360 px phone (328 px of content) the static charts
# (440 px) show at 0.75 of their size, so 16 px labels read as 12 px, and no text of a chart
# shows smaller than 10 px (tests/test_browser.py measures it).
CHART_FONT = 16
SCORECARD_WIDTH = 440


def chart_rows(figures: list[dict]) -> tuple[list[dict], int]:
    """The figures a chart can show honestly, and how many it leaves to the table.

    Single years and annual averages share a scale; period totals do not, so they are
    charted only when an indicator has nothing else. Values in a unit that cannot be
    converted to the indicator's unit, and changes measured against a stated base period
    ("186.3 % more than in 2015"), stay in the table.
    """
    convertible = [f for f in figures if f["display_value"] is not None and not f.get("base_period")]
    rows = [f for f in convertible if f["aggregation"] in CHARTED]
    if not rows:
        rows = convertible
    return rows, len(figures) - len(rows)


def _marks(kinds: list, tooltip=None, x_title=None, y_title=None):
    """The three layers every indicator chart draws: periods as segments, ranges as
    vertical bars, single years as points; kind by colour, shape and dash."""
    extra = {"tooltip": tooltip} if tooltip else {}
    color = alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=COLORS),
                      legend=alt.Legend(title=None, orient="bottom") if tooltip else None)
    shape = alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=SHAPES), legend=None)
    dash = alt.StrokeDash("kind:N", scale=alt.Scale(domain=kinds, range=DASHES), legend=None)
    x = alt.X("start:Q", scale=alt.Scale(zero=False, nice=False, padding=18), title=x_title,
              axis=alt.Axis(format="d", tickMinStep=1, tickCount=6))
    y = alt.Y("y:Q", title=y_title, axis=alt.Axis(format=",~r", tickCount=5))
    base = alt.Chart()
    points = base.transform_filter("datum.single").mark_point(size=90, filled=True, opacity=0.9).encode(
        x=x, y=y, color=color, shape=shape, **extra)
    spans = base.transform_filter("!datum.single && !datum.brk").mark_rule(strokeWidth=3).encode(
        x=x, x2="end:Q", y=y, color=color, strokeDash=dash, **extra)
    ranges = base.transform_filter("datum.y2 != null").mark_rule(strokeWidth=2).encode(
        x=x, y=y, y2="y2:Q", color=color, strokeDash=dash, **extra)
    breaks = base.transform_filter("datum.brk").mark_rule(strokeWidth=1.5, strokeDash=BREAK_DASH, color=BREAK_COLOR
                                                           ).encode(x=x, **extra)
    return alt.layer(spans, ranges, points, breaks)


def break_rows(figures: list[dict], breaks: list[dict]) -> list[dict]:
    """A series break (catalogues/series-breaks.csv) is drawn as a dashed vertical rule just
    before its first year, when the chart has values on both sides of it."""
    if not figures:
        return []
    first, last = min(f["period_start"] for f in figures), max(f["period_end"] for f in figures)
    return [{"start": b["year"] - 0.5, "end": b["year"] - 0.5, "y": None, "y2": None, "single": False, "brk": True,
             "break": b} for b in breaks if first < b["year"] <= last]


def _to_json(chart) -> str:
    spec = chart.to_dict(validate=False)
    # A chart built without data gets a placeholder dataset in every layer; the layers must
    # inherit the top-level data that the spec builders attach instead.
    spec.pop("datasets", None)
    for layer in spec.get("layer", []):
        layer.pop("data", None)
    return json.dumps(spec, sort_keys=True)


@functools.lru_cache(maxsize=None)
def _static_template() -> str:
    """The static design: the same marks, no words at all, a fixed size, no ARIA text
    (the <img> carries the description)."""
    with debug_mode(False):
        chart = _marks(KINDS).properties(
            width=STATIC_WIDTH, height=STATIC_HEIGHT,
            autosize=alt.AutoSizeParams(type="fit", contains="padding"),
        ).configure(aria=False).configure_view(stroke=None).configure_axis(labelFontSize=CHART_FONT)
        return _to_json(chart)


def static_spec(figures: list[dict], breaks: list[dict] = ()) -> dict | None:
    """The language-free spec of the static SVG, or None when there is nothing to draw."""
    rows, _ = chart_rows(figures)
    if len(rows) < MIN_POINTS:
        return None
    spec = json.loads(_static_template())
    spec["data"] = {"values": [{
        "start": f["period_start"], "end": f["period_end"], "y": float(f["display_value"]),
        "y2": float(f["display_value_high"]) if f["display_value_high"] is not None else None,
        "kind": f["kind"], "single": f["period_start"] == f["period_end"]} for f in rows]
        + [dict({k: v for k, v in b.items() if k != "break"}, kind=None, year=b["break"]["year"])
           for b in break_rows(rows, breaks)]}
    return spec


# Placeholders of the per-language chart template; `build_spec` fills them in.
TITLE, DESCRIPTION, UNIT = "\x00title", "\x00description", "\x00unit"


@functools.lru_cache(maxsize=None)
def _template(lang: str, strings_json: str) -> str:
    """The chart design, built once per language with Altair (as JSON text).

    Building a layered chart in Altair costs ~0.1 s (deep copies of the schema
    objects), so the design is built once and each indicator fills in its title,
    description, unit and data. Altair's schema validation is off here; the tests
    validate every written spec against the Vega-Lite JSON schema.
    """
    s = json.loads(strings_json)
    kind_labels = [s["kind"][k] for k in KINDS]
    tooltip = [alt.Tooltip("period:N", title=s["indicator"]["period"]),
               alt.Tooltip("value:N", title=s["indicator"]["value"]),
               alt.Tooltip("kind:N", title=s["indicator"]["kind"]),
               alt.Tooltip("source:N", title=s["indicator"]["source"])]
    with debug_mode(False):
        chart = _marks(kind_labels, tooltip, s["axis_year"], UNIT).properties(
            width=560, height=260, title=alt.Title(TITLE, anchor="start", fontSize=14), description=DESCRIPTION,
        ).configure_view(stroke=None).configure_axis(labelFontSize=11, titleFontSize=11)
        return _to_json(chart)


def _chart_words(s: dict) -> str:
    """The interface words the chart design uses (the key of its cache), as JSON."""
    return json.dumps({"kind": s["kind"], "axis_year": s["axis_year"],
                       "indicator": {k: s["indicator"][k] for k in ("period", "value", "kind", "source")}},
                      sort_keys=True)


def build_spec(indicator: dict, figures: list[dict], lang: str, s: dict, ctx: dict,
               breaks: list[dict] = ()) -> dict | None:
    """The Vega-Lite spec of an indicator's chart, or None when nothing can be charted."""
    rows, _ = chart_rows(figures)
    if len(rows) < MIN_POINTS:
        return None
    units, sources = ctx["units"], ctx["sources"]
    values = []
    for f in rows:
        values.append({
            "start": f["period_start"],
            "end": f["period_end"],
            "y": float(f["display_value"]),
            "y2": float(f["display_value_high"]) if f["display_value_high"] is not None else None,
            "kind": s["kind"][f["kind"]],
            "period": period_text(f, lang, s),
            "value": value_text(f, units[f["unit_id"]], lang, s),
            "source": sources[f["source_id"]][f"short_{lang}"],
            "single": f["period_start"] == f["period_end"],
        })
    for b in break_rows(rows, breaks):
        row = b.pop("break")
        values.append(dict(b, kind=s["indicator"]["break_kind"], period=str(row["year"]), value=row[f"note_{lang}"],
                           source=sources[row["source_id"]][f"short_{lang}"]))
    name = indicator[f"name_{lang}"]
    text = _template(lang, _chart_words(s))
    for placeholder, value in ((TITLE, name), (DESCRIPTION, s["indicator"]["chart_alt"].format(name=name)),
                               (UNIT, units[indicator["unit_id"]][f"name_{lang}"])):
        text = text.replace(json.dumps(placeholder), json.dumps(value))  # whole JSON strings only
    spec = json.loads(text)
    spec["data"] = {"values": values}
    spec["usermeta"] = {"locale": lang}
    return spec


STATUS_COLORS = {"achieved": "#009E73", "partly": "#E69F00", "not_achieved": "#D55E00",
                 "on_target": "#004D40", "substantial": "#0072B2", "moderate": "#56B4E9",
                 "limited": "#CC79A7", "deterioration": "#7F3C00", "not_available": "#999999"}


def scorecard_spec(rows: list[dict], lang: str, s: dict) -> dict:
    """Stacked bars: number of targets per term and computed status. Drawn to fit
    SCORECARD_WIDTH, the legend (the statuses that occur, colours fixed) in a column below,
    every text CHART_FONT px."""
    statuses = list(STATUS_COLORS)
    present = {r["status"] for r in rows}
    labels = [s["status"][k] for k in statuses]
    with debug_mode(False):
        chart = alt.Chart().mark_bar().encode(
            y=alt.Y("term:N", title=None, sort=None),
            x=alt.X("count:Q", title=s["scorecard"]["targets"], axis=alt.Axis(format="d", tickMinStep=1, tickCount=5)),
            color=alt.Color("status:N", scale=alt.Scale(domain=labels, range=list(STATUS_COLORS.values())),
                            legend=alt.Legend(title=None, orient="bottom", direction="vertical", columns=1,
                                              values=[lab for k, lab in zip(statuses, labels) if k in present],
                                              labelLimit=SCORECARD_WIDTH)),
            order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("term:N", title=s["scorecard"]["term"]),
                     alt.Tooltip("status:N", title=s["scorecard"]["status"]),
                     alt.Tooltip("count:Q", title=s["scorecard"]["targets"])],
        ).properties(width=SCORECARD_WIDTH, height=4 * 30, title=alt.Title(s["scorecard"]["chart"], anchor="start"),
                     description=s["scorecard"]["chart"],
                     autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        ).configure_axis(labelFontSize=CHART_FONT, titleFontSize=CHART_FONT, labelLimit=SCORECARD_WIDTH // 2,
        ).configure_legend(labelFontSize=CHART_FONT, symbolSize=150,
        ).configure_title(fontSize=CHART_FONT + 2)
        spec = chart.to_dict(validate=False)
    spec.pop("datasets", None)
    spec["data"] = {"values": [dict(r, status=s["status"][r["status"]], rank=statuses.index(r["status"]))
                               for r in rows]}
    spec["usermeta"] = {"locale": lang}
    return spec
